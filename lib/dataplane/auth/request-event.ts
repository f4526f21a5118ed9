/**
 * @module dataplane/auth/request-event
 * The input event of a REQUEST Lambda authorizer ("Input to an API Gateway
 * Lambda authorizer", REQUEST input format): `type`, `methodArn`,
 * `resource`, `path`, `httpMethod`, `headers` and `multiValueHeaders`,
 * `queryStringParameters` and `multiValueQueryStringParameters`,
 * `pathParameters`, `stageVariables` (`{}` when empty, as in the documented
 * event) and `requestContext`. Like the documented event, it has no body.
 *
 * Headers and requestContext are the ones the Lambda proxy event has
 * (event-parts.ts), without `authorizer`.
 */
import type { InvocationContext } from '../context';
import { eventHeaders, eventRequestContext, splitEventHeaders } from '../event-parts';

export function requestEvent(ctx: InvocationContext, methodArn: string): Record<string, unknown> {
  const route = ctx.route!;
  const { headers, multiValueHeaders } = splitEventHeaders(eventHeaders(ctx));
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
    requestContext: eventRequestContext(ctx),
  };
}
