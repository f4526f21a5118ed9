/**
 * @module dataplane/aws-service/uri
 * AWS service integration URIs, parsed once when a deployment is compiled
 * (API Reference, Integration `uri`):
 * `arn:aws:apigateway:{region}:{subdomain.service|service}:action/{Action}[&{p1}={v1}&…]`
 * (an action-based API: `Action={Action}&p1=v1…` goes in the query string) or
 * `arn:aws:apigateway:{region}:{subdomain.service|service}:path/{path}` (a
 * path-based API: `/{path}` on the service's endpoint, e.g. S3's
 * `path/{bucket}/{key}`). The action parameters and the path may hold
 * `{name}` (integration request path parameters) and `${stageVariables.name}`,
 * substituted per request; the region and service may hold stage variables
 * too (then the head is resolved per request).
 * The request path is normalized to one encoding per segment (RFC 3986, what
 * SigV4 canonicalizes), so the signature the service checks is the one sent.
 */

/** Literal text, a `{name}` (`{name+}`) integration path parameter, or `${stageVariables.name}`. */
export type TemplatePart = { kind: 'text'; text: string } | { kind: 'param'; name: string } | { kind: 'stageVariable'; name: string };

export interface ServiceHead {
  region: string;
  service: string;
  /** `{subdomain}.{service}`: the part before the service's name (an S3 bucket, for instance). */
  subdomain?: string;
}

export interface ServiceUri {
  /** The head when it holds no stage variable; otherwise `rawHead` is resolved per request. */
  head?: ServiceHead;
  rawHead: string;
  kind: 'action' | 'path';
  /** `action/{Action}`: the action's name. */
  action?: string;
  /** `action/{Action}&p=v`: the parameters as written (values still URL-encoded, as the URI holds them). */
  params: { name: string; value: TemplatePart[] }[];
  /** `path/{path}`: the path after `path/`. */
  path: TemplatePart[];
}

const STAGE_VAR = '${stageVariables.';
const STAGE_VAR_RE = /\$\{stageVariables\.([^}]*)\}/g;

/** `a/{b}/${stageVariables.c}` → parts. */
export function parseTemplate(s: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let text = '';
  const flush = () => {
    if (text) parts.push({ kind: 'text', text });
    text = '';
  };
  let i = 0;
  while (i < s.length) {
    if (s.startsWith(STAGE_VAR, i)) {
      const end = s.indexOf('}', i);
      if (end !== -1) {
        flush();
        parts.push({ kind: 'stageVariable', name: s.slice(i + STAGE_VAR.length, end) });
        i = end + 1;
        continue;
      }
    }
    if (s[i] === '{') {
      const end = s.indexOf('}', i);
      if (end > i + 1) {
        flush();
        const name = s.slice(i + 1, end);
        parts.push({ kind: 'param', name: name.endsWith('+') ? name.slice(0, -1) : name });
        i = end + 1;
        continue;
      }
    }
    text += s[i++];
  }
  flush();
  return parts;
}

/** `{region}:{subdomain.service}` (stage variables already substituted) → the head, or the reason it is not one. */
export function parseHead(raw: string): ServiceHead | string {
  const colon = raw.indexOf(':');
  const region = raw.slice(0, colon);
  const svc = raw.slice(colon + 1);
  if (!/^[a-z0-9-]+$/.test(region)) return `${JSON.stringify(region)} is not a region`;
  const dot = svc.lastIndexOf('.');
  const service = svc.slice(dot + 1);
  const subdomain = dot === -1 ? undefined : svc.slice(0, dot);
  if (!/^[a-z0-9-]+$/.test(service) || subdomain === '') return `${JSON.stringify(svc)} is not an AWS service name`;
  return subdomain === undefined ? { region, service } : { region, service, subdomain };
}

/** Parses an AWS integration URI; a string is the reason it is not a service integration URI. */
export function parseServiceUri(uri: string): ServiceUri | string {
  const m = /^arn:aws[a-z-]*:apigateway:([^:]*):([^:]*):(action|path)\/(.*)$/s.exec(uri);
  if (!m) return `${JSON.stringify(uri)} is not an arn:aws:apigateway:{region}:{service}:(action|path)/… integration URI`;
  const rawHead = `${m[1]}:${m[2]}`;
  let head: ServiceHead | undefined;
  if (!rawHead.includes(STAGE_VAR)) {
    const h = parseHead(rawHead);
    if (typeof h === 'string') return `${h} in integration URI ${uri}`;
    head = h;
  }
  const kind = m[3] as 'action' | 'path';
  const rest = m[4];
  if (kind === 'path') return { head, rawHead, kind, params: [], path: parseTemplate(rest) };
  const pieces = rest.split(/[&?]/);
  const action = pieces[0];
  if (!/^[A-Za-z0-9_.-]+$/.test(action)) return `${JSON.stringify(action)} is not an action name in integration URI ${uri}`;
  const params: ServiceUri['params'] = [];
  for (const p of pieces.slice(1)) {
    if (p === '') continue;
    const eq = p.indexOf('=');
    const name = eq === -1 ? p : p.slice(0, eq);
    params.push({ name: safeDecode(name), value: parseTemplate(eq === -1 ? '' : p.slice(eq + 1)) });
  }
  return { head, rawHead, kind, action, params, path: [] };
}

/** The head for this request: the compiled one, or the raw one with stage variables substituted. */
export function resolveHead(u: ServiceUri, stageVariables: Record<string, string>): ServiceHead | string {
  if (u.head) return u.head;
  return parseHead(u.rawHead.replace(STAGE_VAR_RE, (_m, name: string) => stageVariables[name] ?? ''));
}

export function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** RFC 3986 encoding (what SigV4 canonicalizes): encodeURIComponent plus `!'()*`. */
export function strictEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

/** Renders parts; parameter and stage-variable values go through `encode`, text stays as written. */
export function render(parts: TemplatePart[], path: Record<string, string>, stageVariables: Record<string, string>, encode: (v: string) => string): string {
  let s = '';
  for (const p of parts) {
    if (p.kind === 'text') s += p.text;
    else if (p.kind === 'param') s += encode(path[p.name] ?? `{${p.name}}`);
    else s += encode(stageVariables[p.name] ?? '');
  }
  return s;
}

/** `/a b/%7Bx%7D` → `/a%20b/%7Bx%7D`: each segment decoded once and encoded as RFC 3986 does. */
export function normalizePath(path: string): string {
  return path
    .split('/')
    .map((seg) => strictEncode(safeDecode(seg)))
    .join('/');
}
