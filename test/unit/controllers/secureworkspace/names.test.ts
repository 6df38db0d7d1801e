import { describe, expect, it } from 'vitest';
import { azureNames, identityHash } from '../../../../src/controllers/secureworkspace/names.ts';
import { recordLocation, zonesFor } from '../../../../src/controllers/secureworkspace/private-dns.ts';
import { IDENTITY } from './fixtures.ts';

describe('azureNames', () => {
  // The longest prefix the CRD allows: every derived name must still satisfy Azure's rules.
  const names = azureNames('abcdefghij', 'rg', IDENTITY);

  it.each([
    ['storage account', names.storageAccount, /^[a-z0-9]{3,24}$/],
    ['key vault', names.keyVault, /^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/],
    ['container registry', names.containerRegistry, /^[a-zA-Z0-9]{5,50}$/],
    ['workspace', names.workspace, /^[a-zA-Z0-9][a-zA-Z0-9_-]{2,32}$/],
  ])('%s name %s follows Azure naming rules', (_what, name, rule) => {
    expect(name).toMatch(rule);
  });

  it('is stable for the same object and different for another namespace, name or subscription', () => {
    expect(azureNames('ml', 'rg', IDENTITY).storageAccount).toBe(azureNames('ml', 'rg', { ...IDENTITY }).storageAccount);
    const others = [
      { ...IDENTITY, namespace: 'team-b' },
      { ...IDENTITY, name: 'other' },
      { ...IDENTITY, subscriptionId: '22222222-2222-3333-4444-555555555555' },
    ];
    for (const other of others) expect(identityHash(other)).not.toBe(identityHash(IDENTITY));
  });

  it('treats the subscription id case-insensitively, as ARM does', () => {
    expect(identityHash({ ...IDENTITY, subscriptionId: IDENTITY.subscriptionId.toUpperCase() })).toBe(identityHash(IDENTITY));
  });
});

describe('recordLocation', () => {
  it.each([
    ['mlst1.blob.core.windows.net', 'blob', 'privatelink.blob.core.windows.net', 'mlst1'],
    ['mlst1.file.core.windows.net', 'file', 'privatelink.file.core.windows.net', 'mlst1'],
    ['mlst1.queue.core.windows.net', 'queue', 'privatelink.queue.core.windows.net', 'mlst1'],
    ['mlst1.table.core.windows.net', 'table', 'privatelink.table.core.windows.net', 'mlst1'],
    ['ml-kv-1.vault.azure.net', 'vault', 'privatelink.vaultcore.azure.net', 'ml-kv-1'],
    ['mlacr1.azurecr.io', 'registry', 'privatelink.azurecr.io', 'mlacr1'],
    ['mlacr1.eastus.data.azurecr.io', 'registry', 'privatelink.azurecr.io', 'mlacr1.eastus.data'],
    ['abc.workspace.eastus.api.azureml.ms', 'amlworkspace', 'privatelink.api.azureml.ms', 'abc.workspace.eastus'],
    ['abc.workspace.eastus.cert.api.azureml.ms', 'amlworkspace', 'privatelink.api.azureml.ms', 'abc.workspace.eastus.cert'],
    ['ml-ws-eastus-abc.eastus.notebooks.azure.net', 'amlworkspace', 'privatelink.notebooks.azure.net', 'ml-ws-eastus-abc.eastus'],
  ])('%s (%s) is record in its zone', (fqdn, group, zone, recordName) => {
    expect(recordLocation(fqdn, zonesFor(group))).toEqual({ zone, recordName });
  });

  it('ignores case and a trailing dot, and answers undefined for a name no candidate zone serves', () => {
    expect(recordLocation('MLST1.Blob.Core.Windows.Net.', zonesFor('blob'))).toEqual({
      zone: 'privatelink.blob.core.windows.net',
      recordName: 'mlst1',
    });
    expect(recordLocation('mlst1.blob.core.windows.net', zonesFor('file'))).toBeUndefined();
  });

  it('refuses an unknown private-link group', () => {
    expect(() => zonesFor('sqlServer')).toThrow(/sqlServer/);
  });
});
