/**
 * `npm run bench`: measures apigw-local against a bare Node `http` server
 * started by the same run, on loopback, with a bounded load (autocannon in
 * this process; every server in its own child process).
 *
 * Prints req/s, p50 and p99 latency per case and the ratios DESIGN.md sets
 * targets for: MOCK vs bare Node (≥ 0.5×), HTTP_PROXY vs calling the backend
 * directly (≥ 0.35×). Those two pairs are measured in interleaved rounds
 * (baseline, subject, baseline, subject…; BENCH_ROUNDS, 3 by default): on a
 * shared machine the speed of the host drifts by more than the differences
 * measured, and a baseline measured next to its subject drifts with it. The
 * ratio is the median of the rounds' ratios, the req/s the median round's.
 * Then MOCK with an API key and a usage plan (generous limits)
 * vs plain MOCK; AWS_PROXY to a hello-world Lambda handler in the built-in
 * runtime (fixtures/functions/hello.js) vs MOCK; MOCK with an API key, a
 * usage plan and a TOKEN Lambda authorizer whose result is cached
 * (fixtures/functions/authorizer-token.js, one token) vs MOCK; control-plane
 * listings with 1,000 APIs and 1,000
 * resources; start-up time; resident memory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import * as fs from 'node:fs';
import * as os from 'node:os';
import autocannon from 'autocannon';
import { Store } from '../lib/store';

const ROOT = path.join(__dirname, '..', '..');
const DURATION = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));

interface Started {
  child: ChildProcess;
  url: string;
  startMs: number;
}

function start(cmd: string, args: string[], parse: (line: string) => string | null): Promise<Started> {
  const t0 = process.hrtime.bigint();
  const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const line = buf.split('\n')[0];
      if (buf.includes('\n')) {
        const url = parse(line);
        if (url) resolve({ child, url, startMs: Number(process.hrtime.bigint() - t0) / 1e6 });
        else reject(new Error(`unexpected ready line: ${line}`));
      }
    });
    child.once('exit', (code) => reject(new Error(`${cmd} exited with ${code} before it was ready`)));
  });
}

function rssMb(pid: number | undefined): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return Math.round(kb / 1024);
  } catch {
    return NaN;
  }
}

async function call(base: string, method: string, p: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(base + p, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${p} answered ${res.status}: ${text}`);
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

interface Result {
  name: string;
  reqPerSec: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function load(
  name: string,
  url: string,
  opts: { connections?: number; duration?: number; headers?: Record<string, string>; warmUp?: boolean } = {},
): Promise<Result> {
  // A short warm-up so JIT and keep-alive pools are settled.
  if (opts.warmUp !== false) await autocannon({ url, connections: opts.connections ?? CONNECTIONS, duration: 1, headers: opts.headers });
  const r = await autocannon({ url, connections: opts.connections ?? CONNECTIONS, duration: opts.duration ?? DURATION, headers: opts.headers });
  return {
    name,
    reqPerSec: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors,
  };
}

async function setupApis(emu: string, backend: string): Promise<{ mockUrl: string; proxyUrl: string; lambdaUrl: string; apiId: string }> {
  const api = (await call(emu, 'POST', '/restapis', { name: 'bench' })).json;
  const mock = (await call(emu, 'POST', `/restapis/${api.id}/resources/${api.rootResourceId}`, { pathPart: 'mock' })).json;
  const m = `/restapis/${api.id}/resources/${mock.id}/methods/GET`;
  await call(emu, 'PUT', m, { authorizationType: 'NONE' });
  await call(emu, 'PUT', `${m}/responses/200`, {});
  await call(emu, 'PUT', `${m}/integration`, { type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } });
  await call(emu, 'PUT', `${m}/integration/responses/200`, {
    responseTemplates: { 'application/json': '{"message": "hello from a mock"}' },
  });
  const proxy = (await call(emu, 'POST', `/restapis/${api.id}/resources/${api.rootResourceId}`, { pathPart: 'proxy' })).json;
  const greedy = (await call(emu, 'POST', `/restapis/${api.id}/resources/${proxy.id}`, { pathPart: '{proxy+}' })).json;
  const pm = `/restapis/${api.id}/resources/${greedy.id}/methods/ANY`;
  await call(emu, 'PUT', pm, { authorizationType: 'NONE', requestParameters: { 'method.request.path.proxy': true } });
  await call(emu, 'PUT', `${pm}/integration`, {
    type: 'HTTP_PROXY',
    httpMethod: 'ANY', // the wire name of the SDK's integrationHttpMethod
    uri: `${backend}/{proxy}`,
    requestParameters: { 'integration.request.path.proxy': 'method.request.path.proxy' },
  });
  const fn = (await call(emu, 'POST', `/restapis/${api.id}/resources/${api.rootResourceId}`, { pathPart: 'lambda' })).json;
  const lm = `/restapis/${api.id}/resources/${fn.id}/methods/GET`;
  await call(emu, 'PUT', lm, { authorizationType: 'NONE' });
  await call(emu, 'PUT', `${lm}/integration`, {
    type: 'AWS_PROXY',
    httpMethod: 'POST',
    uri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:hello/invocations',
  });
  const dep = await call(emu, 'POST', `/restapis/${api.id}/deployments`, { stageName: 'bench' });
  if (dep.status !== 201) throw new Error(`deployment failed: ${JSON.stringify(dep.json)}`);
  const base = `${emu}/restapis/${api.id}/bench/_user_request_`;
  return { mockUrl: `${base}/mock`, proxyUrl: `${base}/proxy/hello`, lambdaUrl: `${base}/lambda`, apiId: api.id };
}

/**
 * The MOCK method again, with apiKeyRequired and an API key in a usage plan whose throttle and quota are never reached;
 * with `authorizer`, also behind a TOKEN Lambda authorizer (TTL 300 s) whose Allow comes from the cache after the
 * first request: the "API key, usage plan and cached Lambda authorizer in the path".
 */
