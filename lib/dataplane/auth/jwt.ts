/**
 * @module dataplane/auth/jwt
 * JSON Web Tokens as a Cognito user pool issues them (RFC 7519, compact JWS):
 * `base64url(header).base64url(payload).base64url(signature)`, signed with
 * RS256 by one of the pool's keys (the header's `kid` names it in the pool's
 * JWKS). Decoding never throws: a token that is not three base64url parts
 * with JSON objects in the first two is `undefined`. Verification uses
 * node:crypto with the JWK as given (`createPublicKey({ key, format: 'jwk' })`).
 *
 * Only RS256 is verified (the one algorithm Cognito signs with); a token
 * naming any other algorithm (`none` included) never verifies.
 */
import { createPublicKey, verify, type KeyObject, type JsonWebKey } from 'node:crypto';

export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  /** `header.payload` as sent: what the signature covers. */
  signingInput: string;
  signature: Buffer;
}

const B64URL = /^[A-Za-z0-9_-]*$/;

function jsonObject(part: string): Record<string, unknown> | undefined {
  if (!B64URL.test(part)) return undefined;
  try {
    const v: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The token's parts, or undefined when it is not a compact JWS with JSON header and payload. */
export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] === '' || parts[1] === '' || !B64URL.test(parts[2])) return undefined;
  const header = jsonObject(parts[0]);
  const payload = jsonObject(parts[1]);
  if (!header || !payload) return undefined;
  return { header, payload, signingInput: `${parts[0]}.${parts[1]}`, signature: Buffer.from(parts[2], 'base64url') };
}

/** The RSA public key of a JWK (`kty: RSA`, `n`, `e`), or undefined when it is not one node:crypto accepts. */
export function publicKeyOf(jwk: JsonWebKey): KeyObject | undefined {
  if (jwk.kty !== 'RSA' || typeof jwk.n !== 'string' || typeof jwk.e !== 'string') return undefined;
  try {
    return createPublicKey({ key: { kty: 'RSA', n: jwk.n, e: jwk.e }, format: 'jwk' });
  } catch {
    return undefined;
  }
}

/** Whether the token is RS256-signed by `key`. */
export function verifyRs256(jwt: DecodedJwt, key: KeyObject): boolean {
  if (jwt.header.alg !== 'RS256' || jwt.signature.length === 0) return false;
  try {
    return verify('RSA-SHA256', Buffer.from(jwt.signingInput, 'utf8'), key, jwt.signature);
  } catch {
    return false;
  }
}
