import { describe, expect, it } from 'vitest';
import { bastionKey, bastionStillUsed, isForeignBastion, SHARED_BASTION_OWNER } from '../../../../src/controllers/jumpbox/ownership.ts';
import type { BastionUser } from '../../../../src/controllers/jumpbox/ownership.ts';
import { MANAGED_BY_TAG } from '../../../../src/controllers/shared/ownership.ts';

const VM = (rg: string, name: string) => `/subscriptions/s/resourceGroups/${rg}/providers/Microsoft.Compute/virtualMachines/${name}`;
const user = (name: string, rg: string, bastionName: string | undefined, extra: Partial<BastionUser> = {}): BastionUser => ({
  metadata: { namespace: 'ns', name },
  spec: {},
  status: { vmId: VM(rg, name), ...(bastionName ? { bastionName } : {}) },
  ...extra,
});

describe('shared Bastion', () => {
  const key = bastionKey(VM('RG-ML', 'a'), 'ml-vnet-bastion')!;

  it('is keyed by resource group and name, case-insensitively', () => {
    expect(key).toBe('rg-ml/ml-vnet-bastion');
    expect(bastionKey(undefined, 'x')).toBeUndefined();
  });

  it('is still used while another live JumpBox of the same group relies on it', () => {
    const self = user('a', 'rg-ml', 'ml-vnet-bastion');
    expect(bastionStillUsed(key, self, [self, user('b', 'rg-ml', 'ml-vnet-bastion')])).toBe(true);
  });

  it('is free when the others are deleting, have Bastion off, or use another one', () => {
    const self = user('a', 'rg-ml', 'ml-vnet-bastion');
    const others = [
      self,
      user('deleting', 'rg-ml', 'ml-vnet-bastion', { metadata: { namespace: 'ns', name: 'deleting', deletionTimestamp: 'now' } }),
      user('off', 'rg-ml', 'ml-vnet-bastion', { spec: { bastion: { enabled: false } } }),
      user('elsewhere', 'rg-other', 'ml-vnet-bastion'),
      user('none', 'rg-ml', undefined),
    ];
    expect(bastionStillUsed(key, self, others)).toBe(false);
  });

  it('is foreign unless JumpBoxes stamped it', () => {
    expect(isForeignBastion(undefined)).toBe(false);
    expect(isForeignBastion({ tags: { [MANAGED_BY_TAG]: SHARED_BASTION_OWNER } })).toBe(false);
    expect(isForeignBastion({ tags: {} })).toBe(true);
    expect(isForeignBastion({ tags: { [MANAGED_BY_TAG]: 'ns/some-workspace' } })).toBe(true);
  });
});
