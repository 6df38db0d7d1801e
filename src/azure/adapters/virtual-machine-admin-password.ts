// Resetting a VM's admin password after creation. Azure refuses to change osProfile.adminPassword in place
// (409 PropertyChangeNotAllowed); what `az vm user update` does instead is run the VMAccess extension with the new
// password in its protected settings. ARM never returns a password, so what is compared is a version: the VM
// carries a tag with the version of the password it has (the Secret's resourceVersion), set at creation and after
// each reset, so a VM that already has the wanted password costs one GET and no write.
import type { VirtualMachine, VirtualMachineExtension } from '@azure/arm-compute';
import type { ActionCheck } from '../../plan/index.ts';
import { rgAndNames } from '../resource-id.ts';
import { defineActionAdapter, sdkOptions } from './define.ts';

/** Azure tag names cannot contain '/'. The value is opaque (a Kubernetes resourceVersion), never the password. */
export const ADMIN_PASSWORD_VERSION_TAG = 'secureml.io_admin-password-version';

/** The extension name `az vm user update` uses, so both tools converge on one extension. */
export const VM_ACCESS_EXTENSION = 'enablevmaccess';

export interface AdminPasswordParams {
  readonly location: string;
  readonly osType: 'Windows' | 'Linux';
  readonly adminUsername: string;
  /** Sent to ARM in the extension's protected settings and nowhere else: not output, not in any error raised here. */
  readonly password: string;
  /** Changes whenever the password may have changed. */
  readonly version: string;
}

/** VMAccess handlers per OS (publisher, type, version), as the Azure CLI maps them. */
function extensionBody(p: AdminPasswordParams): VirtualMachineExtension {
  const common = { location: p.location, autoUpgradeMinorVersion: true, forceUpdateTag: p.version };
  return p.osType === 'Windows'
    ? {
        ...common,
        publisher: 'Microsoft.Compute',
        typePropertiesType: 'VMAccessAgent',
        typeHandlerVersion: '2.4',
        settings: { UserName: p.adminUsername },
        protectedSettings: { Password: p.password },
      }
    : {
        ...common,
        publisher: 'Microsoft.OSTCExtensions',
        typePropertiesType: 'VMAccessForLinux',
        typeHandlerVersion: '1.5',
        protectedSettings: { username: p.adminUsername, password: p.password },
      };
}

const versionOf = (vm: VirtualMachine): string | undefined => vm.tags?.[ADMIN_PASSWORD_VERSION_TAG];

/** Action on a VM id: done when the VM's password version is the wanted one; running it resets the password. */
export const resetVirtualMachinePassword = defineActionAdapter<AdminPasswordParams, Record<string, never>>({
  key: 'Microsoft.Compute/virtualMachines/resetPassword',
  noun: 'AdminPasswordReset',
  build: (deps) => ({
    async check(id, params, ctx): Promise<ActionCheck<Record<string, never>>> {
      const vm = await deps.clients.compute.virtualMachines.get(...rgAndNames(id, 'virtualMachines'), sdkOptions(deps, ctx));
      const current = versionOf(vm);
      return { done: current === params.version, output: {}, detail: `admin password version ${current ?? 'unknown'}` };
    },
    async run(id, params, ctx) {
      const [rg, name] = rgAndNames(id, 'virtualMachines');
      const opts = sdkOptions(deps, ctx);
      const vms = deps.clients.compute.virtualMachines;
      await deps.clients.compute.virtualMachineExtensions.createOrUpdate(rg, name, VM_ACCESS_EXTENSION, extensionBody(params), opts);
      // A PATCH replaces the tag set as a whole, so it carries every tag the VM has.
      const vm = await vms.get(rg, name, opts);
      await vms.update(rg, name, { tags: { ...(vm.tags ?? {}), [ADMIN_PASSWORD_VERSION_TAG]: params.version } }, opts);
    },
  }),
});
