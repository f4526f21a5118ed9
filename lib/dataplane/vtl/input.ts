/**
 * @module dataplane/vtl/input
 * `$input`, as API Gateway's mapping templates see it:
 * - `$input.body`: the payload as text; an empty payload reads as `{}`
 *   (recorded AWS behaviour, LocalStack PR #12413);
 * - `$input.json(x)`: the JSONPath result as JSON text (`"text"`, `{"a":1}`,
 *   the whole document for `'$'`);
 * - `$input.path(x)`: the JSONPath result as an object (maps, JSON lists,
 *   strings, numbers), usable with `.size()`, `#foreach`, `.get('k')`;
 * - a JSONPath that matches nothing gives an empty string from `path` (so the
 *   common test `$input.path('$.x') != ""` behaves as on AWS) and `""` from
 *   `json`;
 * - `$input.params()`: `{path={…}, header={…}, querystring={…}}` (the
 *   order the Developer Guide's "pass all parameters" example shows);
 *   `$input.params(x)`: path, then querystring, then header (header names
 *   match case-insensitively), or an empty string.
 * A payload that is not JSON makes `json`/`path` fail (TemplateJsonError);
 * `body` and `params` still work.
 */
import { TemplateJsonError } from './errors';
import { HostObject } from './host';
import { parseJsonDocument, toJsonText } from './java-print';
import { evaluateJsonPath, JsonPathError } from './jsonpath';

export interface InputParams {
  path: Record<string, string>;
  querystring: Record<string, string>;
  header: Record<string, string>;
}

export interface InputSource {
  body: string;
  params: InputParams;
}

const own = (o: Record<string, string>, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

export class VtlInput extends HostObject {
  private parsed = false;
  private doc: unknown;
  private allParams: Record<string, Record<string, string>> | undefined;

  constructor(private readonly source: InputSource) {
    super();
  }

  get body(): string {
    return this.source.body === '' ? '{}' : this.source.body;
  }

  /** The payload parsed once per render (each render has its own copy to mutate). */
  private document(): unknown {
    if (!this.parsed) {
      try {
        this.doc = parseJsonDocument(this.body);
      } catch (e) {
        throw new TemplateJsonError(`Could not parse the payload as JSON: ${(e as Error).message}`);
      }
      this.parsed = true;
    }
    return this.doc;
  }

  private select(path: string): unknown {
    try {
      return evaluateJsonPath(this.document(), path);
    } catch (e) {
      if (e instanceof JsonPathError) throw new TemplateJsonError(e.message);
      throw e;
    }
  }

  path(path: string): unknown {
    const value = this.select(path);
    return value === undefined ? '' : value;
  }

  json(path: string): string {
    const value = this.select(path);
    return value === undefined ? '""' : toJsonText(value);
  }

  params(): Record<string, Record<string, string>>;
  params(name: string): string;
  params(name?: string): unknown {
    const { path, querystring, header } = this.source.params;
    if (name === undefined) {
      // The guide's example output lists them in this order: path, header, querystring.
      this.allParams ??= { path: { ...path }, header: { ...header }, querystring: { ...querystring } };
      return this.allParams;
    }
    if (own(path, name)) return path[name];
    if (own(querystring, name)) return querystring[name];
    if (own(header, name)) return header[name];
    const lower = name.toLowerCase();
    for (const key of Object.keys(header)) if (key.toLowerCase() === lower) return header[key];
    return '';
  }

  override getProperty(name: string): unknown {
    return name === 'body' ? this.body : undefined;
  }

  callMethod(name: string, args: unknown[]): unknown {
    const [a] = args;
    switch (name) {
      case 'json':
        return args.length === 1 && typeof a === 'string' ? this.json(a) : undefined;
      case 'path':
        return args.length === 1 && typeof a === 'string' ? this.path(a) : undefined;
      case 'params':
        if (args.length === 0) return this.params();
        return args.length === 1 && typeof a === 'string' ? this.params(a) : undefined;
      case 'getBody':
        return args.length === 0 ? this.body : undefined;
      default:
        return undefined;
    }
  }

  javaToString(): string {
    return '$input';
  }
}
