import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadState, saveState } from '../../../src/emulator/engine/state-file.ts';
import { NET, RES, SUB, testEngine, vnetBody } from './engine-harness.ts';

/** A value inside a response body, by property path. */
const at = (r: { body?: unknown }, ...path: string[]): unknown =>
  path.reduce<unknown>((o, k) => (o !== null && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), r.body);

function withGroup(opts: Parameters<typeof testEngine>[0] = {}) {
  const t = testEngine(opts);
  expect(t.call('PUT', `${t.rgPath('rg')}?api-version=${RES}`, { location: 'eastus' }).status).toBe(201);
  const vnet = `${t.rgPath('rg')}/providers/Microsoft.Network/virtualNetworks/v1`;
  return { ...t, vnet };
}

describe('long-running operations on a realistic clock', () => {
  it('shows Updating until the VNet duration × timeScale has passed, then Succeeded on both the resource and the status URL', () => {
    const t = withGroup({ latency: 'realistic', timeScale: 0.5 });
    const put = t.call('PUT', `${t.vnet}?api-version=${NET}`, vnetBody);
    expect(put.status).toBe(201);
    expect(at(put, 'properties', 'provisioningState')).toBe('Updating');
    const statusUrl = put.headers['azure-asyncoperation']!;
    expect(statusUrl.startsWith('https://127.0.0.1:4443/subscriptions/')).toBe(true);

    t.advance(2_000);
    expect(at(t.call('GET', statusUrl), 'status')).toBe('InProgress');
    expect(at(t.call('GET', `${t.vnet}?api-version=${NET}`), 'properties', 'provisioningState')).toBe('Updating');
    const second = t.call('PUT', `${t.vnet}?api-version=${NET}`, vnetBody);
    expect([second.status, at(second, 'error', 'code')]).toEqual([409, 'AnotherOperationInProgress']);

    t.advance(600);
    expect(at(t.call('GET', statusUrl), 'status')).toBe('Succeeded');
    expect(at(t.call('GET', `${t.vnet}?api-version=${NET}`), 'properties', 'provisioningState')).toBe('Succeeded');
  });

  it('ends an operation Failed with the injected error, leaving the resource Failed', () => {
    const t = withGroup();
    t.engine.faults.add({ match: { method: 'PUT', type: 'Microsoft.Network/virtualNetworks' }, count: 1, kind: 'lro-failed', code: 'InternalServerError', message: 'boom' });
    const put = t.call('PUT', `${t.vnet}?api-version=${NET}`, vnetBody);
    const status = t.call('GET', put.headers['azure-asyncoperation']!).body;
    expect(status).toMatchObject({ status: 'Failed', error: { code: 'InternalServerError', message: 'boom' } });
    expect(at(t.call('GET', `${t.vnet}?api-version=${NET}`), 'properties', 'provisioningState')).toBe('Failed');
  });

  it('answers a group delete with 202 + Location, removes what is in it and soft-deletes its vaults', () => {
    const t = withGroup();
    t.call('PUT', `${t.vnet}?api-version=${NET}`, vnetBody);
    const kv = `${t.rgPath('rg')}/providers/Microsoft.KeyVault/vaults/kv-one?api-version=2026-02-01`;
    expect(t.call('PUT', kv, { location: 'eastus', properties: {} }).status).toBe(200);
    const del = t.call('DELETE', `${t.rgPath('rg')}?api-version=${RES}`);
    expect(del.status).toBe(202);
    expect(t.call('GET', del.headers['location']!).status).toBe(200);
    expect(at(t.call('GET', `${t.vnet}?api-version=${NET}`), 'error', 'code')).toBe('ResourceGroupNotFound');
    const deleted = at(t.call('GET', `/subscriptions/${SUB}/providers/Microsoft.KeyVault/deletedVaults?api-version=2026-02-01`), 'value');
    expect((deleted as Array<{ name: string }>).map((d) => d.name)).toEqual(['kv-one']);
  });
});

