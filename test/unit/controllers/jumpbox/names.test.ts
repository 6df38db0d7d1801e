import { describe, expect, it } from 'vitest';
import { bastionNames, jumpBoxNames } from '../../../../src/controllers/jumpbox/names.ts';

const id = (name: string, namespace = 'team-a') => ({ subscriptionId: 'sub', namespace, name });

describe('jumpBoxNames', () => {
  it('derives every name from the object, stable across calls', () => {
    const names = jumpBoxNames(id('dev-box'), 'Windows11');
    expect(names).toEqual(jumpBoxNames(id('dev-box'), 'Windows11'));
    expect(names.virtualMachine).toMatch(/^dev-box-[0-9a-f]{8}$/);
    expect(names.networkInterface).toBe(`${names.virtualMachine}-nic`);
    expect(names.autoShutdownSchedule).toBe(`shutdown-computevm-${names.virtualMachine}`);
    expect(names.computerName).toBe('dev-box');
  });

  it('differs between namespaces, so two teams can share a resource group', () => {
    expect(jumpBoxNames(id('box', 'a'), 'Windows11').virtualMachine).not.toBe(jumpBoxNames(id('box', 'b'), 'Windows11').virtualMachine);
  });

  it('keeps Windows computer names within 15 characters and never all digits', () => {
    expect(jumpBoxNames(id('a-very-long-jump-box-name'), 'Windows11').computerName).toBe('a-very-long-jum');
    expect(jumpBoxNames(id('a-very-long-jump-box-name'), 'Ubuntu2204').computerName).toBe('a-very-long-jump-box-name');
    expect(jumpBoxNames(id('2024'), 'Windows11').computerName).toBe('jb2024');
    expect(jumpBoxNames(id('abcdefghijklmn-x'), 'Windows11').computerName).toBe('abcdefghijklmn');
  });

  it('turns Kubernetes-only characters into hyphens and bounds the VM name', () => {
    const names = jumpBoxNames(id(`box.team.${'x'.repeat(240)}`), 'Ubuntu2204');
    expect(names.virtualMachine).toMatch(/^box-team-x+-[0-9a-f]{8}$/);
    expect(names.virtualMachine.length).toBeLessThanOrEqual(49);
  });
});

describe('bastionNames', () => {
  it('names the Bastion after its VNet (one per VNet) and its IP after the Bastion', () => {
    expect(bastionNames('mlprod-vnet')).toEqual({ bastion: 'mlprod-vnet-bastion', publicIp: 'mlprod-vnet-bastion-pip' });
  });
});
