import { beforeAll, describe, expect, it } from 'vitest';
import { createTestNamespace, kubectl } from '../../support/kube.ts';
import type { SecureWorkspace } from '../../../src/api/index.ts';
import { apply, getObject } from './apply.ts';
import { customerManagedSpec, manifest } from './cases/bases.ts';

const NAME = 'status-split';
let namespace: string;

async function mergePatch(body: unknown, subresource?: 'status') {
  const args = ['patch', 'secureworkspace', NAME, '-n', namespace, '--type=merge', '-p', JSON.stringify(body)];
  return kubectl(subresource ? [...args, '--subresource=status'] : args);
}

const read = () => getObject<SecureWorkspace>(namespace, 'secureworkspace', NAME);

const readyCondition = {
  type: 'Ready',
  status: 'False',
  reason: 'Provisioning',
  message: 'Creating the virtual network',
  lastTransitionTime: '2026-01-01T00:00:00Z',
  observedGeneration: 1,
};

describe('status subresource', () => {
  beforeAll(async () => {
    namespace = await createTestNamespace('api-status');
    const created = await apply(namespace, manifest('SecureWorkspace', NAME, customerManagedSpec));
    expect(created.stderr).toBe('');
  });

  it('starts with observedGeneration -1, so a new object reads as not yet observed', async () => {
    const sw = await read();
    expect(sw.metadata.generation).toBe(1);
    expect(sw.status).toEqual({ observedGeneration: -1 });
  });

  it('ignores status in a write to the main resource, and bumps the generation for the spec change', async () => {
    const patched = await mergePatch({ spec: { tags: { env: 'test' } }, status: { progress: '1/2', observedGeneration: 7 } });
    expect(patched.stderr).toBe('');
    const sw = await read();
    expect(sw.spec.tags).toEqual({ env: 'test' });
    expect(sw.status).toEqual({ observedGeneration: -1 });
    expect(sw.metadata.generation).toBe(2);
  });

  it('ignores spec in a write to /status, and keeps the generation', async () => {
    const patched = await mergePatch(
      { spec: { tags: { env: 'changed-through-status' } }, status: { progress: '3/21', conditions: [readyCondition] } },
      'status',
    );
    expect(patched.stderr).toBe('');
    const sw = await read();
    expect(sw.spec.tags).toEqual({ env: 'test' });
    expect(sw.status?.progress).toBe('3/21');
    expect(sw.status?.conditions).toEqual([readyCondition]);
    expect(sw.metadata.generation).toBe(2);
  });

  it('validates conditions written to /status against metav1.Condition', async () => {
    const patched = await mergePatch({ status: { conditions: [{ ...readyCondition, status: 'Maybe' }] } }, 'status');
    expect(patched.code).not.toBe(0);
    expect(patched.stderr).toContain('status.conditions[0].status: Unsupported value: "Maybe"');
  });

  it('shows Ready, Reason, Progress and Mode columns, and Message with -o wide', async () => {
    const table = await kubectl(['get', 'secureworkspace', NAME, '-n', namespace, '-o', 'wide']);
    const [header, row] = table.stdout.trim().split('\n');
    expect(header?.split(/\s{2,}/)).toEqual(['NAME', 'READY', 'REASON', 'PROGRESS', 'MODE', 'AGE', 'MESSAGE']);
    expect(row).toMatch(/^status-split\s+False\s+Provisioning\s+3\/21\s+CustomerManaged\s+\S+\s+Creating the virtual network$/);
  });
});
