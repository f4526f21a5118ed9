/**
 * @module dataplane/steps/parse
 * Step 1: the method request — headers (names as sent, repeated values kept,
 * the last one for single-value lookups), the query string (multi-value kept,
 * `+` and %-escapes decoded, a bad escape kept as sent) and the body, read in
 * full up to API Gateway's 10 MB payload quota: past it, 413
 * REQUEST_TOO_LARGE.
 */
import type { InvocationContext, MethodRequest } from '../context';
import { GatewayError } from '../gateway-responses';

export const MAX_REQUEST_BODY = 10 * 1024 * 1024;
const EMPTY = Buffer.alloc(0);

/** Thrown when the client goes away before its body arrived: nothing is answered. */
export class ClientGone extends Error {}

export async function parse(ctx: InvocationContext): Promise<void> {
  const r = ctx.request;
  fillHeaders(r, ctx.req.rawHeaders);
  fillQuery(r, ctx.target.rawQuery);
  r.body = await readBody(ctx, r);
}

export function fillHeaders(r: MethodRequest, raw: string[]): void {
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i];
    const value = raw[i + 1];
    const lc = name.toLowerCase();
    r.header[name] = value;
    r.headerLc[lc] = value;
    (r.multiHeader[name] ??= []).push(value);
    (r.multiHeaderLc[lc] ??= []).push(value);
  }
}

function decodeQueryPart(s: string): string {
  if (s.indexOf('+') !== -1) s = s.replace(/\+/g, ' ');
  if (s.indexOf('%') === -1) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function fillQuery(r: MethodRequest, rawQuery: string): void {
  if (rawQuery === '') return;
  for (const pair of rawQuery.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = decodeQueryPart(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? '' : decodeQueryPart(pair.slice(eq + 1));
    r.querystring[name] = value;
    (r.multiQuerystring[name] ??= []).push(value);
  }
}

function readBody(ctx: InvocationContext, r: MethodRequest): Promise<Buffer> {
  const req = ctx.req;
  const lengthHeader = r.headerLc['content-length'];
  if (lengthHeader === undefined && r.headerLc['transfer-encoding'] === undefined) return Promise.resolve(EMPTY);
  if (lengthHeader !== undefined) {
    const declared = Number(lengthHeader);
    if (declared === 0) return Promise.resolve(EMPTY);
    if (declared > MAX_REQUEST_BODY) return Promise.reject(tooLarge());
  }
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const onData = (c: Buffer) => {
      if (done) return;
      size += c.length;
      if (size > MAX_REQUEST_BODY) {
        done = true;
        cleanup();
        reject(tooLarge());
        return;
      }
      chunks.push(c);
    };
    const onEnd = () => {
      if (done) return;
      done = true;
      cleanup();
      resolve(chunks.length === 1 ? chunks[0] : chunks.length === 0 ? EMPTY : Buffer.concat(chunks, size));
    };
    const onGone = () => {
      if (done) return;
      done = true;
      cleanup();
      reject(new ClientGone('the client closed the connection before the end of its request body'));
    };
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onGone);
      req.off('aborted', onGone);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onGone);
    req.on('aborted', onGone);
  });
}

function tooLarge(): GatewayError {
  return new GatewayError('REQUEST_TOO_LARGE', 'Request Too Long');
}
