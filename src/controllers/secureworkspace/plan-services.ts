// The workspace's dependencies (seed 002): storage account, key vault, container registry, Application Insights.
// All private: public network access off, deny-by-default network rules that let trusted Azure services through.
import { applicationInsights } from '../../azure/adapters/application-insights.ts';
import { containerRegistries } from '../../azure/adapters/container-registry.ts';
import { keyVaults } from '../../azure/adapters/key-vault.ts';
import { storageAccounts } from '../../azure/adapters/storage-account.ts';
import type { PlanNode } from '../../plan/index.ts';
import { KEYS, resourceNode, userTags } from './plan-kit.ts';
import type { PlanContext } from './plan-kit.ts';
import { workspaceId } from './plan-workspace.ts';

export function dependencyNodes(ctx: PlanContext): PlanNode[] {
  const { spec, names } = ctx;
  const afterGroup = [KEYS.resourceGroup];
  const tags = userTags(spec);
  return [
    resourceNode(storageAccounts)({
      key: KEYS.storageAccount,
      id: ctx.id('Microsoft.Storage', 'storageAccounts', names.storageAccount),
      stage: 'Storage',
      waitReason: 'WaitingForStorageAccount',
      dependsOn: afterGroup,
      desired: () => ({
        location: spec.location,
        sku: spec.storage.sku,
        kind: 'StorageV2',
        minimumTlsVersion: 'TLS1_2',
        allowBlobPublicAccess: false,
        publicNetworkAccess: 'Disabled',
        networkDefaultAction: 'Deny',
        networkBypass: 'AzureServices',
        // Seed 003, "Resource instances": the workspace itself is admitted by its identity. Its id follows from the
        // spec, so the rule is written before the workspace exists (which needs this account first).
        resourceAccessRules: [{ tenantId: ctx.tenantId, resourceId: workspaceId(ctx) }],
        ...tags,
      }),
    }),
    resourceNode(keyVaults)({
      key: KEYS.keyVault,
      id: ctx.id('Microsoft.KeyVault', 'vaults', names.keyVault),
      stage: 'KeyVault',
      waitReason: 'WaitingForKeyVault',
      dependsOn: afterGroup,
      desired: () => ({
        location: spec.location,
        tenantId: ctx.tenantId,
        softDeleteRetentionInDays: spec.keyVault.softDeleteRetentionDays,
        enablePurgeProtection: spec.keyVault.purgeProtection,
        publicNetworkAccess: 'Disabled',
        networkDefaultAction: 'Deny',
        networkBypass: 'AzureServices',
        // Re-creating a deleted SecureWorkspace meets its soft-deleted vault: a purge-protected vault can only be
        // recovered; an unprotected one is purged so the new workspace starts clean.
        softDeleted: spec.keyVault.purgeProtection ? 'recover' : 'purge',
        ...tags,
      }),
    }),
    resourceNode(containerRegistries)({
      key: KEYS.containerRegistry,
      id: ctx.id('Microsoft.ContainerRegistry', 'registries', names.containerRegistry),
      stage: 'Registry',
      waitReason: 'WaitingForContainerRegistry',
      dependsOn: afterGroup,
      desired: () => ({
        location: spec.location,
        sku: 'Premium',
        // Azure ML needs the admin user on a registry inside a VNet (seed 002, "Create a container registry").
        adminUserEnabled: true,
        publicNetworkAccess: 'Disabled',
        networkRuleBypassOptions: 'AzureServices',
        ...tags,
      }),
    }),
    resourceNode(applicationInsights)({
      key: KEYS.applicationInsights,
      id: ctx.id('Microsoft.Insights', 'components', names.applicationInsights),
      stage: 'Workspace',
      waitReason: 'WaitingForApplicationInsights',
      dependsOn: afterGroup,
      desired: () => ({ location: spec.location, ...tags }),
    }),
  ];
}
