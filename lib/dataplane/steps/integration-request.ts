/**
 * @module dataplane/steps/integration-request
 * Step 3: the integration request, from the method request.
 * - Proxy integrations (HTTP_PROXY) start from the client's query string,
 *   headers (less the ones API Gateway drops, see headers.ts) and body as
 *   they are; non-proxy ones (HTTP, MOCK) start empty, with API Gateway's own
 *   defaults for HTTP (`Accept: application/json`, `User-Agent:
 *   AmazonAPIGateway_{apiId}`, the Content-Type the body was mapped for).
 * - `requestParameters` then set integration path/querystring/header values
 *   (a source without a value sets nothing); X-Forwarded-*,
 *   x-amzn-apigateway-api-id and X-Amzn-Trace-Id are added for HTTP backends.
 * - Non-proxy: the request template for the Content-Type (application/json
 *   when absent) renders the body; without one, passthroughBehavior decides
 *   (415 `{"message":"Unsupported Media Type"}` when it refuses).
 *   `$context.requestOverride.(header|querystring|path)` set by the template
 *   win over the mappings.
 * - `contentHandling` converts the payload (media-types.ts).
 */
import type { InvocationContext, IntegrationRequest } from '../context';
import { GatewayError } from '../gateway-responses';
import { DROPPED_REQUEST_HEADERS } from '../headers';
import { evaluateSource } from '../mappings';
import { convertRequestPayload, isBinaryType, mediaTypeOf } from '../media-types';
import { renderTemplate } from '../render';
import type { CompiledIntegration } from '../types';

const DEFAULT_CONTENT_TYPE = 'application/json';

export function integrationRequest(ctx: InvocationContext): void {
  const integ = ctx.route!.method.integration!;
  const r = ctx.request;
  const ir: IntegrationRequest = {
    httpMethod: integ.httpMethod || r.httpMethod,
    path: {},
    querystring: new Map(),
    headers: new Map(),
    body: r.body,
  };
  ctx.integrationRequest = ir;
  const isHttp = integ.type === 'HTTP' || integ.type === 'HTTP_PROXY';
  const binaryTypes = ctx.variant.deployment.binaryMediaTypes;
  // Proxy integrations read the Content-Type only to tell a binary payload (binaryMediaTypes).
  const requestType = integ.proxy && binaryTypes.length === 0 ? undefined : mediaTypeOf(r.headerLc['content-type']);
  const isBinary = requestType !== undefined && isBinaryType(binaryTypes, requestType);

  if (integ.proxy) {
    for (const name in r.multiQuerystring) ir.querystring.set(name, r.multiQuerystring[name].slice());
    const raw = ctx.client.rawHeaders;
    for (let i = 0; i < raw.length; i += 2) {
      const lc = raw[i].toLowerCase();
      if (DROPPED_REQUEST_HEADERS.has(lc)) continue;
      addHeader(ir, lc, raw[i], raw[i + 1]);
    }
    ir.body = convertRequestPayload(r.body, isBinary, integ.contentHandling);
  } else {
    mapBody(ctx, integ, ir, requestType ?? DEFAULT_CONTENT_TYPE, isBinary);
    if (isHttp) {
      setHeader(ir, 'Accept', 'application/json');
      setHeader(ir, 'User-Agent', `AmazonAPIGateway_${ctx.stage.apiId}`);
      setHeader(ir, 'Content-Type', ir.contentType ?? r.headerLc['content-type'] ?? DEFAULT_CONTENT_TYPE);
    }
  }

  for (const m of integ.requestParameters) {
    const v = evaluateSource(m.source, ctx);
    if (v === undefined) continue;
    if (m.location === 'path') ir.path[m.name] = Array.isArray(v) ? v.join(',') : v;
    else if (m.location === 'querystring') ir.querystring.set(m.name, Array.isArray(v) ? v.slice() : [v]);
    else ir.headers.set(m.name.toLowerCase(), { name: m.name, values: Array.isArray(v) ? [v.join(',')] : [v] });
  }

  if (ctx.hasContextVars()) applyRequestOverrides(ctx, ir);

  if (isHttp) {
    const h = ir.headers;
    const xff = h.get('x-forwarded-for');
    h.set('x-forwarded-for', { name: 'X-Forwarded-For', values: [xff ? `${xff.values.join(', ')}, ${r.sourceIp}` : r.sourceIp] });
    h.set('x-forwarded-port', { name: 'X-Forwarded-Port', values: [String(ctx.client.localPort ?? '')] });
    h.set('x-forwarded-proto', { name: 'X-Forwarded-Proto', values: [ctx.client.encrypted ? 'https' : 'http'] });
    h.set('x-amzn-apigateway-api-id', { name: 'x-amzn-apigateway-api-id', values: [ctx.stage.apiId] });
    h.set('x-amzn-trace-id', { name: 'X-Amzn-Trace-Id', values: [ctx.traceId] });
  }
}

function mapBody(ctx: InvocationContext, integ: CompiledIntegration, ir: IntegrationRequest, contentType: string, isBinary: boolean): void {
  const template = integ.templates.byType.get(contentType);
  const payload = convertRequestPayload(ctx.request.body, isBinary, integ.contentHandling);
  if (template) {
    // A binary payload the template cannot read as text is given to it base64-encoded.
    const text = isBinary && integ.contentHandling !== 'CONVERT_TO_TEXT' ? payload.toString('base64') : payload.toString('utf8');
    ir.body = Buffer.from(renderTemplate(ctx, template, text), 'utf8');
    ir.contentType = contentType;
    return;
  }
  const refuse =
    integ.passthroughBehavior === 'NEVER' || (integ.passthroughBehavior === 'WHEN_NO_TEMPLATES' && integ.templates.types.length > 0);
  if (refuse) throw new GatewayError('UNSUPPORTED_MEDIA_TYPE', 'Unsupported Media Type');
  ir.body = payload;
}

function applyRequestOverrides(ctx: InvocationContext, ir: IntegrationRequest): void {
  const o = (ctx.contextVars().requestOverride ?? {}) as Record<string, Record<string, unknown> | undefined>;
  for (const [k, v] of Object.entries(o.header ?? {})) if (v !== undefined && v !== null) setHeader(ir, k, String(v));
  for (const [k, v] of Object.entries(o.querystring ?? {})) if (v !== undefined && v !== null) ir.querystring.set(k, [String(v)]);
  for (const [k, v] of Object.entries(o.path ?? {})) if (v !== undefined && v !== null) ir.path[k] = String(v);
}

function addHeader(ir: IntegrationRequest, lc: string, name: string, value: string): void {
  const h = ir.headers.get(lc);
  if (h) h.values.push(value);
  else ir.headers.set(lc, { name, values: [value] });
}

function setHeader(ir: IntegrationRequest, name: string, value: string): void {
  ir.headers.set(name.toLowerCase(), { name, values: [value] });
}
