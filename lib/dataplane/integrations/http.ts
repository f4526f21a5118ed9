/**
 * @module dataplane/integrations/http
 * HTTP and HTTP_PROXY integrations: build the endpoint URL (the integration
 * `uri` with `{param}` from the integration request path parameters and
 * `${stageVariables.x}` substituted, plus the integration request query
 * string), send the integration request, and keep the backend's answer as
 * the integration response. API Gateway's answers for a failing backend:
 * - no answer within `timeoutInMillis`: 504 `{"message": "Endpoint request timed out"}` (INTEGRATION_TIMEOUT);
 * - refused connection, unknown host, invalid endpoint address: 500
 *   `{"message": "Internal server error"}` ("Execution failed due to
 *   configuration error", API_CONFIGURATION_ERROR);
 * - a backend that breaks off its answer: 502 `{"message": "Internal server error"}`
 *   (INTEGRATION_FAILURE; AWS does not document this case, 502 is our choice).
 * Redirects are returned as they are, never followed.
 */
import type { InvocationContext } from '../context';
import { GatewayError } from '../gateway-responses';
import { BackendFailure, endpointOf, hostHeader, send, type Endpoint } from '../http-client';
import type { CompiledIntegration, UriPart } from '../types';

/** `a b/c` → `a%20b/c`: path parameter values are URL-encoded, slashes kept (greedy values). */
function encodePathValue(v: string): string {
  const e = encodeURIComponent(v);
  return e.indexOf('%2F') === -1 ? e : e.replace(/%2F/g, '/');
}

function buildPath(ctx: InvocationContext, parts: UriPart[]): string {
  const ir = ctx.integrationRequest!;
  let s = '';
  for (const p of parts) {
    if (p.kind === 'text') s += p.text;
    else if (p.kind === 'stageVariable') s += ctx.stageVariables[p.name] ?? '';
    else {
      const v = ir.path[p.name];
      s += v === undefined ? `%7B${p.name}${p.greedy ? '+' : ''}%7D` : encodePathValue(v);
    }
  }
  return s;
}

/** The backend endpoint and the request path (with the integration query string) for this request. */
export function endpointFor(ctx: InvocationContext, integ: CompiledIntegration): { endpoint: Endpoint; path: string } {
  const ir = ctx.integrationRequest!;
  let endpoint: Endpoint | undefined;
  let path: string;
  if (integ.staticOrigin) {
    endpoint = integ.staticOrigin.endpoint;
    path = buildPath(ctx, integ.staticOrigin.pathParts) || '/';
  } else {
    const s = buildPath(ctx, integ.uri);
    try {
      const url = new URL(s);
      endpoint = endpointOf(url);
      path = url.pathname + url.search;
    } catch {
      path = '';
    }
    if (!endpoint) {
      ctx.configurationError(`Invalid endpoint address: ${s}`);
      throw new GatewayError('API_CONFIGURATION_ERROR', 'Internal server error');
    }
  }
  if (ir.querystring.size > 0) {
    let q = '';
    for (const [name, values] of ir.querystring) {
      for (const v of values) q += (q ? '&' : '') + encodeURIComponent(name) + '=' + encodeURIComponent(v);
    }
    path += (path.indexOf('?') === -1 ? '?' : '&') + q;
  }
  return { endpoint, path };
}

function call(ctx: InvocationContext): Promise<void> {
  const integ = ctx.route!.method.integration!;
  const ir = ctx.integrationRequest!;
  const { endpoint, path } = endpointFor(ctx, integ);
  const headers: string[] = ['Host', hostHeader(endpoint)];
  ir.headers.forEach((h, lc) => {
    if (lc === 'host' || lc === 'content-length' || lc === 'connection' || lc === 'transfer-encoding') return; // the client writes these
    for (let i = 0; i < h.values.length; i++) headers.push(h.name, h.values[i]);
  });
  if (ir.body.length > 0 || ir.httpMethod === 'POST' || ir.httpMethod === 'PUT' || ir.httpMethod === 'PATCH') headers.push('Content-Length', String(ir.body.length));
  return send({
    endpoint,
    path,
    method: ir.httpMethod,
    headers,
    body: ir.body,
    timeoutMs: integ.timeoutMs,
    insecure: ctx.route!.method.method.methodIntegration?.tlsConfig?.insecureSkipVerification === true,
  }).then(
    (res) => {
      ctx.integrationResponse = { statusCode: res.statusCode, rawHeaders: res.rawHeaders, body: res.body };
    },
    (e: unknown) => {
      throw failureOf(ctx, endpoint, e);
    },
  );
}

/** API Gateway's answer for a backend call that failed. */
function failureOf(ctx: InvocationContext, endpoint: Endpoint, e: unknown): unknown {
  if (!(e instanceof BackendFailure)) return e;
  const origin = `${endpoint.protocol}//${endpoint.hostname}:${endpoint.port}`;
  if (e.kind === 'timeout') {
    ctx.log.warn(`${ctx.describe()}: Execution failed due to a timeout error (${e.message}) calling ${origin}`);
    return new GatewayError('INTEGRATION_TIMEOUT', 'Endpoint request timed out');
  }
  if (e.kind === 'unreachable') {
    ctx.configurationError(`${e.message} (${origin})`);
    return new GatewayError('API_CONFIGURATION_ERROR', 'Internal server error');
  }
  ctx.log.warn(`${ctx.describe()}: Execution failed: ${e.message} (${origin})`);
  return new GatewayError('INTEGRATION_FAILURE', 'Internal server error', { statusCode: 502 });
}

export const httpIntegration = { proxy: false, invoke: call };
export const httpProxyIntegration = { proxy: true, invoke: call };
