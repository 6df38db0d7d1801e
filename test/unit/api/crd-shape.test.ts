import { describe, expect, it } from 'vitest';
import { buildCrd, KIND_DEFINITIONS } from '../../../src/api/crds.ts';
import type { Json } from '../../../src/api/crds.ts';

type Node = { [key: string]: Json };

interface Visit {
  path: string;
  node: Node;
}

/** Every schema node under `node`, with a readable path. */
function walk(path: string, node: Node): Visit[] {
  const out: Visit[] = [{ path, node }];
  for (const [key, child] of Object.entries((node.properties as Record<string, Node> | undefined) ?? {})) {
    out.push(...walk(`${path}.${key}`, child));
  }
  if (node.items) out.push(...walk(`${path}[]`, node.items as Node));
  if (node.additionalProperties && typeof node.additionalProperties === 'object') {
    out.push(...walk(`${path}{}`, node.additionalProperties as Node));
  }
  return out;
}

function rootSchema(crd: Node): Node {
  const spec = crd.spec as Node;
  const version = (spec.versions as Node[])[0] as Node;
  return ((version.schema as Node).openAPIV3Schema as Node);
}

function at(schema: Node, path: string): Node {
  return path.split('.').reduce<Node>((node, key) => (node.properties as Record<string, Node>)[key] as Node, schema);
}

for (const def of KIND_DEFINITIONS) {
  describe(`${def.name} CRD`, () => {
    const crd = buildCrd(def);
    const schema = rootSchema(crd);
    const nodes = walk('', schema).filter((v) => v.path !== '' && v.path !== '.metadata');

    it('describes every property (kubectl explain has something to say)', () => {
      const undocumented = nodes
        .filter((v) => !v.path.endsWith('{}'))
        .filter((v) => typeof v.node.description !== 'string' || v.node.description.length < 10)
        .map((v) => v.path);
      expect(undocumented).toEqual([]);
    });

    it('is structural: every node typed, no anyOf/oneOf/allOf/patternProperties, no additionalProperties: false', () => {
      const bad = nodes.filter(
        (v) =>
          typeof v.node.type !== 'string' ||
          ['anyOf', 'oneOf', 'allOf', 'not', 'patternProperties', '$ref', '$id'].some((k) => k in v.node) ||
          v.node.additionalProperties === false,
      );
      expect(bad.map((v) => v.path)).toEqual([]);
    });

    it('bounds every spec string and list, so CEL cost estimation passes', () => {
      const unbounded = nodes
        .filter((v) => v.path.startsWith('.spec'))
        .filter(
          (v) =>
            (v.node.type === 'string' && v.node.maxLength === undefined && v.node.enum === undefined) ||
            (v.node.type === 'array' && v.node.maxItems === undefined) ||
            (v.node.type === 'object' && v.node.additionalProperties !== undefined && v.node.maxProperties === undefined),
        )
        .map((v) => v.path);
      expect(unbounded).toEqual([]);
    });

    it('gives every CEL rule a message and never requires a defaulted field', () => {
      for (const { path, node } of nodes) {
        for (const rule of (node['x-kubernetes-validations'] as Node[] | undefined) ?? []) {
          expect(typeof rule.message === 'string' && rule.message.length > 10, `${path}: ${String(rule.rule)}`).toBe(true);
        }
        const required = (node.required as string[] | undefined) ?? [];
        for (const key of required) {
          const property = (node.properties as Record<string, Node>)[key] as Node;
          expect('default' in property, `${path}.${key} is required and defaulted`).toBe(false);
        }
      }
    });

    it('defaults status to observedGeneration -1 and keeps conditions as a map keyed by type', () => {
      const status = at(schema, 'status');
      expect(status.default).toEqual({ observedGeneration: -1 });
      expect(at(status, 'observedGeneration')).toMatchObject({ type: 'integer', format: 'int64' });
      const conditions = at(status, 'conditions');
      expect(conditions['x-kubernetes-list-type']).toBe('map');
      expect(conditions['x-kubernetes-list-map-keys']).toEqual(['type']);
      expect((conditions.items as Node).required).toEqual(['type', 'status', 'lastTransitionTime', 'reason', 'message']);
    });

    it('has deletionPolicy Delete | Retain defaulting to Delete, a status subresource and Ready/Reason/Age/Message columns', () => {
      expect(at(schema, 'spec.deletionPolicy')).toMatchObject({ enum: ['Delete', 'Retain'], default: 'Delete' });
      const version = ((crd.spec as Node).versions as Node[])[0] as Node;
      expect(version.subresources).toEqual({ status: {} });
      const columns = (version.additionalPrinterColumns as Node[]).map((c) => c.name);
      expect(columns.slice(0, 2)).toEqual(['Ready', 'Reason']);
      expect(columns.slice(-2)).toEqual(['Age', 'Message']);
      expect((version.additionalPrinterColumns as Node[]).at(-1)?.priority).toBe(1);
    });
  });
}

