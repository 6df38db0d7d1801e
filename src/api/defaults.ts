import { Value } from '@sinclair/typebox/value';
import type { TSchema, Static } from '@sinclair/typebox';
import { ImageBuildComputeSpecSchema } from './imagebuildcompute.ts';
import type { ImageBuildComputeSpec, ImageBuildComputeSpecInput } from './imagebuildcompute.ts';
import { JumpBoxSpecSchema } from './jumpbox.ts';
import type { JumpBoxSpec, JumpBoxSpecInput } from './jumpbox.ts';
import { SecureWorkspaceSpecSchema } from './secureworkspace-spec.ts';
import type { SecureWorkspaceSpec, SecureWorkspaceSpecInput } from './secureworkspace.ts';

/**
 * The schema defaults, applied the way the apiserver applies them: a missing field with a default gets it, and
 * nested defaults apply inside objects that exist or were just defaulted. The apiserver already does this on
 * write and on read, so these matter for objects that bypass it (tests, fixtures) and keep controllers honest
 * if a default is added later. The input is not modified.
 */
function withDefaults<T extends TSchema>(schema: T, spec: unknown): Static<T> {
  return Value.Default(schema, structuredClone(spec)) as Static<T>;
}

export function applySecureWorkspaceDefaults(spec: SecureWorkspaceSpecInput): SecureWorkspaceSpec {
  return withDefaults(SecureWorkspaceSpecSchema, spec);
}

export function applyImageBuildComputeDefaults(spec: ImageBuildComputeSpecInput): ImageBuildComputeSpec {
  return withDefaults(ImageBuildComputeSpecSchema, spec);
}

export function applyJumpBoxDefaults(spec: JumpBoxSpecInput): JumpBoxSpec {
  return withDefaults(JumpBoxSpecSchema, spec);
}
