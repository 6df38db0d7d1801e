// An ImageBuildCompute's status from an executor run: ComputeReady / WorkspaceUpdated plus the kstatus trio, the
// compute's id and its provisioningState.
import type { ImageBuildComputeStatus } from '../../api/index.ts';
import type { ApplyResult, PlanGraph } from '../../plan/index.ts';
import { markReady, setCondition } from '../../runtime/index.ts';
import { markApplied, stageConditions } from '../shared/conditions.ts';
import type { ReadyWorkspace } from '../shared/workspace-ref.ts';
import { STAGE_CONDITIONS } from './plan.ts';

/**
 * Seed 003: a cluster without public IPs still needs a way out to build images (base images from
 * mcr.microsoft.com, packages from PyPI and Conda). The operator cannot see a firewall or NAT outside the VNet, so
 * it says so instead of letting builds fail later without a hint.
 */
export const OUTBOUND_NOTE =
  'Nodes have no public IP (nodePublicIp: false): image builds need an outbound route to the internet ' +
  '(a NAT gateway or a firewall through a user-defined route on the subnet) to pull from mcr.microsoft.com, ' +
  'PyPI and Conda; see docs/imagebuildcompute.md.';

/**
 * A managed VNet that only lets approved destinations out: Azure Machine Learning adds the rules it needs itself
 * (its services, Microsoft Container Registry), but package feeds are the user's outbound rules to add.
 */
export const MANAGED_OUTBOUND_NOTE =
  "The compute runs in the workspace's managed VNet (isolationMode: AllowOnlyApprovedOutbound): image builds that " +
  'install packages need FQDN outbound rules on the SecureWorkspace for their feeds (e.g. pypi.org, ' +
  'files.pythonhosted.org, conda.anaconda.org); see docs/imagebuildcompute.md.';

/** What the Ready message must tell about the way out of the network, if anything. */
export function outboundNote(ws: Pick<ReadyWorkspace, 'mode' | 'isolationMode'>, nodePublicIp: boolean): string | undefined {
  if (ws.mode === 'Managed') return ws.isolationMode === 'AllowOnlyApprovedOutbound' ? MANAGED_OUTBOUND_NOTE : undefined;
  return nodePublicIp ? undefined : OUTBOUND_NOTE;
}

export interface StatusInput {
  readonly previous: ImageBuildComputeStatus | undefined;
  readonly graph: PlanGraph;
  readonly result: ApplyResult;
  readonly generation: number;
  readonly computeName: string;
  readonly computeId: string;
  /** Appended to the Ready and ComputeReady messages (see outboundNote). */
  readonly outboundNote: string | undefined;
  /** As Azure last reported it; undefined keeps the previous value. */
  readonly provisioningState: string | undefined;
  readonly now?: Date;
}

export function appliedStatus(input: StatusInput): ImageBuildComputeStatus {
  const { previous, graph, result, generation, now } = input;
  const note = input.outboundNote === undefined ? '' : ` ${input.outboundNote}`;
  let conditions = stageConditions(previous?.conditions, graph, result, STAGE_CONDITIONS, generation, now);
  const provisioningState = input.provisioningState ?? previous?.provisioningState;
  const base: ImageBuildComputeStatus = {
    ...(previous?.observedGeneration === undefined ? {} : { observedGeneration: previous.observedGeneration }),
    conditions,
    computeId: input.computeId,
    ...(provisioningState === undefined ? {} : { provisioningState }),
  };
  if (!result.ready) return markApplied(base, result, generation, now);
  conditions = setCondition(
    conditions,
    { type: STAGE_CONDITIONS.Compute, status: 'True', reason: 'Succeeded', message: `compute '${input.computeName}' is ready.${note}`, observedGeneration: generation },
    now,
  );
  const message = `the workspace builds its images on compute '${input.computeName}'.${note}`;
  return markReady({ ...base, conditions }, generation, 'Succeeded', message, now);
}
