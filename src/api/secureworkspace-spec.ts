import { Type } from '@sinclair/typebox';
import {
  CIDR_MAX_LENGTH,
  disjointRule,
  insideRule,
  ipv4NetworkRules,
  maxPrefixLengthRule,
} from './cidr-rules.ts';
import { DeletionPolicySchema, SUBNET_ID_RULE } from './common.ts';
import { Defaulted, immutable, StringEnum, StringMap, X_VALIDATIONS } from './schema-kit.ts';
import { OutboundRuleSchema } from './outbound-rules.ts';

const RESOURCE_GROUP_PATTERN = '^[-\\w._()]*[-\\w_()]$';

const SubnetsSchema = Type.Object(
  {
    training: Type.String({
      description:
        'CIDR of the training subnet (compute clusters, the image-build compute, the private endpoints), ' +
        'e.g. 172.16.0.0/24. Immutable: Azure refuses to resize a subnet that has resources in it.',
      maxLength: CIDR_MAX_LENGTH,
      [X_VALIDATIONS]: [
        ...ipv4NetworkRules('network.subnets.training'),
        maxPrefixLengthRule('network.subnets.training', 29, "Azure's smallest subnet is a /29"),
        immutable('network.subnets.training', 'Azure refuses to resize a subnet that has resources in it'),
      ],
    }),
    scoring: Type.String({
      description: 'CIDR of the scoring subnet (inference), e.g. 172.16.1.0/24. Immutable, like training.',
      maxLength: CIDR_MAX_LENGTH,
      [X_VALIDATIONS]: [
        ...ipv4NetworkRules('network.subnets.scoring'),
        maxPrefixLengthRule('network.subnets.scoring', 29, "Azure's smallest subnet is a /29"),
        immutable('network.subnets.scoring', 'Azure refuses to resize a subnet that has resources in it'),
      ],
    }),
    bastion: Type.Optional(
      Type.String({
        description:
          'CIDR of AzureBastionSubnet, e.g. 172.16.2.0/26; needed by a JumpBox with Bastion in this VNet. ' +
          'Can be added later; cannot be changed once set.',
        maxLength: CIDR_MAX_LENGTH,
        [X_VALIDATIONS]: [
          ...ipv4NetworkRules('network.subnets.bastion'),
          maxPrefixLengthRule('network.subnets.bastion', 26, 'Azure Bastion needs an AzureBastionSubnet of /26 or larger'),
          immutable('network.subnets.bastion', 'Azure refuses to resize a subnet that has resources in it'),
        ],
      }),
    ),
  },
  {
    description: 'Subnets carved out of addressSpace (CustomerManaged mode only). They must not overlap.',
    [X_VALIDATIONS]: [
      disjointRule('training', 'scoring', 'network.subnets.training', 'network.subnets.scoring'),
      disjointRule('training', 'bastion', 'network.subnets.training', 'network.subnets.bastion'),
      disjointRule('scoring', 'bastion', 'network.subnets.scoring', 'network.subnets.bastion'),
    ],
  },
);

const NETWORK_MODES = ['CustomerManaged', 'Managed'] as const;
const ISOLATION_MODES = ['AllowInternetOutbound', 'AllowOnlyApprovedOutbound'] as const;