describe('state file', () => {
  it('keeps resources and a running operation, so a saved poller URL still completes after a restart', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'emu-state-')), 'state.json');
    const before = withGroup({ latency: 'realistic' });
    const put = before.call('PUT', `${before.vnet}?api-version=${NET}`, vnetBody);
    saveState(file, before.engine);

    const after = testEngine({ latency: 'realistic' });
    expect(loadState(file, after.engine)).toBe(true);
    const statusUrl = put.headers['azure-asyncoperation']!;
    expect(at(after.call('GET', statusUrl), 'status')).toBe('InProgress');
    after.advance(10_000);
    expect(at(after.call('GET', statusUrl), 'status')).toBe('Succeeded');
    expect(at(after.call('GET', `${before.vnet}?api-version=${NET}`), 'properties', 'provisioningState')).toBe('Succeeded');
  });
});

describe('request validation', () => {
  it('requires a bearer token, an api-version and one the provider has', () => {
    const t = withGroup();
    expect(t.engine.handle({ method: 'GET', url: new URL(`https://h${t.vnet}?api-version=${NET}`), headers: {}, bodyText: '' }).status).toBe(401);
    expect(at(t.call('GET', t.vnet), 'error', 'code')).toBe('MissingApiVersionParameter');
    expect(at(t.call('GET', `${t.vnet}?api-version=2001-01-01`), 'error', 'code')).toBe('NoRegisteredProviderFound');
    expect(at(t.call('PUT', `${t.vnet}?api-version=${NET}`, undefined, { 'content-type': 'application/json' }), 'error', 'code')).toBe('InvalidRequestContent');
  });
});

describe('network rules', () => {
  it('keeps the address range of a subnet that holds a NIC, and frees it once the NIC is gone', () => {
    const t = withGroup();
    const withSubnet = { ...vnetBody, properties: { ...vnetBody.properties, subnets: [{ name: 'a', properties: { addressPrefix: '10.0.1.0/24' } }] } };
    t.call('PUT', `${t.vnet}?api-version=${NET}`, withSubnet);
    const nic = `${t.rgPath('rg')}/providers/Microsoft.Network/networkInterfaces/n1?api-version=${NET}`;
    const created = t.call('PUT', nic, {
      location: 'eastus',
      properties: { ipConfigurations: [{ name: 'c', properties: { subnet: { id: `${t.vnet}/subnets/a` } } }] },
    });
    expect(at(created, 'properties', 'ipConfigurations', '0', 'properties', 'privateIPAddress')).toBe('10.0.1.4');
    const moved = t.call('PUT', `${t.vnet}/subnets/a?api-version=${NET}`, { properties: { addressPrefix: '10.0.2.0/24' } });
    expect([moved.status, at(moved, 'error', 'code')]).toEqual([400, 'InUseSubnetCannotBeUpdated']);
    expect(t.call('DELETE', nic).status).toBe(202);
    expect(t.call('PUT', `${t.vnet}/subnets/a?api-version=${NET}`, { properties: { addressPrefix: '10.0.2.0/24' } }).status).toBe(200);
  });

  it('answers 404 OperationNotFound for an operation it does not know', () => {
    const t = withGroup();
    const res = t.call('GET', `/subscriptions/${SUB}/providers/Microsoft.Network/locations/eastus/operations/nope?api-version=${NET}`);
    expect([res.status, at(res, 'error', 'code')]).toEqual([404, 'OperationNotFound']);
  });
});

