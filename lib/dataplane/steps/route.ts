/**
 * @module dataplane/steps/route
 * Step 2: the resource and method serving this request (see router.ts for
 * API Gateway's precedence). No match is API Gateway's 403
 * `{"message":"Missing Authentication Token"}` (MISSING_AUTHENTICATION_TOKEN);
 * when the request carries an `Authorization` header that is not a
 * well-formed SigV4 one, AWS's IncompleteSignatureException message for it
 * instead (auth/sigv4-parse.ts).
 * A method without an integration cannot be deployed on AWS; should a
 * snapshot hold one anyway, the answer is a 500 configuration error.
 */
import type { InvocationContext } from '../context';
import { GatewayError } from '../gateway-responses';
import { unknownRouteFailure } from '../auth/sigv4-parse';

export function route(ctx: InvocationContext): void {
  const match = ctx.variant.deployment.router.match(ctx.request.httpMethod, ctx.request.path);
  if (!match) {
    // With an Authorization header, AWS answers what its SigV4 parser makes of it (a Bearer token: IncompleteSignature).
    const f = unknownRouteFailure(ctx.client.rawHeaders);
    if (f) throw new GatewayError(f.type, f.message, { errorType: f.errorType });
    throw new GatewayError('MISSING_AUTHENTICATION_TOKEN', 'Missing Authentication Token');
  }
  ctx.route = match;
  if (!match.method.integration) {
    ctx.configurationError(`no integration is defined for ${match.method.httpMethod} ${match.resource.path}`);
    throw new GatewayError('API_CONFIGURATION_ERROR', 'Internal server error');
  }
}
