/**
 * @module dataplane/steps/authorize
 * Step `authorize`: the method's Lambda (`authorizationType` CUSTOM, TOKEN or
 * REQUEST authorizer) or Cognito (`COGNITO_USER_POOLS`) authorizer. AWS_IAM
 * methods are the IAM step's (steps/iam-auth); NONE passes.
 *
 * Lambda authorizers, as API Gateway runs them:
 * - the identity (authorizer-config.ts) is missing or fails the validation
 *   expression: 401 `{"message":"Unauthorized"}` (UNAUTHORIZED), the
 *   function is not called;
 * - a result cached for this identity (authorizerResultTtlInSeconds, default
 *   300, 0 = never) is used without calling the function; else the function
 *   gets the TOKEN event (`type`, `methodArn`, `authorizationToken`) or the
 *   REQUEST event (auth/request-event.ts) and its answer is cached;
 * - the returned policy is evaluated against this method's ARN
 *   `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{METHOD}/{path}`
 *   (so a cached Allow for `GET /pets` does not let `POST /pets` through):
 *   an explicit Deny is 403 `{"Message":"User is not authorized to access
 *   this resource with an explicit deny"}`, no Allow is 403
 *   `{"Message":"User is not authorized to access this resource"}` (both
 *   ACCESS_DENIED, AccessDeniedException, capital M as AWS writes them);
 * - the function answering `Unauthorized`: 401; any other failure (function
 *   error, timeout, unusable answer, unknown or broken authorizer): 500
 *   `{"message":null}` (AUTHORIZER_CONFIGURATION_ERROR,
 *   AuthorizerConfigurationException), with the reason in the log;
 * - allowed: `principalId`, the `context` map and `integrationLatency` go to
 *   `$context.authorizer` and the proxy event; `usageIdentifierKey` is the
 *   API key for apiKeySource AUTHORIZER (step `api key (authorizer)`).
 * Cognito authorizers: auth/cognito.ts (401 Unauthorized, or "The incoming
 * token has expired"; an unreachable JWKS is a configuration error); the
 * claims go to `$context.authorizer.claims`.
 * With a resource policy (steps/resource-policy), as in AWS's evaluation
 * tables: a Lambda authorizer's Allow or the policy's suffices, an explicit
 * deny in either refuses; behind a Cognito authorizer the policy must allow.
 */
import type { InvocationContext } from '../context';
import { GatewayError } from '../gateway-responses';
import { functionOf, identityOf, type CompiledAuthorizer, type IdentityRequest } from '../auth/authorizer-config';
import { cacheKey } from '../auth/authorizer-cache';
import { Authorizers, authorizerVars, type AuthorizerResult } from '../auth/authorizers';
import { verifyCognitoToken } from '../auth/cognito';
import { invokeLambdaAuthorizer, tokenEvent, type LambdaGrant } from '../auth/lambda-authorizer';
import { requestEvent } from '../auth/request-event';
import { finishResourcePolicy, resourceArnOf } from './resource-policy';

export const EXPLICIT_DENY = 'User is not authorized to access this resource with an explicit deny';
export const IMPLICIT_DENY = 'User is not authorized to access this resource';

let fallback: Authorizers | undefined;

function unauthorized(ctx: InvocationContext, reason: string, message = 'Unauthorized'): GatewayError {
  ctx.log.debug(`${ctx.describe()}: 401 ${message}: ${reason}`);
  return new GatewayError('UNAUTHORIZED', message);
}

function configurationError(ctx: InvocationContext, reason: string): GatewayError {
  ctx.configurationError(`Authorizer error: ${reason}`);
  return new GatewayError('AUTHORIZER_CONFIGURATION_ERROR', '', { nullMessage: true });
}

/** Identity sources read from the method request. */
function identityRequest(ctx: InvocationContext): IdentityRequest {
  const r = ctx.request;
  return {
    header: (lc) => r.headerLc[lc],
    multiHeader: (lc) => r.multiHeaderLc[lc],
    query: (name) => r.querystring[name],
    multiQuery: (name) => r.multiQuerystring[name],
    stageVariable: (name) => ctx.stageVariables[name],
    context: (path) => {
      let v: unknown = ctx.contextVars();
      for (const p of path) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[p] : undefined;
      return v;
    },
  };
}

/** Puts the result where templates, mappings and the proxy event read it. */
function grant(ctx: InvocationContext, result: AuthorizerResult): void {
  ctx.authorizer = result;
  if (ctx.hasContextVars()) ctx.contextVars().authorizer = authorizerVars(result);
}

/** The result cached for this identity (authorizerResultTtlInSeconds > 0), if any. */
function cachedGrant(ctx: InvocationContext, a: CompiledAuthorizer, identity: string[]): LambdaGrant | undefined {
  if (a.ttl <= 0) return undefined;
  const service = ctx.authorizers ?? (fallback ??= new Authorizers());
  return service.cache.get(cacheKey(ctx.stage.apiId, ctx.stage.stageName, ctx.variant.deployment.deploymentId, a.id, identity));
}

