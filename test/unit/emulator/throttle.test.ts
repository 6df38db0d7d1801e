import { describe, expect, it } from 'vitest';
import { Throttler, TokenBucket } from '../../../src/emulator/engine/throttle.ts';

describe('token bucket', () => {
  it('drains, refuses with the wait for one token, then refills at its rate', () => {
    const bucket = new TokenBucket(3, 2, 0);
    expect(bucket.take(0)).toEqual({ ok: true, remaining: 2 });
    expect(bucket.take(0)).toEqual({ ok: true, remaining: 1 });
    expect(bucket.take(0)).toEqual({ ok: true, remaining: 0 });
    expect(bucket.take(0)).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(bucket.take(500)).toEqual({ ok: true, remaining: 0 });
    expect(bucket.take(10_000)).toEqual({ ok: true, remaining: 2 });
  });
});

describe('ARM throttling per subscription and kind', () => {
  it('answers 429 after 250 reads while writes still pass, with decreasing remaining headers', () => {
    const t = new Throttler(true);
    let last: Record<string, string> = {};
    for (let i = 0; i < 250; i++) last = t.admit('sub', 'GET', 0).headers;
    expect(last['x-ms-ratelimit-remaining-subscription-reads']).toBe('0');
    expect(t.admit('sub', 'GET', 0).retryAfterSeconds).toBe(1);
    expect(t.admit('sub', 'PUT', 0).headers['x-ms-ratelimit-remaining-subscription-writes']).toBe('199');
    expect(t.admit('other', 'GET', 0).retryAfterSeconds).toBeUndefined();
  });

  it('only reports a full bucket when off', () => {
    const t = new Throttler(false);
    for (let i = 0; i < 300; i++) expect(t.admit('sub', 'DELETE', 0).retryAfterSeconds).toBeUndefined();
    expect(t.admit('sub', 'DELETE', 0).headers).toEqual({ 'x-ms-ratelimit-remaining-subscription-deletes': '199' });
  });
});
