import { stringify } from 'yaml';
import { kubectl } from '../../support/kube.ts';
import type { KubectlResult } from '../../support/kube.ts';
import { mergePatch } from './cases/case.ts';
import type { Manifest, Patch } from './cases/case.ts';

/** Server-side apply, as users and GitOps tools do; kubectl's default strict field validation refuses unknown fields. */
export function apply(namespace: string, manifest: Manifest, fieldManager = 'api-tests'): Promise<KubectlResult> {
  return kubectl(
    ['apply', '--server-side', `--field-manager=${fieldManager}`, '-n', namespace, '-f', '-'],
    stringify(manifest),
  );
}

export async function getObject<T = Manifest>(namespace: string, kind: string, name: string): Promise<T> {
  const result = await kubectl(['get', kind, name, '-n', namespace, '-o', 'json']);
  if (result.code !== 0) throw new Error(`kubectl get ${kind} ${name}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

/** The base manifest with the patch applied and a name of its own. */
export function variant(base: Manifest, name: string, patch: Patch): Manifest {
  return mergePatch({ ...base, metadata: { name } }, patch);
}

let counter = 0;
/** Unique, valid object names for table rows (their titles are free text). */
export function rowName(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}`;
}
