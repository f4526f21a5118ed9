/**
 * @module dataplane/proxy-event
 * The Lambda proxy integration's input event (payload format 1.0), as API
 * Gateway builds it for REST APIs ("Input format of a Lambda function for
 * proxy integration", and the events recorded from AWS in LocalStack's
 * test_apigateway_lambda.snapshot.json):
 * - `resource`, `path` (as requested, still percent-encoded; through a custom
 *   domain name with the base path), `httpMethod`;
 * - `headers` (last value of a repeated header) and `multiValueHeaders` as
 *   event-parts.ts builds them, plus the headers set by `requestParameters`
 *   mappings;
 * - `queryStringParameters` / `multiValueQueryStringParameters` (with the
 *   mapped ones), `pathParameters`, `stageVariables` — `null` when empty;
 *   path parameters keep the request's percent-encoding, and a greedy one
 *   loses a trailing slash but keeps doubled ones (recorded:
 *   `test%2Balias@gmail.com`, `proxy-value/` → `proxy-value`,
 *   `proxy-value//double-slash`; serverless/serverless#5037: `%40` stays `%40`);
 * - `requestContext` (accountId, apiId, deploymentId, domainName,
 *   domainPrefix, extendedRequestId, httpMethod, identity.*, path, protocol,
 *   requestId, requestTime, requestTimeEpoch, resourceId, resourcePath, stage;
 *   `authorizer` when an authorizer filled one; identity.apiKey/apiKeyId when
 *   an API key was used);
 * - `body` (`null` when empty) and `isBase64Encoded` (true when the request's
 *   Content-Type is one of the API's binaryMediaTypes).
 * Not emulated: the CloudFront-* / Via / X-Amz-Cf-Id headers an
 * edge-optimized endpoint adds.
 */
import type { InvocationContext } from './context';
import { isBinaryType, mediaTypeOf } from './media-types';
import { proxyEventAuthorizer } from './auth/authorizers';
import { eventHeaders, eventRequestContext, setEventHeader, splitEventHeaders, type EventHeader } from './event-parts';

function headersOf(ctx: InvocationContext): Map<string, EventHeader> {
  const map = eventHeaders(ctx);
  // Headers set by requestParameters (integration.request.header.X) join the event.
  const ir = ctx.integrationRequest;
  for (const m of ctx.route!.method.integration!.requestParameters) {
    if (m.location !== 'header') continue;
    const mapped = ir?.headers.get(m.name.toLowerCase());
    if (mapped) setEventHeader(map, m.name, mapped.values.slice());
  }
  return map;
}

/**
 * `{name}` / `{name+}` values as the request wrote them: from the path's
 * non-empty segments (the router's way of matching), the greedy one from its
 * first segment to the end. The router's decoded values when the two disagree.
 */
function rawPathParameters(resourcePath: string, rawPath: string, decoded: Record<string, string>): Record<string, string> {
  const template = resourcePath.split('/').filter((p) => p !== '');
  const starts: number[] = [];
  const ends: number[] = [];
  for (let i = 0; i < rawPath.length; ) {
    if (rawPath[i] === '/') {
      i++;
      continue;
    }
    const slash = rawPath.indexOf('/', i);
    const end = slash === -1 ? rawPath.length : slash;
    starts.push(i);
    ends.push(end);
    i = end;
  }
  const out: Record<string, string> = {};
  for (let k = 0; k < template.length; k++) {
    const part = template[k];
    if (!part.startsWith('{') || !part.endsWith('}')) continue;
    if (k >= starts.length) return decoded;
    if (part.endsWith('+}')) {
      let v = rawPath.slice(starts[k]);
      if (v.endsWith('/')) v = v.slice(0, -1);
      out[part.slice(1, -2)] = v;
      break;
    }
    out[part.slice(1, -1)] = rawPath.slice(starts[k], ends[k]);
  }
  for (const name in decoded) if (!(name in out)) return decoded;
  return out;
}

function orNull<T extends object>(o: T): T | null {
  for (const _ in o) return o;
  return null;
}

function requestContextOf(ctx: InvocationContext): Record<string, unknown> {
  const out = eventRequestContext(ctx);
  // The Lambda authorizer's context values as it returned them (numbers stay numbers), or the Cognito claims.
  if (ctx.authorizer) out.authorizer = proxyEventAuthorizer(ctx.authorizer);
  return out;
}

export function buildProxyEvent(ctx: InvocationContext): Record<string, unknown> {
  const route = ctx.route!;
  const integ = route.method.integration!;
  const ir = ctx.integrationRequest!;

  const { headers, multiValueHeaders } = splitEventHeaders(headersOf(ctx));
  const query: Record<string, string> = {};
  const multiQuery: Record<string, string[]> = {};
  for (const [name, values] of ir.querystring) {
    if (values.length === 0) continue;
    query[name] = values[values.length - 1];
    multiQuery[name] = values.slice();
  }

  const binary = isBinaryType(ctx.variant.deployment.binaryMediaTypes, mediaTypeOf(ctx.request.headerLc['content-type']));
  let body: string | null = null;
  if (ir.body.length > 0) {
    if (!binary) body = ir.body.toString('utf8');
    else body = integ.contentHandling === 'CONVERT_TO_TEXT' ? ir.body.toString('latin1') : ir.body.toString('base64');
  }

  return {
    resource: route.resource.path,
    // Through a custom domain name AWS sends the path as requested, base path included.
    path: ctx.target.clientPath ?? ctx.request.path,
    httpMethod: ctx.request.httpMethod,
    headers: orNull(headers),
    multiValueHeaders: orNull(multiValueHeaders),
    queryStringParameters: orNull(query),
    multiValueQueryStringParameters: orNull(multiQuery),
    pathParameters: orNull(rawPathParameters(route.resource.path, ctx.request.path, route.pathParams)),
    stageVariables: orNull({ ...ctx.stageVariables }),
    requestContext: requestContextOf(ctx),
    body,
    isBase64Encoded: binary && body !== null,
  };
}
