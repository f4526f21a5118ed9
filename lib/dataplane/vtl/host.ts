/**
 * @module dataplane/vtl/host
 * Host objects: the Java objects API Gateway puts in a template's context
 * (`$input`, `$util`) and the small Java values the engine hands out
 * (`Map.Entry`). A host object answers only the methods and properties it
 * declares; anything else is null, as an unknown method is on API Gateway
 * ("no error is shown and the request continues", re:Post).
 */
import { javaToString, type JavaPrintable } from './java-print';

export abstract class HostObject implements JavaPrintable {
  /** Calls a method; `undefined` when the object has no such method. */
  abstract callMethod(name: string, args: unknown[]): unknown;
  /** Reads a bean property (`$input.body`); `undefined` when there is none. */
  getProperty(_name: string): unknown {
    return undefined;
  }
  abstract javaToString(): string;

  /** Inside JSON text a host object is its Java text. */
  toJSON(): string {
    return this.javaToString();
  }
}

/** `java.util.Map.Entry`, from `entrySet()`: `$e.key`, `$e.getValue()`, prints `k=v`. */
export class MapEntry extends HostObject {
  constructor(readonly key: string, readonly value: unknown) {
    super();
  }

  override getProperty(name: string): unknown {
    if (name === 'key') return this.key;
    if (name === 'value') return this.value;
    return undefined;
  }

  callMethod(name: string, args: unknown[]): unknown {
    if (args.length !== 0) return undefined;
    if (name === 'getKey') return this.key;
    if (name === 'getValue') return this.value;
    if (name === 'toString') return this.javaToString();
    return undefined;
  }

  javaToString(): string {
    return `${this.key}=${javaToString(this.value)}`;
  }
}
