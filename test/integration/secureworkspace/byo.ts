// Bring-your-own resources, created in the emulator the way a platform team would, through the real SDK.
import { emulatorConnection } from '../../../src/azure/credentials.ts';
import { createArmClients } from '../../../src/azure/index.ts';
import type { ArmClients } from '../../../src/azure/index.ts';
import type { RunningEmulator } from '../../../src/emulator/index.ts';

export const PRIVATELINK_ZONES = [
  'privatelink.blob.core.windows.net',
  'privatelink.file.core.windows.net',
  'privatelink.vaultcore.azure.net',
  'privatelink.azurecr.io',
  'privatelink.api.azureml.ms',
  'privatelink.notebooks.azure.net',
];

export function sdk(emulator: RunningEmulator): ArmClients {
  return createArmClients(emulatorConnection(emulator));
}

export async function createGroup(clients: ArmClients, name: string, tags: Record<string, string> = {}): Promise<void> {
  await clients.resources.resourceGroups.createOrUpdate(name, { location: 'eastus', tags });
}

/** A hub team's privatelink zones, in their own resource group. */
export async function createHubZones(clients: ArmClients, group: string): Promise<void> {
  await createGroup(clients, group, { owner: 'hub-team' });
  await Promise.all(PRIVATELINK_ZONES.map((zone) => clients.privateDns.privateZones.createOrUpdate(group, zone, { location: 'global' })));
}

/** A user's VNet with one subnet (e.g. where a jump box lives); returns the subnet id. */
export async function createUserVnet(clients: ArmClients, group: string, vnet: string): Promise<string> {
  await createGroup(clients, group);
  const created = await clients.network.virtualNetworks.createOrUpdate(group, vnet, {
    location: 'eastus',
    addressSpace: { addressPrefixes: ['10.20.0.0/16'] },
    subnets: [{ name: 'default', addressPrefix: '10.20.0.0/24' }],
  });
  const subnet = created.subnets?.find((s) => s.name === 'default')?.id;
  if (!subnet) throw new Error('the emulator returned the VNet without its subnet id');
  return subnet;
}
