// The live view of `npm run local`: one row per custom resource (kind/name, Ready, reason, progress, last event).
// On a terminal the table is redrawn in place; otherwise (a pipe, a CI log, the e2e test) each change is appended
// as one line, so the same run reads well in both.
import { WATCHED_KINDS } from './kinds.ts';
import { isReady, resourceKey } from './resource-state.ts';
import type { LastEvent, ResourceState } from './resource-state.ts';

export interface ViewOutput {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export interface Row {
  readonly state: ResourceState;
  readonly event: LastEvent | undefined;
}

const HEADERS = ['RESOURCE', 'READY', 'REASON', 'PROGRESS', 'LAST EVENT'] as const;
/** Redraws are coalesced: a burst of watch events costs one frame. */
const FRAME_INTERVAL_MS = 100;
/** The elapsed clock in the header moves even when nothing else does. */
const TICK_INTERVAL_MS = 1_000;
const PLAIN_NOTE_MAX = 200;
const STALLED_HINT = 'Stalled: Azure refused a request and retrying will not help; see docs/troubleshooting.md.';

const ESC = '\x1b[';
const COLOR = { green: `${ESC}32m`, yellow: `${ESC}33m`, red: `${ESC}31m`, dim: `${ESC}2m`, reset: `${ESC}0m` } as const;

export function resourceLabel(s: ResourceState): string {
  return s.namespace === 'default' ? `${s.kind}/${s.name}` : `${s.kind}/${s.namespace}/${s.name}`;
}

function eventText(e: LastEvent | undefined): string {
  return e ? `${e.reason}: ${e.note}` : '';
}

export function formatElapsed(ms: number): string {
  const total = Math.floor(ms / 1000);
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}

function cut(text: string, width: number): string {
  if (width <= 0) return '';
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

/**
 * The table as lines of at most `width` characters (wrapped lines would break the in-place redraw). A Stalled
 * row shows its Ready message in the last column: the ARM code and message are what the user needs then.
 */
export function formatTable(rows: readonly Row[], width: number): string[] {
  const cells = rows.map((r) => [
    resourceLabel(r.state),
    r.state.ready || '-',
    r.state.reason || '-',
    r.state.progress || '-',
    r.state.stalled ? r.state.message : eventText(r.event) || '-',
  ]);
  const widths = HEADERS.slice(0, -1).map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: readonly string[]): string =>
    cut(`  ${widths.map((w, i) => (c[i] ?? '').padEnd(w)).join('  ')}  ${c[HEADERS.length - 1] ?? ''}`.trimEnd(), width);
  return [line(HEADERS), ...cells.map(line)];
}

/**
 * An appended line for a change of state, e.g. `[0:42] SecureWorkspace/ml-secure Ready=False Creating 12/27 | …`
 * with the Ready message (what the operator is waiting on, or the ARM error when Stalled).
 */
export function formatStateChange(s: ResourceState, elapsedMs: number): string {
  const parts = [`[${formatElapsed(elapsedMs)}]`, resourceLabel(s), `Ready=${s.ready || '-'}`];
  if (s.reason !== '') parts.push(s.reason);
  if (s.progress !== '') parts.push(s.progress);
  if (s.message !== '') parts.push(`| ${cut(oneLine(s.message), PLAIN_NOTE_MAX)}`);
  return parts.join(' ');
}

/** An appended line for a new Event, e.g. `[0:42] SecureWorkspace/ml-secure event NetworkReady: 3/3 resources ready`. */
export function formatEvent(s: ResourceState, e: LastEvent, elapsedMs: number): string {
  const warning = e.type === 'Warning' ? ' (Warning)' : '';
  return `[${formatElapsed(elapsedMs)}] ${resourceLabel(s)} event${warning} ${cut(oneLine(eventText(e)), PLAIN_NOTE_MAX)}`;
}

const oneLine = (text: string): string => text.replace(/\s+/g, ' ');

/** What a state line reports: a change in it is worth a new line. The Ready message alone changes too often. */
function stateFingerprint(s: ResourceState): string {
  return JSON.stringify([s.ready, s.reason, s.progress, s.stalled]);
}

function eventFingerprint(e: LastEvent | undefined): string {
  return e === undefined ? '' : JSON.stringify([e.reason, e.note, e.at]);
}

export interface ProgressViewOptions {
  /** Redraw in place; default: the output is a TTY. */
  readonly live?: boolean;
  /** performance.now() at which the elapsed clock starts. */
  readonly startedAt?: number;
}

export class ProgressView {
  readonly #out: ViewOutput;
  readonly #startedAt: number;
  readonly #states = new Map<string, ResourceState>();
  readonly #events = new Map<string, LastEvent>();
  /** Per resource key: the state and event last printed as lines. */
  readonly #printed = new Map<string, { state: string; event: string }>();
  #live: boolean;
  #drawnLines = 0;
  #frame: NodeJS.Timeout | undefined;
  #ticker: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(out: ViewOutput, options: ProgressViewOptions = {}) {
    this.#out = out;
    this.#live = options.live ?? out.isTTY === true;
    this.#startedAt = options.startedAt ?? performance.now();
    if (this.#live) {
      this.#ticker = setInterval(() => this.#schedule(), TICK_INTERVAL_MS);
      this.#ticker.unref();
      this.#schedule();
    }
  }

