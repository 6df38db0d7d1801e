/**
 * What `npm run local` shows and how it reads its flags and samples, without starting anything: the progress view
 * (appended lines and in-place frames), the status reading behind it, the options, the scaled waits and the
 * samples it applies. The full run is local.test.ts.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_TIME_SCALE, parseLocalOptions, UsageError } from '../../src/local/options.ts';
import { formatTable, ProgressView } from '../../src/local/progress-view.ts';
import { eventOf, resourceKey, resourceStateOf } from '../../src/local/resource-state.ts';
import type { ResourceState } from '../../src/local/resource-state.ts';
import { generateAdminPassword, loadSamples, SAMPLE_NAMESPACE } from '../../src/local/samples.ts';
import { tuningFor } from '../../src/local/tuning.ts';
import type { KubeObject } from '../../src/runtime/index.ts';

function workspace(generation: number, status: Record<string, unknown> | undefined): KubeObject {
  return { metadata: { name: 'ml-secure', namespace: 'default', generation }, ...(status ? { status } : {}) };
}

const condition = (type: string, status: string, reason = 'R', message = ''): Record<string, string> => ({ type, status, reason, message });

class Captured {
  text = '';
  readonly isTTY: boolean;
  readonly columns = 100;
  constructor(isTTY: boolean) {
    this.isTTY = isTTY;
  }
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
  lines(): string[] {
    return this.text.split('\n').filter((l) => l !== '');
  }
}

const state = (overrides: Partial<ResourceState> = {}): ResourceState => ({
  kind: 'SecureWorkspace',
  namespace: 'default',
  name: 'ml-secure',
  ready: 'False',
  reason: 'Creating',
  message: '3/32 Azure resources ready; virtualNetwork: creating',
  progress: '3/32',
  stalled: false,
  current: true,
  ...overrides,
});

describe('resource state from status', () => {
  it('reads Ready, its reason and message, and the status progress figure', () => {
    const s = resourceStateOf(
      'SecureWorkspace',
      workspace(2, { observedGeneration: 2, progress: '12/40', conditions: [condition('Ready', 'False', 'Creating', 'waiting on x')] }),
    );
    expect(s).toMatchObject({ ready: 'False', reason: 'Creating', message: 'waiting on x', progress: '12/40', current: true, stalled: false });
  });

  it('counts True stage conditions when the kind has no progress figure, leaving out the kstatus trio', () => {
    const conditions = [
      condition('Ready', 'False'),
      condition('Reconciling', 'True'),
      condition('Stalled', 'False'),
      condition('ComputeReady', 'True'),
      condition('WorkspaceUpdated', 'False'),
    ];
    expect(resourceStateOf('ImageBuildCompute', workspace(1, { observedGeneration: 1, conditions })).progress).toBe('1/2');
  });

  it('is Ready only when Ready=True speaks for the current generation', () => {
    const ready = [condition('Ready', 'True', 'Succeeded')];
    const stale = resourceStateOf('SecureWorkspace', workspace(3, { observedGeneration: 2, conditions: ready }));
    const view = new ProgressView(new Captured(false));
    view.setResource(stale);
    const key = resourceKey('SecureWorkspace', 'default', 'ml-secure');
    expect(view.allReady([key])).toBe(false);
    view.setResource(resourceStateOf('SecureWorkspace', workspace(3, { observedGeneration: 3, conditions: ready })));
    expect(view.allReady([key])).toBe(true);
    expect(view.allReady([key, resourceKey('JumpBox', 'default', 'missing')])).toBe(false);
  });

  it('shows an object without status as not yet seen by the operator', () => {
    expect(resourceStateOf('JumpBox', workspace(1, undefined))).toMatchObject({ ready: '', reason: '', progress: '', current: false });
  });

  it('takes an Event key from regarding and its time from the series, else eventTime', () => {
    const seen = eventOf({
      metadata: { name: 'e1', creationTimestamp: '2026-01-01T00:00:00Z' },
      regarding: { kind: 'SecureWorkspace', namespace: 'default', name: 'ml-secure' },
      type: 'Normal',
      reason: 'NetworkReady',
      note: '3/3 resources ready',
      eventTime: '2026-01-01T00:00:01.000000Z',
      series: { count: 2, lastObservedTime: '2026-01-01T00:00:05.000000Z' },
    });
    expect(seen?.key).toBe(resourceKey('SecureWorkspace', 'default', 'ml-secure'));
    expect(seen?.event).toMatchObject({ reason: 'NetworkReady', at: Date.parse('2026-01-01T00:00:05Z') });
    expect(eventOf({ metadata: { name: 'e2' }, reason: 'X' })).toBeUndefined();
  });
});

describe('progress view, appended lines (not a terminal)', () => {
  it('prints a line per change of Ready, reason or progress, not per change of the message alone', () => {
    const out = new Captured(false);
    const view = new ProgressView(out);
    view.setResource(state());
    view.setResource(state({ message: 'another node is being created' }));
    view.setResource(state({ progress: '4/32', message: '4/32 Azure resources ready; storage: creating' }));
    view.close();
    const lines = out.lines();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\[0:00\] SecureWorkspace\/ml-secure Ready=False Creating 3\/32 \| 3\/32 Azure resources ready; virtualNetwork: creating$/);
    expect(lines[1]).toContain('4/32 | 4/32 Azure resources ready; storage: creating');
  });

  it('prints each new Event once, ignores older ones arriving late, and says when a resource is deleted', () => {
    const out = new Captured(false);
    const view = new ProgressView(out);
    const key = resourceKey('SecureWorkspace', 'default', 'ml-secure');
    view.setResource(state());
    view.setEvent(key, { type: 'Normal', reason: 'NetworkReady', note: '3/3 resources ready', at: 2_000 });
    view.setEvent(key, { type: 'Normal', reason: 'NetworkReady', note: '3/3 resources ready', at: 2_000 });
    view.setEvent(key, { type: 'Normal', reason: 'Older', note: 'relisted', at: 1_000 });
    view.setEvent(key, { type: 'Warning', reason: 'AuthorizationFailed', note: 'denied', at: 3_000 });
    view.removeResource('SecureWorkspace', 'default', 'ml-secure');
    const lines = out.lines();
    expect(lines.filter((l) => l.includes(' event '))).toEqual([
      '[0:00] SecureWorkspace/ml-secure event NetworkReady: 3/3 resources ready',
      '[0:00] SecureWorkspace/ml-secure event (Warning) AuthorizationFailed: denied',
    ]);
    expect(lines.at(-1)).toBe('[0:00] SecureWorkspace/ml-secure deleted');
  });

  it('shows the Ready message of a Stalled resource: the ARM error is what the user needs', () => {
    const table = formatTable(
      [{ state: state({ reason: 'InvalidTemplate', stalled: true, message: 'ARM said no' }), event: undefined }],
      200,
    );
    expect(table[0]).toMatch(/^ {2}RESOURCE\s+READY\s+REASON\s+PROGRESS\s+LAST EVENT$/);
    expect(table[1]).toMatch(/InvalidTemplate\s+3\/32\s+ARM said no$/);
  });

  it('points to the troubleshooting guide once when a resource stalls', () => {
    const out = new Captured(false);
    const view = new ProgressView(out);
    view.setResource(state());
    view.setResource(state({ reason: 'AuthorizationFailed', stalled: true, message: 'no write on virtualNetworks' }));
    view.setResource(state({ reason: 'AuthorizationFailed', stalled: true, message: 'no write on virtualNetworks, again' }));
    expect(out.lines().filter((l) => l.includes('docs/troubleshooting.md'))).toHaveLength(1);
    expect(out.lines().at(-2)).toMatch(/Ready=False AuthorizationFailed 3\/32 \| no write on virtualNetworks$/);
  });

  it('lists resources in build order whatever order their watch events came in', () => {
    const view = new ProgressView(new Captured(false));
    view.setResource(state({ kind: 'JumpBox', name: 'jb' }));
    view.setResource(state({ kind: 'SecureWorkspace', name: 'b' }));
    view.setResource(state({ kind: 'ImageBuildCompute', name: 'ibc' }));
    view.setResource(state({ kind: 'SecureWorkspace', name: 'a' }));
    expect(view.rows().map((r) => `${r.state.kind}/${r.state.name}`)).toEqual([
      'SecureWorkspace/a',
      'SecureWorkspace/b',
      'ImageBuildCompute/ibc',
      'JumpBox/jb',
    ]);
  });

  it('names resources outside the default namespace with their namespace', () => {
    const out = new Captured(false);
    new ProgressView(out).setResource(state({ namespace: 'team-a' }));
    expect(out.text).toContain('SecureWorkspace/team-a/ml-secure');
  });
});

describe('progress view, in place (terminal)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('redraws the whole frame over the previous one, lines never wider than the terminal', () => {
    vi.useFakeTimers();
    const out = new Captured(true);
    const view = new ProgressView(out);
    view.setResource(state({ message: 'x'.repeat(300) }));
    vi.advanceTimersByTime(150);
    const first = out.text;
    // Title, header, the row and the line of what it is waiting on.
    expect(first.split('\n').filter((l) => l !== '')).toHaveLength(4);
    expect(first).not.toContain('\x1b[4A');
    view.setResource(state({ ready: 'True', reason: 'Succeeded', progress: '40/40', message: 'all ready' }));
    vi.advanceTimersByTime(150);
    const second = out.text.slice(first.length);
    expect(second.startsWith('\x1b[4A\r\x1b[0J')).toBe(true);
    // eslint-disable-next-line no-control-regex
    const visible = second.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').replace(/\r/g, '');
    expect(visible.split('\n').every((l) => l.length <= out.columns - 1)).toBe(true);
    expect(visible).toMatch(/SecureWorkspace\/ml-secure\s+True\s+Succeeded\s+40\/40/);
    view.close();
  });

  it('after switching to lines, prints only later changes and never redraws over the summary', () => {
    vi.useFakeTimers();
    const out = new Captured(true);
    const view = new ProgressView(out);
    view.setResource(state());
    view.switchToLines();
    const before = out.text.length;
    view.setResource(state());
    vi.advanceTimersByTime(5_000);
    expect(out.text.length).toBe(before);
    view.setResource(state({ ready: 'True', reason: 'Succeeded', progress: '40/40', message: 'all ready' }));
    expect(out.text.slice(before)).toMatch(/^\[0:0\d\] SecureWorkspace\/ml-secure Ready=True Succeeded 40\/40 \| all ready\n$/);
  });
});

describe('options, waits and samples', () => {
  it('defaults to the demo time scale with the samples, and reads the flags', () => {
    expect(parseLocalOptions([])).toEqual({ timeScale: DEFAULT_TIME_SCALE, samples: true, keepState: false, verbose: false });
    expect(parseLocalOptions(['--time-scale', '0', '--no-samples', '--keep-state'])).toMatchObject({ timeScale: 0, samples: false, keepState: true });
    expect(parseLocalOptions(['--help'])).toBeUndefined();
  });

  it('refuses a bad time scale and unknown flags with a usage error', () => {
    expect(() => parseLocalOptions(['--time-scale', 'fast'])).toThrow(UsageError);
    expect(() => parseLocalOptions(['--time-scale=-1'])).toThrow(/≥ 0/);
    expect(() => parseLocalOptions(['--samples=no'])).toThrow(UsageError);
  });

  it('scales the operator waits with Azure time, never below a floor', () => {
    const real = tuningFor(1);
    expect(real.pollIntervalMs).toBe(2_000);
    expect(real.executor.settle).toEqual({ intervalMs: 2_000, maxIntervalMs: 15_000 });
    const demo = tuningFor(0.1);
    expect(demo.pollIntervalMs).toBe(200);
    expect(demo.executor.requeueBaseMs).toBe(500);
    const instant = tuningFor(0);
    expect(instant.pollIntervalMs).toBe(100);
    expect(instant.executor.retry?.maxRetryTimeMs).toBe(10_000);
  });

  it('applies the tutorial objects in the default namespace, the Secret before its JumpBox, never the placeholder', () => {
    const samples = loadSamples();
    expect(samples.map((s) => `${String(s.object.kind)}/${s.object.metadata.name}`)).toEqual([
      'SecureWorkspace/ml-secure',
      'ImageBuildCompute/ml-secure-imagebuild',
      'Secret/ml-secure-jumpbox-admin',
      'JumpBox/ml-secure-jumpbox',
    ]);
    expect(samples.every((s) => s.object.metadata.namespace === SAMPLE_NAMESPACE)).toBe(true);
    const secret = samples[2]!.object as KubeObject & { stringData: { password: string } };
    expect(secret.stringData.password).not.toMatch(/REPLACE-ME/);
  });

  it('generates admin passwords Azure accepts: 12-123 characters with lower, upper, digit and special', () => {
    for (let i = 0; i < 50; i++) {
      const p = generateAdminPassword();
      expect(p.length).toBeGreaterThanOrEqual(12);
      expect(p.length).toBeLessThanOrEqual(123);
      expect(p).toMatch(/[a-z]/);
      expect(p).toMatch(/[A-Z]/);
      expect(p).toMatch(/\d/);
      expect(p).toMatch(/[^A-Za-z0-9]/);
    }
  });
});
