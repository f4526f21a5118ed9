/** Step 1 (parse): headers, query string and body of the method request. */
import { parse, MAX_REQUEST_BODY } from '../../../../lib/dataplane/steps/parse';
import { ClientGone } from '../../../../lib/dataplane/exchange';
import { GatewayError } from '../../../../lib/dataplane/gateway-responses';
import { context, fakeClient, fakeRequest, snapshot } from '../helpers';
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';

const snap = snapshot({ '/p': { POST: { integration: { type: 'MOCK' } } } });

/** A context whose query string and body are still unread, as the data plane hands it to the pipeline. */
function fresh(spec: Parameters<typeof context>[1]) {
  const ctx = context(snap, spec);
  const r = ctx.request;
  for (const m of [r.querystring, r.multiQuerystring]) for (const k of Object.keys(m)) delete m[k];
  r.body = Buffer.alloc(0);
  return ctx;
}

test('headers (read as received, method-request.ts): names as sent, repeated values kept, the last one for single-value lookups', async () => {
  const ctx = fresh({ headers: [['X-Multi', 'a'], ['x-multi', 'b'], ['Accept', 'text/plain']] });
  await parse(ctx);
  expect(ctx.request.multiHeader['X-Multi']).toEqual(['a']);
  expect(ctx.request.header['X-Multi']).toBe('a');
  expect(ctx.request.header['x-multi']).toBe('b');
  expect(ctx.request.headerLc['x-multi']).toBe('b');
  expect(ctx.request.multiHeaderLc['x-multi']).toEqual(['a', 'b']);
  expect(ctx.request.headerLc.accept).toBe('text/plain');
});

test('query string: repeated names kept, + and %-escapes decoded, bad escapes kept as sent', async () => {
  const ctx = fresh({ query: 'a=1&a=2&b=x+y%21&c&d=%zz&=e' });
  await parse(ctx);
  expect(ctx.request.querystring).toEqual({ a: '2', b: 'x y!', c: '', d: '%zz', '': 'e' });
  expect(ctx.request.multiQuerystring.a).toEqual(['1', '2']);
});

test('the body is read in full', async () => {
  const ctx = fresh({ method: 'POST', body: 'hello world' });
  await parse(ctx);
  expect(ctx.request.body.toString()).toBe('hello world');
});

test('no Content-Length and no Transfer-Encoding: an empty body, without waiting for the stream', async () => {
  const ctx = fresh({});
  await parse(ctx);
  expect(ctx.request.body.length).toBe(0);
});

test('a declared Content-Length over 10 MB: REQUEST_TOO_LARGE before reading', async () => {
  const ctx = fresh({ method: 'POST', headers: { 'Content-Length': String(MAX_REQUEST_BODY + 1) } });
  await expect(Promise.resolve(parse(ctx))).rejects.toMatchObject({ type: 'REQUEST_TOO_LARGE', message: 'Request Too Long' });
});

test('a chunked body growing past 10 MB: REQUEST_TOO_LARGE', async () => {
  const ctx = fresh({ method: 'POST', headers: { 'Transfer-Encoding': 'chunked' } });
  const big = Readable.from([Buffer.alloc(6 * 1024 * 1024), Buffer.alloc(6 * 1024 * 1024)]);
  Object.assign(big, { rawHeaders: ctx.client.rawHeaders, socket: {} });
  (ctx as unknown as { client: unknown }).client = fakeClient(big as unknown as IncomingMessage);
  const err = await Promise.resolve(parse(ctx)).catch((e) => e);
  expect(err).toBeInstanceOf(GatewayError);
  expect(err.type).toBe('REQUEST_TOO_LARGE');
});

test('a client that goes away mid-body: ClientGone (nothing is answered)', async () => {
  const ctx = fresh({ method: 'POST', headers: { 'Content-Length': '100' } });
  const stream = new Readable({ read() {} });
  (ctx as unknown as { client: unknown }).client = fakeClient(Object.assign(stream, { rawHeaders: ctx.client.rawHeaders, socket: {} }) as unknown as IncomingMessage);
  const p = Promise.resolve(parse(ctx));
  stream.push('partial');
  stream.emit('aborted');
  await expect(p).rejects.toBeInstanceOf(ClientGone);
});

test('fakeRequest sanity: rawHeaders carry Host', () => {
  expect(fakeRequest({}).rawHeaders.slice(0, 2)).toEqual(['Host', 'localhost:4567']);
});