async function setupGuardedMock(emu: string, opts: { authorizer: boolean }): Promise<{ url: string; key: string }> {
  const api = (await call(emu, 'POST', '/restapis', { name: opts.authorizer ? 'bench-authorizer' : 'bench-keyed' })).json;
  let method: Record<string, unknown> = { authorizationType: 'NONE', apiKeyRequired: true };
  if (opts.authorizer) {
    const authorizer = (
      await call(emu, 'POST', `/restapis/${api.id}/authorizers`, {
        name: 'token',
        type: 'TOKEN',
        authorizerUri:
          'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:authorizer-token/invocations',
        identitySource: 'method.request.header.Authorization',
        authorizerResultTtlInSeconds: 300,
      })
    ).json;
    method = { authorizationType: 'CUSTOM', authorizerId: authorizer.id, apiKeyRequired: true };
  }
  const r = (await call(emu, 'POST', `/restapis/${api.id}/resources/${api.rootResourceId}`, { pathPart: 'mock' })).json;
  const m = `/restapis/${api.id}/resources/${r.id}/methods/GET`;
  await call(emu, 'PUT', m, method);
  await call(emu, 'PUT', `${m}/responses/200`, {});
  await call(emu, 'PUT', `${m}/integration`, { type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } });
  await call(emu, 'PUT', `${m}/integration/responses/200`, {
    responseTemplates: { 'application/json': '{"message": "hello from a mock", "principal": "$context.authorizer.principalId"}' },
  });
  await call(emu, 'POST', `/restapis/${api.id}/deployments`, { stageName: 'bench' });
  const key = (await call(emu, 'POST', '/apikeys', { name: `bench-${api.id}`, enabled: true })).json;
  const plan = (
    await call(emu, 'POST', '/usageplans', {
      name: `bench-${api.id}`,
      apiStages: [{ apiId: api.id, stage: 'bench' }],
      throttle: { rateLimit: 1_000_000, burstLimit: 1_000_000 },
      quota: { limit: 1_000_000_000, period: 'DAY' },
    })
  ).json;
  await call(emu, 'POST', `/usageplans/${plan.id}/keys`, { keyId: key.id, keyType: 'API_KEY' });
  return { url: `${emu}/restapis/${api.id}/bench/_user_request_/mock`, key: key.value };
}

async function setupControlPlaneVolume(emu: string): Promise<{ apiWith1000: string }> {
  for (let i = 0; i < 1000; i++) await call(emu, 'POST', '/restapis', { name: `volume-${i}` });
  const big = (await call(emu, 'POST', '/restapis', { name: 'thousand-resources' })).json;
  let parent = big.rootResourceId;
  for (let i = 0; i < 1000; i++) {
    // a tree 10 wide and 100 deep-ish: every 10th resource becomes the next parent
    const r = (await call(emu, 'POST', `/restapis/${big.id}/resources/${parent}`, { pathPart: `r${i}` })).json;
    if (i % 10 === 9) parent = r.id;
  }
  return { apiWith1000: big.id };
}

function ratio(a: Result | undefined, b: Result | undefined): string {
  if (!a || !b || !b.reqPerSec || a.non2xx || a.errors) return 'n/a';
  return (a.reqPerSec / b.reqPerSec).toFixed(2) + '×';
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

interface Pair {
  baseline: Result;
  subject: Result;
  /** Median of the rounds' subject/baseline ratios ('n/a' when a round had errors). */
  ratio: string;
  rounds: string[];
}

/** Baseline and subject in interleaved rounds (see the module comment). */
async function paired(names: [string, string], urls: [string, string]): Promise<Pair> {
  const base: Result[] = [];
  const subj: Result[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    base.push(await load(names[0], urls[0], { warmUp: i === 0 }));
    subj.push(await load(names[1], urls[1], { warmUp: i === 0 }));
  }
  const failed = subj.some((r) => r.non2xx || r.errors);
  const ratios = base.map((b, i) => subj[i].reqPerSec / b.reqPerSec);
  const m = median(ratios);
  const pick = (rs: Result[]) => rs.find((r) => r.reqPerSec === median(rs.map((x) => x.reqPerSec)))!;
  return {
    baseline: pick(base),
    subject: { ...pick(subj), non2xx: subj.reduce((n, r) => n + r.non2xx, 0), errors: subj.reduce((n, r) => n + r.errors, 0) },
    ratio: failed ? 'n/a' : m.toFixed(2) + '×',
    rounds: ratios.map((r) => r.toFixed(2)),
  };
}

/**
 * A fresh state file whose account (the default one, us-east-1) has its
 * account-level throttle raised, as an AWS quota increase would: AWS's
 * default (10,000 rps, burst 5,000; GetAccount `throttleSettings`) is
 * enforced, and a fast machine passes it in the MOCK cases.
 */
function benchStateFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-bench-'));
  const file = path.join(dir, 'state.db');
  const store = Store.open(file);
  store.accountSettings.put(
    { account: '000000000000', region: 'us-east-1' },
    { throttleSettings: { rateLimit: 1_000_000, burstLimit: 1_000_000 }, features: ['UsagePlans'], apiKeyVersion: '4' },
  );
  store.close();
  return file;
}

