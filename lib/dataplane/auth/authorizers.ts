/**
 * @module dataplane/auth/authorizers
 * What the data plane keeps for Lambda and Cognito authorizers across
 * requests — the result cache, the user pools' keys, the Cognito endpoint —
 * and the result of authorizing one request, in the two shapes API Gateway
 * hands it on:
 * - `$context.authorizer` (templates, mappings, access logs): a Lambda
 *   authorizer's `principalId`, each `context` key with its value as a
 *   string ("The returned values are all stringified"), and
 *   `integrationLatency` (ms, 0 when the result came from the cache); a
 *   Cognito authorizer's `claims` (strings);
 * - the Lambda proxy event's `requestContext.authorizer`: the same keys, the
 *   `context` values as the function returned them (numbers and booleans
 *   stay numbers and booleans, as recorded events show), then `principalId`
 *   and `integrationLatency`; for Cognito, `{claims}`.
 */
import { AuthorizerCache, type CacheOptions } from './authorizer-cache';
import { DEFAULT_COGNITO_ENDPOINT } from './cognito';
import { JwksCache, type JwksOptions } from './jwks';
import type { ContextValue, LambdaGrant } from './lambda-authorizer';

export interface AuthorizerResult {
  kind: 'lambda' | 'cognito';
  principalId?: string;
  context?: Record<string, ContextValue>;
  claims?: Record<string, string>;
  /** Milliseconds the authorizer took; 0 for a cached result. */
  integrationLatency: number;
}

export interface AuthorizersOptions {
  /** The Cognito endpoint (`{region}` stands for a pool's region). */
  cognitoEndpoint?: string;
  cache?: CacheOptions;
  jwks?: JwksOptions;
}

export class Authorizers {
  readonly cache: AuthorizerCache<LambdaGrant>;
  readonly jwks: JwksCache;
  readonly cognitoEndpoint: string;

  constructor(opts: AuthorizersOptions = {}) {
    this.cache = new AuthorizerCache<LambdaGrant>(opts.cache);
    this.jwks = new JwksCache(opts.jwks);
    this.cognitoEndpoint = opts.cognitoEndpoint || DEFAULT_COGNITO_ENDPOINT;
  }

  /** Forgets cached results of an API ('*': all APIs), or of one stage. */
  flush(apiId: string, stage?: string): void {
    this.cache.drop(apiId, stage);
    if (apiId === '*') this.jwks.clear();
  }
}

/** `$context.authorizer` for a result. */
export function authorizerVars(r: AuthorizerResult | undefined): Record<string, unknown> {
  if (!r) return {};
  if (r.kind === 'cognito') return { claims: { ...r.claims } };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r.context ?? {})) out[k] = String(v);
  out.principalId = r.principalId;
  out.integrationLatency = r.integrationLatency;
  return out;
}

/** `requestContext.authorizer` of the Lambda proxy event for a result. */
export function proxyEventAuthorizer(r: AuthorizerResult): Record<string, unknown> {
  if (r.kind === 'cognito') return { claims: { ...r.claims } };
  return { ...r.context, principalId: r.principalId, integrationLatency: r.integrationLatency };
}
