// Microsoft.Compute/virtualMachines/extensions in the engine, in-process: the Compute LRO pattern, write-only
// protectedSettings (nowhere in responses, store, inventory or request log), Azure's refusals (VM not running, one
// extension per handler, publisher/type fixed, missing VM) and extensions going with their VM.
import { describe, expect, it } from 'vitest';
import { REDACTED } from '../../../src/emulator/engine/request-log.ts';
import { NET, RES, testEngine, vnetBody } from './engine-harness.ts';

const COMPUTE = '2026-04-01';
const PASSWORD = 'Rotated-Secret-Value-7!';
const SSH_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExtensionTestKey rotated@laptop';

const at = (r: { body?: unknown }, ...path: string[]): unknown =>
  path.reduce<unknown>((o, k) => (o !== null && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), r.body);
const errorOf = (r: { status: number; body?: unknown }) => [r.status, at(r, 'error', 'code')];

const vmAccess = (protectedSettings: Record<string, string>, forceUpdateTag = '1') => ({
  location: 'eastus',
  properties: {
    publisher: 'Microsoft.OSTCExtensions',
    type: 'VMAccessForLinux',
    typeHandlerVersion: '1.5',
    autoUpgradeMinorVersion: true,
    forceUpdateTag,
    protectedSettings,
  },
});

/** A resource group with a running Ubuntu VM `vm1`; `ext(name)` is the URL of one of its extensions. */
function withVm() {
  const t = testEngine();
  t.call('PUT', `${t.rgPath('rg')}?api-version=${RES}`, { location: 'eastus' });
  const vnet = `${t.rgPath('rg')}/providers/Microsoft.Network/virtualNetworks/v1`;
  t.call('PUT', `${vnet}?api-version=${NET}`, { ...vnetBody, properties: { ...vnetBody.properties, subnets: [{ name: 'a', properties: { addressPrefix: '10.0.1.0/24' } }] } });
  const nic = `${t.rgPath('rg')}/providers/Microsoft.Network/networkInterfaces/n1`;
  t.call('PUT', `${nic}?api-version=${NET}`, { location: 'eastus', properties: { ipConfigurations: [{ name: 'c', properties: { subnet: { id: `${vnet}/subnets/a` } } }] } });
  const vmPath = `${t.rgPath('rg')}/providers/Microsoft.Compute/virtualMachines/vm1`;
  const vm = `${vmPath}?api-version=${COMPUTE}`;
  const created = t.call('PUT', vm, {
    location: 'eastus',
    properties: {
      hardwareProfile: { vmSize: 'Standard_B2s' },
      storageProfile: { imageReference: { publisher: 'Canonical', offer: '0001-com-ubuntu-server-jammy', sku: '22_04-lts-gen2', version: 'latest' } },
      osProfile: { computerName: 'vm1', adminUsername: 'azureuser', adminPassword: 'First-Secret-1' },
      networkProfile: { networkInterfaces: [{ id: nic }] },
    },
  });
  expect(created.status).toBe(201);
  const ext = (name: string) => `${vmPath}/extensions/${name}?api-version=${COMPUTE}`;
  return { ...t, vm, vmAction: (action: string) => `${vmPath}/${action}?api-version=${COMPUTE}`, ext };
}