  setResource(state: ResourceState): void {
    this.#states.set(resourceKey(state.kind, state.namespace, state.name), state);
    this.#changed();
  }

  removeResource(kind: string, namespace: string, name: string): void {
    const key = resourceKey(kind, namespace, name);
    const state = this.#states.get(key);
    if (state && !this.#live && !this.#closed) {
      this.#out.write(`[${formatElapsed(performance.now() - this.#startedAt)}] ${resourceLabel(state)} deleted\n`);
    }
    this.#states.delete(key);
    this.#events.delete(key);
    this.#printed.delete(key);
    this.#changed();
  }

  /** Keeps the newest event per object; older ones arriving late (a relist) are ignored. */
  setEvent(key: string, event: LastEvent): void {
    const known = this.#events.get(key);
    if (known && known.at > event.at) return;
    this.#events.set(key, event);
    if (this.#states.has(key)) this.#changed();
  }

  /** In build order (SecureWorkspace, ImageBuildCompute, JumpBox), then by namespace and name: a stable table. */
  rows(): Row[] {
    const rank = (kind: string): number => WATCHED_KINDS.findIndex((k) => k.kind === kind);
    return [...this.#states.entries()]
      .map(([key, state]) => ({ state, event: this.#events.get(key) }))
      .sort(
        (a, b) =>
          rank(a.state.kind) - rank(b.state.kind) ||
          a.state.namespace.localeCompare(b.state.namespace) ||
          a.state.name.localeCompare(b.state.name),
      );
  }

  /** True when every one of `keys` (resourceKey) is shown and Ready for its current spec. */
  allReady(keys: readonly string[]): boolean {
    return keys.every((k) => {
      const s = this.#states.get(k);
      return s !== undefined && isReady(s);
    });
  }

  /**
   * Leaves the in-place table as it is on screen and continues with appended lines, so that text printed below it
   * (the summary) is never overdrawn. Only changes from now on are printed.
   */
  switchToLines(): void {
    if (!this.#live) return;
    this.#draw();
    this.#stopTimers();
    this.#live = false;
    for (const row of this.rows()) {
      this.#printed.set(this.#keyOf(row.state), { state: stateFingerprint(row.state), event: eventFingerprint(row.event) });
    }
  }

  close(): void {
    if (this.#closed) return;
    if (this.#live) this.#draw();
    this.#stopTimers();
    this.#closed = true;
  }

  #keyOf(s: ResourceState): string {
    return resourceKey(s.kind, s.namespace, s.name);
  }

  #changed(): void {
    if (this.#closed) return;
    if (this.#live) {
      this.#schedule();
      return;
    }
    const elapsed = performance.now() - this.#startedAt;
    for (const { state, event } of this.rows()) {
      const key = this.#keyOf(state);
      const printed = this.#printed.get(key) ?? { state: '', event: '' };
      const now = { state: stateFingerprint(state), event: eventFingerprint(event) };
      if (now.state !== printed.state) {
        this.#out.write(`${formatStateChange(state, elapsed)}\n`);
        if (state.stalled) this.#out.write(`  ${STALLED_HINT}\n`);
      }
      if (event && now.event !== printed.event) this.#out.write(`${formatEvent(state, event, elapsed)}\n`);
      this.#printed.set(key, now);
    }
  }

  #schedule(): void {
    if (this.#frame !== undefined || this.#closed) return;
    this.#frame = setTimeout(() => {
      this.#frame = undefined;
      this.#draw();
    }, FRAME_INTERVAL_MS);
    this.#frame.unref();
  }

  #draw(): void {
    const width = Math.max(40, (this.#out.columns ?? 120) - 1);
    const rows = this.rows();
    const title = cut(
      `Resources in the local cluster · ${formatElapsed(performance.now() - this.#startedAt)} · Ctrl-C stops everything`,
      width,
    );
    const table = rows.length === 0 ? [cut('  (none yet: kubectl apply a SecureWorkspace)', width)] : formatTable(rows, width);
    const body: string[] = [];
    table.forEach((line, i) => {
      const state = i === 0 ? undefined : rows[i - 1]?.state;
      if (!state) {
        body.push(rows.length > 0 ? `${COLOR.dim}${line}${COLOR.reset}` : line);
        return;
      }
      const color = isReady(state) ? COLOR.green : state.stalled ? COLOR.red : COLOR.yellow;
      body.push(`${color}${line}${COLOR.reset}`);
      // What it is waiting on right now, under the row: the last event says what finished, this what is under way.
      if (!isReady(state) && !state.stalled && state.message !== '') {
        body.push(`${COLOR.dim}${cut(`    ↳ ${oneLine(state.message)}`, width)}${COLOR.reset}`);
      }
    });
    const frame = [title, ...body];
    if (rows.some((r) => r.state.stalled)) {
      const hint = cut(`  ${STALLED_HINT}`, width);
      frame.push(`${COLOR.red}${hint}${COLOR.reset}`);
    }
    // Up to the first line of the previous frame, clear to the end of the screen, draw the new frame.
    const rewind = this.#drawnLines > 0 ? `${ESC}${this.#drawnLines}A\r${ESC}0J` : '';
    this.#out.write(`${rewind}${frame.join('\n')}\n`);
    this.#drawnLines = frame.length;
  }

  #stopTimers(): void {
    clearInterval(this.#ticker);
    clearTimeout(this.#frame);
    this.#ticker = undefined;
    this.#frame = undefined;
  }
}
