/**
 * @module dataplane/auth/sigv4-parse
 * Reading a SigV4 signature out of a request — the `Authorization` header
 * (`AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`) or the
 * presigned-URL query parameters (`X-Amz-Algorithm`, `X-Amz-Credential`,
 * `X-Amz-Date`, `X-Amz-Expires`, `X-Amz-SignedHeaders`, `X-Amz-Signature`) —
 * with AWS's IncompleteSignatureException messages for what is malformed:
 * - a part without `=`: `Invalid key=value pair (missing equal-sign) in
 *   Authorization header (hashed with SHA-256 and encoded with Base64): '…'.`
 *   (AWS stopped echoing the header; it quotes the SHA-256 of it instead);
 * - `Authorization header requires 'Credential' parameter.` and the same for
 *   `Signature`, `SignedHeaders`, and `existence of either a 'X-Amz-Date' or a
 *   'Date' header.`, all that apply, then the header's hash.
 * Parts are split on commas and whitespace, as AWS does (`Credential= AKID/…`
 * is two parts, the second without `=`).
 *
 * API Gateway runs these checks for a request that matches no route too: an
 * unknown path or method answers `Missing Authentication Token` only when the
 * request has no `Authorization` header; with one (a `Bearer` token sent to a
 * wrong path, say) it answers the header's IncompleteSignatureException
 * (`unknownRouteFailure`).
 *
 * Not verified against AWS: the exact tail of the `requires` message since
 * AWS began hashing the header (users quote it cut off after "(Hashed with
 * SHA-256 and encoded"); we end it `… with Base64) Authorization=<hash>`.
 */
import { createHash } from 'node:crypto';
import type { SigV4Failure } from './sigv4-verify';

export interface SignedRequestParts {
  algorithm: string;
  credential: string;
  signedHeaders: string;
  signature: string;
  /** The request date as sent, and where it came from. */
  date: string;
  dateFrom: 'x-amz-date' | 'date';
  /** Presigned URLs: X-Amz-Expires (seconds). */
  expires?: number;
}

type Parsed = SignedRequestParts | { failure: SigV4Failure };

const INCOMPLETE = 'IncompleteSignatureException';
const MAX_EXPIRES = 604800;

function incomplete(message: string): { failure: SigV4Failure } {
  return { failure: { type: 'MISSING_AUTHENTICATION_TOKEN', message, errorType: INCOMPLETE } };
}

function hashOf(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('base64');
}

/** The `Authorization` header's parts, or the IncompleteSignature failure AWS answers for it. */
function splitHeader(value: string): Map<string, string> | { failure: SigV4Failure } {
  const tokens = value.trim().split(/[\s,]+/).filter((t) => t !== '');
  const params = new Map<string, string>();
  for (const token of tokens.slice(1)) {
    const eq = token.indexOf('=');
    if (eq === -1)
      return incomplete(
        `Invalid key=value pair (missing equal-sign) in Authorization header (hashed with SHA-256 and encoded with Base64): '${hashOf(value)}'.`,
      );
    params.set(token.slice(0, eq), token.slice(eq + 1));
  }
  return params;
}

function requiresMessage(value: string, params: Map<string, string>, hasDate: boolean): string | undefined {
  const missing: string[] = [];
  for (const p of ['Credential', 'Signature', 'SignedHeaders']) {
    if (!params.get(p)) missing.push(`Authorization header requires '${p}' parameter.`);
  }
  if (!hasDate) missing.push("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  if (missing.length === 0) return undefined;
  return `${missing.join(' ')} (Hashed with SHA-256 and encoded with Base64) Authorization=${hashOf(value)}`;
}

/** Reads the `Authorization` header (`headers` by lowercased name, for the date). */
export function parseAuthorization(value: string, headers: Map<string, string[]>): Parsed {
  const params = splitHeader(value);
  if ('failure' in params) return params;
  const amzDate = headers.get('x-amz-date')?.[0];
  const httpDate = headers.get('date')?.[0];
  const missing = requiresMessage(value, params, amzDate !== undefined || httpDate !== undefined);
  if (missing) return incomplete(missing);
  return {
    algorithm: value.trim().split(/\s+/)[0],
    credential: params.get('Credential')!,
    signedHeaders: params.get('SignedHeaders')!,
    signature: params.get('Signature')!,
    date: amzDate ?? httpDate!,
    dateFrom: amzDate !== undefined ? 'x-amz-date' : 'date',
  };
}

const QUERY_PARAMS = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-Date', 'X-Amz-SignedHeaders'];

/** Reads a presigned URL's parameters; undefined when the query carries no signature at all. */
export function queryAuthorization(query: Record<string, string | string[]>): Parsed | undefined {
  const get = (name: string): string | undefined => {
    const v = query[name];
    return Array.isArray(v) ? v[0] : v;
  };
  if (get('X-Amz-Algorithm') === undefined && get('X-Amz-Credential') === undefined && get('X-Amz-Signature') === undefined) return undefined;
  if (QUERY_PARAMS.some((p) => !get(p)))
    return incomplete(
      `AWS query-string parameters must include ${QUERY_PARAMS.map((p) => `'${p}'`).join(', ')}. Re-examine the query-string parameters.`,
    );
  const parts: SignedRequestParts = {
    algorithm: get('X-Amz-Algorithm')!,
    credential: get('X-Amz-Credential')!,
    signedHeaders: get('X-Amz-SignedHeaders')!,
    signature: get('X-Amz-Signature')!,
    date: get('X-Amz-Date')!,
    dateFrom: 'x-amz-date',
  };
  const expires = get('X-Amz-Expires');
  if (expires !== undefined) {
    if (!/^\d+$/.test(expires)) return incomplete('X-Amz-Expires should be a number');
    const seconds = Number(expires);
    if (seconds > MAX_EXPIRES) return incomplete(`X-Amz-Expires must be less than a week (in seconds) that is ${MAX_EXPIRES}`);
    parts.expires = seconds;
  }
  return parts;
}

/**
 * For a request that matched no route: the IncompleteSignature failure its
 * `Authorization` header earns (a malformed or non-SigV4 header), else
 * undefined (the caller answers `Missing Authentication Token`).
 */
export function unknownRouteFailure(rawHeaders: string[]): SigV4Failure | undefined {
  const headers = new Map<string, string[]>();
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const lc = rawHeaders[i].toLowerCase();
    const list = headers.get(lc);
    if (list) list.push(rawHeaders[i + 1]);
    else headers.set(lc, [rawHeaders[i + 1]]);
  }
  const value = headers.get('authorization')?.[0];
  if (value === undefined || value.trim() === '') return undefined;
  const parsed = parseAuthorization(value, headers);
  return 'failure' in parsed ? parsed.failure : undefined;
}
