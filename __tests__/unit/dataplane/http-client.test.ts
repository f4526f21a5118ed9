/**
 * http-client.ts against real sockets on 127.0.0.1: keep-alive reuse, a
 * connection the backend closed while idle (retried once), HTTP/1.0 and
 * close-delimited answers, interim 100 responses, and each failure kind.
 */
import * as net from 'node:net';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { send, BackendFailure, type OutboundRequest } from '../../../lib/dataplane/http-client';

const servers: net.Server[] = [];
const sockets = new Set<net.Socket>();
afterAll(async () => {
  for (const sock of sockets) sock.destroy();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

async function listen<T extends net.Server>(s: T): Promise<number> {
  servers.push(s);
  s.on('connection', (sock: net.Socket) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return (s.address() as AddressInfo).port;
}

const req = (port: number, extra: Partial<OutboundRequest> = {}): OutboundRequest => ({
  endpoint: { protocol: 'http:', hostname: '127.0.0.1', port },
  path: '/x?y=1',
  method: 'GET',
  headers: ['Host', `127.0.0.1:${port}`, 'X-Test', 'a'],
  body: Buffer.alloc(0),
  timeoutMs: 2000,
  ...extra,
});

test('requests on a kept-alive connection; the request line, headers and body arrive as sent', async () => {
  let connections = 0;
  const seen: { method?: string; url?: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
  const srv = http.createServer((q, s) => {
    let body = '';
    q.on('data', (c) => (body += c));
    q.on('end', () => {
      seen.push({ method: q.method, url: q.url, headers: q.headers, body });
      s.setHeader('Set-Cookie', ['a=1', 'b=2']);
      s.end('ok');
    });
  });
  srv.on('connection', () => connections++);
  const port = await listen(srv);
  for (let i = 0; i < 5; i++) {
    const r = await send(req(port, { method: 'POST', body: Buffer.from('payload'), headers: ['Host', `127.0.0.1:${port}`, 'Content-Length', '7'] }));
    expect(r.statusCode).toBe(200);
    expect(r.body.toString()).toBe('ok');
    expect(r.rawHeaders.filter((_, i) => i % 2 === 0)).toContain('Set-Cookie');
  }
  expect(connections).toBe(1);
  expect(seen[0]).toMatchObject({ method: 'POST', url: '/x?y=1', body: 'payload', headers: { connection: 'keep-alive', 'content-length': '7' } });
});

test('a connection the backend closed while idle is replaced transparently', async () => {
  let connections = 0;
  // Answers with a kept-alive response, then closes the connection a moment later (an idle timeout).
  const srv = net.createServer((sock) => {
    connections++;
    sock.on('data', () => {
      sock.write('HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nfine');
      setTimeout(() => sock.destroy(), 20);
    });
  });
  const port = await listen(srv);
  expect((await send(req(port))).body.toString()).toBe('fine');
  await new Promise((r) => setTimeout(r, 100));
  expect((await send(req(port))).body.toString()).toBe('fine');
  expect(connections).toBe(2);
});

test('a kept-alive connection reset just as it is reused: retried once on a fresh one', async () => {
  let connections = 0;
  // The first connection answers once and then resets whatever comes next; later ones answer.
  const srv = net.createServer((sock) => {
    const n = ++connections;
    let requests = 0;
    sock.on('data', () => {
      requests++;
      if (n === 1 && requests > 1) sock.resetAndDestroy();
      else sock.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
    });
  });
  const port = await listen(srv);
  expect((await send(req(port))).statusCode).toBe(200);
  expect((await send(req(port))).statusCode).toBe(200);
  expect(connections).toBe(2);
});

test('HTTP/1.0 and close-delimited answers; interim 100 responses', async () => {
  const srv = net.createServer((sock) => {
    sock.once('data', (d) => {
      const path = d.toString().split(' ')[1];
      if (path === '/old') sock.end('HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end');
      else sock.end('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 202 Accepted\r\nContent-Length: 4\r\n\r\ndone');
    });
  });
  const port = await listen(srv);
  const old = await send(req(port, { path: '/old' }));
  expect(old).toEqual({ statusCode: 200, rawHeaders: ['Content-Type', 'text/plain'], body: Buffer.from('until the end') });
  const interim = await send(req(port, { path: '/interim' }));
  expect(interim.statusCode).toBe(202);
  expect(interim.body.toString()).toBe('done');
});

async function failure(p: Promise<unknown>): Promise<BackendFailure> {
  const e = await p.then(
    () => undefined,
    (err) => err,
  );
  expect(e).toBeInstanceOf(BackendFailure);
  return e as BackendFailure;
}

test('a refused connection: unreachable', async () => {
  const port = await new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
  expect((await failure(send(req(port)))).kind).toBe('unreachable');
});

test('no answer in time: timeout', async () => {
  const srv = net.createServer(() => {
    /* never answers */
  });
  const port = await listen(srv);
  const f = await failure(send(req(port, { timeoutMs: 80 })));
  expect(f.kind).toBe('timeout');
});

test('garbage, or a close mid-answer: broken', async () => {
  const srv = net.createServer((sock) => {
    sock.once('data', (d) => {
      if (d.toString().includes('/garbage')) sock.end('NOT HTTP AT ALL\r\n\r\n');
      else {
        sock.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial');
        setTimeout(() => sock.destroy(), 10);
      }
    });
  });
  const port = await listen(srv);
  expect((await failure(send(req(port, { path: '/garbage' })))).kind).toBe('broken');
  expect((await failure(send(req(port, { path: '/cut' })))).kind).toBe('broken');
});

test('a header value with CR/LF is refused before anything is sent', async () => {
  let connections = 0;
  const srv = net.createServer(() => connections++);
  const port = await listen(srv);
  const f = await failure(send(req(port, { headers: ['Host', 'h', 'X-Evil', 'a\r\nInjected: yes'] })));
  expect(f.kind).toBe('unreachable');
  expect(f.message).toMatch(/invalid value for header X-Evil/);
  expect((await failure(send(req(port, { headers: ['Bad Name', 'v'] })))).message).toMatch(/invalid header name/);
  expect(connections).toBe(0);
});

describe('https backends', () => {
  let port: number;
  beforeAll(async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const https = await import('node:https');
    const { selfSignedCertificateDer, toPem } = await import('../../../lib/aws/x509');
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const cert = toPem(
      selfSignedCertificateDer({ subject: { commonName: 'localhost' }, notBefore: new Date(Date.now() - 60_000), notAfter: new Date(Date.now() + 3_600_000), publicKey, privateKey }),
    );
    const srv = https.createServer({ cert, key: privateKey.export({ type: 'pkcs8', format: 'pem' }) }, (_q, s) => s.end('secure'));
    port = await listen(srv);
  });
  const tlsReq = (insecure: boolean) => req(port, { endpoint: { protocol: 'https:', hostname: '127.0.0.1', port }, insecure });

  test('tlsConfig.insecureSkipVerification: a self-signed certificate is accepted', async () => {
    const r = await send(tlsReq(true));
    expect(r.statusCode).toBe(200);
    expect(r.body.toString()).toBe('secure');
    expect((await send(tlsReq(true))).body.toString()).toBe('secure');
  });

  test('otherwise a certificate that does not verify: unreachable (API Gateway answers 500)', async () => {
    expect((await failure(send(tlsReq(false)))).kind).toBe('unreachable');
  });
});
