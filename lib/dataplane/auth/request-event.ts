/**
 * @module dataplane/auth/request-event
 * The input event of a REQUEST Lambda authorizer ("Input to an API Gateway
 * Lambda authorizer", REQUEST input format): `type`, `methodArn`,
 * `resource`, `path`, `httpMethod`, `headers` and `multiValueHeaders`,
 * `queryStringParameters` and `multiValueQueryStringParameters`,
 * `pathParameters`, `stageVariables` (`{}` when empty, as in the documented
 * event) and `requestContext`. Like the documented event, it has no body.
 *
 * Headers are the ones the Lambda proxy event has: the client's names less
 * Content-Length and hop-by-hop headers, `Authorization`, `User-Agent` and
 * `Host` capitalized, and API Gateway's `X-Forwarded-For`, `-Port`, `-Proto`
 * and `X-Amzn-Trace-Id`. The requestContext holds the `$context` fields the
 * documented event shows (and the proxy event's others), without
 * `authorizer`.
 */
import type { InvocationContext } from '../context';

const DROPPED = new Set(['content-length', 'connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'expect']);
const CAPITALIZED: Record<string, string> = { authorization: 'Authorization', 'user-agent': 'User-Agent', host: 'Host' };

type Header = { name: string; values: string[] };

function headersOf(ctx: InvocationContext): Map<string, Header> {
  const map = new Map<string, Header>();
  const raw = ctx.req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const lc = raw[i].toLowerCase();
    if (DROPPED.has(lc)) continue;
    const h = map.get(lc);
    if (h) h.values.push(raw[i + 1]);
    else map.set(lc, { name: CAPITALIZED[lc] ?? raw[i], values: [raw[i + 1]] });
  }
  const set = (name: string, value: string): void => {
    const lc = name.toLowerCase();
    const h = map.get(lc);
    if (h) h.values = [value];
    else map.set(lc, { name, values: [value] });
  };
  const xff = map.get('x-forwarded-for');
  set('X-Forwarded-For', xff ? `${xff.values.join(', ')}, ${ctx.request.sourceIp}` : ctx.request.sourceIp);
  set('X-Forwarded-Port', String(ctx.req.socket.localPort ?? ''));
  set('X-Forwarded-Proto', 'encrypted' in ctx.req.socket ? 'https' : 'http');
  const semi = ctx.traceId.indexOf(';');
  set('X-Amzn-Trace-Id', semi === -1 ? ctx.traceId : ctx.traceId.slice(0, semi));
  return map;
}

function requestContextOf(ctx: InvocationContext): Record<string, unknown> {
  const c = ctx.contextVars();
  const id = (c.identity ?? {}) as Record<string, unknown>;
  const identity: Record<string, unknown> = {};
  for (const k of ['accessKey', 'accountId', 'caller', 'cognitoAuthenticationProvider', 'cognitoAuthenticationType', 'cognitoIdentityId', 'cognitoIdentityPoolId', 'principalOrgId', 'sourceIp', 'user', 'userAgent', 'userArn']) {
    identity[k] = id[k] ?? null;
  }
  if (id.apiKey !== undefined && id.apiKey !== null) identity.apiKey = id.apiKey;
  if (id.apiKeyId !== undefined && id.apiKeyId !== null) identity.apiKeyId = id.apiKeyId;
  const out: Record<string, unknown> = {};
  for (const k of ['accountId', 'apiId', 'deploymentId', 'domainName', 'domainPrefix', 'extendedRequestId', 'httpMethod']) out[k] = c[k];
  out.identity = identity;
  for (const k of ['path', 'protocol', 'requestId', 'requestTime', 'requestTimeEpoch', 'resourceId', 'resourcePath', 'stage']) out[k] = c[k];
  return out;
}

export function requestEvent(ctx: InvocationContext, methodArn: string): Record<string, unknown> {
  const route = ctx.route!;
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (const h of headersOf(ctx).values()) {
    headers[h.name] = h.values[h.values.length - 1];
    multiValueHeaders[h.name] = h.values;
  }
  const multi = ctx.request.multiQuerystring;
  const query: Record<string, string> = {};
  const multiQuery: Record<string, string[]> = {};
  for (const name of Object.keys(multi)) {
    query[name] = multi[name][multi[name].length - 1];
    multiQuery[name] = multi[name].slice();
  }
  return {
    type: 'REQUEST',
    methodArn,
    resource: route.resource.path,
    path: ctx.target.clientPath ?? ctx.request.path,
    httpMethod: ctx.request.httpMethod,
    headers,
    multiValueHeaders,
    queryStringParameters: query,
    multiValueQueryStringParameters: multiQuery,
    pathParameters: { ...route.pathParams },
    stageVariables: { ...ctx.stageVariables },
    requestContext: requestContextOf(ctx),
  };
}
