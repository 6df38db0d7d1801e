// A JumpBox's status from an executor run: VirtualMachineReady / BastionReady plus the kstatus trio, the VM's
// private IP and power state, and the Bastion to connect through. Never anything about the password.
import type { JumpBoxStatus } from '../../api/index.ts';
import type { NetworkInterfaceOutput, PowerStateOutput } from '../../azure/index.ts';
import type { ApplyResult, DestroyResult, PlanGraph } from '../../plan/index.ts';
import { markReady, markReconciling, markStalled } from '../../runtime/index.ts';
import { conditionReason, markApplied, stageConditions } from '../shared/conditions.ts';
import { KEYS, STAGE_CONDITIONS } from './plan.ts';
import type { PendingReset } from './plan.ts';

export interface StatusInput {
  readonly previous: JumpBoxStatus | undefined;
  readonly graph: PlanGraph;
  readonly result: ApplyResult;
  /** Removal of what the spec no longer asks for (a Bastion or schedule switched off), when there was any. */
  readonly cleanup?: DestroyResult;
  readonly generation: number;
  readonly vmId: string;
  /** The Bastion to connect through; undefined when bastion.enabled is false. */
  readonly bastionName: string | undefined;
  /** Power state read before the run ('running', …), for runs that leave it as it is. */
  readonly observedPowerState: string | undefined;
  /** A credential the plan could not apply yet (VM stopped): Reconciling with its reason instead of Ready. */
  readonly pendingReset?: PendingReset;
  readonly now?: Date;
}

function outputOf<T>(result: ApplyResult, key: string): T | undefined {
  const r = result.nodes.get(key);
  return r?.state === 'Succeeded' ? (r.output as T | undefined) : undefined;
}

/** Azure's 'deallocated' → 'Deallocated', the spelling of spec.powerState. */
const powerLabel = (state: string): string => state.charAt(0).toUpperCase() + state.slice(1);

export function appliedStatus(input: StatusInput): JumpBoxStatus {
  const { previous, graph, result, cleanup, generation, now } = input;
  const privateIp = outputOf<NetworkInterfaceOutput>(result, KEYS.networkInterface)?.privateIp ?? previous?.privateIp;
  const power = outputOf<PowerStateOutput>(result, KEYS.powerState)?.powerState ?? input.observedPowerState;
  const powerState = power === undefined ? previous?.powerState : powerLabel(power);
  const status: JumpBoxStatus = {
    ...(previous?.observedGeneration === undefined ? {} : { observedGeneration: previous.observedGeneration }),
    conditions: stageConditions(previous?.conditions, graph, result, STAGE_CONDITIONS, generation, now),
    vmId: input.vmId,
    ...(privateIp === undefined ? {} : { privateIp }),
    ...(powerState === undefined ? {} : { powerState }),
    ...(input.bastionName === undefined ? {} : { bastionName: input.bastionName }),
  };
  if (!result.ready) return markApplied(status, result, generation, now);
  if (cleanup && !cleanup.done) {
    const s = cleanup.stalled;
    if (s) return markStalled(status, generation, conditionReason(s.code), `removing what the spec no longer asks for: ${s.nodeKey}: ${s.message}`, now);
    return markReconciling(status, generation, 'Removing', `removing what the spec no longer asks for: ${cleanup.waitingOn?.message ?? 'in progress'}`, now);
  }
  if (input.pendingReset) return markReconciling(status, generation, input.pendingReset.reason, input.pendingReset.message, now);
  const vm = input.vmId.split('/').at(-1) ?? input.vmId;
  const via = input.bastionName === undefined ? 'no Bastion (bastion.enabled: false)' : `connect through Bastion '${input.bastionName}'`;
  return markReady(status, generation, 'Succeeded', `VM '${vm}' (${privateIp ?? 'no IP'}) is ${powerState ?? 'up'}; ${via}`, now);
}
