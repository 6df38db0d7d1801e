import { randomUUID } from 'node:crypto';

export interface FaultMatch {
  method?: string;
  /** Tested against the request path (no query), case-insensitively. */
  pathRegex?: string;
  /** Resource type, e.g. `Microsoft.Network/privateEndpoints` (case-insensitive). */
  type?: string;
}

interface FaultBase {
  match?: FaultMatch;
  /** Applies to the next N matching calls, then the rule is gone. */
  count?: number;
  /** Applies to each matching call with this probability (0..1). Without count or rate: every matching call. */
  rate?: number;
}

export type FaultRule = FaultBase &
  (
    | { kind: 'http'; status: number; code?: string; message?: string; retryAfter?: number }
    | { kind: 'lro-failed' | 'lro-canceled'; code?: string; message?: string }
    | { kind: 'reset' }
  );

export interface FaultTarget {
  method: string;
  path: string;
  type: string | undefined;
}

/** `request` faults answer instead of the emulator (http, reset); `lro` faults decide how a started operation ends. */
export type FaultPhase = 'request' | 'lro';

const phaseOf = (rule: FaultRule): FaultPhase => (rule.kind === 'http' || rule.kind === 'reset' ? 'request' : 'lro');

export function validateFaultRule(rule: FaultRule): void {
  if (!['http', 'lro-failed', 'lro-canceled', 'reset'].includes(rule.kind)) throw new Error(`unknown fault kind '${String(rule.kind)}'`);
  if (rule.kind === 'http' && !(Number.isInteger(rule.status) && rule.status >= 400 && rule.status <= 599)) {
    throw new Error('an http fault needs a status between 400 and 599');
  }
  if (rule.rate !== undefined && !(rule.rate >= 0 && rule.rate <= 1)) throw new Error('rate must be between 0 and 1');
  if (rule.count !== undefined && !(Number.isInteger(rule.count) && rule.count > 0)) throw new Error('count must be a positive integer');
  if (rule.match?.pathRegex !== undefined) new RegExp(rule.match.pathRegex, 'i');
}

export class FaultInjector {
  readonly #rules: Array<{ id: string; rule: FaultRule; remaining: number | undefined }> = [];
  readonly #random: () => number;

  constructor(random: () => number = Math.random) {
    this.#random = random;
  }

  add(rule: FaultRule): string {
    validateFaultRule(rule);
    const id = randomUUID();
    this.#rules.push({ id, rule: structuredClone(rule), remaining: rule.count });
    return id;
  }

  clear(): void {
    this.#rules.length = 0;
  }

  list(): Array<FaultRule & { id: string; remaining?: number }> {
    return this.#rules.map(({ id, rule, remaining }) => ({ ...rule, id, ...(remaining !== undefined ? { remaining } : {}) }));
  }

  /** The first rule of this phase matching the call, consuming one of its `count`. */
  take(phase: FaultPhase, target: FaultTarget): FaultRule | undefined {
    for (let i = 0; i < this.#rules.length; i++) {
      const entry = this.#rules[i]!;
      if (phaseOf(entry.rule) !== phase || !matches(entry.rule.match, target)) continue;
      if (entry.rule.rate !== undefined && this.#random() >= entry.rule.rate) continue;
      if (entry.remaining !== undefined) {
        entry.remaining -= 1;
        if (entry.remaining <= 0) this.#rules.splice(i, 1);
      }
      return entry.rule;
    }
    return undefined;
  }
}

function matches(m: FaultMatch | undefined, t: FaultTarget): boolean {
  if (!m) return true;
  if (m.method && m.method.toUpperCase() !== t.method.toUpperCase()) return false;
  if (m.type && m.type.toLowerCase() !== t.type?.toLowerCase()) return false;
  if (m.pathRegex && !new RegExp(m.pathRegex, 'i').test(t.path)) return false;
  return true;
}
