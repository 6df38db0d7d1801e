// The VMAccess credential resets against a stand-in for the compute client (unit level: what they compare and what
// they send). The integration tests drive them through the real SDK and the emulator.
import { RestError } from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';
import type { ArmClients } from '../../../../src/azure/clients.ts';
import { AdapterError } from '../../../../src/azure/errors.ts';
import {
  ADMIN_PASSWORD_VERSION_TAG,
  resetVirtualMachinePassword,
  resetVirtualMachineSshKey,
  SSH_KEY_VERSION_TAG,
  sshKeyVersion,
  VM_ACCESS_EXTENSION,
} from '../../../../src/azure/adapters/virtual-machine-access.ts';
import type { AdminPasswordParams, SshKeyParams } from '../../../../src/azure/adapters/virtual-machine-access.ts';

const VM_ID = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/box';
const ctx = { signal: new AbortController().signal };
const PARAMS: AdminPasswordParams = { location: 'eastus', osType: 'Windows', adminUsername: 'azureuser', password: 'N3w-Passw0rd!', version: '6' };

function fake(tags: Record<string, string>, extensionError?: Error) {
  const calls: unknown[][] = [];
  const clients = {
    compute: {
      virtualMachines: {
        get: async () => ({ tags: { ...tags } }),
        update: async (...args: unknown[]) => calls.push(['update', ...args.slice(0, 3)]),
      },
      virtualMachineExtensions: {
        createOrUpdate: async (...args: unknown[]) => {
          if (extensionError) throw extensionError;
          calls.push(['extension', ...args.slice(0, 4)]);
        },
      },
    },
  } as unknown as ArmClients;
  const deps = { clients, endpoint: 'https://example' };
  return { calls, action: resetVirtualMachinePassword.build(deps), sshKey: resetVirtualMachineSshKey.build(deps) };
}

describe('VM admin password reset', () => {
  it('is done when the VM carries the wanted password version, without any write', async () => {
    const { action, calls } = fake({ [ADMIN_PASSWORD_VERSION_TAG]: '6' });
    expect(await action.check(VM_ID, PARAMS, ctx)).toMatchObject({ done: true });
    expect((await fake({ [ADMIN_PASSWORD_VERSION_TAG]: '5' }).action.check(VM_ID, PARAMS, ctx)).done).toBe(false);
    expect((await fake({}).action.check(VM_ID, PARAMS, ctx)).done).toBe(false);
    expect(calls).toEqual([]);
  });

  it('runs VMAccessAgent on Windows with the password protected, then records the version among the VM tags', async () => {
    const { action, calls } = fake({ owner: 'ns/box', [ADMIN_PASSWORD_VERSION_TAG]: '5' });
    await action.run(VM_ID, PARAMS, ctx);
    expect(calls).toEqual([
      [
        'extension',
        'rg',
        'box',
        VM_ACCESS_EXTENSION,
        {
          location: 'eastus',
          autoUpgradeMinorVersion: true,
          forceUpdateTag: '6',
          publisher: 'Microsoft.Compute',
          typePropertiesType: 'VMAccessAgent',
          typeHandlerVersion: '2.4',
          settings: { UserName: 'azureuser' },
          protectedSettings: { Password: 'N3w-Passw0rd!' },
        },
      ],
      ['update', 'rg', 'box', { tags: { owner: 'ns/box', [ADMIN_PASSWORD_VERSION_TAG]: '6' } }],
    ]);
  });

  it('runs VMAccessForLinux on Ubuntu, user and password both protected', async () => {
    const { action, calls } = fake({});
    await action.run(VM_ID, { ...PARAMS, osType: 'Linux' }, ctx);
    expect(calls[0]?.[4]).toMatchObject({
      publisher: 'Microsoft.OSTCExtensions',
      typePropertiesType: 'VMAccessForLinux',
      protectedSettings: { username: 'azureuser', password: 'N3w-Passw0rd!' },
    });
    expect(calls[0]?.[4]).not.toHaveProperty('settings');
  });

  it('waits (dependency, not terminal) when Azure refuses because the VM stopped meanwhile, and moves no tag', async () => {
    const refused = new RestError('Cannot modify extensions in the VM when the VM is not running.', { statusCode: 409, code: 'OperationNotAllowed' });
    const { action, calls } = fake({}, refused);
    const err = await action.run(VM_ID, PARAMS, ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AdapterError);
    expect(err).toMatchObject({ code: 'VirtualMachineNotRunning', kind: 'dependency' });
    expect(String((err as Error).message)).not.toContain(PARAMS.password);
    expect(calls).toEqual([]);
  });
});

describe('VM SSH key reset', () => {
  const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIC me@new-laptop';
  const SSH: SshKeyParams = { location: 'eastus', adminUsername: 'azureuser', sshPublicKey: KEY };

  it('is done when the VM carries the digest of the wanted key', async () => {
    expect((await fake({ [SSH_KEY_VERSION_TAG]: sshKeyVersion(KEY) }).sshKey.check(VM_ID, SSH, ctx)).done).toBe(true);
    expect((await fake({ [SSH_KEY_VERSION_TAG]: sshKeyVersion('ssh-ed25519 AAAAold me@old') }).sshKey.check(VM_ID, SSH, ctx)).done).toBe(false);
    expect((await fake({}).sshKey.check(VM_ID, SSH, ctx)).done).toBe(false);
  });

  it('runs VMAccessForLinux replacing the prior keys, then records the key version among the VM tags', async () => {
    const { sshKey, calls } = fake({ owner: 'ns/box', [ADMIN_PASSWORD_VERSION_TAG]: '5' });
    await sshKey.run(VM_ID, SSH, ctx);
    expect(calls).toEqual([
      [
        'extension',
        'rg',
        'box',
        VM_ACCESS_EXTENSION,
        {
          location: 'eastus',
          autoUpgradeMinorVersion: true,
          forceUpdateTag: sshKeyVersion(KEY),
          publisher: 'Microsoft.OSTCExtensions',
          typePropertiesType: 'VMAccessForLinux',
          typeHandlerVersion: '1.5',
          protectedSettings: { username: 'azureuser', ssh_key: KEY, remove_prior_keys: true },
        },
      ],
      ['update', 'rg', 'box', { tags: { owner: 'ns/box', [ADMIN_PASSWORD_VERSION_TAG]: '5', [SSH_KEY_VERSION_TAG]: sshKeyVersion(KEY) } }],
    ]);
  });

  it('versions a key by its content, ignoring surrounding whitespace', () => {
    expect(sshKeyVersion(`  ${KEY}\n`)).toBe(sshKeyVersion(KEY));
    expect(sshKeyVersion(KEY)).toMatch(/^[0-9a-f]{32}$/);
  });
});
