import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import type { V1ObjectMeta } from '@kubernetes/client-node';
import {
  ConditionsSchema,
  DEFAULT_VM_SIZE,
  DeletionPolicySchema,
  ObjectNameSchema,
  ObservedGenerationSchema,
  SUBNET_ID_RULE,
  VM_SIZE_PATTERN,
} from './common.ts';
import type { API_VERSION } from './constants.ts';
import { Defaulted, immutable, StringEnum, X_VALIDATIONS } from './schema-kit.ts';
import type { InputOf } from './schema-kit.ts';

export const JUMP_BOX_CONDITIONS = ['Ready', 'Reconciling', 'Stalled', 'VirtualMachineReady', 'BastionReady'] as const;

/** Admin user names Azure refuses for a VM ("Disallowed values" of osProfile.adminUsername in the Compute REST API). */
export const RESERVED_ADMIN_USERNAMES = [
  '1', '123', 'a', 'actuser', 'adm', 'admin', 'admin1', 'admin2', 'administrator', 'aspnet', 'backup', 'console',
  'david', 'guest', 'john', 'owner', 'root', 'server', 'sql', 'support', 'support_388945a0', 'sys', 'test', 'test1',
  'test2', 'test3', 'user', 'user1', 'user2', 'user3', 'user4', 'user5',
] as const;

const celList = (values: readonly string[]): string => `[${values.map((v) => `'${v}'`).join(', ')}]`;

