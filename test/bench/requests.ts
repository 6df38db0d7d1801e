// The emulator's request log, sorted into what the operator spent ARM calls on.
import type { RunningEmulator } from '../../src/emulator/index.ts';

export interface CallCounts {
  /** PUT / PATCH / POST. */
  writes: number;
  deletes: number;
  /** GETs of operation status/result URLs (LRO polls). */
  polls: number;
  /** GETs of resources (observe before acting, waits on provisioningState). */
  reads: number;
  /** Resource paths written more than once. */
  rewritten: number;
}

export function countCalls(emulator: RunningEmulator): CallCounts {
  const operationPaths = new Set(
    emulator.admin.operations().flatMap((o) => [o.statusPath, o.resultPath].filter((p): p is string => p !== undefined).map((p) => p.toLowerCase())),
  );
  const counts: CallCounts = { writes: 0, deletes: 0, polls: 0, reads: 0, rewritten: 0 };
  const writesByPath = new Map<string, number>();
  for (const r of emulator.admin.requests()) {
    const path = r.path.toLowerCase();
    if (r.method === 'DELETE') counts.deletes++;
    else if (r.method === 'GET') {
      if (operationPaths.has(path)) counts.polls++;
      else counts.reads++;
    } else {
      counts.writes++;
      writesByPath.set(path, (writesByPath.get(path) ?? 0) + 1);
    }
  }
  counts.rewritten = [...writesByPath.values()].filter((n) => n > 1).length;
  return counts;
}
