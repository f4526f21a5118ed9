/**
 * @module control/operation-table
 * The apigateway operations as the pinned `@aws-sdk/client-api-gateway`
 * defines them (read from `operations.generated.json`, which
 * `scripts/gen-operations.js` derives from the SDK's schemas), and the router
 * that finds the operation for a method and path and binds the request to the
 * operation's input members (labels, query, headers, payload, JSON body),
 * type-checked as AWS's deserializer would.
 */
import generated from './operations.generated.json';
import { BadRequestException } from '../aws/errors';

export type MemberType =
  | 'string'
  | 'number'
  | 'boolean'
  | 'timestamp'
  | 'blob'
  | 'structure'
  | { list: MemberType }
  | { map: MemberType }
  | { structure: Record<string, MemberType> };

export interface MemberSpec {
  name: string;
  location: 'label' | 'query' | 'queryParams' | 'header' | 'payload' | 'body';
  wireName: string;
  type: MemberType;
}

export interface OperationSpec {
  name: string;
  method: string;
  path: string;
  fixedQuery: Record<string, string>;
  successCode: number;
  members: MemberSpec[];
}

export const SDK_VERSION: string = generated.sdkVersion;
export const OPERATIONS: OperationSpec[] = generated.operations as OperationSpec[];

interface CompiledOperation {
  spec: OperationSpec;
  segments: string[]; // literal, or '{label}'
  literalCount: number;
}

export interface RouteMatch {
  spec: OperationSpec;
  labels: Record<string, string>;
}

export class OperationRouter {
  private readonly byMethod = new Map<string, CompiledOperation[]>();

  constructor(specs: OperationSpec[] = OPERATIONS) {
    for (const spec of specs) {
      const segments = spec.path.split('/').slice(1);
      const compiled = { spec, segments, literalCount: segments.filter((s) => !s.startsWith('{')).length };
      const list = this.byMethod.get(spec.method) ?? [];
      list.push(compiled);
      this.byMethod.set(spec.method, list);
    }
    // More specific first: more literal segments, then a fixed query (?mode=import) before none.
    for (const list of this.byMethod.values()) {
      list.sort(
        (a, b) =>
          b.literalCount - a.literalCount || Object.keys(b.spec.fixedQuery).length - Object.keys(a.spec.fixedQuery).length,
      );
    }
  }

  match(method: string, pathname: string, query: URLSearchParams): RouteMatch | null {
    const candidates = this.byMethod.get(method);
    if (!candidates) return null;
    const raw = pathname.split('/').slice(1);
    if (raw.length > 1 && raw[raw.length - 1] === '') raw.pop(); // tolerate a trailing slash
    for (const c of candidates) {
      if (c.segments.length !== raw.length) continue;
      const labels: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < raw.length && ok; i++) {
        const seg = c.segments[i];
        if (seg.startsWith('{')) {
          if (raw[i] === '') ok = false;
          else labels[seg.slice(1, -1)] = safeDecode(raw[i]);
        } else if (seg !== raw[i]) ok = false;
      }
      if (!ok) continue;
      if (!Object.entries(c.spec.fixedQuery).every(([k, v]) => query.get(k) === v)) continue;
      return { spec: c.spec, labels };
    }
    return null;
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw new BadRequestException(`Invalid URI encoding in path segment: ${s}`);
  }
}

// ---- binding a request to the operation input -------------------------------------------------

export interface RawRequest {
  labels: Record<string, string>;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  parsedBody?: Record<string, unknown>;
}

function javaTypeName(t: MemberType): string {
  if (typeof t === 'string') {
    return { string: 'java.lang.String', number: 'java.lang.Integer', boolean: 'java.lang.Boolean', timestamp: 'java.util.Date', blob: 'java.nio.ByteBuffer', structure: 'java.lang.Object' }[t];
  }
  if ('list' in t) return 'java.util.List';
  if ('map' in t) return 'java.util.Map';
  return 'java.lang.Object';
}

function jsonKind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'Array';
  if (typeof v === 'object') return 'Object';
  if (typeof v === 'string') return 'String';
  if (typeof v === 'number') return 'Number';
  if (typeof v === 'boolean') return 'Boolean';
  return typeof v;
}

