/**
 * @module dataplane/gateway-response-mappings
 * The two small languages of a gateway response: its parameter mappings
 * (`gatewayresponse.header.X` ← `'literal'`, `method.request.header|path|querystring.X`,
 * `stageVariables.X`, `context.X`) and its body templates, which AWS renders
 * with simple variable substitution, not VTL ("A GatewayResponse mapping
 * template isn't processed by the VTL engine"): `$context.a.b`,
 * `$stageVariables.x`, `$method.request.header.x`, also written `${…}` or
 * `$!…`. Other text, `#directives` and `$util` included, is copied as is; an
 * unknown variable renders as the empty string.
 */
import type { GatewayResponseScope } from './gateway-responses';

export const PARAM_KEY = /^gatewayresponse\.(header|path|querystring)\.([^\s.][^\s]*)$/;
const REQUEST_SOURCE = /^method\.request\.(header|path|querystring|multivalueheader|multivaluequerystring)\.([^\s]+)$/;

export type ValueSource =
  | { kind: 'literal'; value: string }
  | { kind: 'header' | 'path' | 'querystring'; name: string }
  | { kind: 'stageVariables'; name: string }
  | { kind: 'context'; path: string[] };

export function parseSource(value: string): ValueSource | undefined {
  if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) return { kind: 'literal', value: value.slice(1, -1) };
  const m = REQUEST_SOURCE.exec(value);
  if (m) {
    const where = m[1].replace('multivalue', '') as 'header' | 'querystring' | 'path';
    return { kind: where, name: m[2] };
  }
  if (/^stageVariables\.[A-Za-z0-9_.-]+$/.test(value)) return { kind: 'stageVariables', name: value.slice('stageVariables.'.length) };
  if (/^context\.[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/.test(value)) return { kind: 'context', path: value.split('.').slice(1) };
  return undefined;
}

/** Validates one responseParameters entry; returns AWS's error message, or undefined when valid. */
export function checkResponseParameter(key: string, value: string | undefined): string | undefined {
  if (!PARAM_KEY.test(key)) {
    return `Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression parameter specified: ${key}]`;
  }
  if (value === undefined || parseSource(value) === undefined) {
    return `Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression specified: ${value}]`;
  }
  return undefined;
}

export type Segment = string | { root: 'context' | 'stageVariables' | 'method'; path: string[] };
const REFERENCE = /\$!?(?:\{(context|stageVariables|method)((?:\.[A-Za-z0-9_-]+)*)\}|(context|stageVariables|method)((?:\.[A-Za-z0-9_-]+)*))/g;

export function compileSubstitution(source: string): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  for (const m of source.matchAll(REFERENCE)) {
    if (m.index > last) out.push(source.slice(last, m.index));
    const root = (m[1] ?? m[3]) as 'context' | 'stageVariables' | 'method';
    const rest = m[2] ?? m[4] ?? '';
    out.push({ root, path: rest === '' ? [] : rest.slice(1).split('.') });
    last = m.index + m[0].length;
  }
  if (last < source.length) out.push(source.slice(last));
  return out;
}

export function lookupCaseless(map: Record<string, string>, name: string): string | undefined {
  if (Object.hasOwn(map, name)) return map[name];
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(map)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

function ownValue(map: Record<string, string> | undefined, name: string): string | undefined {
  return map && Object.hasOwn(map, name) ? map[name] : undefined;
}

function walk(value: unknown, path: string[]): unknown {
  let v = value;
  for (const p of path) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, p)) return undefined;
    v = (v as Record<string, unknown>)[p];
  }
  return v;
}

function text(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

function requestValue(scope: GatewayResponseScope, where: 'header' | 'path' | 'querystring', name: string): string | undefined {
  const map = scope.request[where] ?? {};
  return where === 'header' ? lookupCaseless(map, name) : ownValue(map, name);
}

function resolveReference(seg: Exclude<Segment, string>, scope: GatewayResponseScope): string {
  if (seg.root === 'context') return text(walk(scope.context, seg.path));
  if (seg.root === 'stageVariables') return text(ownValue(scope.stageVariables, seg.path.join('.')));
  const [request, where, ...name] = seg.path;
  if (request !== 'request' || (where !== 'header' && where !== 'path' && where !== 'querystring')) return '';
  return requestValue(scope, where, name.join('.')) ?? '';
}

export function resolveSource(src: ValueSource, scope: GatewayResponseScope): string | undefined {
  switch (src.kind) {
    case 'literal':
      return src.value;
    case 'stageVariables':
      return ownValue(scope.stageVariables, src.name);
    case 'context': {
      const v = walk(scope.context, src.path);
      return v === undefined || v === null ? undefined : text(v);
    }
    default:
      return requestValue(scope, src.kind, src.name);
  }
}

/** Renders a compiled template. */
export function renderSubstitution(template: Segment[], scope: GatewayResponseScope): string {
  return template.map((seg) => (typeof seg === 'string' ? seg : resolveReference(seg, scope))).join('');
}
