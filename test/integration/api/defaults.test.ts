import { beforeAll, describe, expect, it } from 'vitest';
import { createTestNamespace } from '../../support/kube.ts';
import {
  applyImageBuildComputeDefaults,
  applyJumpBoxDefaults,
  applySecureWorkspaceDefaults,
} from '../../../src/api/index.ts';
import { apply, getObject, rowName } from './apply.ts';
import { customerManagedSpec, imageBuildComputeSpec, jumpBoxSpec, managedSpec, manifest } from './cases/bases.ts';

let namespace: string;
beforeAll(async () => {
  namespace = await createTestNamespace('api-defaults');
});

/** The apiserver's defaulting (from the CRD) and applyDefaults (from the same schema) must agree exactly. */
describe('apiserver defaults equal applyDefaults', () => {
  it.each([
    ['SecureWorkspace (CustomerManaged)', 'SecureWorkspace', customerManagedSpec, applySecureWorkspaceDefaults],
    ['SecureWorkspace (Managed)', 'SecureWorkspace', managedSpec, applySecureWorkspaceDefaults],
    ['ImageBuildCompute', 'ImageBuildCompute', imageBuildComputeSpec, applyImageBuildComputeDefaults],
    ['JumpBox', 'JumpBox', jumpBoxSpec, applyJumpBoxDefaults],
    ['JumpBox with autoShutdown', 'JumpBox', { ...jumpBoxSpec, autoShutdown: { time: '19:00' } }, applyJumpBoxDefaults],
  ] as const)('%s', async (_title, kind, spec, applyDefaults) => {
    const name = rowName('defaults');
    const created = await apply(namespace, manifest(kind, name, spec));
    expect(created.stderr).toBe('');
    const stored = await getObject(namespace, kind, name);
    expect(stored.spec).toEqual((applyDefaults as (s: unknown) => unknown)(spec));
  });
});
