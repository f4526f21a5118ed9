/**
 * @module dataplane/auth/sigv4-verify
 * Verifies a data-plane request's AWS Signature Version 4 (service
 * `execute-api`) as API Gateway does for AWS_IAM methods, with AWS's
 * messages for each failure, in the order AWS checks them (recorded AWS
 * answers quoted in user reports; Coral services check in this order):
 * 1. no `Authorization` header and no `X-Amz-*` query parameters: 403
 *    `Missing Authentication Token`;
 * 2. a header part without `=`: `Invalid key=value pair (missing equal-sign)
 *    in Authorization header (hashed with SHA-256 and encoded with Base64):
 *    '…'.` (IncompleteSignatureException);
 * 3. `Authorization header requires 'Credential' parameter. …` for each
 *    missing part and a missing `X-Amz-Date`/`Date`;
 * 4. `Date must be in ISO-8601 'basic format'. …`;
 * 5. `Signature expired: … is now earlier than … (… - 5 min.)` / `Signature
 *    not yet current: … is still later than … (… + 5 min.)`;
 * 6. `'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.`;
 * 7. an algorithm other than AWS4-HMAC-SHA256: `Missing Authentication Token`
 *    (what API Gateway answers a non-AWS scheme that has all the parts);
 * 8. `Credential must have exactly 5 slash-delimited elements, …`;
 * 9. the credential scope: region (the API's), service `execute-api`,
 *    terminator `aws4_request`, date — one sentence per mismatch;
 * 10. an unknown access key: `The security token included in the request is invalid.`;
 * 11. the signature: `The request signature we calculated does not match …`
 *     with the canonical string and the string to sign AWS expected;
 * 12. `X-Amz-Security-Token`: must be the configured session token (`… is
 *     invalid`), and temporary credentials past their expiration are
 *     EXPIRED_TOKEN `The security token included in the request is expired`.
 * The canonical request is built from the request as received: the path as
 * sent (normalized and encoded once more, as SigV4 does for every service but
 * S3), the query re-encoded and sorted, the signed headers' values trimmed,
 * and the payload's SHA-256 — or `UNSIGNED-PAYLOAD` when the client says so
 * (`X-Amz-Content-Sha256`) or signs a presigned URL. Query-string (presigned)
 * requests are verified the same way, with `X-Amz-Expires` (at most 7 days).
 * The canonical forms come from `@smithy/signature-v4` (the signer the AWS
 * SDKs use), so what a client signs and what we check agree.
 *
 * Not emulated: SigV4a (AWS4-ECDSA-P256-SHA256); presigned-URL expiry
 * messages are AWS's header-mode wording, not confirmed for query mode.
 */
import { createHash, createHmac, timingSafeEqual, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4, getSigningKey } from '@smithy/signature-v4';
import type { CredentialStore, IamCredential } from '../../aws/credentials';
import type { GatewayResponseType } from '../gateway-responses';
import { parseAuthorization, queryAuthorization, type SignedRequestParts } from './sigv4-parse';

export { unknownRouteFailure } from './sigv4-parse';

export const SERVICE = 'execute-api';
const ALGORITHM = 'AWS4-HMAC-SHA256';
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
const SKEW_MS = 5 * 60 * 1000;

export interface SigV4Failure {
  type: GatewayResponseType;
  message: string;
  /** `x-amzn-ErrorType` when it is not the response type's usual one. */
  errorType?: string;
}

export type SigV4Result = { ok: true; credential: IamCredential } | { ok: false; failure: SigV4Failure };

/** The request as received. */
export interface ReceivedRequest {
  method: string;
  /** The request-target's path, percent-encoded as sent (what the client signed, stage prefix included). */
  rawPath: string;
  /** The query string without `?`. */
  rawQuery: string;
  /** Node's rawHeaders: name, value, name, value… */
  rawHeaders: string[];
  body: Buffer;
}

export interface VerifyOptions {
  /** The region the API lives in: the credential scope must name it. */
  region: string;
  credentials: CredentialStore;
  /** Epoch ms (Date.now() when omitted). */
  now?: number;
}

type SourceData = string | ArrayBuffer | ArrayBufferView;

function bytes(data: SourceData): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

/** SHA-256 (HMAC-SHA256 with a secret) on node:crypto, in the shape @smithy/signature-v4 takes as `sha256`. */
export class Sha256 {
  private readonly h: Hash | Hmac;
  constructor(secret?: SourceData) {
    this.h = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: SourceData): void {
    this.h.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.h.digest());
  }
}

