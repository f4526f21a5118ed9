/**
 * @module aws/patch
 * The one `patchOperations` engine behind every apigateway `Update*`.
 *
 * API Gateway's patch operations look like JSON Patch (op, path, value, from;
 * `~1` for `/` and `~0` for `~` in path segments) but each resource accepts
 * only its own paths and ops, values are always strings ("true", "42"), and a
 * path segment often carries data (`/binaryMediaTypes/image~1png`,
 * `/variables/name`, `/*\/*\/throttling/rateLimit`). So each aggregate
 * declares its patchable paths as rules; this module matches operations to
 * rules, applies them in order to a copy of the document, and raises AWS's
 * BadRequestException for anything else. The caller validates and stores the
 * result in one transaction, so a failed operation changes nothing.
 */
import { BadRequestException } from './errors';

export type PatchOpName = 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
const ALL_OPS: PatchOpName[] = ['add', 'remove', 'replace', 'move', 'copy', 'test'];

export interface PatchOperation {
  op?: string;
  path?: string;
  value?: string;
  from?: string;
}

export type PatchParams = Record<string, string>;

export interface PatchRule<T> {
  /**
   * Path template. Segments are literals, `*`, `{name}` (one segment, decoded)
   * or `{name+}` (the rest of the path, decoded segments joined by `/`).
   */
  path: string;
  /** The ops AWS accepts at this path, in the order its error message lists them. */
  ops: PatchOpName[];
  /** Reads the current value (for copy/move/test). */
  get?: (doc: T, p: PatchParams) => unknown;
  /** add / replace. `value` is the operation's string value. */
  set?: (doc: T, p: PatchParams, value: string | undefined, op: PatchOpName, path: string) => void;
  remove?: (doc: T, p: PatchParams, path: string) => void;
}

