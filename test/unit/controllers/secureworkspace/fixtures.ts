// Specs and plan inputs shared by the SecureWorkspace unit tests.
import { applySecureWorkspaceDefaults } from '../../../../src/api/index.ts';
import type { SecureWorkspaceSpec, SecureWorkspaceSpecInput } from '../../../../src/api/index.ts';
import type { PlanInput } from '../../../../src/controllers/secureworkspace/plan.ts';
import type { NodeOutputs, NodeRef, PlanNode, ResourceNode } from '../../../../src/plan/index.ts';

export const SUBSCRIPTION = '11111111-2222-3333-4444-555555555555';
export const TENANT = '99999999-8888-7777-6666-555555555555';
export const IDENTITY = { subscriptionId: SUBSCRIPTION, namespace: 'team-a', name: 'ml-secure' } as const;

/** The tutorial's CustomerManaged spec (config/samples/secureworkspace-customer-managed.yaml). */
export function customerSpec(overrides: Partial<SecureWorkspaceSpecInput> = {}): SecureWorkspaceSpec {
  return applySecureWorkspaceDefaults({
    location: 'eastus',
    resourceGroup: 'rg-ml',
    namePrefix: 'mlsecure',
    network: {
      mode: 'CustomerManaged',
      addressSpace: '172.16.0.0/16',
      subnets: { training: '172.16.0.0/24', scoring: '172.16.1.0/24', bastion: '172.16.2.0/26' },
    },
    ...overrides,
  });
}

export function managedSpec(network: Partial<SecureWorkspaceSpecInput['network']> = {}): SecureWorkspaceSpec {
  return applySecureWorkspaceDefaults({
    location: 'eastus',
    resourceGroup: 'rg-managed',
    namePrefix: 'mlmanaged',
    network: { mode: 'Managed', isolationMode: 'AllowOnlyApprovedOutbound', ...network },
  });
}

export function input(spec: SecureWorkspaceSpec, known?: PlanInput['known']): PlanInput {
  return { spec, identity: IDENTITY, tenantId: TENANT, ...(known ? { known } : {}) };
}

export function byKey(nodes: readonly PlanNode[]): Map<string, PlanNode> {
  return new Map(nodes.map((n) => [n.key, n]));
}

/** A node by key; its spec is left untyped so tests can reach into whichever adapter spec it builds. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function resource(nodes: readonly PlanNode[], key: string): ResourceNode<any> {
  const node = byKey(nodes).get(key);
  if (node?.kind !== 'resource') throw new Error(`no resource node '${key}'`);
  return node;
}

/** Outputs as the executor hands them to `desired`, from a plain key → output table. */
export function outputs(table: Record<string, unknown>): NodeOutputs {
  return {
    get<Output>(dep: NodeRef<Output> | string): Output {
      const key = typeof dep === 'string' ? dep : dep.key;
      if (!(key in table)) throw new Error(`test gave no output for '${key}'`);
      return table[key] as Output;
    },
  };
}
