// Resources several fidelity tests need as prerequisites, created the way the operator will: through the SDKs.
import { FAST, LOCATION, uniqueName } from './harness.ts';
import type { Harness } from './harness.ts';

export const TENANT_ID = '11111111-2222-3333-4444-555555555555';
/** Built-in Reader role definition GUID (the same in every tenant). */
export const READER_ROLE = 'acdd72a7-3385-48ef-bd42-f606fba81ae7';

export interface VnetLayout {
  vnetName: string;
  vnetId: string;
  /** subnet name -> subnet id */
  subnets: Record<string, string>;
}

/** A VNet 10.20.0.0/16 with the given subnets (name -> prefix), subnets inline as the operator sends them. */
export async function createVnet(
  h: Harness,
  rg: string,
  subnets: Record<string, string> = { training: '10.20.0.0/24', scoring: '10.20.1.0/24' },
  addressPrefixes: string[] = ['10.20.0.0/16'],
): Promise<VnetLayout> {
  const vnetName = uniqueName('vnet');
  const vnet = await h.clients.network.virtualNetworks.createOrUpdate(
    rg,
    vnetName,
    {
      location: LOCATION,
      addressSpace: { addressPrefixes },
      subnets: Object.entries(subnets).map(([name, addressPrefix]) => ({ name, addressPrefix })),
    },
    FAST,
  );
  const ids: Record<string, string> = {};
  for (const subnet of vnet.subnets ?? []) ids[subnet.name ?? ''] = subnet.id ?? '';
  return { vnetName, vnetId: vnet.id ?? '', subnets: ids };
}

export async function createStorageAccount(h: Harness, rg: string): Promise<{ name: string; id: string }> {
  const name = uniqueName('st');
  const account = await h.clients.storage.storageAccounts.create(
    rg,
    name,
    { location: LOCATION, sku: { name: 'Standard_LRS' }, kind: 'StorageV2', publicNetworkAccess: 'Disabled' },
    FAST,
  );
  return { name, id: account.id ?? '' };
}

export async function createKeyVault(h: Harness, rg: string): Promise<{ name: string; id: string }> {
  const name = uniqueName('kv');
  const vault = await h.clients.keyVault.vaults.createOrUpdate(
    rg,
    name,
    {
      location: LOCATION,
      properties: {
        tenantId: TENANT_ID,
        sku: { family: 'A', name: 'standard' },
        enableRbacAuthorization: true,
        softDeleteRetentionInDays: 7,
        publicNetworkAccess: 'Disabled',
      },
    },
    FAST,
  );
  return { name, id: vault.id ?? '' };
}

export async function createRegistry(h: Harness, rg: string, sku: 'Basic' | 'Premium' = 'Premium'): Promise<{ name: string; id: string }> {
  const name = uniqueName('acr');
  const registry = await h.clients.registry.registries.create(
    rg,
    name,
    { location: LOCATION, sku: { name: sku }, adminUserEnabled: false },
    FAST,
  );
  return { name, id: registry.id ?? '' };
}

export const APP_INSIGHTS_API_VERSION = '2020-02-02';

export async function createAppInsights(h: Harness, rg: string): Promise<{ name: string; id: string }> {
  const name = uniqueName('appi');
  const id = h.id(`resourceGroups/${rg}/providers/Microsoft.Insights/components/${name}`);
  await h.clients.resources.resources.createOrUpdateById(
    id,
    APP_INSIGHTS_API_VERSION,
    { location: LOCATION, kind: 'web', properties: { Application_Type: 'web' } },
    FAST,
  );
  return { name, id };
}

export interface WorkspaceDeps {
  storageId: string;
  keyVaultId: string;
  registryId: string;
  appInsightsId: string;
}

export async function createWorkspaceDeps(h: Harness, rg: string): Promise<WorkspaceDeps> {
  const [storage, vault, registry, insights] = await Promise.all([
    createStorageAccount(h, rg),
    createKeyVault(h, rg),
    createRegistry(h, rg),
    createAppInsights(h, rg),
  ]);
  return { storageId: storage.id, keyVaultId: vault.id, registryId: registry.id, appInsightsId: insights.id };
}

/** Workspace body in the 2022-10-01 model of arm-machinelearning 2.1.1. */
export function workspaceBody(deps: WorkspaceDeps) {
  return {
    location: LOCATION,
    identity: { type: 'SystemAssigned' as const },
    friendlyName: 'fidelity',
    storageAccount: deps.storageId,
    keyVault: deps.keyVaultId,
    containerRegistry: deps.registryId,
    applicationInsights: deps.appInsightsId,
    publicNetworkAccess: 'Disabled' as const,
  };
}

export async function createWorkspace(h: Harness, rg: string, deps: WorkspaceDeps): Promise<{ name: string; id: string }> {
  const name = uniqueName('mlw');
  const ws = await h.clients.machineLearning.workspaces.beginCreateOrUpdateAndWait(rg, name, workspaceBody(deps), FAST);
  return { name, id: ws.id ?? '' };
}

/** A private endpoint to `targetId` for one group id in `subnetId`. */
export async function createPrivateEndpoint(h: Harness, rg: string, subnetId: string, targetId: string, groupId: string) {
  const name = uniqueName('pe');
  const pe = await h.clients.network.privateEndpoints.createOrUpdate(
    rg,
    name,
    {
      location: LOCATION,
      subnet: { id: subnetId },
      privateLinkServiceConnections: [{ name: `${name}-conn`, privateLinkServiceId: targetId, groupIds: [groupId] }],
    },
    FAST,
  );
  return { name, pe };
}
