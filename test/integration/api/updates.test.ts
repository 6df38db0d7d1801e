import { beforeAll, describe, expect, it } from 'vitest';
import { createTestNamespace } from '../../support/kube.ts';
import { apply, rowName, variant } from './apply.ts';
import { customerManagedSpec, imageBuildComputeSpec, jumpBoxSpec, manifest } from './cases/bases.ts';
import type { Manifest } from './cases/case.ts';
import { allowedUpdates, rejectedUpdates } from './cases/updates.ts';
import type { UpdateCase } from './cases/updates.ts';

const bases: Record<UpdateCase['kind'], Manifest> = {
  SecureWorkspace: manifest('SecureWorkspace', 'base', customerManagedSpec),
  ImageBuildCompute: manifest('ImageBuildCompute', 'base', imageBuildComputeSpec),
  JumpBox: manifest('JumpBox', 'base', jumpBoxSpec),
};

let namespace: string;
beforeAll(async () => {
  namespace = await createTestNamespace('api-updates');
});

/** Creates the `from` object, then applies `to` on top of it with the same field manager (so removals remove). */
async function update(c: UpdateCase) {
  const name = rowName('upd');
  const original = variant(bases[c.kind], name, c.from ?? {});
  const created = await apply(namespace, original);
  expect(created.stderr, 'creating the original object').toBe('');
  return apply(namespace, variant(original, name, c.to));
}

describe('updates', () => {
  it.each(rejectedUpdates)('refuses: $name', async (c) => {
    const result = await update(c);
    expect(result.code).not.toBe(0);
    for (const fragment of c.expect) expect(result.stderr).toContain(fragment);
  });

  it.each(allowedUpdates)('allows: $name', async (c) => {
    const result = await update(c);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});
