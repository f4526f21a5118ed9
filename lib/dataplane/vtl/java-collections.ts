/**
 * @module dataplane/vtl/java-collections
 * `java.util.List` and `java.util.Map` methods on template values: JS arrays
 * are lists (JSON arrays, `[…]` literals, `split` results — a Java array, which
 * Velocity lets you `get`/`size` but not grow), plain objects are maps
 * (insertion-ordered, string keys). Results follow Java: `add` answers `true`
 * (and prints it), `put`/`remove` answer the previous value, `keySet()`/`values()`
 * are lists, `entrySet()` holds `Map.Entry` objects.
 * Not emulated: iterators, `sort`, streams; a JSON object whose keys look like
 * array indices iterates them first (JS key order), Java keeps document order.
 */
import { MapEntry } from './host';
import { isJavaArray, javaList } from './java-print';
import { javaObjectEquals } from './java-ops';
import { JavaException, NO_METHOD, type MethodResult } from './java-string';

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

function checkIndex(list: unknown[], i: number, inclusiveEnd = false): void {
  const max = inclusiveEnd ? list.length : list.length - 1;
  if (i < 0 || i > max) {
    throw new JavaException(`java.lang.IndexOutOfBoundsException: Index: ${i}, Size: ${list.length}`);
  }
}

function indexOfEqual(list: unknown[], value: unknown, fromEnd: boolean): number {
  if (fromEnd) {
    for (let i = list.length - 1; i >= 0; i--) if (javaObjectEquals(list[i], value)) return i;
  } else {
    for (let i = 0; i < list.length; i++) if (javaObjectEquals(list[i], value)) return i;
  }
  return -1;
}

function unsupported(): never {
  throw new JavaException('java.lang.UnsupportedOperationException');
}

export function callListMethod(list: unknown[], name: string, args: unknown[]): MethodResult {
  const [a, b] = args;
  const n = args.length;
  const fixedSize = isJavaArray(list);
  switch (name) {
    case 'size':
      return n === 0 ? list.length : NO_METHOD;
    case 'isEmpty':
      return n === 0 ? list.length === 0 : NO_METHOD;
    case 'get':
      if (n !== 1 || !isInt(a)) return NO_METHOD;
      checkIndex(list, a);
      return list[a];
    case 'contains':
      return n === 1 ? indexOfEqual(list, a, false) >= 0 : NO_METHOD;
    case 'indexOf':
      return n === 1 ? indexOfEqual(list, a, false) : NO_METHOD;
    case 'lastIndexOf':
      return n === 1 ? indexOfEqual(list, a, true) : NO_METHOD;
    case 'add':
      if (fixedSize && (n === 1 || n === 2)) unsupported();
      if (n === 1) {
        list.push(a);
        return true;
      }
      if (n === 2 && isInt(a)) {
        checkIndex(list, a, true);
        list.splice(a, 0, b);
        return undefined;
      }
      return NO_METHOD;
    case 'addAll':
      if (n !== 1 || !Array.isArray(a)) return NO_METHOD;
      if (fixedSize) unsupported();
      list.push(...a);
      return a.length > 0;
    case 'set': {
      if (n !== 2 || !isInt(a)) return NO_METHOD;
      checkIndex(list, a);
      const previous = list[a];
      list[a] = b;
      return previous;
    }
    case 'remove': {
      if (n !== 1) return NO_METHOD;
      if (fixedSize) unsupported();
      if (isInt(a)) {
        checkIndex(list, a);
        return list.splice(a, 1)[0];
      }
      const i = indexOfEqual(list, a, false);
      if (i >= 0) list.splice(i, 1);
      return i >= 0;
    }
    case 'clear':
      if (n !== 0) return NO_METHOD;
      if (fixedSize) unsupported();
      list.length = 0;
      return undefined;
    case 'subList':
      if (n !== 2 || !isInt(a) || !isInt(b)) return NO_METHOD;
      if (a < 0 || b > list.length || a > b) {
        throw new JavaException(`java.lang.IndexOutOfBoundsException: fromIndex ${a}, toIndex ${b}, size ${list.length}`);
      }
      return javaList(list.slice(a, b));
    case 'equals':
      return n === 1 ? javaObjectEquals(list, a) : NO_METHOD;
    default:
      return NO_METHOD;
  }
}

const own = (map: Record<string, unknown>, key: string): boolean => Object.prototype.hasOwnProperty.call(map, key);

/** Keys JS objects cannot hold safely; such a put is refused like a bad key. */
function safeKey(key: string): boolean {
  return key !== '__proto__';
}

export function callMapMethod(map: Record<string, unknown>, name: string, args: unknown[]): MethodResult {
  const [a, b] = args;
  const n = args.length;
  switch (name) {
    case 'get':
      if (n !== 1) return NO_METHOD;
      return typeof a === 'string' && own(map, a) ? map[a] : null;
    case 'getOrDefault':
      if (n !== 2) return NO_METHOD;
      return typeof a === 'string' && own(map, a) ? map[a] : b;
    case 'containsKey':
      return n === 1 ? typeof a === 'string' && own(map, a) : NO_METHOD;
    case 'containsValue':
      return n === 1 ? Object.keys(map).some((k) => javaObjectEquals(map[k], a)) : NO_METHOD;
    case 'put': {
      if (n !== 2) return NO_METHOD;
      if (typeof a !== 'string' || !safeKey(a)) return NO_METHOD;
      const previous = own(map, a) ? map[a] : null;
      map[a] = b;
      return previous;
    }
    case 'putAll':
      if (n !== 1 || a === null || typeof a !== 'object' || Array.isArray(a)) return NO_METHOD;
      for (const k of Object.keys(a)) if (safeKey(k)) map[k] = (a as Record<string, unknown>)[k];
      return undefined;
    case 'remove': {
      if (n !== 1) return NO_METHOD;
      if (typeof a !== 'string' || !own(map, a)) return null;
      const previous = map[a];
      delete map[a];
      return previous;
    }
    case 'keySet':
      return n === 0 ? javaList(Object.keys(map)) : NO_METHOD;
    case 'values':
      return n === 0 ? javaList(Object.keys(map).map((k) => map[k])) : NO_METHOD;
    case 'entrySet':
      return n === 0 ? javaList(Object.keys(map).map((k) => new MapEntry(k, map[k]))) : NO_METHOD;
    case 'size':
      return n === 0 ? Object.keys(map).length : NO_METHOD;
    case 'isEmpty':
      return n === 0 ? Object.keys(map).length === 0 : NO_METHOD;
    case 'clear':
      if (n !== 0) return NO_METHOD;
      for (const k of Object.keys(map)) delete map[k];
      return undefined;
    case 'equals':
      return n === 1 ? javaObjectEquals(map, a) : NO_METHOD;
    default:
      return NO_METHOD;
  }
}
