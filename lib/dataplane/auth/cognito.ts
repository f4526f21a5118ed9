/**
 * @module dataplane/auth/cognito
 * COGNITO_USER_POOLS authorizers ("Control access to REST APIs using Amazon
 * Cognito user pools as an authorizer"): the token from the authorizer's
 * `identitySource` header, verified as API Gateway verifies it —
 * - a JWT signed (RS256) by a key of one of the authorizer's user pools
 *   (`providerARNs`), whose JWKS comes from
 *   `{cognito endpoint}/{userPoolId}/.well-known/jwks.json` (the endpoint is
 *   `--cognito-endpoint`, AWS_ENDPOINT_URL_COGNITO_IDP…, by default the real
 *   `https://cognito-idp.{region}.amazonaws.com`);
 * - `iss` must be that pool's issuer: `{endpoint}/{userPoolId}` (or the real
 *   `https://cognito-idp.{region}.amazonaws.com/{userPoolId}`, which local
 *   Cognito emulators such as moto write);
 * - `exp` in the past: 401 `{"message":"The incoming token has expired"}`
 *   (AWS's message, quoted in user reports); anything else wrong: 401
 *   `{"message":"Unauthorized"}`;
 * - a method without `authorizationScopes` takes an ID token
 *   (`token_use: id`); a method with scopes takes an access token
 *   (`token_use: access`) whose `scope` claim holds at least one of them —
 *   otherwise 401 ("If the OAuth Scopes option isn't specified, API Gateway
 *   treats the supplied token as an identity token…; otherwise … as an
 *   access token and verifies the access scopes");
 * - `identityValidationExpression`, when set, must match the token's `aud`
 *   (the whole value, as Java's `matches`).
 * A `Bearer ` prefix before the token is accepted.
 *
 * The claims go to `$context.authorizer.claims.*` and the proxy event's
 * `requestContext.authorizer.claims` as strings, the way AWS passes them
 * (recorded events): numbers and booleans as text, `exp` and `iat` as Java
 * dates (`Mon Jun 15 05:56:21 UTC 2026`), lists joined with commas, objects
 * as JSON.
 */
import type { JwksCache } from './jwks';
import { decodeJwt, verifyRs256 } from './jwt';

export const DEFAULT_COGNITO_ENDPOINT = 'https://cognito-idp.{region}.amazonaws.com';

export interface UserPool {
  region: string;
  userPoolId: string;
}

export type CognitoVerdict =
  | { kind: 'ok'; claims: Record<string, string>; payload: Record<string, unknown> }
  | { kind: 'unauthorized'; message: string; reason: string }
  | { kind: 'error'; reason: string };

export interface CognitoCheck {
  /** The identity source header's value. */
  token: string;
  pools: UserPool[];
  /** The Cognito endpoint, `{region}` standing for the pool's region. */
  endpoint: string;
  /** The method's authorizationScopes (none: an ID token is expected). */
  scopes?: string[];
  /** The authorizer's identityValidationExpression, matched against `aud`. */
  audPattern?: RegExp;
  jwks: JwksCache;
  /** Seconds since the epoch. */
  nowSeconds: number;
}

const POOL_ARN = /^arn:aws[a-z-]*:cognito-idp:([a-z0-9-]+):\d{12}:userpool\/([\w-]+_[0-9A-Za-z]+)$/;

/** `arn:aws:cognito-idp:{region}:{account}:userpool/{userPoolId}` → the pool. */
export function userPoolOf(arn: string): UserPool | undefined {
  const m = POOL_ARN.exec(arn);
  return m ? { region: m[1], userPoolId: m[2] } : undefined;
}

/** The endpoint for a region, without a trailing slash. */
export function endpointFor(template: string, region: string): string {
  return template.replace(/\{region\}/g, region).replace(/\/+$/, '');
}

export function jwksUrl(endpoint: string, pool: UserPool): string {
  return `${endpointFor(endpoint, pool.region)}/${pool.userPoolId}/.well-known/jwks.json`;
}

function issuersOf(endpoint: string, pool: UserPool): string[] {
  return [`${endpointFor(endpoint, pool.region)}/${pool.userPoolId}`, `https://cognito-idp.${pool.region}.amazonaws.com/${pool.userPoolId}`];
}

const UNAUTHORIZED = 'Unauthorized';
const EXPIRED = 'The incoming token has expired';

const refuse = (reason: string, message = UNAUTHORIZED): CognitoVerdict => ({ kind: 'unauthorized', message, reason });

export async function verifyCognitoToken(c: CognitoCheck): Promise<CognitoVerdict> {
  let token = c.token.trim();
  if (/^bearer\s+/i.test(token)) token = token.replace(/^bearer\s+/i, '');
  const jwt = decodeJwt(token);
  if (!jwt) return refuse('the token is not a JWT');
  const p = jwt.payload;
  const iss = typeof p.iss === 'string' ? p.iss : '';
  const pool = c.pools.find((pl) => issuersOf(c.endpoint, pl).includes(iss));
  if (!pool) return refuse(`issuer ${JSON.stringify(iss)} is none of the authorizer's user pools`);
  const kid = jwt.header.kid;
  if (typeof kid !== 'string') return refuse('the token header has no kid');
  const found = await c.jwks.key(jwksUrl(c.endpoint, pool), kid);
  if (found.kind === 'unreachable') return { kind: 'error', reason: found.message };
  if (found.kind === 'unknown') return refuse(`key ${kid} is not in the JWKS of ${pool.userPoolId}`);
  if (!verifyRs256(jwt, found.key)) return refuse('the signature does not verify');
  if (typeof p.exp !== 'number') return refuse('the token has no exp');
  if (c.nowSeconds >= p.exp) return refuse('the token has expired', EXPIRED);
  if (typeof p.nbf === 'number' && c.nowSeconds < p.nbf) return refuse('the token is not valid yet');
  const use = p.token_use;
  if (c.scopes && c.scopes.length > 0) {
    if (use !== 'access') return refuse(`the method has authorization scopes: an access token is required, not token_use ${String(use)}`);
    const granted = typeof p.scope === 'string' ? p.scope.split(/\s+/) : [];
    if (!c.scopes.some((s) => granted.includes(s))) return refuse(`none of the method's scopes (${c.scopes.join(' ')}) is granted`);
  } else if (use !== 'id') {
    return refuse(`the method has no authorization scopes: an ID token is required, not token_use ${String(use)}`);
  }
  if (c.audPattern) {
    const aud = typeof p.aud === 'string' ? p.aud : '';
    if (!c.audPattern.test(aud)) return refuse(`aud ${JSON.stringify(aud)} does not match the identity validation expression`);
  }
  return { kind: 'ok', claims: claimsAsStrings(p), payload: p };
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad2 = (n: number): string => (n < 10 ? '0' + n : String(n));

/** Java's `Date.toString()` in UTC: `Mon Jun 15 05:56:21 UTC 2026`. */
export function javaDate(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000);
  return (
    `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${pad2(d.getUTCDate())} ` +
    `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`
  );
}

function scalarText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v) ?? '';
}

/** The claims as API Gateway hands them on: every value a string. */
export function claimsAsStrings(payload: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(payload)) {
    if (v === null || v === undefined) continue;
    if ((k === 'exp' || k === 'iat') && typeof v === 'number') out[k] = javaDate(v);
    else if (Array.isArray(v)) out[k] = v.map(scalarText).join(',');
    else out[k] = scalarText(v);
  }
  return out;
}
