/**
 * @module dataplane/event-parts
 * What the events API Gateway sends to Lambda have in common: the Lambda
 * proxy integration's event (proxy-event.ts) and a REQUEST authorizer's
 * event (auth/request-event.ts) carry the same `headers` /
 * `multiValueHeaders` and the same `requestContext` fields.
 * - Headers: the client's names, less Content-Length and the hop-by-hop
 *   headers (recorded events have neither), `Authorization`, `User-Agent` and
 *   `Host` capitalized (CloudFront does it in front of AWS), and API
 *   Gateway's `X-Forwarded-For`, `-Port`, `-Proto` and `X-Amzn-Trace-Id`.
 * - requestContext: accountId, apiId, deploymentId, domainName, domainPrefix,
 *   extendedRequestId, httpMethod, identity.* (nulls where AWS sends nulls;
 *   apiKey/apiKeyId/clientCert only when there is one), path, protocol,
 *   requestId, requestTime, requestTimeEpoch, resourceId, resourcePath, stage.
 *   The proxy event adds `authorizer`.
 */
import type { InvocationContext } from './context';

const DROPPED = new Set(['content-length', 'connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'expect']);
const CAPITALIZED: Record<string, string> = { authorization: 'Authorization', 'user-agent': 'User-Agent', host: 'Host' };

export type EventHeader = { name: string; values: string[] };

export function setEventHeader(map: Map<string, EventHeader>, name: string, values: string[]): void {
  const lc = name.toLowerCase();
  const h = map.get(lc);
  if (h) h.values = values;
  else map.set(lc, { name, values });
}

/** The request's headers as an event carries them, by lower-case name. */
export function eventHeaders(ctx: InvocationContext): Map<string, EventHeader> {
  const map = new Map<string, EventHeader>();
  const raw = ctx.client.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const lc = raw[i].toLowerCase();
    if (DROPPED.has(lc)) continue;
    const h = map.get(lc);
    if (h) h.values.push(raw[i + 1]);
    else map.set(lc, { name: CAPITALIZED[lc] ?? raw[i], values: [raw[i + 1]] });
  }
  const sourceIp = ctx.request.sourceIp;
  const xff = map.get('x-forwarded-for');
  setEventHeader(map, 'X-Forwarded-For', [xff ? `${xff.values.join(', ')}, ${sourceIp}` : sourceIp]);
  setEventHeader(map, 'X-Forwarded-Port', [String(ctx.client.localPort ?? '')]);
  setEventHeader(map, 'X-Forwarded-Proto', [ctx.client.encrypted ? 'https' : 'http']);
  const semi = ctx.traceId.indexOf(';');
  setEventHeader(map, 'X-Amzn-Trace-Id', [semi === -1 ? ctx.traceId : ctx.traceId.slice(0, semi)]);
  return map;
}

/** `headers` (the last value of a repeated header) and `multiValueHeaders`. */
export function splitEventHeaders(map: Map<string, EventHeader>): { headers: Record<string, string>; multiValueHeaders: Record<string, string[]> } {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (const h of map.values()) {
    headers[h.name] = h.values[h.values.length - 1];
    multiValueHeaders[h.name] = h.values;
  }
  return { headers, multiValueHeaders };
}

const IDENTITY_FIELDS = [
  'accessKey',
  'accountId',
  'caller',
  'cognitoAuthenticationProvider',
  'cognitoAuthenticationType',
  'cognitoIdentityId',
  'cognitoIdentityPoolId',
  'principalOrgId',
  'sourceIp',
  'user',
  'userAgent',
  'userArn',
] as const;
const OPTIONAL_IDENTITY_FIELDS = ['apiKey', 'apiKeyId', 'clientCert'] as const;

/** The `requestContext` both events carry (without `authorizer`). */
export function eventRequestContext(ctx: InvocationContext): Record<string, unknown> {
  const c = ctx.contextVars();
  const id = (c.identity ?? {}) as Record<string, unknown>;
  const identity: Record<string, unknown> = {};
  for (const k of IDENTITY_FIELDS) identity[k] = id[k] ?? null;
  if (identity.sourceIp === null) identity.sourceIp = ctx.request.sourceIp;
  for (const k of OPTIONAL_IDENTITY_FIELDS) if (id[k] !== undefined && id[k] !== null) identity[k] = id[k];
  return {
    accountId: c.accountId,
    apiId: c.apiId,
    deploymentId: c.deploymentId,
    domainName: c.domainName,
    domainPrefix: c.domainPrefix,
    extendedRequestId: c.extendedRequestId,
    httpMethod: c.httpMethod,
    identity,
    path: c.path,
    protocol: c.protocol,
    requestId: c.requestId,
    requestTime: c.requestTime,
    requestTimeEpoch: c.requestTimeEpoch,
    resourceId: c.resourceId,
    resourcePath: c.resourcePath,
    stage: c.stage,
  };
}
