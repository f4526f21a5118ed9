/**
 * @module dataplane/steps/parse
 * Step 1: the method request — its headers are read as received
 * (method-request.ts), the query string (multi-value kept,
 * `+` and %-escapes decoded, a bad escape kept as sent) and the body, read in
 * full up to API Gateway's 10 MB payload quota: past it, 413
 * REQUEST_TOO_LARGE. The client's HTTP server reads the body
 * (exchange.ts); a body already received is taken without waiting.
 */
import type { InvocationContext, MethodRequest } from '../context';
import { BodyTooLarge } from '../exchange';
import { GatewayError } from '../gateway-responses';

export const MAX_REQUEST_BODY = 10 * 1024 * 1024;

export function parse(ctx: InvocationContext): void | Promise<void> {
  const r = ctx.request;
  fillQuery(r, ctx.target.rawQuery);
  const body = ctx.client.readBody(MAX_REQUEST_BODY);
  if (Buffer.isBuffer(body)) {
    r.body = body;
    return;
  }
  return body.then(
    (b) => {
      r.body = b;
    },
    (e: unknown) => {
      throw e instanceof BodyTooLarge ? tooLarge() : e;
    },
  );
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

function tooLarge(): GatewayError {
  return new GatewayError('REQUEST_TOO_LARGE', 'Request Too Long');
}
