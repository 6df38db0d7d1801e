// The jump box's admin password after creation, modelled as a resource of its own (id `<vm id>/adminPassword`) so
// a rotated Secret reaches the VM through the executor like any other change. ARM never returns a password, so
// what is compared is a version: the VM carries a tag with the version of the password last written (the Secret's
// resourceVersion), set by the same PATCH that writes the password, so the two cannot disagree.
import type { VirtualMachine } from '@azure/arm-compute';
import { isRestError } from '@azure/arm-resources';
import { AdapterError } from '../errors.ts';
import { rgAndNames } from '../resource-id.ts';
import { defineResourceAdapter } from './define.ts';

export const VIRTUAL_MACHINE_ADMIN_PASSWORD = 'Microsoft.Compute/virtualMachines/adminPassword';

/** Azure tag names cannot contain '/'. The value is opaque (a Kubernetes resourceVersion), never the password. */
export const ADMIN_PASSWORD_VERSION_TAG = 'secureml.io_admin-password-version';

export interface AdminPasswordSpec {
  /** Sent to ARM and nowhere else: not compared, not in the output, not in any error this adapter raises. */
  readonly password: string;
  /** Changes whenever the password may have changed. */
  readonly version: string;
  /** Set by the ownership wrapper; merged into the VM's tags. */
  readonly tags?: Record<string, string>;
}

/** What is observed: the VM's tags (ownership stamps included) and the version they record. */
export interface AdminPasswordState {
  readonly tags: Record<string, string>;
  readonly adminPasswordVersion: string | undefined;
  readonly provisioningState: string | undefined;
}

export function adminPasswordId(virtualMachineId: string): string {
  return `${virtualMachineId}/adminPassword`;
}

function vmArgs(id: string): [string, string] {
  const vmId = id.replace(/\/adminPassword$/i, '');
  return rgAndNames(vmId, 'virtualMachines');
}

function state(vm: VirtualMachine): AdminPasswordState {
  const tags = { ...(vm.tags ?? {}) };
  return { tags, adminPasswordVersion: tags[ADMIN_PASSWORD_VERSION_TAG], provisioningState: vm.provisioningState };
}

export const virtualMachineAdminPasswords = defineResourceAdapter<AdminPasswordSpec, AdminPasswordState, Record<string, never>>({
  key: VIRTUAL_MACHINE_ADMIN_PASSWORD,
  noun: 'AdminPassword',
  async get({ clients }, id, opts) {
    return state(await clients.compute.virtualMachines.get(...vmArgs(id), opts));
  },
  async put({ clients }, id, spec, observed, opts) {
    // A PATCH replaces the tag set as a whole in ARM, so it carries every tag the VM has.
    const tags = { ...(observed?.tags ?? {}), ...(spec.tags ?? {}), [ADMIN_PASSWORD_VERSION_TAG]: spec.version };
    try {
      return state(await clients.compute.virtualMachines.update(...vmArgs(id), { osProfile: { adminPassword: spec.password }, tags }, opts));
    } catch (err) {
      if (isRestError(err) && err.code === 'PropertyChangeNotAllowed') {
        throw new AdapterError(
          'PasswordChangeNotAllowed',
          `Azure refused to change the admin password of VM '${vmArgs(id)[1]}' in place; reset it with the VMAccess ` +
            'extension (az vm user update), or restore the previous Secret value',
        );
      }
      throw err;
    }
  },
  // The password goes with the VM.
  delete: async () => undefined,
  owned: (spec) => ({ adminPasswordVersion: spec.version }),
  provisioningState: (o) => o.provisioningState,
  output: () => ({}),
});
