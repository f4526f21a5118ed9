/**
 * @module dataplane/vtl/java-methods
 * Method calls and property reads on template values, as Velocity resolves
 * them on Java objects, plugged into velocityjs as a `customMethodHandlers`
 * entry (no JS prototype is touched, nothing global is patched):
 * - strings, lists, maps: see java-string / java-collections;
 * - numbers (Integer/Double): `toString`, `intValue`, `longValue`,
 *   `doubleValue`, `floatValue`, `equals`, `compareTo`;
 * - booleans: `toString`, `booleanValue`, `equals`;
 * - host objects (`$input`, `$util`, `Map.Entry`): their own methods;
 * - every object: `toString()`.
 * An unknown method, or arguments that fit no overload, give null (rendered
 * as nothing), as on API Gateway.
 * Property reads: `$map.key` is `map.get("key")`, `$input.body` a bean
 * getter, `$s.empty`/`$list.empty` are `isEmpty()`; anything else is null.
 */
import { callListMethod, callMapMethod } from './java-collections';
import { HostObject } from './host';
import { formatJavaNumber, isMap, javaToString } from './java-print';
import { javaObjectEquals } from './java-ops';
import { callStringMethod, getStringProperty, NO_METHOD, type MethodResult } from './java-string';

function callNumberMethod(n: number, name: string, args: unknown[]): MethodResult {
  const [a] = args;
  if (args.length === 0) {
    switch (name) {
      case 'toString':
        return formatJavaNumber(n);
      case 'intValue':
      case 'longValue':
      case 'shortValue':
      case 'byteValue':
        return Math.trunc(n);
      case 'doubleValue':
      case 'floatValue':
        return n;
      default:
        return NO_METHOD;
    }
  }
  if (args.length === 1 && name === 'equals') return typeof a === 'number' && a === n;
  if (args.length === 1 && name === 'compareTo') return typeof a === 'number' ? Math.sign(n - a) : NO_METHOD;
  return NO_METHOD;
}

function callBooleanMethod(b: boolean, name: string, args: unknown[]): MethodResult {
  if (args.length === 0 && name === 'toString') return b ? 'true' : 'false';
  if (args.length === 0 && name === 'booleanValue') return b;
  if (args.length === 1 && name === 'equals') return args[0] === b;
  return NO_METHOD;
}

function dispatch(target: unknown, name: string, args: unknown[]): MethodResult {
  if (typeof target === 'string') return callStringMethod(target, name, args);
  if (typeof target === 'number') return callNumberMethod(target, name, args);
  if (typeof target === 'boolean') return callBooleanMethod(target, name, args);
  if (target instanceof HostObject) {
    const result = target.callMethod(name, args);
    return result === undefined && name === 'toString' && args.length === 0 ? target.javaToString() : result;
  }
  if (Array.isArray(target)) return callListMethod(target, name, args);
  if (isMap(target)) return callMapMethod(target, name, args);
  return NO_METHOD;
}

/** Calls `name(args)` on `target` as Velocity would on the Java value; null when there is no such method. */
export function invokeJavaMethod(target: unknown, name: string, args: unknown[]): unknown {
  if (target === null || target === undefined) return null;
  const result = dispatch(target, name, args);
  if (result !== NO_METHOD) return result === undefined ? null : result;
  if (args.length === 0 && name === 'toString') return javaToString(target);
  if (args.length === 1 && name === 'equals') return javaObjectEquals(target, args[0]);
  return null;
}

/** Reads `$target.name` as Velocity's property introspection would. */
export function readJavaProperty(target: unknown, name: string): unknown {
  if (target === null || target === undefined) return undefined;
  if (isMap(target)) return Object.prototype.hasOwnProperty.call(target, name) ? target[name] : undefined;
  if (target instanceof HostObject) return target.getProperty(name);
  if (typeof target === 'string') return getStringProperty(target, name);
  if (Array.isArray(target) && name === 'empty') return target.length === 0;
  return undefined;
}

/** Reads `$target[key]`: a list element by index, a map entry by key. */
export function readJavaIndex(target: unknown, key: unknown): unknown {
  if (Array.isArray(target)) {
    return typeof key === 'number' && Number.isInteger(key) && key >= 0 && key < target.length ? target[key] : undefined;
  }
  return typeof key === 'string' ? readJavaProperty(target, key) : undefined;
}