function typeError(path: string, t: MemberType, v: unknown): BadRequestException {
  return new BadRequestException(
    `Could not parse request body into json: Cannot deserialize value of type \`${javaTypeName(t)}\` from ${jsonKind(v)} value (through reference chain: ${path})`,
  );
}

/** Checks (and lightly coerces, as Jackson does for numbers-as-strings) a JSON value against a member type. */
export function checkType(value: unknown, t: MemberType, path: string): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof t === 'string') {
    switch (t) {
      case 'string':
        if (typeof value === 'string') return value;
        if (typeof value === 'number' || typeof value === 'boolean') return String(value);
        throw typeError(path, t, value);
      case 'number':
        if (typeof value === 'number') return value;
        if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
        throw typeError(path, t, value);
      case 'boolean':
        if (typeof value === 'boolean') return value;
        if (value === 'true' || value === 'false') return value === 'true';
        throw typeError(path, t, value);
      case 'timestamp':
        if (typeof value === 'number' || typeof value === 'string') return value;
        throw typeError(path, t, value);
      case 'blob':
        if (typeof value === 'string') return value;
        throw typeError(path, t, value);
      default:
        return value;
    }
  }
  if ('list' in t) {
    if (!Array.isArray(value)) throw typeError(path, t, value);
    return value.map((v, i) => checkType(v, t.list, `${path}[${i}]`));
  }
  if ('map' in t) {
    if (typeof value !== 'object' || Array.isArray(value)) throw typeError(path, t, value);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = checkType(v, t.map, `${path}["${k}"]`);
    return out;
  }
  if (typeof value !== 'object' || Array.isArray(value)) throw typeError(path, t, value);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const mt = t.structure[k];
    // Unknown fields are ignored, as AWS ignores them.
    if (mt !== undefined) {
      const checked = checkType(v, mt, `${path}["${k}"]`);
      if (checked !== undefined) out[k] = checked;
    }
  }
  return out;
}

function queryValue(raw: string[], t: MemberType, name: string): unknown {
  if (typeof t === 'object' && 'list' in t) return raw.flatMap((v) => v.split(',')).filter((v) => v !== '');
  const v = raw[raw.length - 1];
  if (t === 'number') {
    if (!/^-?\d+(\.\d+)?$/.test(v)) throw new BadRequestException(`Invalid value for query parameter ${name}: ${v}`);
    return Number(v);
  }
  if (t === 'boolean') {
    if (v !== 'true' && v !== 'false') throw new BadRequestException(`Invalid value for query parameter ${name}: ${v}`);
    return v === 'true';
  }
  return v;
}

/** The operation's input object, as the SDK's `<Operation>Request` shape. */
export function bindInput(spec: OperationSpec, req: RawRequest, parseJson: (b: Buffer) => Record<string, unknown>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  const hasBodyMembers = spec.members.some((m) => m.location === 'body');
  const body = hasBodyMembers ? (req.parsedBody ?? parseJson(req.body)) : undefined;
  const declaredQuery = new Set(spec.members.filter((m) => m.location === 'query').map((m) => m.wireName));
  for (const m of spec.members) {
    switch (m.location) {
      case 'label':
        input[m.name] = req.labels[m.wireName];
        break;
      case 'query': {
        const values = req.query.getAll(m.wireName);
        if (values.length) input[m.name] = queryValue(values, m.type, m.wireName);
        break;
      }
      case 'queryParams': {
        const params: Record<string, string> = {};
        for (const [k, v] of req.query) if (!declaredQuery.has(k) && !(k in spec.fixedQuery)) params[k] = v;
        input[m.name] = params;
        break;
      }
      case 'header': {
        const h = req.headers[m.wireName];
        if (h !== undefined) input[m.name] = Array.isArray(h) ? h.join(',') : h;
        break;
      }
      case 'payload':
        input[m.name] = req.body;
        break;
      case 'body': {
        const v = checkType(body![m.wireName], m.type, m.wireName);
        if (v !== undefined) input[m.name] = v;
        break;
      }
    }
  }
  return input;
}
