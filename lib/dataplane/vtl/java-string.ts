/**
 * @module dataplane/vtl/java-string
 * `java.lang.String` methods on template strings (`$s.length()`,
 * `$s.replaceAll("\\'", "'")`, `$s.split(",")` …), with Java's argument rules:
 * a call whose arguments fit no Java overload is "no such method" (null), and
 * what throws in Java (an index out of range, a bad regex) throws JavaException.
 * Not emulated: `getBytes`, `toCharArray`, `format`, `chars` and other
 * methods templates do not use.
 */
import { javaArray } from './java-print';
import { javaMatches, javaReplace, javaSplit, RegexError } from './java-regex';

/** A Java exception thrown by a method call; the template fails (500 on AWS). */
export class JavaException extends Error {}

/** Marker for "no such method" (distinct from a method returning null). */
export const NO_METHOD: unique symbol = Symbol('vtl.noMethod');
export type MethodResult = unknown | typeof NO_METHOD;

const isStr = (v: unknown): v is string => typeof v === 'string';
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

function javaTrim(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) <= 0x20) start++;
  while (end > start && s.charCodeAt(end - 1) <= 0x20) end--;
  return s.slice(start, end);
}

export function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

function compareStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a.charCodeAt(i) - b.charCodeAt(i);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

function outOfRange(what: string): never {
  throw new JavaException(`java.lang.StringIndexOutOfBoundsException: ${what}`);
}

/** A char or string argument (indexOf/lastIndexOf/replace accept both in Java). */
function charSeq(v: unknown): string | undefined {
  if (isStr(v)) return v;
  if (isInt(v) && v >= 0 && v <= 0x10ffff) return String.fromCodePoint(v);
  return undefined;
}

function replaceLiteral(s: string, target: string, replacement: string): string {
  if (target.length === 0) {
    let out = replacement;
    for (const ch of s) out += ch + replacement;
    return out;
  }
  return s.split(target).join(replacement);
}

function withRegex<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof RegexError) throw new JavaException(`java.util.regex.PatternSyntaxException: ${e.message}`);
    throw e;
  }
}

/** Calls String method `name` on `s`; NO_METHOD when Java has no overload for these arguments. */
export function callStringMethod(s: string, name: string, args: unknown[]): MethodResult {
  const [a, b] = args;
  const n = args.length;
  switch (name) {
    case 'length':
      return n === 0 ? s.length : NO_METHOD;
    case 'isEmpty':
      return n === 0 ? s.length === 0 : NO_METHOD;
    case 'toString':
    case 'intern':
      return n === 0 ? s : NO_METHOD;
    case 'toUpperCase':
      return n === 0 ? s.toUpperCase() : NO_METHOD;
    case 'toLowerCase':
      return n === 0 ? s.toLowerCase() : NO_METHOD;
    case 'trim':
      return n === 0 ? javaTrim(s) : NO_METHOD;
    case 'hashCode':
      return n === 0 ? javaStringHash(s) : NO_METHOD;
    case 'charAt':
      if (n !== 1 || !isInt(a)) return NO_METHOD;
      if (a < 0 || a >= s.length) outOfRange(`index ${a}, length ${s.length}`);
      return s[a];
    case 'codePointAt':
      if (n !== 1 || !isInt(a)) return NO_METHOD;
      if (a < 0 || a >= s.length) outOfRange(`index ${a}, length ${s.length}`);
      return s.codePointAt(a);
    case 'substring': {
      if (n < 1 || n > 2 || !isInt(a) || (n === 2 && !isInt(b))) return NO_METHOD;
      const end = n === 2 ? (b as number) : s.length;
      if (a < 0 || end > s.length || a > end) outOfRange(`begin ${a}, end ${end}, length ${s.length}`);
      return s.slice(a, end);
    }
    case 'indexOf':
    case 'lastIndexOf': {
      const needle = charSeq(a);
      if (needle === undefined || n < 1 || n > 2 || (n === 2 && !isInt(b))) return NO_METHOD;
      if (name === 'indexOf') return n === 2 ? s.indexOf(needle, Math.max(0, b as number)) : s.indexOf(needle);
      if (n === 2 && (b as number) < 0) return -1;
      return n === 2 ? s.lastIndexOf(needle, b as number) : s.lastIndexOf(needle);
    }
    case 'contains':
      return n === 1 && isStr(a) ? s.includes(a) : NO_METHOD;
    case 'startsWith':
      if (n === 1 && isStr(a)) return s.startsWith(a);
      if (n === 2 && isStr(a) && isInt(b)) return b >= 0 && s.startsWith(a, b);
      return NO_METHOD;
    case 'endsWith':
      return n === 1 && isStr(a) ? s.endsWith(a) : NO_METHOD;
    case 'equals':
      return n === 1 ? isStr(a) && a === s : NO_METHOD;
    case 'equalsIgnoreCase':
      return n === 1 ? isStr(a) && a.length === s.length && a.toUpperCase() === s.toUpperCase() : NO_METHOD;
    case 'compareTo':
      return n === 1 && isStr(a) ? compareStrings(s, a) : NO_METHOD;
    case 'compareToIgnoreCase':
      return n === 1 && isStr(a) ? compareStrings(s.toUpperCase().toLowerCase(), a.toUpperCase().toLowerCase()) : NO_METHOD;
    case 'concat':
      return n === 1 && isStr(a) ? s + a : NO_METHOD;
    case 'replace': {
      const target = charSeq(a);
      const replacement = charSeq(b);
      if (n !== 2 || target === undefined || replacement === undefined) return NO_METHOD;
      return replaceLiteral(s, target, replacement);
    }
    case 'replaceAll':
    case 'replaceFirst':
      if (n !== 2 || !isStr(a) || !isStr(b)) return NO_METHOD;
      return withRegex(() => javaReplace(s, a, b, name === 'replaceFirst'));
    case 'matches':
      return n === 1 && isStr(a) ? withRegex(() => javaMatches(s, a)) : NO_METHOD;
    case 'split':
      if (n < 1 || n > 2 || !isStr(a) || (n === 2 && !isInt(b))) return NO_METHOD;
      return javaArray(withRegex(() => javaSplit(s, a, n === 2 ? (b as number) : 0)));
    default:
      return NO_METHOD;
  }
}

/** Bean properties Velocity finds on a String (`$s.empty` is `isEmpty()`). */
export function getStringProperty(s: string, name: string): unknown {
  if (name === 'empty') return s.length === 0;
  return undefined;
}
