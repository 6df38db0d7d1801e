import { describe, expect, it } from 'vitest';
import { FaultInjector } from '../../../src/emulator/engine/faults.ts';

const put = { method: 'PUT', path: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/pe', type: 'Microsoft.Network/privateEndpoints' };
const get = { ...put, method: 'GET' };

describe('fault injection', () => {
  it('applies a counted rule to the next N matching calls only', () => {
    const f = new FaultInjector();
    f.add({ match: { method: 'PUT', type: 'microsoft.network/privateendpoints' }, count: 2, kind: 'http', status: 503 });
    expect(f.take('request', get)).toBeUndefined();
    expect(f.take('request', put)?.kind).toBe('http');
    expect(f.take('request', put)?.kind).toBe('http');
    expect(f.take('request', put)).toBeUndefined();
    expect(f.list()).toEqual([]);
  });

  it('keeps request and operation faults apart and matches paths as regular expressions', () => {
    const f = new FaultInjector();
    f.add({ match: { pathRegex: 'privateendpoints/pe$' }, kind: 'lro-failed', message: 'boom' });
    expect(f.take('request', put)).toBeUndefined();
    expect(f.take('lro', put)).toMatchObject({ kind: 'lro-failed', message: 'boom' });
    expect(f.take('lro', { ...put, path: '/other' })).toBeUndefined();
  });

  it('fires by rate with the given randomness', () => {
    const rolls = [0.1, 0.9];
    const f = new FaultInjector(() => rolls.shift() ?? 1);
    f.add({ rate: 0.5, kind: 'reset' });
    expect(f.take('request', get)?.kind).toBe('reset');
    expect(f.take('request', get)).toBeUndefined();
  });

  it('refuses malformed rules', () => {
    const f = new FaultInjector();
    expect(() => f.add({ kind: 'http', status: 200 })).toThrow(/status/);
    expect(() => f.add({ kind: 'reset', rate: 2 })).toThrow(/rate/);
    expect(() => f.add({ kind: 'reset', count: 0 })).toThrow(/count/);
  });
});
