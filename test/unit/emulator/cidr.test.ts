import { describe, expect, it } from 'vitest';
import { cidrContains, cidrOverlaps, firstFreeIp, intToIp, ipToInt, isAssignable, parseCidr } from '../../../src/emulator/engine/cidr.ts';

const cidr = (text: string) => {
  const c = parseCidr(text);
  if (!c) throw new Error(`bad test CIDR ${text}`);
  return c;
};

describe('CIDR maths', () => {
  it('parses prefixes and refuses malformed ones or set host bits', () => {
    expect(parseCidr('10.0.0.0/16')).toEqual({ base: ipToInt('10.0.0.0'), prefixLength: 16, size: 65536 });
    expect(parseCidr('10.0.0.1/24')).toBeUndefined();
    expect(parseCidr('10.0.0.0/33')).toBeUndefined();
    expect(parseCidr('10.0.256.0/24')).toBeUndefined();
    expect(parseCidr('10.0.0/24')).toBeUndefined();
  });

  it('round-trips addresses', () => {
    expect(intToIp(ipToInt('172.16.254.7')!)).toBe('172.16.254.7');
    expect(ipToInt('1.2.3')).toBeUndefined();
  });

  it('tells containment and overlap apart', () => {
    expect(cidrContains(cidr('10.0.0.0/16'), cidr('10.0.1.0/24'))).toBe(true);
    expect(cidrContains(cidr('10.0.0.0/16'), cidr('10.1.0.0/24'))).toBe(false);
    expect(cidrContains(cidr('10.0.0.0/24'), cidr('10.0.0.0/23'))).toBe(false);
    expect(cidrOverlaps(cidr('10.0.0.0/23'), cidr('10.0.1.0/24'))).toBe(true);
    expect(cidrOverlaps(cidr('10.0.0.0/24'), cidr('10.0.1.0/24'))).toBe(false);
  });

  it('allocates the first free address after the four Azure reserves, never the broadcast', () => {
    const subnet = cidr('10.0.1.0/29');
    expect(intToIp(firstFreeIp(subnet, new Set())!)).toBe('10.0.1.4');
    const used = new Set([ipToInt('10.0.1.4')!, ipToInt('10.0.1.6')!]);
    expect(intToIp(firstFreeIp(subnet, used)!)).toBe('10.0.1.5');
    used.add(ipToInt('10.0.1.5')!);
    expect(firstFreeIp(subnet, used)).toBeUndefined();
    expect(isAssignable(ipToInt('10.0.1.3')!, subnet)).toBe(false);
    expect(isAssignable(ipToInt('10.0.1.7')!, subnet)).toBe(false);
    expect(isAssignable(ipToInt('10.0.1.6')!, subnet)).toBe(true);
  });
});
