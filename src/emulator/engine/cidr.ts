/** IPv4 CIDR maths for address spaces, subnets and private IP allocation. */
export interface Cidr {
  /** Network address as an unsigned 32-bit integer. */
  base: number;
  prefixLength: number;
  size: number;
}

export function ipToInt(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    n = n * 256 + octet;
  }
  return n;
}

export const intToIp = (n: number): string => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');

/** Parses `a.b.c.d/n`; undefined when malformed or when host bits are set (Azure rejects `10.0.0.1/24`). */
export function parseCidr(text: string): Cidr | undefined {
  const m = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/.exec(text.trim());
  if (!m) return undefined;
  const base = ipToInt(m[1]!);
  const prefixLength = Number(m[2]);
  if (base === undefined || prefixLength > 32) return undefined;
  const size = 2 ** (32 - prefixLength);
  if (base % size !== 0) return undefined;
  return { base, prefixLength, size };
}

export const cidrContains = (outer: Cidr, inner: Cidr): boolean =>
  inner.base >= outer.base && inner.base + inner.size <= outer.base + outer.size;

export const cidrOverlaps = (a: Cidr, b: Cidr): boolean => a.base < b.base + b.size && b.base < a.base + a.size;

export const ipInCidr = (ip: number, c: Cidr): boolean => ip >= c.base && ip < c.base + c.size;

/**
 * Azure reserves the first four addresses of every subnet (network, gateway, two for DNS) and the last (broadcast):
 * a dynamic private IP is the first free address after them.
 */
export function firstFreeIp(subnet: Cidr, used: ReadonlySet<number>): number | undefined {
  for (let ip = subnet.base + 4; ip < subnet.base + subnet.size - 1; ip++) {
    if (!used.has(ip)) return ip;
  }
  return undefined;
}

/** True when `ip` may be assigned statically in `subnet` (inside it and not one of the reserved addresses). */
export const isAssignable = (ip: number, subnet: Cidr): boolean =>
  ip >= subnet.base + 4 && ip < subnet.base + subnet.size - 1;
