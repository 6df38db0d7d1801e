import { describe, expect, it } from 'vitest';
import { mergePatch } from '../../../src/emulator/engine/merge-patch.ts';
import { pageOf } from '../../../src/emulator/engine/paging.ts';
import { redact, REDACTED } from '../../../src/emulator/engine/request-log.ts';

describe('paging', () => {
  it('serves pages with an absolute nextLink until the last one, which has none', () => {
    const items = [1, 2, 3, 4, 5];
    const first = pageOf(items, new URL('https://127.0.0.1:9/x?api-version=1'), 2);
    expect(first.value).toEqual([1, 2]);
    expect(first.nextLink).toMatch(/^https:\/\/127\.0\.0\.1:9\/x\?/);
    const second = pageOf(items, new URL(first.nextLink!), 2);
    const third = pageOf(items, new URL(second.nextLink!), 2);
    expect([second.value, third.value]).toEqual([[3, 4], [5]]);
    expect(third).not.toHaveProperty('nextLink');
    expect(new URL(first.nextLink!).searchParams.get('api-version')).toBe('1');
  });

  it('caps the total at $top', () => {
    const page = pageOf([1, 2, 3], new URL('https://h/x?$top=2'), 10);
    expect(page).toEqual({ value: [1, 2] });
  });
});

describe('JSON merge patch', () => {
  it('merges objects, deletes nulls and replaces arrays', () => {
    expect(mergePatch({ a: 1, b: { c: 2, d: 3 }, e: [1] }, { b: { c: null, x: 1 }, e: [2], f: 'new' })).toEqual({
      a: 1,
      b: { d: 3, x: 1 },
      e: [2],
      f: 'new',
    });
  });
});

describe('request log redaction', () => {
  it('hides secrets at any depth and keeps the rest', () => {
    const out = redact({
      location: 'eastus',
      keyVault: '/subscriptions/s/x',
      properties: { osProfile: { adminUsername: 'u', adminPassword: 'p', customData: 'c' }, primaryKey: 'k', list: [{ clientSecret: 's' }] },
    });
    expect(out).toEqual({
      location: 'eastus',
      keyVault: '/subscriptions/s/x',
      properties: { osProfile: { adminUsername: 'u', adminPassword: REDACTED, customData: REDACTED }, primaryKey: REDACTED, list: [{ clientSecret: REDACTED }] },
    });
  });
});
