/**
 * @module dataplane/steps/integration-response
 * Step 5: the method response's status, headers and body from the
 * integration response.
 * - Proxy (HTTP_PROXY): the backend's status, headers and body as they are,
 *   except the headers API Gateway drops or remaps to `x-amzn-Remapped-*`
 *   (headers.ts); binary payloads follow the Accept/binaryMediaTypes table.
 * - Non-proxy (HTTP, MOCK): the integration response whose selectionPattern
 *   fully matches the backend status code (as a string), else the default one
 *   (no selectionPattern); none is API Gateway's configuration error, 500
 *   `{"message": "Internal server error"}`. Its `responseParameters` set
 *   headers, its response template (by Accept, else application/json, else
 *   the first) renders the body — without one the body passes through — and
 *   its statusCode is the method response status. Backend headers are not
 *   passed unless mapped.
 */
import type { InvocationContext, MethodResponseData } from '../context';
import { GatewayError } from '../gateway-responses';
import { GATEWAY_RESPONSE_HEADERS, RESPONSE_HEADER_FATE } from '../headers';
import { evaluateSource } from '../mappings';
import { convertResponsePayload, firstAcceptType, isBinaryType, mediaTypeOf } from '../media-types';
import { renderTemplate } from '../render';
import { selectResponseTemplate } from '../templates';
import type { CompiledIntegration, CompiledIntegrationResponse } from '../types';

export function integrationResponse(ctx: InvocationContext): void {
  const integ = ctx.route!.method.integration!;
  if (integ.proxy) passThrough(ctx);
  else mapResponse(ctx, integ);
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[v.length - 1] : v;
}

function passThrough(ctx: InvocationContext): void {
  const res = ctx.integrationResponse!;
  const headers: Record<string, string | string[]> = {};
  const raw = res.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const fate = RESPONSE_HEADER_FATE.get(raw[i].toLowerCase());
    if (fate === 'dropped') continue;
    const name = fate === 'remapped' ? 'x-amzn-Remapped-' + raw[i] : raw[i];
    const prev = headers[name];
    if (prev === undefined) headers[name] = raw[i + 1];
    else if (Array.isArray(prev)) prev.push(raw[i + 1]);
    else headers[name] = [prev, raw[i + 1]];
  }
  const types = ctx.variant.deployment.binaryMediaTypes;
  const body =
    types.length === 0 || res.payloadFinal
      ? res.body
      : convertResponsePayload(
          res.body,
          undefined,
          true,
          isBinaryType(types, mediaTypeOf(headerValue(ctx.integrationHeader('content-type')))),
          isBinaryType(types, firstAcceptType(ctx.request.headerLc.accept)),
        );
  ctx.response = { statusCode: res.statusCode, headers, body };
}

export function selectIntegrationResponse(integ: CompiledIntegration, statusCode: number | string): CompiledIntegrationResponse | undefined {
  const status = String(statusCode);
  for (const r of integ.responses) if (r.pattern!.test(status)) return r;
  return integ.defaultResponse;
}

function mapResponse(ctx: InvocationContext, integ: CompiledIntegration): void {
  const res = ctx.integrationResponse!;
  const selected = selectIntegrationResponse(integ, res.selectionValue ?? res.statusCode);
  if (!selected) {
    ctx.configurationError(`No match for output mapping and no default output mapping configured. Endpoint Response Status Code: ${res.statusCode}`);
    throw new GatewayError('API_CONFIGURATION_ERROR', 'Internal server error');
  }
  const types = ctx.variant.deployment.binaryMediaTypes;
  const responseBinary = isBinaryType(types, mediaTypeOf(headerValue(ctx.integrationHeader('content-type'))));
  const acceptType = firstAcceptType(ctx.request.headerLc.accept);
  const out: MethodResponseData = { statusCode: selected.status, headers: {}, body: res.body };

  const chosen = selectResponseTemplate(selected.templates, acceptType);
  if (chosen) {
    const input = convertResponsePayload(res.body, selected.contentHandling, types.length > 0, responseBinary, false);
    out.body = Buffer.from(renderTemplate(ctx, chosen.template, input.toString('utf8')), 'utf8');
    out.headers['Content-Type'] = chosen.type;
  } else {
    out.body = convertResponsePayload(res.body, selected.contentHandling, types.length > 0, responseBinary, isBinaryType(types, acceptType));
  }

  for (const m of selected.responseParameters) {
    if (GATEWAY_RESPONSE_HEADERS.has(m.name.toLowerCase())) continue;
    const v = evaluateSource(m.source, ctx);
    if (v === undefined) continue;
    setHeader(out.headers, m.name, Array.isArray(v) ? v.join(',') : v);
  }
  ctx.response = out;
}

/** Sets a header, replacing one of the same name in another case. */
export function setHeader(headers: Record<string, string | string[]>, name: string, value: string | string[]): void {
  const lc = name.toLowerCase();
  for (const k in headers) if (k !== name && k.toLowerCase() === lc) delete headers[k];
  headers[name] = value;
}
