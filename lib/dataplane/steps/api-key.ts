/**
 * @module dataplane/steps/api-key
 * The API key check of a method with `apiKeyRequired` ("Choose an API key
 * source"): the key is the `x-api-key` header (apiKeySource HEADER, step
 * `api key`, before the authorizer) or the `usageIdentifierKey` a Lambda
 * authorizer returned (apiKeySource AUTHORIZER, step `api key (authorizer)`,
 * after it). It must exist, be enabled and be in a usage plan that has this
 * API stage; otherwise the answer is 403 `{"message":"Forbidden"}`
 * (INVALID_API_KEY) — a missing, unknown, disabled or unplanned key alike,
 * as AWS answers (the reason goes to the debug log only).
 *
 * The admitted key sets `$context.identity.apiKey` and `apiKeyId`, and its
 * usage plan's throttles and quota apply in the throttle step. Methods that
 * do not require a key are not checked: a key they carry is ignored and
 * usage plans do not meter them.
 */
import type { InvocationContext } from '../context';
import { GatewayError } from '../gateway-responses';

/** Step `api key`: apiKeySource HEADER. */
export function apiKey(ctx: InvocationContext): void {
  if (!ctx.route?.method.method.apiKeyRequired || keySource(ctx) === 'AUTHORIZER') return;
  admit(ctx, ctx.request.headerLc['x-api-key']);
}

/** Step `api key (authorizer)`: apiKeySource AUTHORIZER, once the authorizer has run. */
export function apiKeyFromAuthorizer(ctx: InvocationContext): void {
  if (!ctx.route?.method.method.apiKeyRequired || keySource(ctx) !== 'AUTHORIZER') return;
  admit(ctx, ctx.usageIdentifierKey);
}

function keySource(ctx: InvocationContext): string {
  return ctx.variant.deployment.restApi.apiKeySource ?? 'HEADER';
}

function admit(ctx: InvocationContext, value: string | undefined): void {
  const traffic = ctx.traffic;
  if (!traffic) return;
  const verdict = traffic.checkKey(ctx.stage, value);
  if (!verdict.admitted) {
    ctx.log.debug(`${ctx.describe()}: 403 Forbidden: ${verdict.refusal}`);
    throw new GatewayError('INVALID_API_KEY', 'Forbidden');
  }
  ctx.apiKey = verdict.admitted;
  if (ctx.hasContextVars()) {
    // $context was built before the key was known (an authorizer's identity sources): fill it in.
    const identity = ctx.contextVars().identity as Record<string, unknown>;
    identity.apiKey = verdict.admitted.keyValue;
    identity.apiKeyId = verdict.admitted.keyId;
  }
}
