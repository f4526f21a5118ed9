/**
 * @module dataplane/auth/policy-conditions
 * The `Condition` block of a resource policy statement, compiled once and
 * evaluated per request as IAM does ("IAM JSON policy elements: Condition
 * operators"):
 * - operators: String(Not)Equals(IgnoreCase), String(Not)Like, Arn(Not)Equals,
 *   Arn(Not)Like, (Not)IpAddress (IPv4 and IPv6 CIDR), Bool, Null,
 *   Numeric*, Date*; the `…IfExists` suffix and the `ForAnyValue:` /
 *   `ForAllValues:` prefixes (every key here is single-valued);
 * - several operators, or several keys under one, must all hold; several
 *   values for one key: any one of them (none of them for a negated operator);
 * - a key the request does not have: false, except for `…IfExists`,
 *   negated operators and `ForAllValues:` (true), and `Null` (which tests
 *   exactly that);
 * - keys are case-insensitive, `*` and `?` are wildcards in …Like operators.
 * An operator we do not know cannot be evaluated: the condition then counts
 * as holding for a Deny and not holding for an Allow (the safe side), and the
 * compile step says so in a warning.
 */
import { globRegex } from './iam-patterns';

/** The request's condition keys, by lowercased name (undefined = absent). */
export type ConditionContext = (keyLc: string) => string | undefined;

export interface CompiledCondition {
  /** Whether the whole block holds for the request; `unknownAs` is what an unknown operator counts as. */
  holds(ctx: ConditionContext, unknownAs: boolean): boolean;
}

/** The keys apigw-local fills; any other key is absent from every request (and warned about). */
export const KNOWN_KEYS = new Set([
  'aws:sourceip',
  'aws:sourcevpce',
  'aws:sourcevpc',
  'aws:principalaccount',
  'aws:principalarn',
  'aws:principaltype',
  'aws:userid',
  'aws:username',
  'aws:useragent',
  'aws:referer',
  'aws:securetransport',
  'aws:currenttime',
  'aws:epochtime',
  'aws:principalorgid',
  'aws:principalisawsservice',
  'aws:viaawsservice',
]);

type Test = (actual: string, expected: string) => boolean;

interface Operator {
  test: Test;
  negated: boolean;
}


const likeCache = new Map<string, RegExp>();
function like(actual: string, pattern: string): boolean {
  let re = likeCache.get(pattern);
  if (!re) {
    re = globRegex(pattern);
    if (likeCache.size < 1000) likeCache.set(pattern, re);
  }
  return re.test(actual);
}

function number(s: string): number {
  return s.trim() === '' ? NaN : Number(s);
}

function date(s: string): number {
  return /^\d+$/.test(s) ? Number(s) * 1000 : Date.parse(s);
}

function compare(parse: (s: string) => number, ok: (a: number, b: number) => boolean): Test {
  return (actual, expected) => {
    const a = parse(actual);
    const b = parse(expected);
    return !Number.isNaN(a) && !Number.isNaN(b) && ok(a, b);
  };
}

const BASE: Record<string, Operator> = {
  StringEquals: { test: (a, e) => a === e, negated: false },
  StringNotEquals: { test: (a, e) => a === e, negated: true },
  StringEqualsIgnoreCase: { test: (a, e) => a.toLowerCase() === e.toLowerCase(), negated: false },
  StringNotEqualsIgnoreCase: { test: (a, e) => a.toLowerCase() === e.toLowerCase(), negated: true },
  StringLike: { test: like, negated: false },
  StringNotLike: { test: like, negated: true },
  ArnEquals: { test: like, negated: false },
  ArnLike: { test: like, negated: false },
  ArnNotEquals: { test: like, negated: true },
  ArnNotLike: { test: like, negated: true },
  IpAddress: { test: (a, e) => inCidr(a, e), negated: false },
  NotIpAddress: { test: (a, e) => inCidr(a, e), negated: true },
  Bool: { test: (a, e) => a.toLowerCase() === e.toLowerCase(), negated: false },
  NumericEquals: { test: compare(number, (a, b) => a === b), negated: false },
  NumericNotEquals: { test: compare(number, (a, b) => a === b), negated: true },
  NumericLessThan: { test: compare(number, (a, b) => a < b), negated: false },
  NumericLessThanEquals: { test: compare(number, (a, b) => a <= b), negated: false },
  NumericGreaterThan: { test: compare(number, (a, b) => a > b), negated: false },
  NumericGreaterThanEquals: { test: compare(number, (a, b) => a >= b), negated: false },
  DateEquals: { test: compare(date, (a, b) => a === b), negated: false },
  DateNotEquals: { test: compare(date, (a, b) => a === b), negated: true },
  DateLessThan: { test: compare(date, (a, b) => a < b), negated: false },
  DateLessThanEquals: { test: compare(date, (a, b) => a <= b), negated: false },
  DateGreaterThan: { test: compare(date, (a, b) => a > b), negated: false },
  DateGreaterThanEquals: { test: compare(date, (a, b) => a >= b), negated: false },
};

// ---- IP addresses -------------------------------------------------------------------------------

