/** http1-parser.ts: HTTP/1.1 response framing (RFC 9112) for the integration client. */
import { ParseError, ResponseParser } from '../../../lib/dataplane/http1-parser';

const LIMIT = 1024 * 1024;
/** Feeds `text` in pieces of `step` bytes; returns the response (or undefined). */
function feed(text: string | Buffer, opts: { head?: boolean; step?: number; close?: boolean } = {}) {
  const p = new ResponseParser(opts.head ?? false, LIMIT);
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text, 'latin1');
  const step = opts.step ?? bytes.length;
  for (let i = 0; i < bytes.length; i += step) {
    const r = p.push(bytes.subarray(i, i + step));
    if (r) return r;
  }
  return opts.close ? p.finish() : undefined;
}

test('Content-Length framing, byte by byte', () => {
  const r = feed('HTTP/1.1 201 Created\r\nContent-Type: text/plain\r\nContent-Length: 5\r\nX-A: 1\r\n\r\nhello', { step: 1 });
  expect(r).toEqual({ statusCode: 201, rawHeaders: ['Content-Type', 'text/plain', 'Content-Length', '5', 'X-A', '1'], body: Buffer.from('hello'), keepAlive: true });
});

test('chunked: sizes in hex, extensions ignored, trailers dropped, split anywhere', () => {
  const text = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\nA\r\n0123456789\r\n0\r\nX-Trailer: t\r\n\r\n';
  for (const step of [1, 3, 7, 1000]) {
    const r = feed(text, { step });
    expect(r?.body.toString()).toBe('hello0123456789');
    expect(r?.rawHeaders).toEqual(['Transfer-Encoding', 'chunked']);
  }
});

test('no body for HEAD, 204 and 304, whatever the headers say', () => {
  expect(feed('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n', { head: true })?.body.length).toBe(0);
  expect(feed('HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n')?.statusCode).toBe(204);
  expect(feed('HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\n')?.statusCode).toBe(304);
});

test('1xx interim responses are skipped', () => {
  const r = feed('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </x>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok', { step: 4 });
  expect(r?.statusCode).toBe(200);
  expect(r?.body.toString()).toBe('ok');
});

test('no framing: the body runs to the close, and the connection is not reused', () => {
  const p = new ResponseParser(false, LIMIT);
  expect(p.push(Buffer.from('HTTP/1.1 200 OK\r\n\r\npart one, '))).toBeUndefined();
  expect(p.push(Buffer.from('part two'))).toBeUndefined();
  expect(p.finish()).toEqual({ statusCode: 200, rawHeaders: [], body: Buffer.from('part one, part two'), keepAlive: false });
});

test('keep-alive: HTTP/1.1 unless Connection: close; HTTP/1.0 only with Connection: keep-alive', () => {
  expect(feed('HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')?.keepAlive).toBe(false);
  expect(feed('HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n')?.keepAlive).toBe(false);
  expect(feed('HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n')?.keepAlive).toBe(true);
  // Bytes after the response: not reused either.
  expect(feed('HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nxEXTRA')?.keepAlive).toBe(false);
});

test('obs-fold continuation lines are joined; names keep their case; repeated headers kept', () => {
  const r = feed('HTTP/1.1 200 OK\r\nX-Long: a\r\n  b\r\nSet-Cookie: 1\r\nset-cookie: 2\r\nContent-Length: 0\r\n\r\n');
  expect(r?.rawHeaders).toEqual(['X-Long', 'a b', 'Set-Cookie', '1', 'set-cookie', '2', 'Content-Length', '0']);
});

test('a status line without a reason phrase', () => {
  expect(feed('HTTP/1.1 404\r\nContent-Length: 0\r\n\r\n')?.statusCode).toBe(404);
});

test.each([
  ['not HTTP', 'SSH-2.0-OpenSSH\r\n\r\n'],
  ['a header line without a colon', 'HTTP/1.1 200 OK\r\nbroken\r\n\r\n'],
  ['differing Content-Length headers', 'HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n'],
  ['a bad Content-Length', 'HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n'],
  ['a bad chunk size', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'],
  ['a chunk without its CRLF', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nab\r\n'],
  ['101 Switching Protocols', 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n'],
])('malformed: %s', (_name, text) => {
  expect(() => feed(text)).toThrow(ParseError);
});

test('a connection closed mid-answer, or before any answer', () => {
  const p = new ResponseParser(false, LIMIT);
  p.push(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc'));
  expect(() => p.finish()).toThrow('the connection closed before the end of the answer');
  expect(() => new ResponseParser(false, LIMIT).finish()).toThrow('the connection closed without an answer');
});

test('the body size limit', () => {
  const p = new ResponseParser(false, 4);
  expect(() => p.push(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n'))).toThrow(/exceeds 4 bytes/);
  const q = new ResponseParser(false, 4);
  expect(() => q.push(Buffer.from('HTTP/1.1 200 OK\r\n\r\n12345'))).toThrow(/exceeds 4 bytes/);
});

test('headers larger than 64 KB', () => {
  expect(() => feed(`HTTP/1.1 200 OK\r\nX: ${'a'.repeat(70 * 1024)}`)).toThrow(/larger than 64 KB/);
});
