/**
 * @module dataplane/mappings
 * Parameter mapping expressions, parsed once at compile time and evaluated per
 * request, as the "API Gateway mapping reference" defines them:
 * - integration request (`requestParameters`): `method.request.(path|querystring|
 *   header|multivaluequerystring|multivalueheader).NAME`, `method.request.body`,
 *   `method.request.body.JSONPATH`, `context.VAR`, `stageVariables.VAR`, `'static'`;
 * - method response (`responseParameters`): `integration.response.(header|
 *   multivalueheader).NAME`, `integration.response.body`,
 *   `integration.response.body.JSONPATH`, `context.VAR`, `stageVariables.VAR`, `'static'`.
 * Header names are matched case-insensitively; a source that has no value maps
 * nothing (the target parameter is left out), as API Gateway does.
 */
import type { InvocationContext } from './context';
import type { ParamSource, RequestParamMapping, ResponseParamMapping } from './types';
import { evaluateJsonPath } from './vtl/jsonpath';

const METHOD_LOCATIONS = new Set(['path', 'querystring', 'header', 'multivaluequerystring', 'multivalueheader']);

/** Parses a mapping value; returns an error text for an expression API Gateway would not accept. */
export function parseSource(expr: string, side: 'request' | 'response'): ParamSource | string {
  const e = expr.trim();
  if (e.length >= 2 && e.startsWith("'") && e.endsWith("'")) return { kind: 'literal', value: e.slice(1, -1) };
  if (e.startsWith('context.') && e.length > 8) return { kind: 'context', path: e.slice(8).split('.') };
  if (e.startsWith('stageVariables.') && e.length > 15) return { kind: 'stageVariable', name: e.slice(15) };
  if (side === 'request') {
    if (e === 'method.request.body') return { kind: 'methodBody' };
    if (e.startsWith('method.request.body.')) return { kind: 'methodBody', path: jsonPathOf(e.slice(20)) };
    const m = /^method\.request\.([a-z]+)\.(.+)$/.exec(e);
    if (m && METHOD_LOCATIONS.has(m[1])) {
      const location = m[1] as 'path' | 'querystring' | 'header' | 'multivaluequerystring' | 'multivalueheader';
      const name = location === 'header' || location === 'multivalueheader' ? m[2].toLowerCase() : m[2];
      return { kind: 'method', location, name };
    }
  } else {
    if (e === 'integration.response.body') return { kind: 'integrationBody' };
    if (e.startsWith('integration.response.body.')) return { kind: 'integrationBody', path: jsonPathOf(e.slice(26)) };
    const m = /^integration\.response\.(header|multivalueheader)\.(.+)$/.exec(e);
    if (m) return { kind: 'integrationHeader', name: m[2].toLowerCase(), multi: m[1] === 'multivalueheader' };
  }
  return `Invalid mapping expression specified: ${expr}`;
}

/** `a.b[0]` (as written after `body.`) → `$.a.b[0]`. */
function jsonPathOf(rest: string): string {
  return rest.startsWith('[') ? '$' + rest : '$.' + rest;
}

/** Parses `integration.request.(path|querystring|header).NAME` → source mappings; bad entries go to `warnings`. */
export function compileRequestParameters(params: Record<string, string> | undefined, warnings: string[], where: string): RequestParamMapping[] {
  const out: RequestParamMapping[] = [];
  for (const [key, value] of Object.entries(params ?? {})) {
    const m = /^integration\.request\.(path|querystring|header|multivaluequerystring|multivalueheader)\.(.+)$/.exec(key);
    if (!m) {
      warnings.push(`${where}: request parameter ${key} is not an integration.request.(path|querystring|header).NAME key; ignored`);
      continue;
    }
    const location = m[1] === 'multivaluequerystring' ? 'querystring' : m[1] === 'multivalueheader' ? 'header' : m[1];
    const source = typeof value === 'string' ? parseSource(value, 'request') : `Invalid mapping expression specified: ${value}`;
    if (typeof source === 'string') {
      warnings.push(`${where}: ${source} (for ${key}); ignored`);
      continue;
    }
    out.push({ location: location as 'path' | 'querystring' | 'header', name: m[2], source });
  }
  return out;
}

/** Parses `method.response.header.NAME` → source mappings; bad entries go to `warnings`. */
export function compileResponseParameters(params: Record<string, string> | undefined, warnings: string[], where: string): ResponseParamMapping[] {
  const out: ResponseParamMapping[] = [];
  for (const [key, value] of Object.entries(params ?? {})) {
    const m = /^method\.response\.header\.(.+)$/.exec(key);
    if (!m) {
      warnings.push(`${where}: response parameter ${key} is not a method.response.header.NAME key; ignored`);
      continue;
    }
    const source = typeof value === 'string' ? parseSource(value, 'response') : `Invalid mapping expression specified: ${value}`;
    if (typeof source === 'string') {
      warnings.push(`${where}: ${source} (for ${key}); ignored`);
      continue;
    }
    out.push({ name: m[1], source });
  }
  return out;
}

function stringify(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** The value(s) a source gives for this request; undefined when there is none. */
export function evaluateSource(src: ParamSource, ctx: InvocationContext): string | string[] | undefined {
  switch (src.kind) {
    case 'literal':
      return src.value;
    case 'stageVariable':
      return ctx.stageVariables[src.name];
    case 'context': {
      let v: unknown = ctx.contextVars();
      for (const p of src.path) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[p] : undefined;
      return stringify(v);
    }
    case 'method': {
      const r = ctx.request;
      switch (src.location) {
        case 'path':
          return ctx.route?.pathParams[src.name];
        case 'querystring':
          return r.querystring[src.name];
        case 'header':
          return r.headerLc[src.name];
        case 'multivaluequerystring':
          return r.multiQuerystring[src.name];
        case 'multivalueheader':
          return r.multiHeaderLc[src.name];
      }
      return undefined;
    }
    case 'methodBody': {
      if (src.path === undefined) return ctx.request.body.toString('utf8');
      return stringify(evaluateJsonPath(ctx.requestBodyJson(), src.path));
    }
    case 'integrationHeader': {
      const v = ctx.integrationHeader(src.name);
      if (v === undefined) return undefined;
      if (Array.isArray(v)) return src.multi ? v : v[v.length - 1];
      return src.multi ? [v] : v;
    }
    case 'integrationBody': {
      const body = ctx.integrationResponse?.body;
      if (!body) return undefined;
      if (src.path === undefined) return body.toString('utf8');
      return stringify(evaluateJsonPath(ctx.integrationBodyJson(), src.path));
    }
  }
}
