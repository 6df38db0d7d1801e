// One workspace has one image-build compute (a single `imageBuildCompute` property). When several
// ImageBuildComputes name the same SecureWorkspace, the oldest holds it and the others are refused, so two objects
// never take turns overwriting the property at every resync.
import type { KubeObject } from '../../runtime/index.ts';

/** The claimant that holds the workspace: the earliest created, then the first by name (a stable tie-break). */
export function workspaceHolder<T extends KubeObject>(claimants: readonly T[]): T | undefined {
  let holder: T | undefined;
  for (const c of claimants) {
    if (!holder || compare(c, holder) < 0) holder = c;
  }
  return holder;
}

function compare(a: KubeObject, b: KubeObject): number {
  // RFC 3339 in UTC with second precision, as the apiserver writes it: the strings order like the times.
  const ta = String(a.metadata['creationTimestamp'] ?? '');
  const tb = String(b.metadata['creationTimestamp'] ?? '');
  if (ta !== tb) return ta < tb ? -1 : 1;
  const na = a.metadata.name ?? '';
  const nb = b.metadata.name ?? '';
  return na < nb ? -1 : na > nb ? 1 : 0;
}
