// Where a JumpBox goes: the training subnet of its SecureWorkspace's VNet (seed 002 "Create a jump box"), or a
// subnet given by id (e.g. a hub VNet peered to a managed-network workspace). The VM, its NIC and the Bastion live
// in that VNet's resource group and region; the Bastion in the VNet's AzureBastionSubnet.
import type { VirtualNetwork } from '@azure/arm-network';
import type { JumpBoxSpec } from '../../api/index.ts';
import { parseResourceId, ResourceIdError } from '../../azure/index.ts';
import type { CacheReader } from '../../runtime/index.ts';
import { resolveWorkspace, WAITING_FOR_WORKSPACE } from '../shared/workspace-ref.ts';
import type { SecureWorkspace } from '../secureworkspace/index.ts';

export const BASTION_SUBNET = 'AzureBastionSubnet';

export interface JumpBoxTarget {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly location: string;
  readonly subnetId: string;
  readonly vnetId: string;
  readonly vnetName: string;
  /** The VNet's AzureBastionSubnet, when it has one. */
  readonly bastionSubnetId: string | undefined;
}

/**
 * Why there is no target yet. `stalled`: a human must change something (kstatus Stalled). `watched`: a watch
 * re-queues the JumpBox when it changes (a SecureWorkspace); otherwise the controller polls with backoff (Azure).
 */
export interface NoTarget {
  readonly reason: string;
  readonly message: string;
  readonly stalled: boolean;
  readonly watched: boolean;
}

export type TargetResolution = { readonly target: JumpBoxTarget } | { readonly blocked: NoTarget };

export interface TargetDeps {
  readonly workspaces: CacheReader<SecureWorkspace>;
  readonly subscriptionId: string;
  /** GET of a VNet; undefined when it does not exist. */
  getVirtualNetwork(id: string): Promise<VirtualNetwork | undefined>;
}

const stalled = (reason: string, message: string): TargetResolution => ({ blocked: { reason, message, stalled: true, watched: false } });

function vnetOf(subnetId: string): { vnetId: string; vnetName: string } {
  const vnetId = subnetId.slice(0, subnetId.toLowerCase().lastIndexOf('/subnets/'));
  return { vnetId, vnetName: vnetId.split('/').at(-1) ?? '' };
}

function needsBastionSubnet(spec: JumpBoxSpec, bastionSubnetId: string | undefined, where: string): TargetResolution | undefined {
  if (!spec.bastion.enabled || bastionSubnetId !== undefined) return undefined;
  return stalled(
    'BastionSubnetMissing',
    `${where} has no ${BASTION_SUBNET}, which Azure Bastion needs (a /26 or larger); add one, or set bastion.enabled: false`,
  );
}

export async function resolveTarget(spec: JumpBoxSpec, namespace: string, deps: TargetDeps): Promise<TargetResolution> {
  if (spec.workspaceRef) {
    const ws = resolveWorkspace(deps.workspaces, namespace, spec.workspaceRef.name);
    if (!ws.ready) return { blocked: { reason: WAITING_FOR_WORKSPACE, message: ws.message, stalled: false, watched: true } };
    const subnetId = ws.subnetIds['training'];
    if (subnetId === undefined || ws.vnetId === undefined) {
      return stalled(
        'NoWorkspaceSubnet',
        `SecureWorkspace '${ws.name}' has no VNet of its own (network mode ${ws.mode}); ` +
          'set subnetId to a subnet of a VNet that can reach the workspace instead of workspaceRef',
      );
    }
    return (
      needsBastionSubnet(spec, ws.subnetIds['bastion'], `SecureWorkspace '${ws.name}'`) ?? {
        target: {
          subscriptionId: deps.subscriptionId,
          resourceGroup: ws.resourceGroup,
          location: ws.location,
          subnetId,
          ...vnetOf(subnetId),
          bastionSubnetId: ws.subnetIds['bastion'],
        },
      }
    );
  }
  return resolveSubnetTarget(spec, spec.subnetId ?? '', deps);
}

async function resolveSubnetTarget(spec: JumpBoxSpec, subnetId: string, deps: TargetDeps): Promise<TargetResolution> {
  let parsed;
  try {
    parsed = parseResourceId(subnetId);
  } catch (err) {
    if (!(err instanceof ResourceIdError)) throw err;
    return stalled('InvalidSubnetId', err.message);
  }
  if (parsed.subscriptionId.toLowerCase() !== deps.subscriptionId.toLowerCase()) {
    return stalled(
      'SubnetInOtherSubscription',
      `subnet '${subnetId}' is in subscription ${parsed.subscriptionId}; the operator manages subscription ${deps.subscriptionId}`,
    );
  }
  const { vnetId, vnetName } = vnetOf(subnetId);
  const vnet = await deps.getVirtualNetwork(vnetId);
  const subnetName = subnetId.split('/').at(-1)?.toLowerCase();
  const subnets = vnet?.subnets ?? [];
  if (!vnet || !subnets.some((s) => s.name?.toLowerCase() === subnetName)) {
    return { blocked: { reason: 'WaitingForSubnet', message: `subnet '${subnetId}' does not exist (yet)`, stalled: false, watched: false } };
  }
  const bastion = subnets.find((s) => s.name?.toLowerCase() === BASTION_SUBNET.toLowerCase());
  const bastionSubnetId = bastion ? (bastion.id ?? `${vnetId}/subnets/${BASTION_SUBNET}`) : undefined;
  return (
    needsBastionSubnet(spec, bastionSubnetId, `VNet '${vnetId}'`) ?? {
      target: {
        subscriptionId: parsed.subscriptionId,
        resourceGroup: parsed.resourceGroup,
        location: vnet.location ?? '',
        subnetId,
        vnetId,
        vnetName,
        bastionSubnetId,
      },
    }
  );
}
