/** API identity shared by the CRDs, the controllers and the tests (see docs/development.md "API identity"). */
export const GROUP = 'secureml.io';
export const VERSION = 'v1alpha1';
export const API_VERSION = `${GROUP}/${VERSION}` as const;
export const FINALIZER = 'secureml.io/finalizer';
export const FIELD_MANAGER = 'secureml-operator';

export const KINDS = {
  SecureWorkspace: { kind: 'SecureWorkspace', plural: 'secureworkspaces', singular: 'secureworkspace', shortNames: ['sws'] },
  ImageBuildCompute: { kind: 'ImageBuildCompute', plural: 'imagebuildcomputes', singular: 'imagebuildcompute', shortNames: ['ibc'] },
  JumpBox: { kind: 'JumpBox', plural: 'jumpboxes', singular: 'jumpbox', shortNames: ['jb'] },
} as const;

export type KindName = keyof typeof KINDS;

export const SECURE_WORKSPACE_KIND = KINDS.SecureWorkspace.kind;
export const SECURE_WORKSPACE_PLURAL = KINDS.SecureWorkspace.plural;
export const IMAGE_BUILD_COMPUTE_KIND = KINDS.ImageBuildCompute.kind;
export const IMAGE_BUILD_COMPUTE_PLURAL = KINDS.ImageBuildCompute.plural;
export const JUMP_BOX_KIND = KINDS.JumpBox.kind;
export const JUMP_BOX_PLURAL = KINDS.JumpBox.plural;

/** `kubectl get secureml` lists all three kinds. */
export const CATEGORY = 'secureml';

/** Docker's default bridge network: a VNet overlapping it breaks image builds on the compute (tutorial, seed 000). */
export const DOCKER_BRIDGE_CIDR = '172.17.0.0/16';