export const JumpBoxSpecSchema = Type.Object(
  {
    workspaceRef: Type.Optional(
      Type.Object(
        { name: { ...ObjectNameSchema, description: 'Name of the SecureWorkspace in the same namespace.' } },
        {
          description:
            'The SecureWorkspace whose VNet hosts the VM (training subnet; Bastion in its bastion subnet). ' +
            'Exactly one of workspaceRef and subnetId.',
        },
      ),
    ),
    subnetId: Type.Optional(
      Type.String({
        description:
          'ARM id of an existing subnet for the VM, e.g. a hub VNet peered to a Managed-mode workspace. ' +
          'Exactly one of workspaceRef and subnetId.',
        maxLength: 1024,
        [X_VALIDATIONS]: [
          {
            rule: SUBNET_ID_RULE,
            message: 'subnetId must be an ARM subnet id: /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>',
          },
        ],
      }),
    ),
    vmSize: Defaulted(
      Type.String({ description: 'VM size, e.g. Standard_DS3_v2.', minLength: 3, maxLength: 64, pattern: VM_SIZE_PATTERN }),
      DEFAULT_VM_SIZE,
    ),
    os: Defaulted(
      StringEnum(['Windows11', 'Ubuntu2204'] as const, {
        description: 'Image of the VM: Windows 11 Enterprise or Ubuntu 22.04 LTS. Immutable: Azure cannot re-image in place.',
        [X_VALIDATIONS]: [immutable('os', 'changing the image needs a new VM; create a new JumpBox')],
      }),
      'Windows11',
    ),
    adminUsername: Defaulted(
      Type.String({
        description:
          'Administrator user of the VM. Letters, digits, underscores, hyphens and periods; at most 20 characters ' +
          'on Windows; Azure\'s reserved names (admin, administrator, root, guest, …) are refused. Immutable.',
        minLength: 1,
        maxLength: 64,
        pattern: '^[a-zA-Z_][a-zA-Z0-9_.-]*[a-zA-Z0-9_-]$|^[a-zA-Z_]$',
        [X_VALIDATIONS]: [
          {
            rule: `!(self.lowerAscii() in ${celList(RESERVED_ADMIN_USERNAMES)})`,
            message: `adminUsername must not be one of Azure's reserved names: ${RESERVED_ADMIN_USERNAMES.join(', ')}`,
          },
          immutable('adminUsername', 'Azure cannot change the admin user of an existing VM'),
        ],
      }),
      'azureuser',
    ),
    adminPasswordSecretRef: Type.Optional(
      Type.Object(
        {
          name: { ...ObjectNameSchema, description: 'Name of a Secret in the same namespace.' },
          key: Defaulted(
            Type.String({
              description: 'Key in the Secret whose value is the password.',
              minLength: 1,
              maxLength: 253,
              pattern: '^[-._a-zA-Z0-9]+$',
            }),
            'password',
          ),
        },
        {
          description:
            'Secret holding the admin password (required for Windows11). The password never appears in the ' +
            'JumpBox itself: there is no inline password field.',
        },
      ),
    ),
    sshPublicKey: Type.Optional(
      Type.String({
        description: 'OpenSSH public key of the admin user (Ubuntu2204 only), e.g. "ssh-ed25519 AAAA… me@host".',
        maxLength: 8192,
        pattern: '^(ssh-rsa|ssh-ed25519|ecdsa-sha2-nistp(256|384|521)) [A-Za-z0-9+/]+=*( .*)?$',
      }),
    ),
    bastion: Defaulted(
      Type.Object(
        {
          enabled: Defaulted(Type.Boolean({ description: 'Deploy an Azure Bastion host to reach the VM.' }), true),
          sku: Defaulted(
            StringEnum(['Basic', 'Standard'] as const, {
              description: 'Bastion tier; Standard adds native-client (az network bastion ssh/rdp) support.',
            }),
            'Standard',
          ),
        },
        { description: 'Azure Bastion, the only way in: the VM has no public IP.' },
      ),
      {},
    ),
    autoShutdown: Type.Optional(
      Type.Object(
        {
          time: Type.String({
            description: 'Daily shutdown time, 24-hour HH:MM, e.g. 19:00.',
            maxLength: 5,
            pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$',
          }),
          timeZone: Defaulted(
            Type.String({ description: 'Windows time zone id of time, e.g. UTC or W. Europe Standard Time.', minLength: 1, maxLength: 64 }),
            'UTC',
          ),
        },
        { description: 'Daily automatic shutdown (a DevTest Labs schedule on the VM).' },
      ),
    ),
    powerState: Defaulted(
      StringEnum(['Running', 'Deallocated'] as const, {
        description: 'Running, or Deallocated to stop paying for compute while keeping the disk.',
      }),
      'Running',
    ),
    deletionPolicy: DeletionPolicySchema,
  },
  {
    description: 'Desired state of a VM without public IP, reached through Azure Bastion, for users of a private workspace.',
    [X_VALIDATIONS]: [
      {
        rule: 'has(self.workspaceRef) != has(self.subnetId)',
        message: 'exactly one of workspaceRef and subnetId is required',
      },
      {
        rule: "self.os != 'Windows11' || has(self.adminPasswordSecretRef)",
        message: 'adminPasswordSecretRef is required for os Windows11',
      },
      {
        rule: "self.os != 'Windows11' || !has(self.sshPublicKey)",
        message: 'sshPublicKey is only supported for os Ubuntu2204; Windows11 uses adminPasswordSecretRef',
        fieldPath: '.sshPublicKey',
      },
      {
        rule: "self.os != 'Ubuntu2204' || has(self.adminPasswordSecretRef) || has(self.sshPublicKey)",
        message: 'os Ubuntu2204 needs adminPasswordSecretRef or sshPublicKey',
      },
      {
        rule: "self.os != 'Windows11' || size(self.adminUsername) <= 20",
        message: 'adminUsername must be at most 20 characters for os Windows11',
        fieldPath: '.adminUsername',
      },
    ],
  },
);

export const JumpBoxStatusSchema = Type.Object(
  {
    observedGeneration: Type.Optional(ObservedGenerationSchema),
    conditions: Type.Optional(ConditionsSchema),
    privateIp: Type.Optional(Type.String({ description: 'Private IP address of the VM.' })),
    bastionName: Type.Optional(Type.String({ description: 'Name of the Azure Bastion host to connect through.' })),
    powerState: Type.Optional(Type.String({ description: 'Power state of the VM as Azure last reported it.' })),
    vmId: Type.Optional(Type.String({ description: 'ARM id of the VM.' })),
  },
  { description: 'Observed state, written by the operator only (status subresource).' },
);

export type JumpBoxSpec = Static<typeof JumpBoxSpecSchema>;
/** A spec as a user may write it: fields with defaults may be omitted. */
export type JumpBoxSpecInput = InputOf<typeof JumpBoxSpecSchema>;
export type JumpBoxStatus = Static<typeof JumpBoxStatusSchema>;
export type JumpBoxConditionType = (typeof JUMP_BOX_CONDITIONS)[number];

export interface JumpBox {
  apiVersion: typeof API_VERSION;
  kind: 'JumpBox';
  metadata: V1ObjectMeta;
  spec: JumpBoxSpec;
  status?: JumpBoxStatus;
}