/** JSON-pointer segment decoding as API Gateway does it. */
export function decodeSegment(s: string): string {
  return s.replace(/~1/g, '/').replace(/~0/g, '~');
}
export function encodeSegment(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

interface CompiledRule<T> {
  rule: PatchRule<T>;
  segments: string[];
}

function matchRule<T>(rules: CompiledRule<T>[], path: string): { rule: PatchRule<T>; params: PatchParams } | null {
  if (!path.startsWith('/')) return null;
  const raw = path.slice(1).split('/');
  outer: for (const { rule, segments } of rules) {
    const params: PatchParams = {};
    for (let i = 0; i < segments.length; i++) {
      const seg = segments[i];
      if (seg.startsWith('{') && seg.endsWith('+}')) {
        const rest = raw.slice(i);
        if (rest.length === 0 || rest.some((r) => r === '')) continue outer;
        params[seg.slice(1, -2)] = rest.map(decodeSegment).join('/');
        return { rule, params };
      }
      if (i >= raw.length) continue outer;
      if (seg.startsWith('{') && seg.endsWith('}')) {
        if (raw[i] === '') continue outer;
        params[seg.slice(1, -1)] = decodeSegment(raw[i]);
      } else if (seg !== raw[i]) {
        continue outer;
      }
    }
    if (raw.length !== segments.length) continue;
    return { rule, params };
  }
  return null;
}

/**
 * AWS words these errors differently per resource type (RestApi says
 * `Invalid patch path /x`; Resource lists the valid paths for the op), so an
 * aggregate can give its own wording.
 */
export interface PatchMessages {
  /** No rule matches the path. `pathsForOp` are the rule paths that accept the op. */
  invalidPath(path: string, op: PatchOpName, pathsForOp: string[]): string;
  /** The path is known but the op is not accepted there. */
  invalidOp(path: string, op: PatchOpName, allowed: PatchOpName[]): string;
}

export const DEFAULT_PATCH_MESSAGES: PatchMessages = {
  invalidPath: (path) => `Invalid patch path ${path}`,
  invalidOp: (_path, _op, allowed) => `Invalid patch operation specified. Must be one of: [${allowed.join(', ')}]`,
};

/** The wording AWS uses for Resource, Method, Integration and their responses. */
export const LISTING_PATCH_MESSAGES: PatchMessages = {
  invalidPath: (path, op, pathsForOp) =>
    `Invalid patch path  '${path}' specified for op '${op}'. Must be one of: [${pathsForOp.join(', ')}]`,
  invalidOp: (path, op) => `Invalid patch path  '${path}' specified for op '${op}'. Please choose supported operations`,
};

export class PatchEngine<T> {
  private readonly rules: CompiledRule<T>[];
  constructor(
    rules: PatchRule<T>[],
    private readonly messages: PatchMessages = DEFAULT_PATCH_MESSAGES,
  ) {
    this.rules = rules.map((rule) => ({ rule, segments: rule.path.slice(1).split('/') }));
  }

  /** Applies the operations to a deep copy of `doc` and returns it; `doc` is untouched. */
  apply(doc: T, operations: PatchOperation[] | undefined): T {
    const draft = structuredClone(doc);
    if (operations === undefined || operations === null) return draft;
    if (!Array.isArray(operations)) throw new BadRequestException('patchOperations must be a list');
    for (const operation of operations) this.applyOne(draft, operation);
    return draft;
  }

  private applyOne(draft: T, operation: PatchOperation): void {
    if (operation === null || typeof operation !== 'object') {
      throw new BadRequestException('Invalid patch operation specified. Must be one of: [' + ALL_OPS.join(', ') + ']');
    }
    const op = operation.op as PatchOpName;
    if (!ALL_OPS.includes(op)) {
      throw new BadRequestException('Invalid patch operation specified. Must be one of: [' + ALL_OPS.join(', ') + ']');
    }
    const path = operation.path;
    if (typeof path !== 'string' || path === '') throw new BadRequestException('Invalid patch path null');
    if (operation.value !== undefined && operation.value !== null && typeof operation.value !== 'string') {
      throw new BadRequestException(`Invalid patch value for path ${path}: patch values must be strings`);
    }
    const target = this.resolve(path, op);
    if (!target.rule.ops.includes(op)) {
      throw new BadRequestException(this.messages.invalidOp(path, op, target.rule.ops));
    }
    switch (op) {
      case 'add':
      case 'replace':
        this.need(target.rule.set, op)(draft, target.params, operation.value ?? undefined, op, path);
        return;
      case 'remove':
        this.need(target.rule.remove, op)(draft, target.params, path);
        return;
      case 'test': {
        const current = this.need(target.rule.get, op)(draft, target.params);
        if (String(current) !== String(operation.value)) {
          throw new BadRequestException(`Test operation failed for path ${path}`);
        }
        return;
      }
      case 'copy':
      case 'move': {
        if (typeof operation.from !== 'string' || operation.from === '') {
          throw new BadRequestException(`Invalid from path null for ${op} operation`);
        }
        const source = this.resolve(operation.from, op);
        const value = this.need(source.rule.get, op)(draft, source.params);
        if (value === undefined) throw new BadRequestException(`Invalid from path ${operation.from}`);
        this.need(target.rule.set, op)(draft, target.params, String(value), 'add', path);
        if (op === 'move') this.need(source.rule.remove, op)(draft, source.params, operation.from);
        return;
      }
    }
  }

  private resolve(path: string, op: PatchOpName): { rule: PatchRule<T>; params: PatchParams } {
    const found = matchRule(this.rules, path);
    if (!found) {
      const paths = this.rules.filter((r) => r.rule.ops.includes(op)).map((r) => r.rule.path);
      throw new BadRequestException(this.messages.invalidPath(path, op, paths));
    }
    return found;
  }

  private need<F>(fn: F | undefined, op: string): F {
    if (!fn) throw new BadRequestException(`Invalid patch operation specified: ${op} is not supported for this path`);
    return fn;
  }
}

// ---- value parsing shared by the rules -------------------------------------------------------

export function patchBoolean(value: string | undefined, path: string): boolean {
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new BadRequestException(`Invalid value for boolean field ${path.split('/').pop()}: ${value}`);
}

export function patchInteger(value: string | undefined, path: string): number {
  if (value === undefined || !/^-?\d+$/.test(value.trim())) {
    throw new BadRequestException(`Invalid value for integer field ${path.split('/').pop()}: ${value}`);
  }
  return Number(value.trim());
}

export function patchNumber(value: string | undefined, path: string): number {
  const n = value === undefined || value.trim() === '' ? NaN : Number(value);
  if (!Number.isFinite(n)) throw new BadRequestException(`Invalid value for numeric field ${path.split('/').pop()}: ${value}`);
  return n;
}

// ---- rule builders for the common shapes ----------------------------------------------------

type Field<T> = keyof T & string;

/** A top-level scalar field: replace sets it (parsed by `parse`), remove (if allowed) deletes it. */
export function scalarRule<T>(
  path: string,
  field: Field<T>,
  opts: { ops?: PatchOpName[]; parse?: (value: string | undefined, path: string) => unknown } = {},
): PatchRule<T> {
  const parse = opts.parse ?? ((v: string | undefined) => v);
  return {
    path,
    ops: opts.ops ?? ['replace'],
    get: (doc) => (doc as Record<string, unknown>)[field],
    set: (doc, _p, value, _op, p) => {
      const parsed = parse(value, p);
      if (parsed === undefined || parsed === null || parsed === '') delete (doc as Record<string, unknown>)[field];
      else (doc as Record<string, unknown>)[field] = parsed;
    },
    remove: (doc) => {
      delete (doc as Record<string, unknown>)[field];
    },
  };
}

/** A list of strings addressed by value: `add /field/{value}`, `remove /field/{value}`, `replace /field/{old}` with value. */
export function stringSetRule<T>(prefix: string, field: Field<T>): PatchRule<T> {
  const list = (doc: T): string[] => ((doc as Record<string, unknown>)[field] as string[] | undefined) ?? [];
  const store = (doc: T, items: string[]) => {
    if (items.length) (doc as Record<string, unknown>)[field] = items;
    else delete (doc as Record<string, unknown>)[field];
  };
  return {
    path: `${prefix}/{item}`,
    ops: ['add', 'remove', 'replace'],
    get: (doc, p) => (list(doc).includes(p.item) ? p.item : undefined),
    set: (doc, p, value, op) => {
      const items = list(doc).slice();
      if (op === 'add') {
        if (!items.includes(p.item)) items.push(p.item);
      } else {
        const at = items.indexOf(p.item);
        if (value === undefined || value === '') throw new BadRequestException(`Invalid null or empty value in ${prefix}`);
        if (at >= 0) items[at] = value;
        else if (!items.includes(value)) items.push(value);
      }
      store(doc, items);
    },
    remove: (doc, p) => store(doc, list(doc).filter((i) => i !== p.item)),
  };
}

/** A string map addressed by key: `/field/{key}` add/replace sets, remove deletes. */
export function stringMapRule<T>(
  prefix: string,
  field: Field<T>,
  opts: { ops?: PatchOpName[]; parse?: (value: string | undefined, path: string) => unknown; keyCheck?: (key: string) => void } = {},
): PatchRule<T> {
  const parse = opts.parse ?? ((v: string | undefined) => v ?? '');
  const map = (doc: T): Record<string, unknown> => {
    const d = doc as Record<string, unknown>;
    if (!d[field] || typeof d[field] !== 'object') d[field] = {};
    return d[field] as Record<string, unknown>;
  };
  return {
    path: `${prefix}/{key}`,
    ops: opts.ops ?? ['add', 'remove', 'replace', 'copy', 'move'],
    get: (doc, p) => map(doc)[p.key],
    set: (doc, p, value, _op, path) => {
      opts.keyCheck?.(p.key);
      map(doc)[p.key] = parse(value, path);
    },
    remove: (doc, p, path) => {
      const m = map(doc);
      if (!(p.key in m)) throw new BadRequestException(`Invalid patch path ${path}`);
      delete m[p.key];
    },
  };
}
