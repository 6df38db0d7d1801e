/**
 * Typical durations of ARM operations in real Azure, used by the `realistic` latency profile (scaled by timeScale).
 * Keys are canonical types; verbs are put, patch (defaults to put), delete, or an action name. Synchronous
 * operations (role assignments, record sets, App Insights, schedules, Storage/Key Vault deletes) take no time.
 * The operator's benchmark divides time-to-Ready by the critical path computed from this table.
 */
export const REALISTIC_DURATIONS_MS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  'Microsoft.Resources/resourceGroups': { delete: 30_000 },
  'Microsoft.Network/virtualNetworks': { put: 5_000, delete: 10_000 },
  'Microsoft.Network/virtualNetworks/subnets': { put: 5_000, delete: 5_000 },
  'Microsoft.Network/networkSecurityGroups': { put: 5_000, delete: 5_000 },
  'Microsoft.Network/privateEndpoints': { put: 30_000, delete: 20_000 },
  'Microsoft.Network/privateEndpoints/privateDnsZoneGroups': { put: 10_000, delete: 10_000 },
  'Microsoft.Network/networkInterfaces': { put: 5_000, delete: 5_000 },
  'Microsoft.Network/publicIPAddresses': { put: 5_000, delete: 5_000 },
  'Microsoft.Network/bastionHosts': { put: 300_000, delete: 180_000 },
  'Microsoft.Network/privateDnsZones': { put: 30_000, delete: 30_000 },
  'Microsoft.Network/privateDnsZones/virtualNetworkLinks': { put: 30_000, delete: 30_000 },
  'Microsoft.Storage/storageAccounts': { put: 20_000 },
  'Microsoft.KeyVault/vaults': { put: 15_000 },
  'Microsoft.KeyVault/deletedVaults': { purge: 30_000 },
  'Microsoft.ContainerRegistry/registries': { put: 30_000, delete: 30_000 },
  'Microsoft.MachineLearningServices/workspaces': {
    put: 60_000,
    patch: 20_000,
    delete: 60_000,
    provisionManagedNetwork: 300_000,
  },
  'Microsoft.MachineLearningServices/workspaces/computes': { put: 120_000, delete: 60_000 },
  'Microsoft.MachineLearningServices/workspaces/outboundRules': { put: 30_000, delete: 30_000 },
  'Microsoft.Compute/virtualMachines': {
    put: 90_000,
    delete: 60_000,
    start: 30_000,
    deallocate: 60_000,
    powerOff: 30_000,
    restart: 30_000,
  },
  // VMAccess password/SSH-key resets run inside the guest agent: about a minute in Azure.
  'Microsoft.Compute/virtualMachines/extensions': { put: 60_000, patch: 60_000, delete: 30_000 },
};

/** Realistic, unscaled duration of one operation in ms (0 when the operation is synchronous or unknown). */
export function operationDurationMs(type: string, verb: string): number {
  const key = Object.keys(REALISTIC_DURATIONS_MS).find((k) => k.toLowerCase() === type.toLowerCase());
  const table = key ? REALISTIC_DURATIONS_MS[key]! : {};
  return table[verb] ?? (verb === 'patch' ? (table['put'] ?? 0) : 0);
}

export type LatencyProfile = 'instant' | 'realistic';

/** When an operation started now should end: `instant` ends it by the next request. */
export const readyAfterMs = (profile: LatencyProfile, timeScale: number, type: string, verb: string): number =>
  profile === 'instant' ? 0 : Math.round(operationDurationMs(type, verb) * timeScale);
