import type { TypeDef } from '../engine/types.ts';
import { roleAssignments } from './authorization.ts';
import { virtualMachineExtensions, virtualMachines } from './compute.ts';
import { registries } from './container-registry.ts';
import { schedules } from './devtestlab.ts';
import { components } from './insights.ts';
import { deletedVaultList, deletedVaults, vaults } from './keyvault.ts';
import { machineLearningTypes } from './machine-learning/index.ts';
import { networkTypes } from './network/index.ts';
import { privateDnsTypes } from './private-dns/index.ts';
import { resourceGroups } from './resources.ts';
import { storageAccounts } from './storage.ts';

/** Every resource type the emulator serves. */
export const ALL_TYPES: readonly TypeDef[] = [
  resourceGroups,
  ...networkTypes,
  ...privateDnsTypes,
  storageAccounts,
  vaults,
  deletedVaults,
  deletedVaultList,
  registries,
  components,
  ...machineLearningTypes,
  virtualMachines,
  virtualMachineExtensions,
  schedules,
  roleAssignments,
];
