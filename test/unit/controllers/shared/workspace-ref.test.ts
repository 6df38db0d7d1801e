import { describe, expect, it } from 'vitest';
import { resolveWorkspace } from '../../../../src/controllers/shared/workspace-ref.ts';
import type { SecureWorkspace } from '../../../../src/controllers/secureworkspace/index.ts';
import type { CacheReader } from '../../../../src/runtime/index.ts';

const WS_ID = '/subscriptions/s/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/w';

function cache(...objects: SecureWorkspace[]): CacheReader<SecureWorkspace> {
  return {
    get: (ns, name) => objects.find((o) => o.metadata.namespace === ns && o.metadata.name === name),
    list: () => objects,
    byIndex: () => [],
    hasSynced: () => true,
  };
}

function workspace(overrides: { ready?: 'True' | 'False'; generation?: number; readyFor?: number; deleting?: boolean; id?: string } = {}): SecureWorkspace {
  const generation = overrides.generation ?? 2;
  return {
    metadata: {
      name: 'ws',
      namespace: 'ns',
      generation,
      ...(overrides.deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}),
    },
    spec: {
      location: 'eastus',
      resourceGroup: 'rg-ml',
      namePrefix: 'ml',
      network: { mode: 'CustomerManaged', addressSpace: '172.16.0.0/16', subnets: { training: '172.16.0.0/24', scoring: '172.16.1.0/24' } },
    } as SecureWorkspace['spec'],
    status: {
      conditions: [
        {
          type: 'Ready',
          status: overrides.ready ?? 'True',
          reason: overrides.ready === 'False' ? 'WaitingForPrivateEndpoint' : 'Succeeded',
          message: 'm',
          lastTransitionTime: '2026-01-01T00:00:00Z',
          observedGeneration: overrides.readyFor ?? generation,
        },
      ],
      workspace: overrides.id === '' ? {} : { id: overrides.id ?? WS_ID },
      network: { vnetId: 'vnet', subnetIds: { training: 'training-id', scoring: 'scoring-id' } },
    },
  };
}

describe('resolveWorkspace', () => {
  it('waits for a workspace that does not exist, with its name and namespace', () => {
    const ref = resolveWorkspace(cache(), 'ns', 'ws');
    expect(ref).toEqual({ ready: false, message: "SecureWorkspace 'ws' does not exist in namespace 'ns'" });
  });

  it('waits for a workspace that is not Ready, quoting why', () => {
    const ref = resolveWorkspace(cache(workspace({ ready: 'False' })), 'ns', 'ws');
    expect(ref.ready).toBe(false);
    expect(!ref.ready && ref.message).toContain('WaitingForPrivateEndpoint');
  });

  it('waits while Ready describes an older generation (a spec change not yet applied)', () => {
    expect(resolveWorkspace(cache(workspace({ generation: 3, readyFor: 2 })), 'ns', 'ws').ready).toBe(false);
  });

  it('waits for a workspace being deleted, or without a workspace id yet', () => {
    expect(resolveWorkspace(cache(workspace({ deleting: true })), 'ns', 'ws').ready).toBe(false);
    expect(resolveWorkspace(cache(workspace({ id: '' })), 'ns', 'ws').ready).toBe(false);
  });

  it('gives the facts dependants build on once Ready', () => {
    expect(resolveWorkspace(cache(workspace()), 'ns', 'ws')).toEqual({
      ready: true,
      name: 'ws',
      location: 'eastus',
      resourceGroup: 'rg-ml',
      mode: 'CustomerManaged',
      workspaceId: WS_ID,
      vnetId: 'vnet',
      subnetIds: { training: 'training-id', scoring: 'scoring-id' },
    });
  });
});