describe('defaults in the CRDs', () => {
  const schemas = Object.fromEntries(KIND_DEFINITIONS.map((d) => [d.name, rootSchema(buildCrd(d))]));
  const cases: Array<[string, string, Json]> = [
    ['SecureWorkspace', 'spec.network.mode', 'CustomerManaged'],
    ['SecureWorkspace', 'spec.storage.sku', 'Standard_LRS'],
    ['SecureWorkspace', 'spec.storage.extraPrivateEndpoints', []],
    ['SecureWorkspace', 'spec.keyVault.softDeleteRetentionDays', 90],
    ['SecureWorkspace', 'spec.keyVault.purgeProtection', true],
    ['SecureWorkspace', 'spec.containerRegistry.sku', 'Premium'],
    ['SecureWorkspace', 'spec.workspace.publicNetworkAccess', 'Disabled'],
    ['SecureWorkspace', 'spec.privateDns.mode', 'ZoneGroups'],
    ['SecureWorkspace', 'spec.keyVault', {}],
    ['ImageBuildCompute', 'spec.vmSize', 'Standard_DS3_v2'],
    ['ImageBuildCompute', 'spec.minNodes', 0],
    ['ImageBuildCompute', 'spec.maxNodes', 2],
    ['ImageBuildCompute', 'spec.idleTimeBeforeScaleDown', 'PT120S'],
    ['ImageBuildCompute', 'spec.subnet', 'training'],
    ['ImageBuildCompute', 'spec.vmPriority', 'Dedicated'],
    ['ImageBuildCompute', 'spec.nodePublicIp', false],
    ['JumpBox', 'spec.vmSize', 'Standard_DS3_v2'],
    ['JumpBox', 'spec.os', 'Windows11'],
    ['JumpBox', 'spec.adminUsername', 'azureuser'],
    ['JumpBox', 'spec.adminPasswordSecretRef.key', 'password'],
    ['JumpBox', 'spec.bastion', {}],
    ['JumpBox', 'spec.bastion.enabled', true],
    ['JumpBox', 'spec.bastion.sku', 'Standard'],
    ['JumpBox', 'spec.autoShutdown.timeZone', 'UTC'],
    ['JumpBox', 'spec.powerState', 'Running'],
  ];
  it.each(cases)('%s %s defaults to %j', (kind, path, expected) => {
    expect(at(schemas[kind] as Node, path).default).toEqual(expected);
  });

  it.each([
    ['SecureWorkspace', 'spec', ['location', 'resourceGroup', 'namePrefix', 'network']],
    ['ImageBuildCompute', 'spec', ['workspaceRef', 'computeName']],
    ['JumpBox', 'spec', undefined],
  ])('%s requires exactly %j in %s', (kind, path, required) => {
    expect(at(schemas[kind] as Node, path).required).toEqual(required);
  });
});
