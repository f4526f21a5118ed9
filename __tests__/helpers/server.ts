/**
 * The real server as a user runs it: `node bin/apigw-local serve …` in a
 * child process (the compiled build in dist/, which `npm test` makes first
 * through `pretest`). `startRealServer` waits for the one ready line on
 * stdout and parses the URL from it; `stop()` sends a signal and waits for the
 * process to exit. Tests stop every server they start (`afterEach(stopAll)`
 * does it for the ones still running).
 */
import { spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const ROOT = path.join(__dirname, '..', '..');
export const BIN = path.join(ROOT, 'bin', 'apigw-local');
const BUILT_CLI = path.join(ROOT, 'dist', 'lib', 'cli.js');
const READY = /^apigw-local (\S+) listening on (http:\/\/\S+) \(state: (.*)\)$/;
/** Variables the server reads: cleared for the child unless a test sets them, so the caller's environment cannot leak in. */
const SERVER_ENV = ['PORT', 'APIGW_LOCAL_HOST', 'APIGW_LOCAL_DB', 'APIGW_LOCAL_ACCOUNT_ID', 'AWS_DEFAULT_REGION', 'APIGW_LOCAL_LOG_LEVEL', 'APIGW_LOCAL_FUNCTIONS', 'AWS_ENDPOINT_URL_LAMBDA', 'AWS_ENDPOINT_URL', 'APIGW_LOCAL_LOGS_DIR', 'AWS_ENDPOINT_URL_LOGS'];

export interface RealServerOptions {
  /** SQLite file or `:memory:` (the default). */
  db?: string;
  /** `--port` value; `null` leaves the flag out (to test `PORT`). Default 0. */
  port?: number | string | null;
  /** Further flags. */
  args?: string[];
  /** Environment for the child, on top of this process's (server variables cleared). */
  env?: Record<string, string>;
  /** How long to wait for the ready line. */
  readyTimeoutMs?: number;
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RealServer {
  url: string;
  port: number;
  version: string;
  /** The ready line as printed. */
  readyLine: string;
  proc: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Sends `signal` (SIGTERM by default) and resolves when the process has exited. */
  stop(signal?: NodeJS.Signals): Promise<ExitInfo>;
  exited: Promise<ExitInfo>;
}

function requireBuild(): void {
  if (!fs.existsSync(BUILT_CLI)) {
    throw new Error('dist/ is missing: run `npm run build` (npm test does it first) before the e2e tests');
  }
}

export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of SERVER_ENV) delete env[k];
  return { ...env, ...extra };
}

const running = new Set<RealServer>();

export async function startRealServer(opts: RealServerOptions = {}): Promise<RealServer> {
  requireBuild();
  const args = [BIN, 'serve'];
  if (opts.port !== null) args.push('--port', String(opts.port ?? 0));
  args.push('--db', opts.db ?? ':memory:', '--log-level', 'warn', ...(opts.args ?? []));
  const proc = spawn(process.execPath, args, { cwd: ROOT, env: childEnv(opts.env), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stdout!.setEncoding('utf8');
  proc.stderr!.setEncoding('utf8');
  proc.stderr!.on('data', (d: string) => (err += d));
  const exited = new Promise<ExitInfo>((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));

  const ready = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`apigw-local printed no ready line within ${opts.readyTimeoutMs ?? 15000} ms\nstdout: ${out}\nstderr: ${err}`));
    }, opts.readyTimeoutMs ?? 15000);
    proc.stdout!.on('data', (d: string) => {
      out += d;
      const line = out.split('\n')[0];
      if (out.includes('\n')) {
        clearTimeout(timer);
        const m = READY.exec(line);
        if (m) resolve(m);
        else reject(new Error(`unexpected first stdout line: ${line}`));
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`apigw-local exited (code ${code}, signal ${signal}) before it was ready\nstderr: ${err}`));
    });
  });

  const url = ready[2];
  const server: RealServer = {
    url,
    port: Number(new URL(url).port),
    version: ready[1],
    readyLine: ready[0],
    proc,
    stdout: () => out,
    stderr: () => err,
    exited,
    stop: async (signal: NodeJS.Signals = 'SIGTERM') => {
      running.delete(server);
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      return exited;
    },
  };
  running.add(server);
  return server;
}

/** Stops every server a test left running (use in afterEach/afterAll). */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((s) => s.stop('SIGKILL')));
}

/** Runs the CLI to completion (for flags that make it exit). */
export function runCli(args: string[], env: Record<string, string> = {}): SpawnSyncReturns<string> {
  requireBuild();
  return spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, env: childEnv(env), encoding: 'utf8', timeout: 20000 });
}
