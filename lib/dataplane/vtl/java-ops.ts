/**
 * @module dataplane/vtl/java-ops
 * Velocity 1.7's operators, as API Gateway evaluates them (it runs Velocity
 * 1.x: hyphenated identifiers such as `$context.requestOverride.header.X-Amz-Target`
 * work there, which 2.x dropped):
 * - truth: only null and `false` are false — an empty string, 0 and an empty
 *   list are true (so templates test `$s.length() != 0`);
 * - `==`/`!=`: numbers by value, same-class values by `equals`, otherwise by
 *   `toString()`; null equals only null;
 * - `<`, `<=`, `>`, `>=` compare numbers only (anything else is false);
 * - `+ - * / %` on integers stay integers (`7 / 2` is 3), division by zero is
 *   null, `+` with a string operand concatenates; null operands give null.
 * Not emulated: Java's int/long overflow and Double vs Integer typing of
 * equal values (`2.0 * 3` prints `6`, Java prints `6.0`).
 */
import { javaToString } from './java-print';

export function javaTruthy(value: unknown): boolean {
  return value !== null && value !== undefined && value !== false;
}

function sameKind(a: unknown, b: unknown): boolean {
  if (typeof a !== typeof b) return false;
  if (typeof a !== 'object') return true;
  return Array.isArray(a) === Array.isArray(b);
}

export function javaEquals(a: unknown, b: unknown): boolean {
  const aNull = a === null || a === undefined;
  const bNull = b === null || b === undefined;
  if (aNull || bNull) return aNull && bNull;
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  if (sameKind(a, b)) {
    if (typeof a !== 'object') return a === b;
    return a === b || javaToString(a) === javaToString(b);
  }
  return javaToString(a) === javaToString(b);
}

/**
 * Java's `Object.equals` (what `List.contains`, `indexOf` and `.equals()` use):
 * no conversions — `1` does not equal `"1"`; lists and maps compare element-wise.
 */
export function javaObjectEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => javaObjectEquals(item, b[i]));
  }
  if (typeof a === 'object' && typeof b === 'object') {
    if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return javaToString(a) === javaToString(b);
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    const mb = b as Record<string, unknown>;
    return ka.every((k) => Object.prototype.hasOwnProperty.call(mb, k) && javaObjectEquals((a as Record<string, unknown>)[k], mb[k]));
  }
  return false;
}

/** `<`, `<=`, `>`, `>=`: numbers only; anything else is false (Velocity logs an error). */
export function javaCompare(op: string, a: unknown, b: unknown): boolean {
  if (typeof a !== 'number' || typeof b !== 'number') return false;
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    default:
      return false;
  }
}

/**
 * `+ - * / %`. `decimal` says an operand was written as a decimal literal
 * (`2.0`), which makes `/` and `%` floating point even when the value is whole.
 */
export function javaArithmetic(op: string, a: unknown, b: unknown, decimal = false): unknown {
  if (a === null || a === undefined || b === null || b === undefined) return null;
  if (typeof a !== 'number' || typeof b !== 'number') {
    if (op === '+' && (typeof a === 'string' || typeof b === 'string')) return javaToString(a) + javaToString(b);
    return null;
  }
  const integral = !decimal && Number.isInteger(a) && Number.isInteger(b);
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      if (b === 0) return null;
      return integral ? Math.trunc(a / b) : a / b;
    case '%':
      if (b === 0) return null;
      return a % b;
    default:
      return null;
  }
}
