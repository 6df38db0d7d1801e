import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WorkQueue } from '../../../src/runtime/workqueue.ts';

function queue(name = 'test'): WorkQueue {
  // Jitter off so delays are exact under fake time.
  return new WorkQueue({ name, backoff: { baseMs: 5, maxMs: 1_000_000, jitter: 0 } });
}

describe('WorkQueue', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('holds a waiting key once however often it is added', async () => {
    const q = queue();
    q.add('ns/a');
    q.add('ns/b');
    q.add('ns/a');
    expect(q.len()).toBe(2);
    expect(await q.get()).toBe('ns/a');
    expect(await q.get()).toBe('ns/b');
    expect(q.len()).toBe(0);
  });

  it('never hands out a key that is being processed, and re-queues it once after done', async () => {
    const q = queue();
    q.add('ns/a');
    const key = await q.get();
    q.add('ns/a');
    q.add('ns/a');
    expect(q.len()).toBe(0);
    let second: string | undefined;
    void q.get().then((k) => (second = k));
    await Promise.resolve();
    expect(second).toBeUndefined();
    q.done(key!);
    await Promise.resolve();
    expect(second).toBe('ns/a');
    q.done('ns/a');
    expect(q.len()).toBe(0);
  });

  it('serves blocked getters in arrival order', async () => {
    const q = queue();
    const first = q.get();
    const second = q.get();
    q.add('ns/x');
    q.add('ns/y');
    expect(await first).toBe('ns/x');
    expect(await second).toBe('ns/y');
  });

  it('addAfter delays a key and keeps the earliest time', async () => {
    const q = queue();
    q.addAfter('ns/a', 1000);
    q.addAfter('ns/a', 5000);
    q.addAfter('ns/a', 300);
    vi.advanceTimersByTime(299);
    expect(q.len()).toBe(0);
    vi.advanceTimersByTime(1);
    expect(q.len()).toBe(1);
    expect(await q.get()).toBe('ns/a');
    q.done('ns/a');
    vi.advanceTimersByTime(10_000);
    // The later requests were folded into the earliest one.
    expect(q.len()).toBe(0);
  });

  it('backs off exponentially per key, capped, and resets on forget', async () => {
    const q = new WorkQueue({ name: 'cap', backoff: { baseMs: 5, maxMs: 100, jitter: 0 } });
    const delays: number[] = [];
    for (let i = 0; i < 7; i++) {
      q.addRateLimited('ns/a');
      let waited = 0;
      while (q.len() === 0 && waited < 1000) {
        vi.advanceTimersByTime(1);
        waited += 1;
      }
      delays.push(waited);
      q.done((await q.get())!);
    }
    expect(delays).toEqual([5, 10, 20, 40, 80, 100, 100]);
    expect(q.numRequeues('ns/a')).toBe(7);
    expect(q.numRequeues('ns/b')).toBe(0);
    q.forget('ns/a');
    expect(q.numRequeues('ns/a')).toBe(0);
  });

  it('jitter only shortens retry delays', () => {
    const q = new WorkQueue({ name: 'jitter', backoff: { baseMs: 1000, maxMs: 1000, jitter: 0.5, random: () => 1 } });
    q.addRateLimited('ns/a');
    vi.advanceTimersByTime(499);
    expect(q.len()).toBe(0);
    vi.advanceTimersByTime(1);
    expect(q.len()).toBe(1);
  });

  it('shutdown stops intake, drops waiting keys and releases idle getters', async () => {
    const q = queue();
    q.add('ns/a');
    q.addAfter('ns/b', 100);
    const running = await q.get();
    const idle = q.get();
    q.shutdown();
    expect(await idle).toBeUndefined();
    q.add('ns/c');
    vi.advanceTimersByTime(1000);
    expect(q.len()).toBe(0);
    expect(await q.get()).toBeUndefined();
    // The running key finishes normally and is not re-queued.
    q.add(running!);
    q.done(running!);
    expect(q.len()).toBe(0);
  });

  it('drain waits for running keys, bounded by a timeout', async () => {
    const q = queue();
    q.add('ns/a');
    q.add('ns/b');
    const a = await q.get();
    const b = await q.get();
    q.shutdown();
    const drained = q.drain(1000);
    q.done(a!);
    let settled: boolean | undefined;
    void drained.then((v) => (settled = v));
    await vi.advanceTimersByTimeAsync(10);
    expect(settled).toBeUndefined();
    q.done(b!);
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(true);

    const stuck = new WorkQueue({ name: 'stuck' });
    stuck.add('ns/x');
    await stuck.get();
    const timedOut = stuck.drain(500);
    await vi.advanceTimersByTimeAsync(500);
    expect(await timedOut).toBe(false);
  });
});
