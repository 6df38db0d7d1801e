import { createHash, randomUUID } from 'node:crypto';
import { ArmError, badRequest } from '../engine/errors.ts';
import { idKey, nameOf, parentId } from '../engine/ids.ts';
import { findReferrers, requireReference } from '../engine/references.ts';
import { asArray, asObject, asString, propertiesOf, refId, renderResource } from '../engine/render.ts';
import type { ActionDef, JsonObject, StoredResource, TypeDef, World, WriteContext } from '../engine/types.ts';
import { NIC_TYPE } from './network/common.ts';

const VM_TYPE = 'Microsoft.Compute/virtualMachines';
const EXTENSION_TYPE = 'Microsoft.Compute/virtualMachines/extensions';

/** api-versions of Microsoft.Compute/virtualMachines (and its extensions); 2026-04-01 is @azure/arm-compute 25's default. */
export const COMPUTE_API_VERSIONS = [
  '2021-11-01', '2022-03-01', '2022-08-01', '2022-11-01', '2023-03-01', '2023-07-01', '2023-09-01', '2024-03-01',
  '2024-07-01', '2024-11-01', '2025-04-01', '2025-11-01', '2026-04-01',
] as const;

const COMPUTE_OPERATION_URLS = { namespace: 'Microsoft.Compute', scope: 'location', statusSegment: 'operations', resultSegment: 'operationResults' } as const;

const POWER_DISPLAY: Record<string, string> = {
  running: 'VM running',
  starting: 'VM starting',
  stopping: 'VM stopping',
  stopped: 'VM stopped',
  deallocating: 'VM deallocating',
  deallocated: 'VM deallocated',
};

const powerState = (vm: StoredResource): string => asString(vm.internal['powerState']) ?? 'running';

/** A power action: the transitional state while it runs, the final one when it completes. */
function powerAction(during: string, after: string): ActionDef {
  return {
    method: 'POST',
    pattern: 'async-operation',
    begin(a) {
      a.resource.internal['powerState'] = during;
    },
    complete(a) {
      a.resource.internal['powerState'] = after;
      return undefined;
    },
  };
}

function instanceView(world: World, vm: StoredResource): JsonObject {
  const state = asString(propertiesOf(vm.body)['provisioningState']) ?? 'Succeeded';
  const power = powerState(vm);
  const time = new Date(world.now()).toISOString();
  return {
    computerName: asObject(propertiesOf(vm.body)['osProfile'])?.['computerName'],
    vmAgent: { vmAgentVersion: '2.7.41491.1102', statuses: [{ code: 'ProvisioningState/succeeded', level: 'Info', displayStatus: 'Ready', time }] },
    statuses: [
      { code: `ProvisioningState/${state.toLowerCase()}`, level: 'Info', displayStatus: `Provisioning ${state.toLowerCase()}`, time },
      { code: `PowerState/${power}`, level: 'Info', displayStatus: POWER_DISPLAY[power] ?? power },
    ],
  };
}

const passwordDigest = (salt: string, password: string): string => createHash('sha256').update(`${salt}:${password}`).digest('hex');

/**
 * Azure never returns the admin password and refuses to change it through the VM (409 PropertyChangeNotAllowed;
 * the VMAccess extension does that). Only a salted digest is kept, to tell a changed password from a resent one.
 */
function checkPasswordChange(w: WriteContext, password: string | undefined): void {
  if (password === undefined) return;
  const salt = asString(w.resource.internal['passwordSalt']) ?? randomUUID();
  const digest = passwordDigest(salt, password);
  const previous = asString(w.existing?.internal['passwordDigest']);
  if (w.existing && previous !== undefined && previous !== digest) {
    throw new ArmError(409, 'PropertyChangeNotAllowed', "Changing property 'osProfile.adminPassword' is not allowed.", { target: 'osProfile.adminPassword' });
  }
  w.resource.internal['passwordSalt'] = salt;
  w.resource.internal['passwordDigest'] = digest;
}

/**
 * Virtual machines: PUT 201 `Creating` + Azure-AsyncOperation, DELETE and power actions 202 with both headers.
 * Each NIC must exist and belong to no other VM; the admin password and custom data are write-only, as in Azure.
 */