/** Invokes the Lambda authorizer and caches what it granted. */
async function lambdaGrant(ctx: InvocationContext, a: CompiledAuthorizer, identity: string[], arn: string): Promise<{ grant: LambdaGrant; latency: number }> {
  const service = ctx.authorizers ?? (fallback ??= new Authorizers());
  const key = cacheKey(ctx.stage.apiId, ctx.stage.stageName, ctx.variant.deployment.deploymentId, a.id, identity);
  const fn = a.fn ?? functionOf(a.uri ?? '', ctx.stageVariables);
  if (typeof fn === 'string') throw configurationError(ctx, fn);
  const event = a.type === 'TOKEN' ? tokenEvent(identity[0], arn) : requestEvent(ctx, arn);
  const outcome = await invokeLambdaAuthorizer(ctx.lambda, fn, event);
  if (outcome.kind === 'unauthorized') throw unauthorized(ctx, outcome.reason);
  if (outcome.kind === 'error') throw configurationError(ctx, outcome.reason);
  for (const note of outcome.grant.policy.notes) ctx.log.warn(`${ctx.describe()}: authorizer ${a.id} policy ${note}`);
  service.cache.set(key, outcome.grant, a.ttl);
  return { grant: outcome.grant, latency: outcome.latencyMs };
}

async function cognito(ctx: InvocationContext, a: CompiledAuthorizer, token: string): Promise<void> {
  const service = ctx.authorizers ?? (fallback ??= new Authorizers());
  const verdict = await verifyCognitoToken({
    token,
    pools: a.pools,
    endpoint: service.cognitoEndpoint,
    scopes: ctx.route!.method.method.authorizationScopes,
    audPattern: a.validation,
    jwks: service.jwks,
    nowSeconds: Math.floor(Date.now() / 1000),
  });
  if (verdict.kind === 'unauthorized') throw unauthorized(ctx, verdict.reason, verdict.message);
  if (verdict.kind === 'error') throw configurationError(ctx, verdict.reason);
  finishResourcePolicy(ctx, 'implicitDeny');
  grant(ctx, { kind: 'cognito', claims: verdict.claims, integrationLatency: 0 });
}

export function authorize(ctx: InvocationContext): void | Promise<void> {
  const type = ctx.route?.method.method.authorizationType;
  if (type !== 'CUSTOM' && type !== 'COGNITO_USER_POOLS') return;
  return runAuthorizer(ctx, type);
}

/** Runs the method's authorizer: at once when a Lambda authorizer's result is cached, else through a promise. */
function runAuthorizer(ctx: InvocationContext, type: 'CUSTOM' | 'COGNITO_USER_POOLS'): void | Promise<void> {
  const method = ctx.route!.method.method;
  const a = ctx.variant.deployment.authorizers?.get(method.authorizerId ?? '');
  if (!a) throw configurationError(ctx, `the method's authorizer ${method.authorizerId ?? '(none)'} does not exist in this deployment`);
  if (a.broken) throw configurationError(ctx, `authorizer ${a.id}: ${a.broken}`);
  if ((type === 'CUSTOM') !== (a.type !== 'COGNITO_USER_POOLS')) {
    throw configurationError(ctx, `authorizationType ${type} cannot use the ${a.type} authorizer ${a.id}`);
  }
  const identity = identityOf(a, identityRequest(ctx));
  if ('missing' in identity) throw unauthorized(ctx, identity.missing);
  if (a.type === 'COGNITO_USER_POOLS') return cognito(ctx, a, identity.values[0]);

  const arn = resourceArnOf(ctx);
  const cached = cachedGrant(ctx, a, identity.values);
  if (cached) return applyLambdaGrant(ctx, a, arn, cached, 0);
  return lambdaGrant(ctx, a, identity.values, arn).then(({ grant: g, latency }) => applyLambdaGrant(ctx, a, arn, g, latency));
}

/** Allows or refuses the request on the policy the Lambda authorizer returned. */
function applyLambdaGrant(ctx: InvocationContext, a: CompiledAuthorizer, arn: string, g: LambdaGrant, latency: number): void {
  const verdict = g.policy.evaluate(arn);
  if (verdict === 'explicitDeny' || (verdict === 'implicitDeny' && !ctx.variant.deployment.resourcePolicy)) {
    const message = verdict === 'explicitDeny' ? EXPLICIT_DENY : IMPLICIT_DENY;
    ctx.log.debug(`${ctx.describe()}: 403 ${message}: the policy of authorizer ${a.id} for principal ${g.principalId} does not allow ${arn}`);
    throw new GatewayError('ACCESS_DENIED', message, { capitalMessage: true });
  }
  // With a resource policy, its Allow may stand in for the authorizer's (and its explicit deny refuses).
  finishResourcePolicy(ctx, verdict);
  ctx.usageIdentifierKey = g.usageIdentifierKey;
  grant(ctx, { kind: 'lambda', principalId: g.principalId, context: g.context, integrationLatency: latency });
}
