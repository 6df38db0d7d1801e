// A pipeline policy that reports every ARM call (one per logical request, SDK retries included) to a callback, e.g.
// the runtime's recordArmRequest. Pass it in ArmConnection.additionalPolicies.
import type { ArmPipelinePolicy } from './clients.ts';

export interface ArmRequestMetric {
  /** 'Microsoft.Network/virtualNetworks/subnets', 'Microsoft.Resources/resourceGroups', or 'other'. */
  readonly resourceType: string;
  readonly method: string;
  /** HTTP status, or 0 when no response came back (connection error). */
  readonly statusCode: number;
  readonly durationSeconds: number;
}

/**
 * The resource type of a request URL, with names dropped so metric labels stay low-cardinality. Uses the last
 * `/providers/` segment, so extension resources (a role assignment on a private endpoint) count as their own type.
 */
export function resourceTypeOfUrl(url: string): string {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return 'other';
  }
  const parts = path.split('/').filter((p) => p !== '');
  const providers = parts.map((p) => p.toLowerCase()).lastIndexOf('providers');
  if (providers >= 0 && parts[providers + 1]) {
    const namespace = parts[providers + 1] ?? '';
    const types = parts.slice(providers + 2).filter((_, i) => i % 2 === 0);
    return [namespace, ...types].join('/');
  }
  if (parts[0]?.toLowerCase() === 'subscriptions' && parts[2]?.toLowerCase() === 'resourcegroups') {
    return 'Microsoft.Resources/resourceGroups';
  }
  return 'other';
}

export function createArmMetricsPolicy(record: (metric: ArmRequestMetric) => void): ArmPipelinePolicy {
  return {
    position: 'perCall',
    policy: {
      name: 'secureml-arm-metrics',
      async sendRequest(request, next) {
        const started = performance.now();
        const report = (statusCode: number) => {
          try {
            record({
              resourceType: resourceTypeOfUrl(request.url),
              method: request.method,
              statusCode,
              durationSeconds: (performance.now() - started) / 1000,
            });
          } catch {
            // Metrics must never fail a call to Azure.
          }
        };
        try {
          const response = await next(request);
          report(response.status);
          return response;
        } catch (err) {
          const status = (err as { statusCode?: unknown }).statusCode;
          report(typeof status === 'number' ? status : 0);
          throw err;
        }
      },
    },
  };
}