type SmithyRequest = Parameters<SignatureV4['presign']>[0];
type HeaderBag = Record<string, string>;

/** The signer's own canonicalization, opened up for verifying. */
class Canonicalizer extends SignatureV4 {
  constructor() {
    super({ service: SERVICE, region: 'us-east-1', credentials: { accessKeyId: '', secretAccessKey: '' }, sha256: Sha256, uriEscapePath: true });
  }
  canonicalRequest(request: SmithyRequest, headers: HeaderBag, payloadHash: string): string {
    return this.createCanonicalRequest(request, headers, payloadHash);
  }
  stringToSign(longDate: string, scope: string, canonicalRequest: string): Promise<string> {
    return this.createStringToSign(longDate, scope, canonicalRequest, ALGORITHM);
  }
}
const canonicalizer = new Canonicalizer();

const fail = (type: GatewayResponseType, message: string, errorType?: string): SigV4Result => ({
  ok: false,
  failure: errorType ? { type, message, errorType } : { type, message },
});

const MISSING_TOKEN = (): SigV4Result => fail('MISSING_AUTHENTICATION_TOKEN', 'Missing Authentication Token');

/** `20261121T204233Z` */
export function isoBasic(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/[-:]/g, '').replace('.000', '');
}

function parseIsoBasic(s: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : NaN;
}

