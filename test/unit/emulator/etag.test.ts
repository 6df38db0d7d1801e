import { describe, expect, it } from 'vitest';
import { ArmError } from '../../../src/emulator/engine/errors.ts';
import { checkPreconditions, newEtag } from '../../../src/emulator/engine/etag.ts';

const status = (fn: () => void): number | 'ok' => {
  try {
    fn();
    return 'ok';
  } catch (e) {
    if (e instanceof ArmError) return e.status;
    throw e;
  }
};

describe('ETags', () => {
  it('come weak for Network and bare for Private DNS', () => {
    expect(newEtag('weak')).toMatch(/^W\/"[0-9a-f-]{36}"$/);
    expect(newEtag('bare')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('follow the ARM conditional PUT table', () => {
    const tag = 'W/"abc"';
    // [ifMatch, ifNoneMatch, exists] → outcome
    const table: Array<[string | undefined, string | undefined, boolean, number | 'ok']> = [
      [undefined, undefined, false, 'ok'],
      [undefined, undefined, true, 'ok'],
      ['*', undefined, false, 412],
      ['*', undefined, true, 'ok'],
      ['W/"abc"', undefined, true, 'ok'],
      ['"abc"', undefined, true, 'ok'],
      ['W/"xyz"', undefined, true, 412],
      ['W/"abc"', undefined, false, 412],
      [undefined, '*', false, 'ok'],
      [undefined, '*', true, 412],
    ];
    for (const [ifMatch, ifNoneMatch, exists, expected] of table) {
      expect(status(() => checkPreconditions('PUT', exists ? tag : undefined, exists, { ifMatch, ifNoneMatch })), JSON.stringify({ ifMatch, ifNoneMatch, exists })).toBe(expected);
    }
  });

  it('lets a DELETE of a missing resource through whatever the headers, and checks it when it exists', () => {
    expect(status(() => checkPreconditions('DELETE', undefined, false, { ifMatch: 'W/"x"' }))).toBe('ok');
    expect(status(() => checkPreconditions('DELETE', 'W/"y"', true, { ifMatch: 'W/"x"' }))).toBe(412);
  });
});
