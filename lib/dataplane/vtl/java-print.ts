/**
 * @module dataplane/vtl/java-print
 * How values print when a mapping template interpolates them, as API Gateway's
 * Java Velocity does:
 * - maps (JSON objects, `{…}` literals, `$input.params()`, `$context`) as
 *   `java.util.Map#toString`: `{a=1, b=x}`;
 * - lists built in the template (`[1, "b"]`, `keySet()`, `values()`) as
 *   `java.util.List#toString`: `[1, b]`;
 * - arrays that come from a JSON document (`$input.path`, `$util.parseJson`,
 *   the caller's objects) as compact JSON — API Gateway's JSON arrays print themselves as JSON
 *   (`[{"foo":"bar"}]`, also inside a map: `{list=[1,2]}`), its JSON objects
 *   as maps (recorded AWS behaviour, LocalStack PR #12379);
 * - numbers as Java's Integer/Double#toString (`1`, `2.5`, `1.0E-5`);
 * - `String#split` results as a Java array (`[Ljava.lang.String;@…`).
 * Not emulated: a JSON number written `1.0` is a Double in Java and prints
 * `1.0`; here JSON numbers keep no such distinction and print `1`.
 */

/**
 * Brand on lists the template itself builds (`[1, 2]` literals, `keySet()`,
 * `values()`, `entrySet()`, `subList()`): they print as `java.util.List`.
 * Unbranded arrays are JSON arrays (payload, `$util.parseJson`, JSONPath
 * answers, the caller's objects), which print as JSON — so parsing a payload
 * costs nothing extra.
 */
const JAVA_LIST = Symbol('vtl.javaList');
/** Brand on Java arrays (`String[]` from `split`). */
const JAVA_ARRAY = Symbol('vtl.javaArray');

const branded = (value: unknown, key: symbol): boolean =>
  Array.isArray(value) && (value as unknown as Record<symbol, unknown>)[key] === true;

export function isJavaList(value: unknown): value is unknown[] {
  return branded(value, JAVA_LIST);
}

export function isJavaArray(value: unknown): value is string[] {
  return branded(value, JAVA_ARRAY);
}

export function isJsonArray(value: unknown): value is unknown[] {
  return Array.isArray(value) && !isJavaList(value) && !isJavaArray(value);
}

/** Symbol keys stay out of Object.keys, for…in and JSON, so a plain assignment is enough (and cheap). */
export function javaList<T extends unknown[]>(list: T): T {
  (list as unknown as Record<symbol, boolean>)[JAVA_LIST] = true;
  return list;
}

export function javaArray(items: string[]): string[] {
  (items as unknown as Record<symbol, boolean>)[JAVA_ARRAY] = true;
  return items;
}

/**
 * A plain JS object used as a Java Map: not an array, not a class instance
 * (host objects). Its prototype is a root prototype of any realm, so objects
 * made by structuredClone or in another vm context count too.
 */
export function isMap(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/** Objects that print themselves (the `$input`/`$util` host objects, map entries). */
export interface JavaPrintable {
  javaToString(): string;
}

function isPrintable(value: unknown): value is JavaPrintable {
  return typeof value === 'object' && value !== null && typeof (value as JavaPrintable).javaToString === 'function';
}

/** Parses JSON text: objects are maps, arrays JSON arrays. Throws SyntaxError on bad JSON. */
export function parseJsonDocument(text: string): unknown {
  return JSON.parse(text);
}

/** Java's Integer/Long/Double#toString for a JS number. */
export function formatJavaNumber(n: number): string {
  if (Number.isInteger(n)) return Math.abs(n) < 1e21 ? String(n) : BigInt(n).toString();
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? 'Infinity' : '-Infinity';
  const abs = Math.abs(n);
  if (abs >= 1e-3 && abs < 1e7) return String(n);
  const [mantissa, exponent] = n.toExponential().split('e');
  const digits = mantissa.includes('.') ? mantissa : `${mantissa}.0`;
  return `${digits}E${exponent.startsWith('+') ? exponent.slice(1) : exponent}`;
}

/** A Java-ish identity hash for printing arrays (`[Ljava.lang.String;@1b6d3586`). */
function javaHash(items: string[]): string {
  let h = 0;
  for (const s of items) for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
  return (h >>> 0).toString(16);
}

/** The text of a value as `Object#toString` would give it (null prints as `null`). */
export function javaToString(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      return formatJavaNumber(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    default:
      break;
  }
  if (Array.isArray(value)) {
    if (isJavaArray(value)) return `[Ljava.lang.String;@${javaHash(value)}`;
    if (isJavaList(value)) return `[${value.map(javaToString).join(', ')}]`;
    return toJsonText(value);
  }
  if (isPrintable(value)) return value.javaToString();
  if (typeof value === 'object') {
    const map = value as Record<string, unknown>;
    return `{${Object.keys(map).map((k) => `${k}=${javaToString(map[k])}`).join(', ')}}`;
  }
  return String(value);
}

/** Compact JSON text of a value (`$input.json`); host objects serialize through their `toJSON`. */
export function toJsonText(value: unknown): string {
  return value === undefined ? 'null' : JSON.stringify(value);
}