export const virtualMachines: TypeDef = {
  type: VM_TYPE,
  apiVersions: COMPUTE_API_VERSIONS,
  patterns: { put: 'async-operation', delete: 'async-operation', patch: 'sync' },
  operationUrls: COMPUTE_OPERATION_URLS,
  location: 'required',
  states: { create: 'Creating', update: 'Updating', delete: 'Deleting' },
  prepare(w) {
    const { world, id } = w;
    const props = propertiesOf(w.resource.body);
    if (!asString(asObject(props['hardwareProfile'])?.['vmSize'])) {
      throw badRequest('InvalidParameter', "Required parameter 'hardwareProfile.vmSize' is missing (null).", 'hardwareProfile.vmSize');
    }
    const nics = asArray(asObject(props['networkProfile'])?.['networkInterfaces']);
    if (nics.length === 0) {
      throw badRequest('InvalidParameter', 'The virtual machine needs at least one network interface.', 'networkProfile.networkInterfaces');
    }
    nics.forEach((n, i) => {
      const nic = requireReference(world, refId(n), `properties.networkProfile.networkInterfaces[${i}].id`, id, NIC_TYPE);
      const other = findReferrers(world, nic.id, 'networkInterfaces').find((u) => u.type === VM_TYPE && idKey(u.id) !== idKey(id));
      if (other) throw badRequest('NicInUse', `Network interface ${nic.id} is already in use by virtual machine ${other.id}.`);
    });
    const os = asObject(props['osProfile']);
    if (os) {
      checkPasswordChange(w, asString(os['adminPassword']));
      delete os['adminPassword'];
      delete os['customData'];
      os['allowExtensionOperations'] ??= true;
      os['requireGuestProvisionSignal'] ??= true;
    }
    const before = w.existing ? propertiesOf(w.existing.body) : {};
    props['vmId'] = before['vmId'] ?? crypto.randomUUID();
    props['timeCreated'] = before['timeCreated'] ?? new Date(world.now()).toISOString();
    const osDisk = asObject(asObject(props['storageProfile'])?.['osDisk']);
    if (osDisk) osDisk['name'] ??= `${nameOf(id)}_OsDisk_1_${crypto.randomUUID().replaceAll('-', '')}`;
    w.resource.internal['powerState'] ??= 'running';
  },
  // As in Azure, a VM's GET lists its extensions under `resources`.
  render(body, r, world) {
    const extensions = world.store.childrenOf(r.id, EXTENSION_TYPE);
    if (extensions.length > 0) body['resources'] = extensions.map((e) => renderResource(world, e));
  },
  actions: {
    instanceView: { method: 'GET', pattern: 'sync', begin: (a) => instanceView(a.world, a.resource) },
    start: powerAction('starting', 'running'),
    restart: powerAction('starting', 'running'),
    powerOff: powerAction('stopping', 'stopped'),
    deallocate: powerAction('deallocating', 'deallocated'),
  },
};

/** Extensions run inside the VM through its agent: Azure refuses to add, change or remove one on a VM that is not running. */
function requireRunning(vm: StoredResource): void {
  if (['running', 'starting'].includes(powerState(vm))) return;
  throw new ArmError(409, 'OperationNotAllowed', 'Cannot modify extensions in the VM when the VM is not running.');
}

/** 'Windows' or 'Linux', from what the VM was created with (its OS configuration, else its image publisher). */
function osTypeOf(vm: StoredResource): string {
  const props = propertiesOf(vm.body);
  const declared = asString(asObject(asObject(props['storageProfile'])?.['osDisk'])?.['osType']);
  if (declared) return declared;
  const os = asObject(props['osProfile']);
  if (os?.['windowsConfiguration']) return 'Windows';
  if (os?.['linuxConfiguration']) return 'Linux';
  const publisher = asString(asObject(asObject(props['storageProfile'])?.['imageReference'])?.['publisher']) ?? '';
  return /windows/i.test(publisher) ? 'Windows' : 'Linux';
}

const handlerOf = (r: StoredResource): string => {
  const p = propertiesOf(r.body);
  return `${asString(p['publisher']) ?? ''}.${asString(p['type']) ?? ''}`;
};

/**
 * VM extensions (e.g. VMAccess, which resets a password or an SSH key): PUT 201 `Creating` and PATCH 200 with
 * Azure-AsyncOperation, DELETE 202 with both headers, as the VM itself. `protectedSettings` are write-only: never
 * stored, so never returned, persisted or shown in the inventory. One extension per handler (publisher.type) per VM,
 * publisher and type fixed once created, and only on a running VM. Deleting the VM deletes its extensions.
 */
export const virtualMachineExtensions: TypeDef = {
  type: EXTENSION_TYPE,
  apiVersions: COMPUTE_API_VERSIONS,
  patterns: { put: 'async-operation', delete: 'async-operation', patch: 'async-operation' },
  operationUrls: COMPUTE_OPERATION_URLS,
  location: 'optional',
  states: { create: 'Creating', update: 'Updating', delete: 'Deleting' },
  prepare(w) {
    const vm = w.world.store.get(parentId(w.id));
    if (!vm) throw new Error(`extension ${w.id} without its VM (the engine checks the parent first)`);
    requireRunning(vm);
    const props = propertiesOf(w.resource.body);
    for (const name of ['publisher', 'type', 'typeHandlerVersion']) {
      if (!asString(props[name])) throw badRequest('InvalidParameter', `Required parameter '${name}' is missing (null).`, name);
    }
    const before = w.existing ? propertiesOf(w.existing.body) : undefined;
    for (const name of ['publisher', 'type']) {
      if (before && asString(before[name])?.toLowerCase() !== asString(props[name])?.toLowerCase()) {
        throw new ArmError(409, 'PropertyChangeNotAllowed', `Changing property '${name}' is not allowed.`, { target: name });
      }
    }
    const handler = handlerOf(w.resource);
    const twin = w.world.store
      .childrenOf(vm.id, EXTENSION_TYPE)
      .find((e) => idKey(e.id) !== idKey(w.id) && handlerOf(e).toLowerCase() === handler.toLowerCase());
    if (twin) {
      throw badRequest(
        'BadRequest',
        `Multiple VMExtensions per handler not supported for OS type '${osTypeOf(vm)}'. VMExtension '${nameOf(twin.id)}' ` +
          `with handler '${handler}' already added or specified in input.`,
      );
    }
    delete props['protectedSettings'];
    w.resource.body['location'] ??= vm.body['location'];
  },
  guardDelete(r, world) {
    const vm = world.store.get(parentId(r.id));
    if (vm) requireRunning(vm);
  },
};
