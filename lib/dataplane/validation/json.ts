/**
 * @module dataplane/validation/json
 * JSON as API Gateway's request validator reads it (Jackson, through the Java
 * json-schema-validator's loader), for request bodies and model schemas:
 * - a number written without fraction or exponent is an integer node, any
 *   other is a decimal node — `1.0` is of type "number", not "integer";
 * - decimals are kept exactly (BigDecimal, trailing zeros stripped) and
 *   print as Java's BigDecimal does (`1000.50` → `1000.5`, `1000.0` → `1E+3`);
 * - objects keep their members in order (a repeated name keeps its first
 *   place and its last value); nesting deeper than 1000 is refused (Jackson's
 *   default limit).
 * Syntax errors are worded in Jackson's style, without its location suffix;
 * AWS's exact `validationErrorString` for a body that is not JSON is not
 * recorded.
 */

/** A JSON number: its literal, its value, and the exact decimal `mantissa × 10^exponent` (trailing zeros stripped). */
export class JNumber {
  readonly integral: boolean;
  readonly value: number;
  readonly mantissa: bigint;
  readonly exponent: number;
  constructor(literal: string) {
    this.integral = !/[.eE]/.test(literal);
    this.value = Number(literal);
    const m = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(literal);
    if (!m) throw new Error(`not a JSON number: ${literal}`);
    let mantissa = BigInt(m[1] + m[2] + (m[3] ?? ''));
    let exponent = Number(m[4] ?? 0) - (m[3]?.length ?? 0);
    if (mantissa === 0n) exponent = 0;
    else while (mantissa % 10n === 0n) (mantissa /= 10n), exponent++;
    this.mantissa = mantissa;
    this.exponent = exponent;
  }

  /** As Jackson prints the node: an integer in plain digits, a decimal as `BigDecimal.toString()`. */
  toString(): string {
    if (this.mantissa === 0n) return '0';
    if (this.integral) return this.exponent <= 0 ? this.mantissa.toString() : (this.mantissa * 10n ** BigInt(this.exponent)).toString();
    return bigDecimalString(this.mantissa, -this.exponent);
  }
}