const NetworkSchema = Type.Object(
  {
    mode: Defaulted(
      StringEnum(NETWORK_MODES, {
        description:
          'CustomerManaged: the operator builds a VNet with the subnets below and puts every private endpoint ' +
          'in it. Managed: Azure Machine Learning runs a managed VNet (isolationMode, outboundRules) and no ' +
          'customer VNet is created. Immutable.',
        [X_VALIDATIONS]: [immutable('network.mode', 'a workspace cannot move between a customer VNet and a managed VNet')],
      }),
      'CustomerManaged',
    ),
    addressSpace: Type.Optional(
      Type.String({
        description:
          'Address space of the VNet (CustomerManaged mode), e.g. 172.16.0.0/16. Never 172.17.0.0/16 (Docker). Immutable.',
        maxLength: CIDR_MAX_LENGTH,
        [X_VALIDATIONS]: [
          ...ipv4NetworkRules('network.addressSpace'),
          immutable('network.addressSpace', 'the VNet address space is fixed once subnets are carved from it'),
        ],
      }),
    ),
    subnets: Type.Optional(SubnetsSchema),
    isolationMode: Type.Optional(
      StringEnum(ISOLATION_MODES, {
        description:
          'Managed mode only, and required there: AllowInternetOutbound, or AllowOnlyApprovedOutbound where ' +
          'only outboundRules (plus the rules Azure adds itself) may leave the managed VNet.',
      }),
    ),
    outboundRules: Type.Optional(
      Type.Array(OutboundRuleSchema, {
        description: 'Approved outbound destinations of the managed VNet (Managed + AllowOnlyApprovedOutbound only).',
        maxItems: 100,
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['name'],
      }),
    ),
    workspaceEndpointSubnetId: Type.Optional(
      Type.String({
        description:
          'Managed mode only, optional: ARM id of a subnet in a user VNet where the workspace\'s inbound private ' +
          'endpoint is created, so clients in that VNet (e.g. a JumpBox) reach the workspace privately.',
        maxLength: 1024,
        [X_VALIDATIONS]: [{ rule: SUBNET_ID_RULE, message: 'network.workspaceEndpointSubnetId must be an ARM subnet id: /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>' }],
      }),
    ),
  },
  {
    description: 'Network isolation of the workspace and its dependencies.',
    [X_VALIDATIONS]: [
      {
        rule: "self.mode != 'CustomerManaged' || (has(self.addressSpace) && has(self.subnets))",
        message: 'network.addressSpace and network.subnets (training, scoring) are required in CustomerManaged mode',
      },
      {
        rule: "self.mode != 'CustomerManaged' || (!has(self.isolationMode) && !has(self.outboundRules) && !has(self.workspaceEndpointSubnetId))",
        message: 'network.isolationMode, network.outboundRules and network.workspaceEndpointSubnetId apply only to Managed mode',
      },
      {
        rule: "self.mode != 'Managed' || (!has(self.addressSpace) && !has(self.subnets))",
        message: 'network.addressSpace and network.subnets must not be set in Managed mode: Azure owns the managed VNet',
      },
      {
        rule: "self.mode != 'Managed' || has(self.isolationMode)",
        message: 'network.isolationMode is required in Managed mode (AllowInternetOutbound or AllowOnlyApprovedOutbound)',
      },
      {
        rule: "!has(self.outboundRules) || (has(self.isolationMode) && self.isolationMode == 'AllowOnlyApprovedOutbound')",
        message: 'network.outboundRules are allowed only with isolationMode AllowOnlyApprovedOutbound',
        fieldPath: '.outboundRules',
      },
      {
        rule: '!has(oldSelf.addressSpace) || has(self.addressSpace)',
        message: 'network.addressSpace cannot be removed once set',
      },
      {
        rule: '!has(oldSelf.isolationMode) || has(self.isolationMode)',
        message: 'network.isolationMode cannot be removed once set',
      },
      insideRule('addressSpace', 'subnets.training', 'network.subnets.training', 'network.addressSpace'),
      insideRule('addressSpace', 'subnets.scoring', 'network.subnets.scoring', 'network.addressSpace'),
      insideRule('addressSpace', 'subnets.bastion', 'network.subnets.bastion', 'network.addressSpace'),
    ],
  },
);

const STORAGE_SKUS = ['Standard_LRS', 'Standard_ZRS', 'Standard_GRS', 'Standard_RAGRS', 'Premium_LRS'] as const;

const StorageSchema = Type.Object(
  {
    sku: Defaulted(StringEnum(STORAGE_SKUS, { description: 'Replication SKU of the storage account.' }), 'Standard_LRS'),
    extraPrivateEndpoints: Defaulted(
      Type.Array(StringEnum(['queue', 'table'] as const, { description: 'A storage sub-resource.' }), {
        description:
          'Storage sub-resources that get a private endpoint in addition to blob and file (always created).',
        maxItems: 2,
        'x-kubernetes-list-type': 'set',
      }),
      [],
    ),
  },
  { description: 'The workspace\'s default storage account (private endpoints for blob and file).' },
);

const KeyVaultSchema = Type.Object(
  {
    softDeleteRetentionDays: Defaulted(
      Type.Integer({
        description: 'Days a deleted vault stays recoverable (7–90). Immutable: Azure fixes it at vault creation.',
        minimum: 7,
        maximum: 90,
        [X_VALIDATIONS]: [immutable('keyVault.softDeleteRetentionDays', 'Azure sets it only when the vault is created')],
      }),
      90,
    ),
    purgeProtection: Defaulted(
      Type.Boolean({
        description:
          'Forbid purging a deleted vault before its retention ends. Once enabled it cannot be disabled (Azure ' +
          'refuses it); note that a purge-protected vault name stays taken for the retention period after deletion.',
      }),
      true,
    ),
  },
  {
    description: 'The workspace\'s key vault (private endpoint "vault").',
    [X_VALIDATIONS]: [
      {
        // The apiserver also checks this rule against the bare `{}` default, before nested defaults: hence has().
        rule: '!has(oldSelf.purgeProtection) || !oldSelf.purgeProtection || (has(self.purgeProtection) && self.purgeProtection)',
        message: 'keyVault.purgeProtection cannot be disabled once enabled: Azure refuses it',
        fieldPath: '.purgeProtection',
      },
    ],
  },
);

