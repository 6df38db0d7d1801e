import type { TSchema } from '@sinclair/typebox';
import { STATUS_DEFAULT } from './common.ts';
import { CATEGORY, GROUP, KINDS, VERSION } from './constants.ts';
import type { KindName } from './constants.ts';
import { ImageBuildComputeSpecSchema, ImageBuildComputeStatusSchema } from './imagebuildcompute.ts';
import { JumpBoxSpecSchema, JumpBoxStatusSchema } from './jumpbox.ts';
import { SecureWorkspaceSpecSchema, SecureWorkspaceStatusSchema } from './secureworkspace.ts';

/** A JSON value as it appears in the CRD: plain objects, arrays and scalars. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface PrinterColumn {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  jsonPath: string;
  description: string;
  priority?: number;
}

export interface KindDefinition {
  name: KindName;
  description: string;
  spec: TSchema;
  status: TSchema;
  /** Columns between Reason and Age. */
  columns: PrinterColumn[];
}

export const KIND_DEFINITIONS: readonly KindDefinition[] = [
  {
    name: 'SecureWorkspace',
    description:
      'A secure Azure Machine Learning workspace: workspace, storage, key vault, container registry and ' +
      'Application Insights behind private endpoints and private DNS, in a customer VNet or a managed VNet.',
    spec: SecureWorkspaceSpecSchema,
    status: SecureWorkspaceStatusSchema,
    columns: [
      { name: 'Progress', type: 'string', jsonPath: '.status.progress', description: 'Azure resources in place / planned.' },
      { name: 'Mode', type: 'string', jsonPath: '.spec.network.mode', description: 'Network mode.' },
    ],
  },
  {
    name: 'ImageBuildCompute',
    description:
      'A CPU compute cluster inside a SecureWorkspace network that builds the workspace\'s Docker images ' +
      '(a registry behind a VNet cannot build images by itself).',
    spec: ImageBuildComputeSpecSchema,
    status: ImageBuildComputeStatusSchema,
    columns: [
      { name: 'Workspace', type: 'string', jsonPath: '.spec.workspaceRef.name', description: 'The SecureWorkspace.' },
      { name: 'Compute', type: 'string', jsonPath: '.spec.computeName', description: 'AmlCompute name.' },
    ],
  },
  {
    name: 'JumpBox',
    description: 'A VM without public IP, reached through Azure Bastion, for users to reach a private workspace.',
    spec: JumpBoxSpecSchema,
    status: JumpBoxStatusSchema,
    columns: [
      { name: 'IP', type: 'string', jsonPath: '.status.privateIp', description: 'Private IP of the VM.' },
      { name: 'Power', type: 'string', jsonPath: '.status.powerState', description: 'Power state of the VM.' },
    ],
  },
];

const READY = '.status.conditions[?(@.type=="Ready")]';

/**
 * A TypeBox schema as plain OpenAPI for a CRD: TypeBox's symbol-keyed metadata is dropped, keys are sorted (stable
 * output, as controller-gen does), and properties that have a default leave `required`, since the apiserver fills
 * them in before validation.
 */
export function toOpenApi(schema: TSchema, order: 'sorted' | 'declared' = 'sorted'): Json {
  return normalise(JSON.parse(JSON.stringify(schema)) as Json, order === 'sorted');
}

function normalise(node: Json, sort: boolean): Json {
  if (Array.isArray(node)) return node.map((n) => normalise(n, sort));
  if (node === null || typeof node !== 'object') return node;
  const out: JsonObject = {};
  const keys = Object.keys(node);
  for (const key of sort ? keys.sort() : keys) {
    const value = node[key] as Json;
    // `default`, `enum` and rule lists are data, not schemas: copy as they are.
    out[key] = key === 'default' || key === 'enum' || key === 'x-kubernetes-validations' ? value : normalise(value, sort);
  }
  const properties = out.properties as JsonObject | undefined;
  if (properties && Array.isArray(out.required)) {
    const required = out.required.filter((k) => {
      const property = properties[k as string] as JsonObject | undefined;
      return property !== undefined && !('default' in property);
    });
    if (required.length > 0) out.required = required;
    else delete out.required;
  }
  return out;
}

export function buildCrd(def: KindDefinition): JsonObject {
  const names = KINDS[def.name];
  const status = { ...(toOpenApi(def.status) as JsonObject), default: STATUS_DEFAULT };
  const columns: PrinterColumn[] = [
    { name: 'Ready', type: 'string', jsonPath: `${READY}.status`, description: 'Status of the Ready condition.' },
    { name: 'Reason', type: 'string', jsonPath: `${READY}.reason`, description: 'Reason of the Ready condition.' },
    ...def.columns,
    { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp', description: 'Time since creation.' },
    { name: 'Message', type: 'string', jsonPath: `${READY}.message`, description: 'Message of the Ready condition.', priority: 1 },
  ];
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${names.plural}.${GROUP}` },
    spec: {
      group: GROUP,
      names: {
        kind: names.kind,
        listKind: `${names.kind}List`,
        plural: names.plural,
        singular: names.singular,
        shortNames: [...names.shortNames],
        categories: [CATEGORY],
      },
      scope: 'Namespaced',
      versions: [
        {
          name: VERSION,
          served: true,
          storage: true,
          subresources: { status: {} },
          additionalPrinterColumns: columns.map((c) => ({ ...c }) as JsonObject),
          schema: {
            openAPIV3Schema: {
              description: def.description,
              type: 'object',
              required: ['spec'],
              properties: {
                apiVersion: {
                  description: 'Versioned schema of this representation of an object; secureml.io/v1alpha1.',
                  type: 'string',
                },
                kind: { description: `Kind of the object; ${names.kind}.`, type: 'string' },
                metadata: { type: 'object' },
                spec: toOpenApi(def.spec),
                status,
              },
            },
          },
        },
      ],
    },
  };
}

export function crdFileName(def: KindDefinition): string {
  return `${GROUP}_${KINDS[def.name].plural}.yaml`;
}
