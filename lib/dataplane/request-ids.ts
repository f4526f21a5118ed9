/**
 * @module dataplane/request-ids
 * The identifiers API Gateway gives each data-plane request: the request id
 * (a UUID v4: `x-amzn-RequestId`, `$context.requestId`), the extended
 * request id (16 characters of letters and digits: `x-amz-apigw-id`,
 * `$context.extendedRequestId`) and the X-Ray trace header
 * (`Root=1-{epoch seconds, 8 hex}-{24 hex};Parent={16 hex};Sampled=0`,
 * keeping the client's Root when it sends one).
 *
 * They are cut from random strings drawn 16 KB at a time: a random draw,
 * and even a hex or base64 encoding, per request cost more than the rest
 * of a MOCK request does.
 */
import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 16 * 1024;
const HEX_PER_REQUEST = 32 + 24 + 16; // UUID, trace root, parent
const B64_PER_REQUEST = 16;
let hex = '';
let hexAt = 0;
let b64 = '';
let b64At = 0;

function refillHex(): void {
  hex = randomFillSync(Buffer.allocUnsafe(POOL_BYTES)).toString('hex');
  hexAt = 0;
}

function refillB64(): void {
  // Letters and digits only, as API Gateway's ids are.
  b64 = randomFillSync(Buffer.allocUnsafe(POOL_BYTES)).toString('base64').replace(/\+/g, 'A').replace(/\//g, 'B').replace(/=+$/, '');
  b64At = 0;
}

const TRACE_ROOT = /(?:^|;)\s*Root=(1-[0-9a-fA-F]{8}-[0-9a-fA-F]{24})/;
const VARIANT = '89ab';

export interface RequestIds {
  requestId: string;
  extendedRequestId: string;
  traceId: string;
}

/** New ids for a request received at `now`; `sentTraceHeader` is the client's `X-Amzn-Trace-Id`, if any. */
export function newRequestIds(now: number, sentTraceHeader: string | undefined): RequestIds {
  if (hexAt + HEX_PER_REQUEST > hex.length) refillHex();
  if (b64At + B64_PER_REQUEST > b64.length) refillB64();
  const h = hex;
  const at = hexAt;
  hexAt += HEX_PER_REQUEST;
  const extendedRequestId = b64.slice(b64At, b64At + B64_PER_REQUEST);
  b64At += B64_PER_REQUEST;
  const requestId =
    h.slice(at, at + 8) +
    '-' +
    h.slice(at + 8, at + 12) +
    '-4' +
    h.slice(at + 13, at + 16) +
    '-' +
    VARIANT[hexValue(h.charCodeAt(at + 16)) & 3] +
    h.slice(at + 17, at + 20) +
    '-' +
    h.slice(at + 20, at + 32);
  const m = sentTraceHeader !== undefined ? TRACE_ROOT.exec(sentTraceHeader) : null;
  const root = m ? m[1] : `1-${Math.floor(now / 1000).toString(16).padStart(8, '0')}-${h.slice(at + 32, at + 56)}`;
  return { requestId, extendedRequestId, traceId: `Root=${root};Parent=${h.slice(at + 56, at + 72)};Sampled=0` };
}

function hexValue(c: number): number {
  return c <= 57 ? c - 48 : c - 87;
}