describe('virtual machine extensions', () => {
  it('create with 201 Creating + Azure-AsyncOperation, then Succeeded; forceUpdateTag comes back, protectedSettings never', () => {
    const t = withVm();
    const put = t.call('PUT', t.ext('enablevmaccess'), vmAccess({ username: 'azureuser', password: PASSWORD }, '42'));
    expect(put.status).toBe(201);
    expect(at(put, 'properties', 'provisioningState')).toBe('Creating');
    expect(put.headers['azure-asyncoperation']).toMatch(/\/providers\/Microsoft\.Compute\/locations\/eastus\/operations\//);
    expect(at(t.call('GET', put.headers['azure-asyncoperation']!), 'status')).toBe('Succeeded');

    const got = t.call('GET', t.ext('enablevmaccess'));
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({
      name: 'enablevmaccess',
      type: 'Microsoft.Compute/virtualMachines/extensions',
      location: 'eastus',
      properties: { publisher: 'Microsoft.OSTCExtensions', type: 'VMAccessForLinux', forceUpdateTag: '42', provisioningState: 'Succeeded' },
    });
    expect(at(got, 'properties', 'protectedSettings')).toBeUndefined();

    const update = t.call('PUT', t.ext('enablevmaccess'), vmAccess({ username: 'azureuser', ssh_key: SSH_KEY }, '43'));
    expect([update.status, at(update, 'properties', 'provisioningState')]).toEqual([200, 'Updating']);
    expect(at(t.call('GET', t.ext('enablevmaccess')), 'properties', 'forceUpdateTag')).toBe('43');

    const everywhere = JSON.stringify([t.engine.store.all(), t.engine.log.entries(), t.call('GET', t.vm).body]);
    for (const secret of [PASSWORD, SSH_KEY]) expect(everywhere).not.toContain(secret);
    const logged = t.engine.log.entries().filter((e) => e.method === 'PUT' && e.path.includes('/extensions/'));
    expect(logged.map((e) => at(e, 'properties', 'protectedSettings'))).toEqual([REDACTED, REDACTED]);
  });

  it('are listed under the VM (its `resources`) and in the extensions collection', () => {
    const t = withVm();
    t.call('PUT', t.ext('enablevmaccess'), vmAccess({ username: 'azureuser', password: PASSWORD }));
    expect((at(t.call('GET', t.vm), 'resources') as Array<{ name: string }>).map((r) => r.name)).toEqual(['enablevmaccess']);
    const list = t.call('GET', t.ext('').replace('/extensions/?', '/extensions?'));
    expect((at(list, 'value') as Array<{ name: string }>).map((r) => r.name)).toEqual(['enablevmaccess']);
  });

  it('refuse writes and deletes on a deallocated VM (409 OperationNotAllowed), and accept them once it runs again', () => {
    const t = withVm();
    t.call('PUT', t.ext('enablevmaccess'), vmAccess({ username: 'azureuser', password: PASSWORD }));
    expect(t.call('POST', t.vmAction('deallocate')).status).toBe(202);
    const refused = t.call('PUT', t.ext('enablevmaccess'), vmAccess({ username: 'azureuser', password: 'Other-Secret-9!' }, '2'));
    expect(errorOf(refused)).toEqual([409, 'OperationNotAllowed']);
    expect(at(refused, 'error', 'message')).toBe('Cannot modify extensions in the VM when the VM is not running.');
    expect(errorOf(t.call('DELETE', t.ext('enablevmaccess')))).toEqual([409, 'OperationNotAllowed']);
    expect(at(t.call('GET', t.ext('enablevmaccess')), 'properties', 'forceUpdateTag')).toBe('1');

    expect(t.call('POST', t.vmAction('start')).status).toBe(202);
    expect(t.call('PUT', t.ext('enablevmaccess'), vmAccess({ username: 'azureuser', password: 'Other-Secret-9!' }, '2')).status).toBe(200);
    const del = t.call('DELETE', t.ext('enablevmaccess'));
    expect(del.status).toBe(202);
    expect(errorOf(t.call('GET', t.ext('enablevmaccess')))).toEqual([404, 'ResourceNotFound']);
  });

  it('answer 404 ParentResourceNotFound without their VM', () => {
    const t = withVm();
    const orphan = t.ext('x').replace('/virtualMachines/vm1/', '/virtualMachines/missing/');
    expect(errorOf(t.call('PUT', orphan, vmAccess({ username: 'azureuser' })))).toEqual([404, 'ParentResourceNotFound']);
    expect(errorOf(t.call('GET', orphan))).toEqual([404, 'ParentResourceNotFound']);
  });

  it('allow one extension per handler, need publisher/type/typeHandlerVersion, and keep publisher and type', () => {
    const t = withVm();
    t.call('PUT', t.ext('enablevmaccess'), vmAccess({ username: 'azureuser', password: PASSWORD }));
    const twin = t.call('PUT', t.ext('second'), vmAccess({ username: 'azureuser', password: PASSWORD }));
    expect(errorOf(twin)).toEqual([400, 'BadRequest']);
    expect(at(twin, 'error', 'message')).toBe(
      "Multiple VMExtensions per handler not supported for OS type 'Linux'. VMExtension 'enablevmaccess' with handler " +
        "'Microsoft.OSTCExtensions.VMAccessForLinux' already added or specified in input.",
    );
    const body = vmAccess({ username: 'azureuser' });
    const { typeHandlerVersion: _omitted, ...withoutVersion } = body.properties;
    expect(errorOf(t.call('PUT', t.ext('other'), { ...body, properties: withoutVersion }))).toEqual([400, 'InvalidParameter']);
    const retyped = t.call('PUT', t.ext('enablevmaccess'), { ...body, properties: { ...body.properties, type: 'CustomScript' } });
    expect(errorOf(retyped)).toEqual([409, 'PropertyChangeNotAllowed']);
  });

  it('go with their VM', () => {
    const t = withVm();
    t.call('PUT', t.ext('enablevmaccess'), vmAccess({ username: 'azureuser', password: PASSWORD }));
    expect(t.call('DELETE', t.vm).status).toBe(202);
    t.call('GET', t.vm); // the instant clock completes the delete before this request
    expect(t.engine.store.ofType('Microsoft.Compute/virtualMachines/extensions')).toEqual([]);
  });
});
