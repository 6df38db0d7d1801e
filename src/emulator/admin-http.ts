import type { EmulatorAdmin } from './admin.ts';
import type { FaultRule } from './engine/faults.ts';
import type { LatencyProfile } from './engine/latency.ts';

export const ADMIN_PREFIX = '/_emulator';

export interface AdminResponse {
  status: number;
  body?: unknown;
}

/**
 * The admin API over HTTP (JSON, no authentication: the emulator listens on loopback only):
 * GET inventory | requests | counters | faults | operations; DELETE requests | faults; PUT latency
 * `{profile, timeScale?}` | throttling `{on}`; POST faults (a rule) | mutate `{id, patch}` | reset.
 */
export function handleAdmin(admin: EmulatorAdmin, method: string, path: string, body: unknown): AdminResponse {
  const route = `${method} ${path.slice(ADMIN_PREFIX.length).replace(/\/+$/, '')}`;
  const input = (body ?? {}) as Record<string, unknown>;
  try {
    switch (route) {
      case 'GET /inventory':
        return { status: 200, body: admin.inventory() };
      case 'GET /requests':
        return { status: 200, body: admin.requests() };
      case 'DELETE /requests':
        admin.clearRequests();
        return { status: 204 };
      case 'GET /counters':
        return { status: 200, body: admin.counters() };
      case 'GET /operations':
        return { status: 200, body: admin.operations() };
      case 'PUT /latency':
        admin.setLatency(input['profile'] as LatencyProfile, input['timeScale'] as number | undefined);
        return { status: 204 };
      case 'PUT /throttling':
        admin.setThrottling(Boolean(input['on']));
        return { status: 204 };
      case 'GET /faults':
        return { status: 200, body: admin.faults() };
      case 'POST /faults':
        return { status: 201, body: { id: admin.injectFault(input as unknown as FaultRule) } };
      case 'DELETE /faults':
        admin.clearFaults();
        return { status: 204 };
      case 'POST /mutate':
        return { status: 200, body: admin.mutate(String(input['id']), input['patch']) };
      case 'POST /reset':
        admin.reset();
        return { status: 204 };
      default:
        return { status: 404, body: { error: { code: 'NotFound', message: `No admin route ${route}.` } } };
    }
  } catch (e) {
    return { status: 400, body: { error: { code: 'BadRequest', message: (e as Error).message } } };
  }
}