async function main(): Promise<void> {
  const children: ChildProcess[] = [];
  const db = benchStateFile();
  try {
    const bare = await start(process.execPath, [path.join(__dirname, 'bare-server.js')], (l) => `http://127.0.0.1:${l.trim()}`);
    children.push(bare.child);
    const emu = await start(
      process.execPath,
      ['bin/apigw-local', 'serve', '--port', '0', '--db', db, '--log-level', 'error', '--functions', 'fixtures/functions'],
      (l) => /listening on (\S+)/.exec(l)?.[1] ?? null,
    );
    children.push(emu.child);
    const rssIdle = rssMb(emu.child.pid);

    const { mockUrl, proxyUrl, lambdaUrl } = await setupApis(emu.url, bare.url);
    const keyed = await setupGuardedMock(emu.url, { authorizer: false });
    const guarded = await setupGuardedMock(emu.url, { authorizer: true });
    const results: Result[] = [];
    const mockPair = await paired(['bare Node http (baseline)', 'MOCK integration'], [`${bare.url}/`, mockUrl]);
    const mockR = mockPair.subject;
    results.push(mockPair.baseline, mockR);
    const keyedR = await load('MOCK + API key + usage plan', keyed.url, { headers: { 'x-api-key': keyed.key } });
    results.push(keyedR);
    const proxyPair = await paired(['backend called directly', 'HTTP_PROXY integration'], [`${bare.url}/hello`, proxyUrl]);
    results.push(proxyPair.baseline, proxyPair.subject);
    const lambdaR = await load('AWS_PROXY, built-in Lambda runtime', lambdaUrl);
    results.push(lambdaR);
    const authorizedR = await load('MOCK + API key + plan + cached authorizer', guarded.url, {
      headers: { 'x-api-key': guarded.key, Authorization: 'allow-all' },
    });
    results.push(authorizedR);

    const { apiWith1000 } = await setupControlPlaneVolume(emu.url);
    const listApis = await load('GetRestApis (1,001 APIs, limit 25)', `${emu.url}/restapis`, { duration: 3 });
    results.push(listApis);
    const listRes = await load('GetResources (1,001 resources, limit 500)', `${emu.url}/restapis/${apiWith1000}/resources?limit=500`, {
      duration: 3,
    });
    results.push(listRes);
    const rssLoaded = rssMb(emu.child.pid);

    const pad = (s: string, n: number) => s.padEnd(n);
    console.log(
      `\napigw-local bench — ${CONNECTIONS} connections, ${DURATION}s per case, ${ROUNDS} interleaved rounds for the paired cases, loopback, ${new Date().toISOString()}\n`,
    );
    console.log(pad('case', 44) + pad('req/s', 10) + pad('p50 ms', 9) + pad('p99 ms', 9) + 'non-2xx');
    for (const r of results) {
      console.log(pad(r.name, 44) + pad(String(r.reqPerSec), 10) + pad(String(r.p50), 9) + pad(String(r.p99), 9) + (r.non2xx + r.errors));
    }
    console.log('');
    console.log(`MOCK / bare Node:            ${mockPair.ratio}   (target ≥ 0.5×; rounds ${mockPair.rounds.join(', ')})`);
    console.log(`MOCK with API key / MOCK:    ${ratio(keyedR, mockR)}   (usage plan throttle and quota checked, counted)`);
    console.log(`HTTP_PROXY / direct backend: ${proxyPair.ratio}   (target ≥ 0.35×; rounds ${proxyPair.rounds.join(', ')})`);
    console.log(`AWS_PROXY (Lambda) / MOCK:   ${ratio(lambdaR, mockR)}   (hello-world handler in a worker thread)`);
    console.log(`MOCK with key, plan and authorizer / MOCK: ${ratio(authorizedR, mockR)}   (TOKEN Lambda authorizer, result cached per token)`);
    console.log(`start-up (spawn → ready):    apigw-local ${emu.startMs.toFixed(0)} ms, bare Node ${bare.startMs.toFixed(0)} ms`);
    console.log(`resident memory:             apigw-local ${rssIdle} MB idle, ${rssLoaded} MB after the run; bare Node ${rssMb(bare.child.pid)} MB`);
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 200));
    fs.rmSync(path.dirname(db), { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
