import { describe, expect, it } from 'vitest';
import { applyJumpBoxDefaults } from '../../../../src/api/index.ts';
import { bastionNames, jumpBoxNames } from '../../../../src/controllers/jumpbox/names.ts';
import { KEYS, planJumpBox, virtualMachineIdOf } from '../../../../src/controllers/jumpbox/plan.ts';
import { appliedStatus } from '../../../../src/controllers/jumpbox/status.ts';
import type { JumpBoxTarget } from '../../../../src/controllers/jumpbox/target.ts';
import { createPlanGraph } from '../../../../src/plan/index.ts';
import type { ApplyResult, DestroyResult, NodeResult, NodeState, PlanGraph } from '../../../../src/plan/index.ts';
import { getCondition } from '../../../../src/runtime/index.ts';

const VNET = '/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v';
const TARGET: JumpBoxTarget = {
  subscriptionId: 'sub',
  resourceGroup: 'rg',
  location: 'eastus',
  subnetId: `${VNET}/subnets/Training`,
  vnetId: VNET,
  vnetName: 'v',
  bastionSubnetId: `${VNET}/subnets/AzureBastionSubnet`,
};
const NAMES = jumpBoxNames({ subscriptionId: 'sub', namespace: 'ns', name: 'box' }, 'Windows11');
const VM_ID = virtualMachineIdOf(TARGET, NAMES);
const SECRET = 'Pa55w.rd-value';
const plannedGraph = (power: { enforcePower: boolean; runningAfter: boolean }) =>
  createPlanGraph(
    planJumpBox({
      spec: applyJumpBoxDefaults({ workspaceRef: { name: 'ws' }, adminPasswordSecretRef: { name: 'pw' } }),
      names: NAMES,
      target: TARGET,
      password: { value: SECRET, version: '7' },
      bastion: { names: bastionNames('v'), foreign: false },
      ...power,
    }),
  );
const graph = plannedGraph({ enforcePower: true, runningAfter: true });

const OUTPUTS: Record<string, unknown> = {
  [KEYS.networkInterface]: { id: 'nic', name: 'nic', privateIp: '172.16.0.9' },
  [KEYS.powerState]: { powerState: 'deallocated' },
};

function result(states: Record<string, NodeState> = {}, extra: Partial<ApplyResult> = {}, g: PlanGraph = graph): ApplyResult {
  const nodes = new Map<string, NodeResult>();
  for (const key of g.order) {
    const node = g.nodes.get(key)!;
    const state = states[key] ?? 'Succeeded';
    nodes.set(key, {
      key, type: node.type, id: node.id, stage: node.stage, state,
      reason: state === 'Succeeded' ? 'UpToDate' : 'WaitingForVirtualMachine', message: key, operation: 'none', durationMs: 1,
      ...(state === 'Succeeded' && key in OUTPUTS ? { output: OUTPUTS[key] } : {}),
    });
  }
  const done = [...nodes.values()].filter((n) => n.state === 'Succeeded').length;
  return { ready: done === nodes.size, nodes, progress: { done, total: nodes.size }, writes: 0, aborted: false, ...extra };
}

const input = { previous: undefined, graph, generation: 2, vmId: VM_ID, bastionName: 'v-bastion', observedPowerState: undefined, now: new Date('2026-01-01T00:00:00Z') };

describe('JumpBox status', () => {
  it('is Ready with the private IP, the power state as the spec spells it, and the Bastion to use', () => {
    const status = appliedStatus({ ...input, result: result() });
    expect(status).toMatchObject({ observedGeneration: 2, vmId: VM_ID, privateIp: '172.16.0.9', powerState: 'Deallocated', bastionName: 'v-bastion' });
    expect(getCondition(status.conditions, 'Ready')).toMatchObject({ status: 'True', reason: 'Succeeded' });
    expect(getCondition(status.conditions, 'Ready')?.message).toContain("Bastion 'v-bastion'");
    expect(getCondition(status.conditions, 'VirtualMachineReady')?.status).toBe('True');
    expect(getCondition(status.conditions, 'BastionReady')?.status).toBe('True');
  });

  it('reports the power state read before the run when the run leaves it alone', () => {
    const untouched = plannedGraph({ enforcePower: false, runningAfter: false });
    expect(untouched.nodes.has(KEYS.powerState)).toBe(false);
    const status = appliedStatus({ ...input, graph: untouched, result: result({}, {}, untouched), observedPowerState: 'deallocated' });
    expect(status.powerState).toBe('Deallocated');
    expect(getCondition(status.conditions, 'Ready')?.status).toBe('True');
  });

  it('never carries the password', () => {
    expect(JSON.stringify(appliedStatus({ ...input, result: result() }))).not.toContain(SECRET);
  });

  it('is Reconciling while the VM is on its way, keeping the last known facts', () => {
    const r = result(
      { [KEYS.virtualMachine]: 'InProgress', [KEYS.adminPassword]: 'Waiting', [KEYS.powerState]: 'Waiting' },
      { waitingOn: { nodeKey: KEYS.virtualMachine, reason: 'WaitingForOperation', message: 'vm: creating' } },
    );
    const status = appliedStatus({ ...input, previous: { powerState: 'Running' }, result: r });
    expect(getCondition(status.conditions, 'Reconciling')).toMatchObject({ status: 'True', reason: 'WaitingForOperation' });
    expect(getCondition(status.conditions, 'VirtualMachineReady')?.status).toBe('False');
    expect(getCondition(status.conditions, 'BastionReady')?.status).toBe('True');
    expect(status.powerState).toBe('Running');
    expect(status.observedGeneration).toBeUndefined();
  });

  it('waits with Reconciling (not Ready) while a rotated password waits for the VM to run, VM otherwise ready', () => {
    const untouched = plannedGraph({ enforcePower: false, runningAfter: false });
    const pendingReset = { reason: 'PasswordResetPendingVmStopped', message: 'Secret changed while the VM is not running' };
    const status = appliedStatus({ ...input, graph: untouched, result: result({}, {}, untouched), observedPowerState: 'deallocated', pendingReset });
    expect(getCondition(status.conditions, 'Reconciling')).toMatchObject({ status: 'True', ...pendingReset });
    expect(getCondition(status.conditions, 'Ready')).toMatchObject({ status: 'False', reason: 'PasswordResetPendingVmStopped' });
    expect(getCondition(status.conditions, 'VirtualMachineReady')?.status).toBe('True');
    expect(status.powerState).toBe('Deallocated');
  });

  it('is not Ready until what the spec switched off is gone', () => {
    const cleanup: DestroyResult = {
      done: false,
      nodes: new Map(),
      waitingOn: { nodeKey: KEYS.bastion, reason: 'Deleting', message: 'bastion: deleting' },
      progress: { done: 0, total: 2 },
      writes: 1,
      aborted: false,
    };
    const status = appliedStatus({ ...input, result: result(), cleanup, bastionName: undefined });
    expect(getCondition(status.conditions, 'Reconciling')).toMatchObject({ status: 'True', reason: 'Removing' });
    expect(getCondition(status.conditions, 'Reconciling')?.message).toContain('bastion: deleting');
  });
});
