/**
 * docs/troubleshooting.md promises every condition reason the controllers emit, with what to do about it. This
 * reads the reasons from the source (literals in src/controllers, the executor's step reasons, the
 * `WaitingFor<noun>` reasons of the ARM adapters, and the ARM codes that stall an object) and checks that the document names each one, so a reason added
 * to the code without a line in the document fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => readFileSync(join(ROOT, dir, f), 'utf8'));
}

function captures(texts: readonly string[], patterns: readonly RegExp[]): Set<string> {
  const found = new Set<string>();
  for (const text of texts) {
    for (const pattern of patterns) for (const m of text.matchAll(pattern)) if (m[1]) found.add(m[1]);
  }
  return found;
}

const REASON = `'([A-Z][A-Za-z0-9]+)'`;

/** Reasons written into conditions (and Events) by the controllers, as literals. */
function controllerReasons(): Set<string> {
  return captures(sources('src/controllers'), [
    new RegExp(`\\breason: ${REASON}`, 'g'),
    new RegExp(`\\bwaitReason: ${REASON}`, 'g'),
    // markReconciling(status, generation, 'Reason', …) and the like; the reason is the first string literal.
    new RegExp(`\\bmark(?:Reconciling|Stalled|Ready)\\([^')]*?${REASON}`, 'g'),
    new RegExp(`\\bstalled\\(\\s*${REASON}`, 'g'),
    new RegExp(`\\bconditionReason\\([^)']*${REASON}`, 'g'),
    // export const WAITING_FOR_WORKSPACE = 'WaitingForWorkspace';
    new RegExp(`\\b(?:WAITING|[A-Z_]*REASON)[A-Z_]* = ${REASON};`, 'g'),
  ]);
}

/** Reasons of a node in progress, waiting or failed, which become a stage's or Ready's reason. */
function executorReasons(): Set<string> {
  const plan = sources('src/plan');
  const found = captures(plan, [new RegExp(`\\breason: ${REASON}`, 'g'), new RegExp(`\\bprogress\\(node, ${REASON}`, 'g')]);
  // `const verb = … ? 'Creating' : 'Updating'`
  for (const m of plan.join('\n').matchAll(/\bverb = [^;]*? '([A-Z]\w+)' : '([A-Z]\w+)'/g)) {
    found.add(m[1]!);
    found.add(m[2]!);
  }
  // Reasons of nodes that finished: never a condition's reason (a stage that is done is Succeeded).
  for (const done of ['Created', 'Updated', 'UpToDate', 'Deleted', 'ActionCompleted', 'Observed', 'Skipped', 'AlreadyGone']) found.delete(done);
  return found;
}

/** A node waits with `WaitingFor<noun>` of its adapter unless the controller names another reason. */
function adapterWaitReasons(): Set<string> {
  return new Set([...captures(sources('src/azure/adapters'), [/\bnoun: '([A-Z]\w+)'/g])].map((noun) => `WaitingFor${noun}`));
}

/**
 * ARM codes that stall an object (src/azure/errors.ts TERMINAL_CODES), and the codes the adapters raise themselves
 * (AdapterError), which become the Stalled reason as they are.
 */
function stallingCodes(): Set<string> {
  const errors = readFileSync(join(ROOT, 'src', 'azure', 'errors.ts'), 'utf8');
  const block = /const TERMINAL_CODES = new Set\(([\s\S]*?)\)/.exec(errors)?.[1] ?? '';
  const found = captures([block], [/'([A-Z]\w+)'/g]);
  for (const code of captures(sources('src'), [/new AdapterError\(\s*'([A-Z]\w+)'/g])) found.add(code);
  return found;
}

describe('docs/troubleshooting.md', () => {
  const doc = readFileSync(join(ROOT, 'docs', 'troubleshooting.md'), 'utf8');
  const documented = new Set([...doc.matchAll(/`([A-Z][A-Za-z0-9]+)`/g)].map((m) => m[1]!));

  it('finds the reasons in the source (the extraction itself works)', () => {
    const reasons = controllerReasons();
    for (const known of ['WaitingForWorkspace', 'SecretNotFound', 'BastionSubnetMissing', 'Pruning', 'DriftCorrected']) {
      expect(reasons).toContain(known);
    }
    expect(executorReasons()).toContain('WaitingForOperation');
    expect(adapterWaitReasons()).toContain('WaitingForBastionHost');
    expect(stallingCodes()).toContain('AuthorizationFailed');
    expect(stallingCodes()).toContain('NameConflict');
  });

  it('names every condition reason the controllers, the executor and the ARM layer emit', () => {
    const all = [...controllerReasons(), ...executorReasons(), ...adapterWaitReasons(), ...stallingCodes()];
    // Condition types and statuses are matched by the same patterns; they are not reasons.
    const notReasons = new Set(['True', 'False', 'Unknown', 'Ready', 'Reconciling', 'Stalled', 'Normal', 'Warning']);
    const missing = [...new Set(all)].filter((r) => !notReasons.has(r) && !documented.has(r)).sort();
    expect(missing).toEqual([]);
  });
});
