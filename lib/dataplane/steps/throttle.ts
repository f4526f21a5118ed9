/**
 * @module dataplane/steps/throttle
 * Step `throttle/quota`: after the API key and the authorizer, before the
 * request is validated.
 * - Quota: a request with an admitted API key whose usage plan has a quota
 *   is refused once the period's quota is spent — 429
 *   `{"message":"Limit Exceeded"}` (QUOTA_EXCEEDED).
 * - Throttles: a token at every level that applies (usage plan per method,
 *   usage plan, stage method settings, account; see traffic/index) — 429
 *   `{"message":"Too Many Requests"}` (THROTTLED) when one has none.
 * - Only a request that passes both is counted against the quota, so
 *   refused requests spend neither tokens nor quota.
 * AWS sends no Retry-After with either 429; neither do we.
 */
import type { InvocationContext } from '../context';
import { GatewayError } from '../gateway-responses';

export function throttle(ctx: InvocationContext): void {
  const traffic = ctx.traffic;
  const route = ctx.route;
  if (!traffic || !route) return;
  const key = ctx.apiKey;
  const quota = key ? traffic.quota(ctx.stage, key) : undefined;
  if (quota && traffic.quotas.remaining(quota) <= 0) {
    ctx.log.debug(`${ctx.describe()}: 429 Limit Exceeded: usage plan ${quota.planId} quota spent for API key ${quota.keyId}`);
    throw new GatewayError('QUOTA_EXCEEDED', 'Limit Exceeded');
  }
  const refused = traffic.throttle(ctx.stage, route.method, key);
  if (refused) {
    ctx.log.debug(`${ctx.describe()}: 429 Too Many Requests: ${refused.level} throttle (rate ${refused.rate}, burst ${refused.burst})`);
    throw new GatewayError('THROTTLED', 'Too Many Requests');
  }
  if (quota) traffic.quotas.add(quota);
}
