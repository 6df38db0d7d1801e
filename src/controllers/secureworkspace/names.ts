// Deterministic Azure names for one SecureWorkspace. Every name is a pure function of the spec and the object's
// identity, so a restarted operator finds what an earlier run created instead of creating it twice. Names that
// must be unique across all of Azure (storage, key vault, registry: they become DNS names) carry a short hash of
// subscription/namespace/name: stable across re-creation of the same object, different for any other object.
import { createHash } from 'node:crypto';

/** Who a SecureWorkspace is: the inputs of the global-uniqueness hash. */
export interface WorkspaceIdentity {
  readonly subscriptionId: string;
  readonly namespace: string;
  readonly name: string;
}

export interface AzureNames {
  readonly resourceGroup: string;
  readonly networkSecurityGroup: string;
  readonly virtualNetwork: string;
  readonly storageAccount: string;
  readonly keyVault: string;
  readonly containerRegistry: string;
  readonly applicationInsights: string;
  readonly workspace: string;
  /** Private endpoint of a target sub-resource (blob, file, queue, table, vault, registry, amlworkspace). */
  privateEndpoint(groupId: string): string;
  /** The link of a private DNS zone to the workspace's VNet (unique per VNet, since hub zones are shared). */
  readonly virtualNetworkLink: string;
}

/** Subnet names of the tutorial; AzureBastionSubnet is the only name Azure Bastion accepts. */
export const SUBNET_NAMES = { training: 'Training', scoring: 'Scoring', bastion: 'AzureBastionSubnet' } as const;

/** Azure's own name for the zone group of a private endpoint created in the portal. */
export const ZONE_GROUP_NAME = 'default';

/** 8 hex characters (32 bits) of SHA-256: collisions are improbable, and names stay within Azure's limits. */
export function identityHash(id: WorkspaceIdentity): string {
  return createHash('sha256')
    .update(`${id.subscriptionId.toLowerCase()}/${id.namespace}/${id.name}`)
    .digest('hex')
    .slice(0, 8);
}

/**
 * Azure's rules, with namePrefix at most 10 characters of [a-z0-9] starting with a letter (the CRD enforces it):
 * storage 3–24 lowercase letters and digits; key vault 3–24 letters, digits and single hyphens, starting with a
 * letter; registry 5–50 letters and digits; workspace 3–33 characters.
 */
export function azureNames(prefix: string, resourceGroup: string, id: WorkspaceIdentity): AzureNames {
  const hash = identityHash(id);
  return {
    resourceGroup,
    networkSecurityGroup: `${prefix}-training-nsg`,
    virtualNetwork: `${prefix}-vnet`,
    storageAccount: `${prefix}st${hash}`,
    keyVault: `${prefix}-kv-${hash}`,
    containerRegistry: `${prefix}acr${hash}`,
    applicationInsights: `${prefix}-appi`,
    workspace: `${prefix}-mlw`,
    privateEndpoint: (groupId) => `${prefix}-pe-${groupId}`,
    virtualNetworkLink: `${prefix}-vnet-${hash}`,
  };
}
