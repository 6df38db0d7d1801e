import { beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { createTestNamespace, kubectl } from '../../support/kube.ts';
import { apply, getObject, rowName, variant } from './apply.ts';
import { customerManagedSpec, imageBuildComputeSpec, jumpBoxSpec, manifest } from './cases/bases.ts';
import type { AcceptedCase, Manifest, RejectedCase } from './cases/case.ts';
import { imageBuildComputeAccepted, imageBuildComputeRejected } from './cases/imagebuildcompute.ts';
import { jumpBoxAccepted, jumpBoxRejected } from './cases/jumpbox.ts';
import { secureWorkspaceAccepted, secureWorkspaceRejected } from './cases/secureworkspace.ts';

interface Suite {
  kind: string;
  base: Manifest;
  rejected: RejectedCase[];
  accepted: AcceptedCase[];
}

const suites: Suite[] = [
  {
    kind: 'SecureWorkspace',
    base: manifest('SecureWorkspace', 'base', customerManagedSpec),
    rejected: secureWorkspaceRejected,
    accepted: secureWorkspaceAccepted,
  },
  {
    kind: 'ImageBuildCompute',
    base: manifest('ImageBuildCompute', 'base', imageBuildComputeSpec),
    rejected: imageBuildComputeRejected,
    accepted: imageBuildComputeAccepted,
  },
  {
    kind: 'JumpBox',
    base: manifest('JumpBox', 'base', jumpBoxSpec),
    rejected: jumpBoxRejected,
    accepted: jumpBoxAccepted,
  },
];

let namespace: string;
beforeAll(async () => {
  namespace = await createTestNamespace('api-admission');
});

for (const suite of suites) {
  describe(`${suite.kind} admission`, () => {
    it.each(suite.rejected)('refuses: $name', async ({ patch, expect: fragments }) => {
      const result = await apply(namespace, variant(suite.base, rowName('bad'), patch));
      expect(result.code, result.stdout).not.toBe(0);
      for (const fragment of fragments) expect(result.stderr).toContain(fragment);
    });

    it.each(suite.accepted)('accepts: $name', async ({ patch }) => {
      const result = await apply(namespace, variant(suite.base, rowName('ok'), patch));
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
    });
  });
}

describe('fields outside the schema', () => {
  it.each([
    ['an inline JumpBox password', 'JumpBox', jumpBoxSpec, 'adminPassword'],
    ['an unknown SecureWorkspace field', 'SecureWorkspace', customerManagedSpec, 'vnetName'],
  ])('refuses %s (strict field validation)', async (_title, kind, spec, field) => {
    const result = await apply(namespace, manifest(kind, rowName('unknown'), { ...spec, [field]: 'P@ssw0rd-not-stored' }));
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`.spec.${field}: field not declared in schema`);
  });
});

describe('an inline JumpBox password', () => {
  const withPassword = (name: string) => ({
    ...manifest('JumpBox', name, { ...jumpBoxSpec, adminPassword: 'P@ssw0rd-not-stored' }),
    metadata: { name, namespace },
  });

  it('is refused by kubectl create (strict decoding)', async () => {
    const result = await kubectl(['create', '-f', '-'], stringify(withPassword(rowName('inline'))));
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('unknown field "spec.adminPassword"');
  });

  it('is pruned, never stored, when a client turns field validation off', async () => {
    const name = rowName('inline');
    const result = await kubectl(['create', '--validate=false', '-f', '-'], stringify(withPassword(name)));
    expect(result.stderr).toBe('');
    const stored = await getObject(namespace, 'jumpbox', name);
    expect(stored.spec).not.toHaveProperty('adminPassword');
    expect(JSON.stringify(stored)).not.toContain('P@ssw0rd-not-stored');
  });
});
