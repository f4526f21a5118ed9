/**
 * @module dataplane/response
 * Writing answers — the one place a data-plane response goes on the wire:
 * - the method response, with API Gateway's `x-amzn-RequestId`,
 *   `x-amz-apigw-id` and `X-Amzn-Trace-Id` (and the API cache's `Warning`
 *   when it ignored an unauthorized `Cache-Control: max-age=0`,
 *   steps/cached-integration);
 * - a GatewayError, rendered through the deployment's compiled gateway
 *   responses (status, headers, template; the defaults included);
 * - the 403 `{"message":"Forbidden"}` (ForbiddenException) for a stage that
 *   does not exist or an execute-api endpoint the API disabled, which no
 *   gateway response can customize.
 */
import type { InvocationContext } from './context';
import type { AnswerHeaders, ClientExchange } from './exchange';
import { GatewayError } from './gateway-responses';
import type { SentAnswer } from './logging';
import { UNAUTHORIZED_WARNING } from './steps/cached-integration';

export interface ResponseIds {
  requestId: string;
  extendedRequestId: string;
  traceId: string;
}

const FORBIDDEN = Buffer.from('{"message":"Forbidden"}');
const INTERNAL = Buffer.from('{"message": "Internal server error"}');

/** 1xx, 204 and 304 answers carry no body (API Gateway drops a mapped one). */
const bodiless = (status: number): boolean => status < 200 || status === 204 || status === 304;

export function writeMethodResponse(client: ClientExchange, ctx: InvocationContext): void {
  const r = ctx.response!;
  const headers = r.headers as AnswerHeaders;
  const noBody = bodiless(r.statusCode);
  if (!noBody) headers['Content-Length'] = r.body.length;
  headers['x-amzn-RequestId'] = ctx.requestId;
  headers['x-amz-apigw-id'] = ctx.extendedRequestId;
  headers['X-Amzn-Trace-Id'] = ctx.traceId;
  if (ctx.apiCacheWarning) headers['Warning'] = UNAUTHORIZED_WARNING;
  client.respond(r.statusCode, headers, noBody ? undefined : r.body);
}

/** Writes the gateway response for `err`; answers what was sent (undefined when the answer had begun and the socket was destroyed). */
export function writeGatewayError(client: ClientExchange, ctx: InvocationContext, err: GatewayError): SentAnswer | undefined {
  let status: number;
  let headers: Record<string, string | number>;
  let body: Buffer;
  try {
    const r = ctx.variant.deployment.gatewayResponses.render(err, {
      context: ctx.contextVars(),
      stageVariables: ctx.stageVariables,
      request: { path: ctx.route?.pathParams ?? {}, querystring: ctx.request.querystring, header: ctx.request.header },
    });
    status = r.statusCode;
    headers = { ...r.headers };
    body = Buffer.from(r.body, 'utf8');
  } catch (e) {
    ctx.log.error(`${ctx.describe()}: rendering gateway response ${err.type} failed: ${(e as Error)?.stack ?? e}`);
    status = 500;
    headers = { 'Content-Type': 'application/json', 'x-amzn-ErrorType': 'InternalServerErrorException' };
    body = INTERNAL;
  }
  headers['Content-Length'] = body.length;
  headers['x-amzn-RequestId'] = ctx.requestId;
  headers['x-amz-apigw-id'] = ctx.extendedRequestId;
  if (ctx.integrationRequest) headers['X-Amzn-Trace-Id'] = ctx.traceId;
  if (err.type === 'REQUEST_TOO_LARGE') headers['Connection'] = 'close';
  if (client.responded) {
    client.destroy();
    return undefined;
  }
  client.respond(status, headers, body);
  return { statusCode: status, headers, body };
}

export function writeForbidden(client: ClientExchange, ids: ResponseIds): void {
  client.respond(403, {
    'Content-Type': 'application/json',
    'Content-Length': FORBIDDEN.length,
    'x-amzn-RequestId': ids.requestId,
    'x-amzn-ErrorType': 'ForbiddenException',
    'x-amz-apigw-id': ids.extendedRequestId,
  }, FORBIDDEN);
}