/** An IPv4 or IPv6 address as a 32- or 128-bit number. */
export function parseIp(s: string): { v6: boolean; value: bigint } | undefined {
  if (s.includes(':')) return parseIpv6(s);
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    value = (value << 8n) | BigInt(Number(p));
  }
  return { v6: false, value };
}

function parseIpv6(s: string): { v6: boolean; value: bigint } | undefined {
  const zone = s.indexOf('%');
  if (zone !== -1) s = s.slice(0, zone);
  const lastColon = s.lastIndexOf(':');
  if (s.slice(lastColon + 1).includes('.')) {
    // An embedded IPv4 address (::ffff:192.0.2.1): as its two 16-bit groups.
    const v4 = parseIp(s.slice(lastColon + 1));
    if (!v4 || v4.v6) return undefined;
    s = `${s.slice(0, lastColon + 1)}${(v4.value >> 16n).toString(16)}:${(v4.value & 0xffffn).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const group = (h: string): number[] | undefined => {
    if (h === '') return [];
    const out: number[] = [];
    for (const g of h.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = group(halves[0]);
  const rest = halves.length === 2 ? group(halves[1]) : [];
  if (!head || !rest) return undefined;
  let groups: number[];
  if (halves.length === 2) {
    const fill = 8 - head.length - rest.length;
    if (fill < 1) return undefined;
    groups = [...head, ...new Array<number>(fill).fill(0), ...rest];
  } else {
    groups = head;
  }
  if (groups.length !== 8) return undefined;
  let value = 0n;
  for (const g of groups) value = (value << 16n) | BigInt(g);
  return { v6: true, value };
}

/** Whether `ip` is in `cidr` (an address without a prefix length is the one address). */
export function inCidr(ip: string, cidr: string): boolean {
  const slash = cidr.indexOf('/');
  const net = parseIp(slash === -1 ? cidr.trim() : cidr.slice(0, slash).trim());
  const addr = parseIp(ip);
  if (!net || !addr || net.v6 !== addr.v6) return false;
  const bits = net.v6 ? 128 : 32;
  const prefix = slash === -1 ? bits : Number(cidr.slice(slash + 1));
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > bits) return false;
  const shift = BigInt(bits - prefix);
  return addr.value >> shift === net.value >> shift;
}

// ---- compiling ----------------------------------------------------------------------------------

interface Clause {
  key: string;
  values: string[];
  evaluate(ctx: ConditionContext, unknownAs: boolean): boolean;
}

function valuesOf(v: unknown): string[] {
  const list = Array.isArray(v) ? v : [v];
  return list.filter((x) => x !== null && x !== undefined).map((x) => String(x));
}

function clause(operatorName: string, key: string, values: string[], warnings: string[], where: string): Clause {
  const keyLc = key.toLowerCase();
  if (!KNOWN_KEYS.has(keyLc))
    warnings.push(`${where}: condition key ${key} is not filled by apigw-local; it is absent from every request`);
  let name = operatorName;
  let set: 'any' | 'all' | undefined;
  if (name.startsWith('ForAnyValue:')) {
    set = 'any';
    name = name.slice('ForAnyValue:'.length);
  } else if (name.startsWith('ForAllValues:')) {
    set = 'all';
    name = name.slice('ForAllValues:'.length);
  }
  const ifExists = name.endsWith('IfExists') && name !== 'IfExists';
  if (ifExists) name = name.slice(0, -'IfExists'.length);
  if (name === 'Null') {
    return {
      key,
      values,
      evaluate: (ctx) => {
        const absent = ctx(keyLc) === undefined;
        return values.some((v) => (v.toLowerCase() === 'true') === absent);
      },
    };
  }
  const op = BASE[name];
  if (!op) {
    warnings.push(`${where}: condition operator ${operatorName} is not supported; it counts as holding for a Deny and not for an Allow`);
    return { key, values, evaluate: (_ctx, unknownAs) => unknownAs };
  }
  return {
    key,
    values,
    evaluate: (ctx) => {
      const actual = ctx(keyLc);
      if (actual === undefined) return ifExists || op.negated || set === 'all';
      const hit = values.some((v) => op.test(actual, v));
      return op.negated ? !hit : hit;
    },
  };
}

/** Compiles a statement's Condition block (undefined or empty: always holds). */
export function compileCondition(block: unknown, warnings: string[], where: string): CompiledCondition | undefined {
  if (block === undefined || block === null) return undefined;
  if (typeof block !== 'object' || Array.isArray(block)) {
    warnings.push(`${where}: Condition is not an object; the statement never applies`);
    return { holds: () => false };
  }
  const clauses: Clause[] = [];
  for (const [operator, keys] of Object.entries(block as Record<string, unknown>)) {
    if (typeof keys !== 'object' || keys === null || Array.isArray(keys)) {
      warnings.push(`${where}: Condition ${operator} is not an object of keys; the statement never applies`);
      return { holds: () => false };
    }
    for (const [key, v] of Object.entries(keys as Record<string, unknown>)) clauses.push(clause(operator, key, valuesOf(v), warnings, where));
  }
  if (clauses.length === 0) return undefined;
  return { holds: (ctx, unknownAs) => clauses.every((c) => c.evaluate(ctx, unknownAs)) };
}
