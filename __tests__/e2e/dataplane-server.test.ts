/**
 * The data plane on a real listening server (lib/server.ts, ephemeral port):
 * bad input at the HTTP level — huge headers, a garbled request line, a
 * client that goes away mid-body — answered or dropped without taking the
 * server down, and keep-alive connections reused across requests.
 */
import * as net from 'node:net';
import * as http from 'node:http';
import request from 'supertest';
import { startServer, type RunningServer } from '../../lib/server';
import { deployApi, invokePath, type Deployed } from '../helpers/dataplane';

let server: RunningServer;
let d: Deployed;

beforeAll(async () => {
  server = await startServer({ port: 0, db: ':memory:', logLevel: 'silent' });
  d = await deployApi(request(server.url), {
    resources: {
      '/ok': {
        ANY: {
          integration: { type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } },
          integrationResponses: { '200': { responseTemplates: { 'application/json': '{"ok": true}' } } },
        },
      },
    },
  });
});
afterAll(() => server.close());

/** Sends raw bytes on a fresh connection and resolves with everything the server wrote before closing (or after `waitMs`). */
function raw(bytes: string, waitMs = 500): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(server.port, '127.0.0.1');
    let out = '';
    const timer = setTimeout(() => {
      sock.destroy();
      resolve(out);
    }, waitMs);
    sock.setEncoding('latin1');
    sock.on('data', (c: string) => (out += c));
    sock.on('close', () => {
      clearTimeout(timer);
      resolve(out);
    });
    sock.on('error', reject);
    sock.write(Buffer.from(bytes, 'latin1'));
  });
}

const stillServing = async () => {
  const res = await request(server.url).get(invokePath(d, '/ok'));
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ ok: true });
};

test('headers past the server limit: 431, and the server keeps serving', async () => {
  const answer = await raw(`GET ${invokePath(d, '/ok')} HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(80 * 1024)}\r\n\r\n`);
  expect(answer).toMatch(/^HTTP\/1\.1 431 /);
  await stillServing();
});

test('a garbled request line: 400, and the server keeps serving', async () => {
  const answer = await raw('THIS IS NOT HTTP\r\n\r\n');
  expect(answer).toMatch(/^HTTP\/1\.1 400 /);
  await stillServing();
});

test('a client that goes away mid-body gets nothing; the server keeps serving', async () => {
  const answer = await raw(`POST ${invokePath(d, '/ok')} HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{"partial":`, 100);
  expect(answer).toBe('');
  await stillServing();
});

test('a keep-alive connection serves many requests', async () => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const sockets = new Set<net.Socket>();
  for (let i = 0; i < 20; i++) {
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.get(`${server.url}${invokePath(d, '/ok')}`, { agent }, (res) => {
        sockets.add(res.socket);
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
    });
    expect(status).toBe(200);
  }
  expect(sockets.size).toBe(1);
  agent.destroy();
});

test('invalid UTF-8 in a body and a path is served, not crashed on', async () => {
  const answer = await raw(
    `POST ${invokePath(d, '/ok')}?q=%FF%FE HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 4\r\nConnection: close\r\n\r\n\xff\xfe\xfd\xfc`,
  );
  expect(answer).toMatch(/^HTTP\/1\.1 200 /);
  await stillServing();
});