/** Java's BigDecimal.toString for unscaled value `u` and scale `scale`. */
function bigDecimalString(u: bigint, scale: number): string {
  const neg = u < 0n;
  const digits = (neg ? -u : u).toString();
  const adjusted = -scale + (digits.length - 1);
  let out: string;
  if (scale >= 0 && adjusted >= -6) {
    if (scale === 0) out = digits;
    else if (digits.length > scale) out = `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
    else out = `0.${'0'.repeat(scale - digits.length)}${digits}`;
  } else {
    out = digits[0] + (digits.length > 1 ? `.${digits.slice(1)}` : '') + 'E' + (adjusted >= 0 ? '+' : '') + adjusted;
  }
  return neg ? `-${out}` : out;
}

/** Exact comparison of two JSON numbers: negative, zero or positive. */
export function compareNumbers(a: JNumber, b: JNumber): number {
  const e = Math.min(a.exponent, b.exponent);
  const x = a.mantissa * 10n ** BigInt(a.exponent - e);
  const y = b.mantissa * 10n ** BigInt(b.exponent - e);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Whether `a / b` leaves no remainder, exactly (BigDecimal arithmetic, as multipleOf is checked). */
export function isMultipleOf(a: JNumber, b: JNumber): boolean {
  if (b.mantissa === 0n) return false;
  const e = Math.min(a.exponent, b.exponent);
  const x = a.mantissa * 10n ** BigInt(a.exponent - e);
  const y = b.mantissa * 10n ** BigInt(b.exponent - e);
  return x % y === 0n;
}

export type JObject = Map<string, JValue>;
export type JValue = null | boolean | string | JNumber | JValue[] | JObject;

export const isJObject = (v: JValue | undefined): v is JObject => v instanceof Map;

export type JsonType = 'array' | 'boolean' | 'integer' | 'null' | 'number' | 'object' | 'string';
export const JSON_TYPES: JsonType[] = ['array', 'boolean', 'integer', 'null', 'number', 'object', 'string'];

/** The value as a list of strings, when it is one. */
export const stringList = (v: JValue | undefined): string[] | undefined =>
  Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;

export const sortedUnique = (xs: string[]): string[] => [...new Set(xs)].sort();

/** A member name as a JSON pointer token. */
export function escapePointer(name: string): string {
  return name.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The json-schema type name of a value. */
export function typeOf(v: JValue): JsonType {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'string') return 'string';
  if (v instanceof JNumber) return v.integral ? 'integer' : 'number';
  return Array.isArray(v) ? 'array' : 'object';
}

/** Compact JSON, as Jackson's JsonNode.toString() writes it (numbers as JNumber prints them). */
export function toJson(v: JValue): string {
  if (v === null || typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (v instanceof JNumber) return v.toString();
  if (Array.isArray(v)) return `[${v.map(toJson).join(',')}]`;
  const parts: string[] = [];
  for (const [k, x] of v) parts.push(`${JSON.stringify(k)}:${toJson(x)}`);
  return `{${parts.join(',')}}`;
}

/** Value equality as the validator compares enum members and array items: numbers by value (1 equals 1.0). */
export function jsonEquals(a: JValue, b: JValue): boolean {
  if (a instanceof JNumber) return b instanceof JNumber && compareNumbers(a, b) === 0;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEquals(x, b[i]));
  if (a instanceof Map) {
    if (!(b instanceof Map) || a.size !== b.size) return false;
    for (const [k, x] of a) if (!b.has(k) || !jsonEquals(x, b.get(k)!)) return false;
    return true;
  }
  return a === b;
}

export class JsonSyntaxError extends Error {}

const MAX_DEPTH = 1000;
const VALUE_EXPECTED = "expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')";

/** Parses JSON text (a leading BOM and surrounding whitespace allowed); throws JsonSyntaxError. */
export function parseJson(text: string): JValue {
  const p = new Parser(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  p.ws();
  if (p.i >= p.s.length) throw new JsonSyntaxError('No content to map due to end-of-input');
  const v = p.value(0);
  p.ws();
  if (p.i < p.s.length) p.unexpected('expected end-of-input');
  return v;
}

class Parser {
  i = 0;
  constructor(readonly s: string) {}

  ws(): void {
    const s = this.s;
    while (this.i < s.length) {
      const c = s.charCodeAt(this.i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) this.i++;
      else break;
    }
  }

  unexpected(expecting: string): never {
    if (this.i >= this.s.length) throw new JsonSyntaxError(`Unexpected end-of-input: ${expecting}`);
    const ch = String.fromCodePoint(this.s.codePointAt(this.i)!);
    throw new JsonSyntaxError(`Unexpected character ('${ch}' (code ${ch.codePointAt(0)})): ${expecting}`);
  }

  value(depth: number): JValue {
    const c = this.s[this.i];
    if (c === '{') return this.object(depth + 1);
    if (c === '[') return this.array(depth + 1);
    if (c === '"') return this.string();
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.s.startsWith(word, this.i)) {
        this.i += word.length;
        return v;
      }
    }
    return this.unexpected(VALUE_EXPECTED);
  }

  private nested(depth: number): void {
    if (depth > MAX_DEPTH) throw new JsonSyntaxError(`Document nesting depth exceeds the maximum allowed (${MAX_DEPTH})`);
  }

  object(depth: number): JObject {
    this.nested(depth);
    this.i++;
    const out: JObject = new Map();
    this.ws();
    if (this.s[this.i] === '}') {
      this.i++;
      return out;
    }
    for (;;) {
      this.ws();
      if (this.s[this.i] !== '"') this.unexpected('was expecting double-quote to start field name');
      const key = this.string();
      this.ws();
      if (this.s[this.i] !== ':') this.unexpected('was expecting a colon to separate field name and value');
      this.i++;
      this.ws();
      out.set(key, this.value(depth));
      this.ws();
      const c = this.s[this.i];
      this.i++;
      if (c === '}') return out;
      if (c !== ',') {
        this.i--;
        this.unexpected('was expecting comma to separate Object entries');
      }
    }
  }

  array(depth: number): JValue[] {
    this.nested(depth);
    this.i++;
    const out: JValue[] = [];
    this.ws();
    if (this.s[this.i] === ']') {
      this.i++;
      return out;
    }
    for (;;) {
      this.ws();
      out.push(this.value(depth));
      this.ws();
      const c = this.s[this.i];
      this.i++;
      if (c === ']') return out;
      if (c !== ',') {
        this.i--;
        this.unexpected('was expecting comma to separate Array entries');
      }
    }
  }

  string(): string {
    const s = this.s;
    this.i++;
    let out = '';
    let start = this.i;
    for (;;) {
      if (this.i >= s.length) throw new JsonSyntaxError('Unexpected end-of-input: was expecting closing quote for a string value');
      const c = s.charCodeAt(this.i);
      if (c === 0x22) {
        out += s.slice(start, this.i);
        this.i++;
        return out;
      }
      if (c < 0x20) {
        throw new JsonSyntaxError(`Illegal unquoted character ((CTRL-CHAR, code ${c})): has to be escaped using backslash to be included in string value`);
      }
      if (c !== 0x5c) {
        this.i++;
        continue;
      }
      out += s.slice(start, this.i);
      const e = s[this.i + 1];
      this.i += 2;
      if (e === 'u') {
        const hex = s.slice(this.i, this.i + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new JsonSyntaxError('Unexpected character in Unicode escape: expected a hex-digit for character escape sequence');
        out += String.fromCharCode(parseInt(hex, 16));
        this.i += 4;
      } else {
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e === undefined) throw new JsonSyntaxError('Unexpected end-of-input in character escape sequence');
        if (!Object.hasOwn(simple, e)) {
          const ch = String.fromCodePoint(s.codePointAt(this.i - 1)!);
          throw new JsonSyntaxError(`Unrecognized character escape '${ch}' (code ${ch.codePointAt(0)})`);
        }
        out += simple[e];
      }
      start = this.i;
    }
  }

  number(): JNumber {
    const m = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    m.lastIndex = this.i;
    const r = m.exec(this.s);
    if (!r || r[0] === '-') {
      this.i++;
      return this.unexpected('expected digit (0-9) to follow minus sign, for valid numeric value');
    }
    this.i += r[0].length;
    const next = this.s[this.i];
    if (next !== undefined && /[0-9]/.test(next) && r[0].replace('-', '') === '0') {
      throw new JsonSyntaxError('Invalid numeric value: Leading zeroes not allowed');
    }
    if (next !== undefined && /[0-9.eE]/.test(next)) this.unexpected('Invalid numeric value');
    return new JNumber(r[0]);
  }
}
