// Credentials of an existing VM. Azure refuses to change osProfile in place (the admin password: 409
// PropertyChangeNotAllowed; SSH keys are fixed at creation), so what `az vm user update` does instead is run the
// VMAccess extension with the new password or key in its protected settings. ARM never returns either, so what is
// compared is a version: the VM carries one tag per credential with the version it has (the Secret's
// resourceVersion, a digest of the public key), set at creation and after each reset, so a VM that already has the
// wanted credentials costs one GET and no write.
import { createHash } from 'node:crypto';
import type { VirtualMachine, VirtualMachineExtension } from '@azure/arm-compute';
import { isRestError } from '@azure/arm-resources';
import type { ActionCheck } from '../../plan/index.ts';
import { AdapterError } from '../errors.ts';
import { rgAndNames } from '../resource-id.ts';
import { defineActionAdapter, sdkOptions } from './define.ts';
import type { ArmActionAdapter } from './define.ts';

/** Azure tag names cannot contain '/'. The value is opaque (a Kubernetes resourceVersion), never the password. */
export const ADMIN_PASSWORD_VERSION_TAG = 'secureml.io_admin-password-version';
/** A digest of the admin user's SSH public key, so a changed `sshPublicKey` is seen without reading the VM's disk. */
export const SSH_KEY_VERSION_TAG = 'secureml.io_ssh-key-version';

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

/** Linux only: VMAccessAgent on Windows has no SSH keys. */
export interface SshKeyParams {
  readonly location: string;
  readonly adminUsername: string;
  readonly sshPublicKey: string;
}

/** The version tag value of an SSH public key (public data; the digest only keeps the tag short). */
export function sshKeyVersion(publicKey: string): string {
  return createHash('sha256').update(publicKey.trim()).digest('hex').slice(0, 32);
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
 * `remove_prior_keys`: the spec names the admin user's one key, so rotating it revokes the old one (VMAccess would
 * otherwise only add the new key to authorized_keys).
 */
function sshKeyBody(p: SshKeyParams): VirtualMachineExtension {
  return vmAccessBody('Linux', p.location, sshKeyVersion(p.sshPublicKey), {
    protectedSettings: { username: p.adminUsername, ssh_key: p.sshPublicKey, remove_prior_keys: true },
  });
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

/** Replaces the admin user's SSH public key (VMAccessForLinux). */
export const resetVirtualMachineSshKey = vmAccessAction<SshKeyParams>({
  key: 'Microsoft.Compute/virtualMachines/resetSshKey',
  noun: 'SshKeyReset',
  tag: SSH_KEY_VERSION_TAG,
  what: 'SSH public key',
  version: (p) => sshKeyVersion(p.sshPublicKey),
  body: sshKeyBody,
});
