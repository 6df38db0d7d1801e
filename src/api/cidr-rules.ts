import { DOCKER_BRIDGE_CIDR } from './constants.ts';
import type { ValidationRule } from './schema-kit.ts';

/**
 * CEL rules for IPv4 CIDR strings, built on the Kubernetes CIDR library (apiserver ≥ 1.31). Every rule after the
 * first is guarded by `isCIDR`, because all rules run and `cidr()` of a malformed string is a runtime error that
 * would hide the clear "must be a CIDR" message.
 */

/** Longest IPv4 CIDR text, "255.255.255.255/32"; bounds the CEL cost estimate. */
export const CIDR_MAX_LENGTH = 18;

export function ipv4NetworkRules(field: string): ValidationRule[] {
  return [
    {
      rule: 'isCIDR(self) && cidr(self).ip().family() == 4 && cidr(self) == cidr(self).masked()',
      message: `${field} must be an IPv4 CIDR network address with no host bits set, e.g. 172.16.0.0/16`,
    },
    {
      rule: `!isCIDR(self) || !(cidr(self).containsCIDR('${DOCKER_BRIDGE_CIDR}') || cidr('${DOCKER_BRIDGE_CIDR}').containsCIDR(self))`,
      message: `${field} must not overlap ${DOCKER_BRIDGE_CIDR}, Docker's default bridge network, which breaks image builds`,
    },
  ];
}

export function maxPrefixLengthRule(field: string, maxPrefix: number, why: string): ValidationRule {
  return {
    rule: `!isCIDR(self) || cidr(self).prefixLength() <= ${maxPrefix}`,
    message: `${field} must be a /${maxPrefix} or larger range: ${why}`,
  };
}

/** Rule on a parent object: child `inner` (if set) lies inside child `outer`. */
export function insideRule(outerPath: string, innerPath: string, innerName: string, outerName: string): ValidationRule {
  const inner = `self.${innerPath}`;
  const outer = `self.${outerPath}`;
  return {
    rule: `${absent(outerPath)} || ${absent(innerPath)} || !isCIDR(${outer}) || !isCIDR(${inner}) || cidr(${outer}).containsCIDR(${inner})`,
    message: `${innerName} must lie inside ${outerName}`,
    fieldPath: `.${innerPath}`,
  };
}

/** Rule on a parent object: children `a` and `b` (if both set) do not overlap. Two CIDRs overlap iff one contains the other. */
export function disjointRule(a: string, b: string, aName: string, bName: string): ValidationRule {
  const x = `self.${a}`;
  const y = `self.${b}`;
  return {
    rule:
      `${absent(a)} || ${absent(b)} || !isCIDR(${x}) || !isCIDR(${y}) || ` +
      `!(cidr(${x}).containsCIDR(${y}) || cidr(${y}).containsCIDR(${x}))`,
    message: `${aName} and ${bName} must not overlap`,
    fieldPath: `.${b}`,
  };
}

/** Negated `has()` of every step of a dotted path: `has(self.a.b)` is an error, not false, when `self.a` is missing. */
function absent(path: string): string {
  const steps = path.split('.');
  const checks = steps.map((_, i) => `has(self.${steps.slice(0, i + 1).join('.')})`);
  return checks.length === 1 ? `!${checks[0]}` : `!(${checks.join(' && ')})`;
}
