/**
 * @module dataplane/steps/cached-integration
 * Step 4 with the stage API cache around it (cache/): for a method the stage
 * caches (cache/settings.ts), the integration response stored under the
 * request's key (cache/keys.ts) answers instead of the integration — the
 * backend, Lambda function or MOCK is not called — and a miss calls the
 * integration and stores what it answered, whatever its status (API Gateway
 * offers no way to keep a backend's 4xx/5xx out of the cache; a backend's 429
 * is served from the cache until it expires). Failures that are not an
 * integration response (timeouts, unreachable endpoints, malformed Lambda
 * answers) are not cached. The integration response and method response
 * steps run on every request, hit or miss, with this request's `$context`.
 *
 * `Cache-Control: max-age=0` from the client asks for a fresh answer: the
 * integration is called and its answer replaces the entry — when the method
 * does not require authorization for it (`requireAuthorizationForCacheControl`
 * false), or the caller is authorized: an AWS_IAM-signed caller allowed
 * `execute-api:InvalidateCache` on the method's ARN. Identity policies are
 * not emulated (as for `execute-api:Invoke`): a caller of the API's own
 * account is allowed unless the resource policy denies it the action, a
 * caller of another account needs the resource policy to allow it. Callers
 * of other authorization types are unauthorized. An unauthorized request is
 * refused 403 (ACCESS_DENIED, `FAIL_WITH_403`) or served as if it had not
 * asked (from the cache), with a `Warning` header
 * (`SUCCEED_WITH_RESPONSE_HEADER`, written by response.ts) or without
 * (`SUCCEED_WITHOUT_RESPONSE_HEADER`).
 * The Developer Guide does not give the 403's message or the warning's text;
 * `{"message":"Unauthorized"}` and `199 Cache-control headers were ignored
 * because the caller was unauthorized.` are apigw-local's best knowledge.
 *
 * The step keeps the name `integration` (TestInvokeMethod runs the steps by
 * name; it never uses the cache, as on AWS).
 */
import type { InvocationContext } from '../context';
import type { ApiCache, CachePlan } from '../cache';
import { GatewayError } from '../gateway-responses';
import { integration } from './integration';
import { policyDecision } from './resource-policy';

export const INVALIDATE_ACTION = 'execute-api:InvalidateCache';
export const UNAUTHORIZED_WARNING = '199 Cache-control headers were ignored because the caller was unauthorized.';

export function cachedIntegration(ctx: InvocationContext): void | Promise<void> {
  const caches = ctx.apiCache;
  const plan = caches?.planFor(ctx.stage, ctx.variant, ctx.route!.method, ctx.request.httpMethod);
  if (!caches || !plan) return integration(ctx);
  return throughCache(ctx, caches, plan);
}

async function throughCache(ctx: InvocationContext, caches: ApiCache, plan: CachePlan): Promise<void> {

  const key = plan.keyer.keyOf(ctx);
  let read = true;
  if (asksForFresh(ctx.request.multiHeaderLc['cache-control'])) {
    if (!plan.policy.requireAuthorization || mayInvalidate(ctx)) read = false;
    else if (plan.policy.unauthorizedStrategy === 'FAIL_WITH_403') {
      ctx.log.debug(`${ctx.describe()}: API cache: Cache-Control max-age=0 from an unauthorized caller refused (FAIL_WITH_403)`);
      throw new GatewayError('ACCESS_DENIED', 'Unauthorized');
    } else if (plan.policy.unauthorizedStrategy === 'SUCCEED_WITH_RESPONSE_HEADER') ctx.apiCacheWarning = true;
  }
  if (read) {
    const hit = plan.cache.get(key, caches.now());
    if (hit) {
      ctx.log.debug(`${ctx.describe()}: API cache hit`);
      ctx.integrationResponse = { ...hit, rawHeaders: hit.rawHeaders.slice() };
      return;
    }
  }
  await integration(ctx);
  const answer = ctx.integrationResponse;
  if (!answer) return;
  const stored = caches.store(plan, key, answer);
  ctx.log.debug(`${ctx.describe()}: API cache ${read ? 'miss' : 'invalidated'}; ${stored ? `stored for ${plan.policy.ttlSeconds} s` : 'too large to cache'}`);
}

/** `Cache-Control` with a `max-age=0` directive (any of its values, any case). */
export function asksForFresh(values: string[] | undefined): boolean {
  if (!values) return false;
  for (const v of values) {
    for (const d of v.split(',')) {
      const eq = d.indexOf('=');
      if (eq === -1 || d.slice(0, eq).trim().toLowerCase() !== 'max-age') continue;
      const n = d.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
      if (/^\d+$/.test(n) && Number(n) === 0) return true;
    }
  }
  return false;
}

/** Whether the caller may invalidate cache entries of this method (`execute-api:InvalidateCache`). */
function mayInvalidate(ctx: InvocationContext): boolean {
  const caller = ctx.iamCaller;
  if (!caller) return false;
  const decision = policyDecision(ctx, caller, INVALIDATE_ACTION);
  if (caller.accountId === ctx.stage.scope.account) return decision !== 'explicitDeny';
  return decision === 'allow';
}
