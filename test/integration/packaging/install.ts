// The parts of config/ that must exist for real (not only in a dry run) before a packaging test can act as the
// operator's service account: its namespace and its RBAC. Server-side apply, so test files may both call it.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { kubectl } from '../../support/kube.ts';
import type { KubectlResult } from '../../support/kube.ts';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
export const OPERATOR_NAMESPACE = 'secureml-system';
export const OPERATOR_ACCOUNT = 'secureml-operator';

/** kubectl that must succeed; the failure message carries the command and its stderr. */
export async function succeed(args: string[], input?: string): Promise<KubectlResult> {
  const result = await kubectl(args, input);
  expect(result.code, `kubectl ${args.join(' ')}\n${result.stderr}`).toBe(0);
  return result;
}

export async function installNamespaceAndRbac(): Promise<void> {
  await succeed(['apply', '--server-side', '-f', join(REPO, 'config/manager/namespace.yaml')]);
  await succeed(['apply', '--server-side', '-k', join(REPO, 'config/rbac')]);
}
