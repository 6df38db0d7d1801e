/** One row of the admission corpus: a valid base object of `kind`, changed by a JSON merge patch (null deletes). */
export interface RejectedCase {
  name: string;
  patch: Patch;
  /** Fragments the apiserver's error must contain: the field path it reports and the reason. */
  expect: string[];
}

export interface AcceptedCase {
  name: string;
  patch: Patch;
}

export type Patch = { [key: string]: unknown };

export type Manifest = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  spec?: unknown;
  [key: string]: unknown;
};

/** RFC 7386 JSON merge patch: objects merge recursively, null removes, anything else replaces. */
export function mergePatch<T>(target: T, patch: unknown): T {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch as T;
  const base: Record<string, unknown> =
    target !== null && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete base[key];
    else base[key] = mergePatch(base[key], value);
  }
  return base as T;
}
