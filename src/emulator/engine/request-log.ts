/** What the emulator records of each call. Bodies are kept only with secret-looking properties redacted. */
export interface RequestLogEntry {
  time: string;
  method: string;
  path: string;
  apiVersion: string | undefined;
  status: number;
  durationMs: number;
  /** Resource type the call addressed, when it addressed one. */
  type?: string;
  requestId: string;
  body?: unknown;
}

export interface Counters {
  total: number;
  byMethod: Record<string, number>;
  byType: Record<string, number>;
  byStatus: Record<string, number>;
  /** `"PUT Microsoft.Network/virtualNetworks 201"` → count. */
  byMethodTypeStatus: Record<string, number>;
}

// protectedSettings: a VM extension's write-only settings (VMAccess passwords and keys, script commands).
const SECRET_NAME = /password|secret|customdata|connectionstring|token|protectedsettings|(^|[a-z_])keys?$|^keydata$/i;
export const REDACTED = '[redacted]';

/** Deep copy with every property named like a password, secret, key or custom data replaced by a marker. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] = SECRET_NAME.test(k) ? REDACTED : redact(v);
  }
  return out;
}

const bump = (m: Record<string, number>, k: string): void => {
  m[k] = (m[k] ?? 0) + 1;
};

const emptyCounters = (): Counters => ({ total: 0, byMethod: {}, byType: {}, byStatus: {}, byMethodTypeStatus: {} });

export class RequestLog {
  readonly #entries: RequestLogEntry[] = [];
  readonly #max: number;
  #counters = emptyCounters();

  constructor(max = 20_000) {
    this.#max = max;
  }

  add(entry: RequestLogEntry): void {
    this.#entries.push(entry.body === undefined ? entry : { ...entry, body: redact(entry.body) });
    if (this.#entries.length > this.#max) this.#entries.splice(0, this.#entries.length - this.#max);
    const c = this.#counters;
    c.total += 1;
    bump(c.byMethod, entry.method);
    bump(c.byStatus, String(entry.status));
    const type = entry.type ?? '-';
    bump(c.byType, type);
    bump(c.byMethodTypeStatus, `${entry.method} ${type} ${entry.status}`);
  }

  entries(): RequestLogEntry[] {
    return structuredClone(this.#entries);
  }

  counters(): Counters {
    return structuredClone(this.#counters);
  }

  /** Clears the log and the counters, so a test can count the calls of one phase. */
  clear(): void {
    this.#entries.length = 0;
    this.#counters = emptyCounters();
  }
}
