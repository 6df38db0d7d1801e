// Typed builders for plan nodes backed by the ARM adapters: the adapter object fixes the node's type, its spec type
// and its output type, so `outputs.get(vnet).subnetIds` is checked at compile time.
//
//   const vnet = armResource(virtualNetworks, { key: 'vnet', id: vnetId, stage: 'Network', desired: { ... } });
//   const pe = armResource(privateEndpoints, {
//     key: 'pe-blob', id: peId, stage: 'PrivateEndpoints', dependsOn: [vnet, storage],
//     desired: (o) => ({ location, subnetId: o.get(vnet).subnetIds.training!, privateLinkServiceId: o.get(storage).id, groupIds: ['blob'] }),
//   });
//   const hub = armExternal(privateDnsZones, { key: 'zone-blob', id: hubZoneId, stage: 'PrivateDns' });
import type { ActionNode, NodeOutputs, NodeRef, ResourceNode } from '../plan/index.ts';
import type { ArmActionAdapter, ArmResourceAdapter } from './adapters/define.ts';

export interface ArmNodeInit {
  readonly key: string;
  readonly id: string;
  readonly stage: string;
  /** Nodes (or keys) that must have Succeeded first; their outputs become readable. */
  readonly dependsOn?: readonly (NodeRef | string)[];
  /** Default 'WaitingFor' + the adapter's noun, e.g. WaitingForPrivateEndpoint. */
  readonly waitReason?: string;
}

const keys = (deps: readonly (NodeRef | string)[] | undefined): string[] =>
  (deps ?? []).map((d) => (typeof d === 'string' ? d : d.key));

/** The ARM type of an adapter key ('Microsoft.MachineLearningServices/workspaces@2024-04-01' → without '@…'). */
const armType = (adapterKey: string): string => adapterKey.split('@')[0] ?? adapterKey;

function base(adapter: { key: string; noun: string }, init: ArmNodeInit) {
  return {
    key: init.key,
    id: init.id,
    stage: init.stage,
    dependsOn: keys(init.dependsOn),
    waitReason: init.waitReason ?? `WaitingFor${adapter.noun}`,
  };
}

/** A resource the operator creates, updates and deletes. `desired` may be a value or a function of outputs. */
export function armResource<Spec, Output>(
  adapter: ArmResourceAdapter<Spec, unknown, Output>,
  init: ArmNodeInit & { readonly desired: Spec | ((outputs: NodeOutputs) => Spec) },
): ResourceNode<Spec, Output> {
  const desired = init.desired;
  return {
    kind: 'resource',
    ...base(adapter, init),
    type: armType(adapter.key),
    ...(armType(adapter.key) === adapter.key ? {} : { adapter: adapter.key }),
    ownership: 'managed',
    desired: typeof desired === 'function' ? (desired as (outputs: NodeOutputs) => Spec) : () => desired,
  };
}

/** A resource someone else owns (BYO VNet, hub DNS zone): observed and referenced, never written or deleted. */
export function armExternal<Output>(adapter: ArmResourceAdapter<never, unknown, Output>, init: ArmNodeInit): ResourceNode<never, Output> {
  return {
    kind: 'resource',
    ...base(adapter, init),
    type: armType(adapter.key),
    ...(armType(adapter.key) === adapter.key ? {} : { adapter: adapter.key }),
    ownership: 'external',
    desired: () => {
      throw new Error(`external node '${init.key}' has no desired state`);
    },
  };
}

/** A POST action on `id` (VM start/deallocate, provisionManagedNetwork), skipped when its effect already holds. */
export function armAction<Params, Output>(
  adapter: ArmActionAdapter<Params, Output>,
  init: ArmNodeInit & { readonly params: Params | ((outputs: NodeOutputs) => Params) },
): ActionNode<Params, Output> {
  const params = init.params;
  return {
    kind: 'action',
    ...base(adapter, init),
    type: adapter.key,
    params: typeof params === 'function' ? (params as (outputs: NodeOutputs) => Params) : () => params,
  };
}
