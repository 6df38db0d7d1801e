// Credentials of an existing VM. Azure refuses to change osProfile.adminPassword in place (409
// PropertyChangeNotAllowed), so what `az vm user update` does instead is run the VMAccess extension with the new
// password in its protected settings. ARM never returns it, so what is compared is a version: the VM carries a tag
// with the version of the password it has (the Secret's resourceVersion), set at creation and after each reset, so
// a VM that already has the wanted password costs one GET and no write.
import type { VirtualMachine, VirtualMachineExtension } from '@azure/arm-compute';
import { isRestError } from '@azure/arm-resources';
import type { ActionCheck } from '../../plan/index.ts';
import { AdapterError } from '../errors.ts';
import { rgAndNames } from '../resource-id.ts';
import { defineActionAdapter, sdkOptions } from './define.ts';
import type { ArmActionAdapter } from './define.ts';

/** Azure tag names cannot contain '/'. The value is opaque (a Kubernetes resourceVersion), never the password. */
export const ADMIN_PASSWORD_VERSION_TAG = 'secureml.io_admin-password-version';

/** The extension name `az vm user update` uses, so both tools converge on one extension (Azure allows one per handler). */
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
function vmAccessBody(osType: 'Windows' | 'Linux', location: string, forceUpdateTag: string, settings: Record<string, unknown>): VirtualMachineExtension {
  const common = { location, autoUpgradeMinorVersion: true, forceUpdateTag };
  return osType === 'Windows'
    ? { ...common, publisher: 'Microsoft.Compute', typePropertiesType: 'VMAccessAgent', typeHandlerVersion: '2.4', ...settings }
    : { ...common, publisher: 'Microsoft.OSTCExtensions', typePropertiesType: 'VMAccessForLinux', typeHandlerVersion: '1.5', ...settings };
}

function passwordBody(p: AdminPasswordParams): VirtualMachineExtension {
  return p.osType === 'Windows'
    ? vmAccessBody('Windows', p.location, p.version, { settings: { UserName: p.adminUsername }, protectedSettings: { Password: p.password } })
    : vmAccessBody('Linux', p.location, p.version, { protectedSettings: { username: p.adminUsername, password: p.password } });
}

/**
 * An action on a VM id: done when the VM's `tag` holds the wanted version; running it puts the VMAccess extension
 * and then moves the tag.
 */
function vmAccessAction<P>(def: {
  key: string;
  noun: string;
  tag: string;
  what: string;
  version: (p: P) => string;
  body: (p: P) => VirtualMachineExtension;
}): ArmActionAdapter<P, Record<string, never>> {
  return defineActionAdapter<P, Record<string, never>>({
    key: def.key,
    noun: def.noun,
    build: (deps) => ({
      async check(id, params, ctx): Promise<ActionCheck<Record<string, never>>> {
        const vm: VirtualMachine = await deps.clients.compute.virtualMachines.get(...rgAndNames(id, 'virtualMachines'), sdkOptions(deps, ctx));
        const current = vm.tags?.[def.tag];
        return { done: current === def.version(params), output: {}, detail: `${def.what} version ${current ?? 'unknown'}` };
      },
      async run(id, params, ctx) {
        const [rg, name] = rgAndNames(id, 'virtualMachines');
        const opts = sdkOptions(deps, ctx);
        const vms = deps.clients.compute.virtualMachines;
        try {
          await deps.clients.compute.virtualMachineExtensions.createOrUpdate(rg, name, VM_ACCESS_EXTENSION, def.body(params), opts);
        } catch (err) {
          // Stopped between the power-state read and this call (auto-shutdown): wait for it rather than stall.
          if (isRestError(err) && err.statusCode === 409 && err.code === 'OperationNotAllowed') {
            throw new AdapterError('VirtualMachineNotRunning', `VM '${name}' is not running: the ${def.what} is reset when it runs again`, 'dependency');
          }
          throw err;
        }
        // A PATCH replaces the tag set as a whole, so it carries every tag the VM has.
        const vm = await vms.get(rg, name, opts);
        await vms.update(rg, name, { tags: { ...(vm.tags ?? {}), [def.tag]: def.version(params) } }, opts);
      },
    }),
  });
}

/** Resets the admin password to the Secret's (VMAccessAgent on Windows, VMAccessForLinux on Linux). */
export const resetVirtualMachinePassword = vmAccessAction<AdminPasswordParams>({
  key: 'Microsoft.Compute/virtualMachines/resetPassword',
  noun: 'AdminPasswordReset',
  tag: ADMIN_PASSWORD_VERSION_TAG,
  what: 'admin password',
  version: (p) => p.version,
  body: passwordBody,
});

