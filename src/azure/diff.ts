// "Does Azure already hold what we want?" compared only over the fields we send. Azure adds defaults, read-only
// fields, tags from policy and children we do not own; none of that is drift. What we send and Azure echoes back
// differently only in form (casing of ids and locations, order of sets) is not drift either.

export interface DiffOptions {
  /** Dotted paths (as reported) never compared, e.g. secrets Azure does not return. */
  readonly ignore?: readonly string[];
}

const ARM_ID = /^\/subscriptions\//i;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/** 'East US' and 'eastus' are the same region. */
export function normalizeLocation(location: string): string {
  return location.replace(/\s+/g, '').toLowerCase();
}

function scalarEqual(desired: unknown, observed: unknown, key: string): boolean {
  if (typeof desired === 'string' && typeof observed === 'string') {
    if (key === 'location') return normalizeLocation(desired) === normalizeLocation(observed);
    // ARM names are case-insensitive and keep the casing of whoever created the resource.
    if (key === 'name') return desired.toLowerCase() === observed.toLowerCase();
    if ((ARM_ID.test(desired) && ARM_ID.test(observed)) || (GUID.test(desired) && GUID.test(observed))) {
      return desired.toLowerCase() === observed.toLowerCase();
    }
  }
  return desired === observed;
}

function scalarKey(v: unknown): string {
  return typeof v === 'string' && (ARM_ID.test(v) || GUID.test(v)) ? v.toLowerCase() : JSON.stringify(v);
}

function nameOf(v: unknown): string | undefined {
  return isRecord(v) && typeof v.name === 'string' ? v.name.toLowerCase() : undefined;
}

function walk(desired: unknown, observed: unknown, path: string, key: string, out: string[], ignore: ReadonlySet<string>): void {
  if (desired === undefined || ignore.has(path)) return;
  if (isRecord(desired)) {
    if (!isRecord(observed)) {
      out.push(path);
      return;
    }
    for (const [k, v] of Object.entries(desired)) walk(v, observed[k], path === '' ? k : `${path}.${k}`, k, out, ignore);
    return;
  }
  if (Array.isArray(desired)) {
    const seen = Array.isArray(observed) ? observed : [];
    if (desired.length > 0 && desired.every((d) => nameOf(d) !== undefined)) {
      // Named children (subnets, rules, zone configs): match by name; children we do not name are not ours.
      for (const d of desired) {
        const name = nameOf(d) ?? '';
        const match = seen.find((o) => nameOf(o) === name);
        walk(d, match, `${path}[${name}]`, key, out, ignore);
      }
      return;
    }
    if (desired.every((d) => !isRecord(d) && !Array.isArray(d))) {
      // Sets of scalars (address prefixes, group ids, IPs): order is not meaningful.
      const a = desired.map(scalarKey).sort();
      const b = seen.map(scalarKey).sort();
      if (a.length !== b.length || a.some((x, i) => x !== b[i])) out.push(path);
      return;
    }
    // Unnamed objects (A records, NIC references): same count, each desired one held by a distinct observed one.
    const free = [...seen];
    for (const d of desired) {
      const i = free.findIndex((o) => {
        const sub: string[] = [];
        walk(d, o, path, key, sub, ignore);
        return sub.length === 0;
      });
      if (i < 0 || seen.length !== desired.length) {
        out.push(path);
        return;
      }
      free.splice(i, 1);
    }
    return;
  }
  if (!scalarEqual(desired, observed, key)) out.push(path);
}

/** Paths where `observed` does not hold what `desired` states; fields absent from `desired` are not compared. */
export function diffSubset(desired: unknown, observed: unknown, opts: DiffOptions = {}): string[] {
  const out: string[] = [];
  walk(desired, observed, '', '', out, new Set(opts.ignore ?? []));
  return out;
}
