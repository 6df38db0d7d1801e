// What `npm run local` prints once the samples are Ready (or at once with --no-samples): `kubectl describe` of the
// SecureWorkspace, and how to reach the local cluster and the emulator from another terminal.
import { execFile } from 'node:child_process';
import { relative } from 'node:path';
import { stringify } from 'yaml';
import { KINDS } from '../api/index.ts';
import { KubeHttp, objectPath } from '../runtime/index.ts';
import type { KubeObject } from '../runtime/index.ts';
import type { KubeConfig } from '@kubernetes/client-node';
import { watchedKind } from './kinds.ts';
import type { LocalStack } from './stack.ts';

/** The kubectl users run; KUBECTL overrides it. */
const KUBECTL = process.env['KUBECTL'] ?? 'kubectl';

interface Described {
  readonly text: string;
  /** false: kubectl is not installed, `text` is the object's status as YAML instead. */
  readonly byKubectl: boolean;
}

/**
 * `kubectl describe <kind> <name>`, as the user would run it. Without kubectl on the PATH the status is shown as
 * YAML instead, so the demo still ends with the result on a machine that has only Node.
 */
export async function describe(kubeConfig: KubeConfig, kubeconfigPath: string, namespace: string, name: string): Promise<Described> {
  const kind = KINDS.SecureWorkspace.singular;
  const result = await new Promise<{ code: number | string | undefined; stdout: string; stderr: string }>((resolve) => {
    execFile(KUBECTL, ['--kubeconfig', kubeconfigPath, '-n', namespace, 'describe', kind, name], { maxBuffer: 16 << 20 }, (err, stdout, stderr) =>
      resolve({ code: err?.code ?? (err ? 1 : 0), stdout, stderr }),
    );
  });
  if (result.code === 0) return { text: result.stdout, byKubectl: true };
  if (result.code !== 'ENOENT') throw new Error(`kubectl describe ${kind} ${name} failed: ${result.stderr.trim()}`);
  const http = new KubeHttp(kubeConfig);
  try {
    const obj = await http.get<KubeObject>(objectPath(watchedKind('SecureWorkspace').resource, namespace, name));
    return { text: stringify({ status: obj['status'] }), byKubectl: false };
  } finally {
    await http.close();
  }
}

/** Paths relative to the working directory when that is shorter, as a user would type them. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel !== '' && !rel.startsWith('..') && rel.length < path.length ? rel : path;
}

export function usageText(stack: LocalStack): string {
  const kubeconfig = stack.controlPlane.kubeconfigPath;
  const { endpoint, caPath, subscriptionId } = stack.emulator;
  const lines = [
    'Use the local cluster from another terminal (kubectl 1.32 or close):',
    `  export KUBECONFIG=${kubeconfig}`,
    '  kubectl get secureworkspaces,imagebuildcomputes,jumpboxes      # or: kubectl get secureml',
    '  kubectl describe secureworkspace ml-secure',
    '  kubectl get events --field-selector involvedObject.name=ml-secure',
    '  kubectl apply -f config/samples/secureworkspace-managed.yaml    # a managed-network workspace',
    '  kubectl delete secureworkspace ml-secure                         # deletes its Azure resources',
    '',
    `The ARM emulator (stands in for https://management.azure.com, subscription ${subscriptionId}):`,
    `  endpoint  ${endpoint}`,
    `  CA        ${shown(caPath)}`,
    `  curl --cacert ${shown(caPath)} ${endpoint}/_emulator/inventory    # every Azure resource`,
    `  curl --cacert ${shown(caPath)} ${endpoint}/_emulator/requests     # every ARM call the operator made`,
    '  (admin API: docs/emulator.md)',
    '',
    `Operator logs: ${shown(stack.operatorLogPath)}${stack.metricsUrl ? `   metrics: ${stack.metricsUrl}` : ''}`,
    'Guide: docs/tour.md · troubleshooting: docs/troubleshooting.md',
  ];
  return lines.join('\n');
}