/** Header values by lowercased name, repeated headers in order. */
function headerMap(raw: string[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (let i = 0; i < raw.length; i += 2) {
    const lc = raw[i].toLowerCase();
    const list = map.get(lc);
    if (list) list.push(raw[i + 1]);
    else map.set(lc, [raw[i + 1]]);
  }
  return map;
}

function decodeQueryPart(s: string): string {
  if (s.indexOf('%') === -1) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The query as the signer sees it: decoded names and values ('+' is a plus), repeated names as arrays. */
function queryOf(rawQuery: string): Record<string, string | string[]> {
  const q: Record<string, string | string[]> = {};
  if (rawQuery === '') return q;
  for (const pair of rawQuery.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = decodeQueryPart(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? '' : decodeQueryPart(pair.slice(eq + 1));
    const prev = q[name];
    q[name] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return q;
}

function firstQueryValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** Verifies the request's signature; on success, the credential it was signed with. */
export async function verifySigV4(req: ReceivedRequest, opts: VerifyOptions): Promise<SigV4Result> {
  const now = opts.now ?? Date.now();
  const headers = headerMap(req.rawHeaders);
  const query = queryOf(req.rawQuery);
  const authorization = headers.get('authorization')?.[0];

  let parts: SignedRequestParts;
  let presigned = false;
  if (authorization !== undefined && authorization.trim() !== '') {
    const parsed = parseAuthorization(authorization, headers);
    if ('failure' in parsed) return { ok: false, failure: parsed.failure };
    parts = parsed;
  } else {
    const parsed = queryAuthorization(query);
    if (!parsed) return MISSING_TOKEN();
    if ('failure' in parsed) return { ok: false, failure: parsed.failure };
    parts = parsed;
    presigned = true;
  }

  // The date: ISO-8601 basic (X-Amz-Date), or an HTTP date (Date).
  let requestMs: number;
  if (parts.dateFrom === 'x-amz-date') {
    requestMs = parseIsoBasic(parts.date);
  } else {
    requestMs = Date.parse(parts.date);
    if (!Number.isNaN(requestMs)) requestMs = Math.floor(requestMs / 1000) * 1000;
  }
  if (Number.isNaN(requestMs))
    return fail('MISSING_AUTHENTICATION_TOKEN', `Date must be in ISO-8601 'basic format'. Got '${parts.date}'. See http://en.wikipedia.org/wiki/ISO_8601`, 'IncompleteSignatureException');
  const requestIso = isoBasic(requestMs);

  const expired = checkTime(requestMs, now, presigned ? parts.expires : undefined);
  if (expired) return expired;

  const signedHeaders = parts.signedHeaders.split(';').map((h) => h.trim().toLowerCase()).filter((h) => h !== '');
  if (!signedHeaders.includes('host') && !signedHeaders.includes(':authority'))
    return fail('INVALID_SIGNATURE', "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");

  if (parts.algorithm !== ALGORITHM) return MISSING_TOKEN();

  const scope = parts.credential.replace(/\/+$/, '').split('/');
  if (scope.length !== 5)
    return fail(
      'MISSING_AUTHENTICATION_TOKEN',
      `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${parts.credential}'`,
      'IncompleteSignatureException',
    );
  const [accessKeyId, scopeDate, scopeRegion, scopeService, terminator] = scope;
  const scopeErrors: string[] = [];
  if (scopeRegion !== opts.region) scopeErrors.push(`Credential should be scoped to a valid region, not '${scopeRegion}'.`);
  if (scopeService !== SERVICE) scopeErrors.push(`Credential should be scoped to correct service: '${SERVICE}'.`);
  if (terminator !== 'aws4_request') scopeErrors.push(`Credential should be scoped with a valid terminator: 'aws4_request', not '${terminator}'.`);
  if (scopeDate !== requestIso.slice(0, 8))
    scopeErrors.push(
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDate}' != '${requestIso.slice(0, 8)}', from '${requestIso}'.`,
    );
  if (scopeErrors.length > 0) return fail('INVALID_SIGNATURE', scopeErrors.join(' '));

  const credential = opts.credentials.get(accessKeyId);
  if (!credential) return fail('INVALID_SIGNATURE', 'The security token included in the request is invalid.', 'UnrecognizedClientException');

  // The canonical request, over the request as received.
  const canonicalHeaders: HeaderBag = {};
  for (const name of signedHeaders) {
    const values = headers.get(name) ?? [];
    canonicalHeaders[name] = values.map((v) => v.trim().replace(/\s+/g, ' ')).join(',');
  }
  const request: SmithyRequest = { method: req.method, protocol: 'http:', hostname: '', path: req.rawPath, query, headers: {} };
  const bodyHash = createHash('sha256').update(req.body).digest('hex');
  const claimed = headers.get('x-amz-content-sha256')?.[0];
  const payloadHashes = [bodyHash];
  if (claimed === UNSIGNED_PAYLOAD || presigned) payloadHashes.push(UNSIGNED_PAYLOAD);
  const credentialScope = `${scopeDate}/${scopeRegion}/${SERVICE}/aws4_request`;
  const key = await getSigningKey(Sha256, credential, scopeDate, scopeRegion, SERVICE);
  let expected: { canonical: string; stringToSign: string } | undefined;
  let matched = false;
  for (const payloadHash of payloadHashes) {
    const canonical = canonicalizer.canonicalRequest(request, canonicalHeaders, payloadHash);
    const stringToSign = await canonicalizer.stringToSign(requestIso, credentialScope, canonical);
    expected ??= { canonical, stringToSign };
    const signature = createHmac('sha256', key).update(stringToSign).digest('hex');
    if (sameSignature(signature, parts.signature)) {
      matched = true;
      break;
    }
  }
  if (!matched)
    return fail(
      'INVALID_SIGNATURE',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. ' +
        `Consult the service documentation for details.\n\nThe Canonical String for this request should have been\n'${expected!.canonical}'\n\n` +
        `The String-to-Sign should have been\n'${expected!.stringToSign}'\n`,
    );

  const token = presigned ? firstQueryValue(query['X-Amz-Security-Token']) : headers.get('x-amz-security-token')?.[0];
  if ((credential.sessionToken !== undefined || token !== undefined) && token !== credential.sessionToken)
    return fail('INVALID_SIGNATURE', 'The security token included in the request is invalid', 'UnrecognizedClientException');
  if (credential.expiresAt !== undefined && credential.expiresAt <= now)
    return fail('EXPIRED_TOKEN', 'The security token included in the request is expired');

  return { ok: true, credential };
}

function checkTime(requestMs: number, now: number, expiresSeconds: number | undefined): SigV4Result | undefined {
  if (requestMs > now + SKEW_MS)
    return fail(
      'INVALID_SIGNATURE',
      `Signature not yet current: ${isoBasic(requestMs)} is still later than ${isoBasic(now + SKEW_MS)} (${isoBasic(now)} + 5 min.)`,
    );
  if (expiresSeconds !== undefined) {
    if (requestMs + expiresSeconds * 1000 < now)
      return fail(
        'INVALID_SIGNATURE',
        `Signature expired: ${isoBasic(requestMs)} is now earlier than ${isoBasic(now - expiresSeconds * 1000)} (${isoBasic(now)} - ${expiresSeconds} sec.)`,
      );
    return undefined;
  }
  if (requestMs < now - SKEW_MS)
    return fail('INVALID_SIGNATURE', `Signature expired: ${isoBasic(requestMs)} is now earlier than ${isoBasic(now - SKEW_MS)} (${isoBasic(now)} - 5 min.)`);
  return undefined;
}

function sameSignature(computed: string, given: string): boolean {
  const a = Buffer.from(computed, 'utf8');
  const b = Buffer.from(given, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
