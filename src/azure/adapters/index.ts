// Every adapter, registered by key (the ARM type, or type@api-version for an alternative), and the AdapterSet the
// executor uses.
import type { ActionAdapter, AdapterSet, ResourceAdapter } from '../../plan/index.ts';
import { DEFAULT_ARM_ENDPOINT } from '../clients.ts';
import type { ArmClients } from '../clients.ts';
import { classifyArmError } from '../errors.ts';
import { aRecordSets } from './a-record-set.ts';
import { applicationInsights } from './application-insights.ts';
import { autoShutdownSchedules } from './auto-shutdown-schedule.ts';
import { bastionHosts } from './bastion-host.ts';
import { containerRegistries } from './container-registry.ts';
import type { AdapterDeps } from './define.ts';
import { keyVaults } from './key-vault.ts';
import { amlComputes } from './ml-compute.ts';
import { imageBuildComputes } from './ml-image-build-compute.ts';
import { provisionManagedNetwork } from './ml-provision-network.ts';
import { workspaces } from './ml-workspace.ts';
import { managedNetworkWorkspaces } from './ml-workspace-managed.ts';
import { networkInterfaces } from './network-interface.ts';
import { networkSecurityGroups } from './network-security-group.ts';
import { privateDnsZoneGroups } from './private-dns-zone-group.ts';
import { privateDnsZones } from './private-dns-zone.ts';
import { privateEndpoints } from './private-endpoint.ts';
import { publicIpAddresses } from './public-ip-address.ts';
import { resourceGroups } from './resource-group.ts';
import { roleAssignments } from './role-assignment.ts';
import { storageAccounts } from './storage-account.ts';
import { subnets } from './subnet.ts';
import { virtualMachines } from './virtual-machine.ts';
import { resetVirtualMachinePassword, resetVirtualMachineSshKey } from './virtual-machine-access.ts';
import { deallocateVirtualMachine, startVirtualMachine } from './virtual-machine-power.ts';
import { virtualNetworkLinks } from './virtual-network-link.ts';
import { virtualNetworks } from './virtual-network.ts';

export const RESOURCE_ADAPTERS = [
  resourceGroups,
  networkSecurityGroups,
  virtualNetworks,
  subnets,
  privateEndpoints,
  privateDnsZoneGroups,
  privateDnsZones,
  virtualNetworkLinks,
  aRecordSets,
  storageAccounts,
  keyVaults,
  containerRegistries,
  applicationInsights,
  workspaces,
  managedNetworkWorkspaces,
  amlComputes,
  imageBuildComputes,
  roleAssignments,
  networkInterfaces,
  publicIpAddresses,
  bastionHosts,
  virtualMachines,
  autoShutdownSchedules,
] as const;

export const ACTION_ADAPTERS = [
  provisionManagedNetwork,
  startVirtualMachine,
  deallocateVirtualMachine,
  resetVirtualMachinePassword,
  resetVirtualMachineSshKey,
] as const;

export interface ArmAdapterOptions {
  /** The ARM endpoint the clients use (needed for the one raw POST); default https://management.azure.com. */
  readonly endpoint?: string;
  /** SDK LRO poll interval when ARM sends no Retry-After (the emulator in tests); default the SDK's 2 s. */
  readonly updateIntervalInMs?: number;
}

/** The AdapterSet for `apply`/`destroy`: every adapter bound to these clients, and ARM error classification. */
export function createArmAdapters(clients: ArmClients, opts: ArmAdapterOptions = {}): AdapterSet {
  const deps: AdapterDeps = {
    clients,
    endpoint: (opts.endpoint ?? DEFAULT_ARM_ENDPOINT).replace(/\/+$/, ''),
    ...(opts.updateIntervalInMs === undefined ? {} : { updateIntervalInMs: opts.updateIntervalInMs }),
  };
  const resources = new Map<string, ResourceAdapter>(
    RESOURCE_ADAPTERS.map((a) => [a.key.toLowerCase(), a.build(deps) as ResourceAdapter]),
  );
  const actions = new Map<string, ActionAdapter>(
    ACTION_ADAPTERS.map((a) => [a.key.toLowerCase(), a.build(deps) as ActionAdapter]),
  );
  return {
    resource: (key) => resources.get(key.toLowerCase()),
    action: (key) => actions.get(key.toLowerCase()),
    classifyError: classifyArmError,
  };
}
