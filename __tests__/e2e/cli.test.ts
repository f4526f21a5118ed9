/**
 * The `apigw-local` command as a user runs it: flags and their environment
 * variables, the ready line, clean exits on SIGTERM/SIGINT, where it listens,
 * and the admin endpoints over real HTTP.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as http from 'node:http';
import * as path from 'node:path';
import { SETTINGS } from '../../lib/config';
import { ROOT, runCli, startRealServer, stopAll } from '../helpers/server';

const VERSION: string = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;

afterEach(stopAll);

const squash = (s: string) => s.replace(/\s+/g, ' ');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Resolves with the connect error code, or 'connected'. */
function tryConnect(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const c = net.connect(port, host);
    c.once('connect', () => {
      c.destroy();
      resolve('connected');
    });
    c.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
  });
}

describe('--help', () => {
  it.each([[['--help']], [['serve', '--help']]])('%j documents every flag with its environment variable', (args) => {
    const res = runCli(args);
    expect(res.status).toBe(0);
    const help = squash(res.stdout);
    for (const s of SETTINGS) {
      expect(help).toContain(`${s.flag} ${s.arg}`);
      expect(help).toContain(`env ${s.env}`);
    }
  });

  it('--version prints the package version', () => {
    const res = runCli(['--version']);
    expect(res.stdout.trim()).toBe(VERSION);
  });
});

describe('bad flags and environment', () => {
  it.each([
    [['--port', 'abc'], {}, /Invalid port: "abc"/],
    [['--port', '65536'], {}, /Invalid port: "65536"/],
    [['--port', '-1'], {}, /Invalid port/],
    [['--account-id', '12345'], {}, /Invalid account id: "12345" \(12 digits expected\)/],
    [['--log-level', 'loud'], {}, /Invalid log level: "loud"/],
    [['--region', 'Mars'], {}, /Invalid region: "Mars"/],
    [[], { PORT: 'eighty' }, /Invalid port: "eighty"/],
    [[], { APIGW_LOCAL_ACCOUNT_ID: 'x' }, /Invalid account id/],
  ])('%j %j exits 2 with one clear line', (args, env, message) => {
    const res = runCli(['serve', '--db', ':memory:', ...args], env as Record<string, string>);
    expect(res.status).toBe(2);
    expect(res.stderr).toMatch(message);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stdout).toBe('');
  });

  it('says so when the port is taken', async () => {
    const first = await startRealServer();
    const res = runCli(['serve', '--db', ':memory:', '--port', String(first.port)]);
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(`cannot listen on 127.0.0.1:${first.port}: the address is already in use`);
  });
});

describe('serve', () => {
  it('prints one ready line with the URL and the state file', async () => {
    const s = await startRealServer();
    expect(s.readyLine).toMatch(new RegExp(`^apigw-local ${VERSION.replace(/\./g, '\\.')} listening on http://127\\.0\\.0\\.1:\\d+ \\(state: :memory:\\)$`));
    expect(s.port).toBeGreaterThan(0);
    await fetch(`${s.url}/_apigw/health`);
    expect(await s.stop()).toEqual({ code: 0, signal: null });
    expect(s.stdout()).toBe(`${s.readyLine}\n`);
  });

  it('uses PORT when no --port is given, and a --port flag wins over PORT', async () => {
    const port = await freePort();
    const fromEnv = await startRealServer({ port: null, env: { PORT: String(port) } });
    expect(fromEnv.port).toBe(port);
    await fromEnv.stop();
    // PORT would be refused if it were read at all.
    const fromFlag = await startRealServer({ port: 0, env: { PORT: 'not-a-port' } });
    expect(fromFlag.port).not.toBe(0);
  });

  it('listens on 127.0.0.1 only by default', async () => {
    const s = await startRealServer();
    expect(new URL(s.url).hostname).toBe('127.0.0.1');
    expect(await tryConnect('127.0.0.1', s.port)).toBe('connected');
    // Another loopback address of this machine: a server bound to 0.0.0.0 would accept here.
    expect(await tryConnect('127.0.0.2', s.port)).toBe('ECONNREFUSED');
  });

  it('listens where --host says', async () => {
    const s = await startRealServer({ args: ['--host', '127.0.0.2'] });
    expect(new URL(s.url).hostname).toBe('127.0.0.2');
    expect(await tryConnect('127.0.0.2', s.port)).toBe('connected');
    expect(await tryConnect('127.0.0.1', s.port)).toBe('ECONNREFUSED');
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('exits 0 on %s, even with a keep-alive connection open', async (signal) => {
    const s = await startRealServer();
    const agent = new http.Agent({ keepAlive: true });
    const status = await new Promise<number>((resolve, reject) => {
      http.get(`${s.url}/_apigw/health`, { agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      }).on('error', reject);
    });
    expect(status).toBe(200);
    expect(await s.stop(signal)).toEqual({ code: 0, signal: null });
    agent.destroy();
  });
});

describe('admin endpoints', () => {
  it('GET /_apigw/health answers 200 with the version', async () => {
    const s = await startRealServer();
    const res = await fetch(`${s.url}/_apigw/health`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({ status: 'ok', version: VERSION });
  });

  it('POST /_apigw/reset empties the state', async () => {
    const s = await startRealServer();
    const created = await fetch(`${s.url}/restapis`, { method: 'POST', body: JSON.stringify({ name: 'doomed' }) });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect((await fetch(`${s.url}/restapis/${id}`)).status).toBe(200);

    const reset = await fetch(`${s.url}/_apigw/reset`, { method: 'POST' });
    expect(reset.status).toBe(200);

    expect((await fetch(`${s.url}/restapis/${id}`)).status).toBe(404);
    expect(await (await fetch(`${s.url}/restapis`)).json()).toEqual({ item: [] });
  });
});