describe('virtual machines', () => {
  it('never return the admin password and refuse to change it, while a resent one is accepted', () => {
    const t = withGroup();
    t.call('PUT', `${t.vnet}?api-version=${NET}`, { ...vnetBody, properties: { ...vnetBody.properties, subnets: [{ name: 'a', properties: { addressPrefix: '10.0.1.0/24' } }] } });
    const nic = `${t.rgPath('rg')}/providers/Microsoft.Network/networkInterfaces/n1`;
    t.call('PUT', `${nic}?api-version=${NET}`, { location: 'eastus', properties: { ipConfigurations: [{ name: 'c', properties: { subnet: { id: `${t.vnet}/subnets/a` } } }] } });
    const vm = `${t.rgPath('rg')}/providers/Microsoft.Compute/virtualMachines/vm1?api-version=2026-04-01`;
    const vmBody = (password: string) => ({
      location: 'eastus',
      properties: {
        hardwareProfile: { vmSize: 'Standard_B2s' },
        osProfile: { computerName: 'vm1', adminUsername: 'azureuser', adminPassword: password },
        networkProfile: { networkInterfaces: [{ id: nic }] },
      },
    });
    const created = t.call('PUT', vm, vmBody('First-Secret-1'));
    expect(created.status).toBe(201);
    expect(JSON.stringify(created.body)).not.toContain('First-Secret-1');
    expect(t.call('PUT', vm, vmBody('First-Secret-1')).status).toBe(200);
    const changed = t.call('PATCH', vm, { properties: { osProfile: { adminPassword: 'Second-Secret-2' } } });
    expect([changed.status, at(changed, 'error', 'code')]).toEqual([409, 'PropertyChangeNotAllowed']);
    expect(JSON.stringify(t.engine.store.all())).not.toContain('Second-Secret-2');
  });
});

describe('private endpoints and zone groups', () => {
  it('write the endpoint FQDN as an A record, allow one zone group and one group id, and clean up with the group', () => {
    const t = withGroup();
    const rg = t.rgPath('rg');
    t.call('PUT', `${t.vnet}?api-version=${NET}`, { ...vnetBody, properties: { ...vnetBody.properties, subnets: [{ name: 'pe', properties: { addressPrefix: '10.0.1.0/24' } }] } });
    const account = `${rg}/providers/Microsoft.Storage/storageAccounts/stacct1`;
    t.call('PUT', `${account}?api-version=2026-09-01`, { location: 'eastus', sku: { name: 'Standard_LRS' }, kind: 'StorageV2' });
    const zone = `${rg}/providers/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net`;
    t.call('PUT', `${zone}?api-version=2024-06-01`, { location: 'global' });
    const pe = `${rg}/providers/Microsoft.Network/privateEndpoints/pe1`;
    const peBody = (groupIds: string[]) => ({
      location: 'eastus',
      properties: {
        subnet: { id: `${t.vnet}/subnets/pe` },
        privateLinkServiceConnections: [{ name: 'c', properties: { privateLinkServiceId: account, groupIds } }],
      },
    });
    expect(at(t.call('PUT', `${pe}?api-version=${NET}`, peBody(['blob', 'file'])), 'error', 'code')).toBe('OnlyOneGroupIdPermitted');
    const created = t.call('PUT', `${pe}?api-version=${NET}`, peBody(['blob']));
    expect(at(created, 'properties', 'customDnsConfigs')).toEqual([{ fqdn: 'stacct1.blob.core.windows.net', ipAddresses: ['10.0.1.4'] }]);

    const group = (name: string) => ({ properties: { privateDnsZoneConfigs: [{ name: 'blob', properties: { privateDnsZoneId: zone } }] }, name });
    expect(t.call('PUT', `${pe}/privateDnsZoneGroups/default?api-version=${NET}`, group('default')).status).toBe(201);
    const second = t.call('PUT', `${pe}/privateDnsZoneGroups/other?api-version=${NET}`, group('other'));
    expect(at(second, 'error', 'code')).toBe('MoreThanOneDnsZoneGroupNotAllowed');
    const record = t.call('GET', `${zone}/A/stacct1?api-version=2024-06-01`);
    expect(at(record, 'properties', 'aRecords')).toEqual([{ ipv4Address: '10.0.1.4' }]);

    t.call('DELETE', `${pe}/privateDnsZoneGroups/default?api-version=${NET}`);
    expect(t.call('GET', `${zone}/A/stacct1?api-version=2024-06-01`).status).toBe(404);
    const left = at(t.call('GET', `${zone}/ALL?api-version=2024-06-01`), 'value') as Array<{ name: string }>;
    expect(left.map((r) => r.name)).toEqual(['@']);
  });
});