const ContainerRegistrySchema = Type.Object(
  {
    sku: Defaulted(
      Type.String({
        description: 'SKU of the registry. Must be Premium: only Premium registries support private endpoints.',
        maxLength: 32,
        [X_VALIDATIONS]: [
          {
            rule: "self == 'Premium'",
            message: 'containerRegistry.sku must be Premium: Azure Container Registry needs the Premium tier for private endpoints',
          },
        ],
      }),
      'Premium',
    ),
  },
  { description: 'The workspace\'s container registry (private endpoint "registry").' },
);

const WorkspacePropertiesSchema = Type.Object(
  {
    friendlyName: Type.Optional(Type.String({ description: 'Display name in Azure Machine Learning studio.', maxLength: 256 })),
    description: Type.Optional(Type.String({ description: 'Description of the workspace.', maxLength: 2048 })),
    publicNetworkAccess: Defaulted(
      StringEnum(['Disabled', 'Enabled'] as const, {
        description: 'Whether the workspace is reachable from the internet; Disabled keeps it private-endpoint only.',
      }),
      'Disabled',
    ),
  },
  { description: 'Properties of the Azure Machine Learning workspace itself.' },
);

const PrivateDnsSchema = Type.Object(
  {
    mode: Defaulted(
      StringEnum(['ZoneGroups', 'Records'] as const, {
        description:
          'ZoneGroups: attach private DNS zone groups to each private endpoint and let Azure write the A ' +
          'records. Records: the operator writes explicit A records (for hub zones managed elsewhere).',
      }),
      'ZoneGroups',
    ),
    zonesResourceGroup: Type.Optional(
      Type.String({
        description:
          'Resource group holding existing (bring-your-own, e.g. hub) privatelink zones. When set, the zones there ' +
          'are only used: never created nor deleted by the operator, whatever the mode. When unset, the zones ' +
          'are created in resourceGroup and linked to the VNet.',
        minLength: 1,
        maxLength: 90,
        pattern: RESOURCE_GROUP_PATTERN,
      }),
    ),
  },
  { description: 'How names of the private endpoints resolve (privatelink.* private DNS zones).' },
);

export const SecureWorkspaceSpecSchema = Type.Object(
  {
    location: Type.String({
      description: 'Azure region of every resource, e.g. eastus. Immutable.',
      minLength: 1,
      maxLength: 64,
      pattern: '^[a-z][a-z0-9]*$',
      [X_VALIDATIONS]: [immutable('location', 'Azure resources cannot move between regions')],
    }),
    resourceGroup: Type.String({
      description:
        'Resource group that holds the resources; created when missing. 1–90 letters, digits, ' +
        'underscores, hyphens, periods and parentheses, not ending in a period. Immutable.',
      minLength: 1,
      maxLength: 90,
      pattern: RESOURCE_GROUP_PATTERN,
      [X_VALIDATIONS]: [immutable('resourceGroup', 'the resources would be orphaned in the old group')],
    }),
    namePrefix: Type.String({
      description:
        'Prefix of every Azure resource name (2–10 lowercase letters and digits, starting with a letter; ' +
        'storage and registry names allow nothing else). Immutable.',
      minLength: 2,
      maxLength: 10,
      pattern: '^[a-z][a-z0-9]{1,9}$',
      [X_VALIDATIONS]: [immutable('namePrefix', 'Azure resource names are derived from it and cannot be renamed')],
    }),
    tags: Type.Optional(
      StringMap({
        description: 'Azure tags added to every resource the operator creates (at most 50, Azure\'s limit).',
        maxProperties: 50,
        valueMaxLength: 256,
      }),
    ),
    network: NetworkSchema,
    storage: Defaulted(StorageSchema, {}),
    keyVault: Defaulted(KeyVaultSchema, {}),
    containerRegistry: Defaulted(ContainerRegistrySchema, {}),
    workspace: Defaulted(WorkspacePropertiesSchema, {}),
    privateDns: Defaulted(PrivateDnsSchema, {}),
    deletionPolicy: DeletionPolicySchema,
  },
  { description: 'Desired state of the secure Azure Machine Learning workspace.' },
);
