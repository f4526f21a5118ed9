/**
 * Lambda as a user runs it: real `apigw-local serve --functions …` processes,
 * driven by the aws CLI (`aws apigateway …`, `aws lambda invoke`) and plain
 * HTTP. One command gives a Lambda-backed API without Docker; a second
 * apigw-local without functions reaches the first one's Invoke API through
 * `--lambda-endpoint` (and `AWS_ENDPOINT_URL_LAMBDA`); --help shows the flags.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli, startRealServer, stopAll, type RealServer } from '../helpers/server';
import { FIXTURES } from '../unit/lambda/endpoints';

const hasCli = spawnSync('aws', ['--version']).status === 0;
const AWS_ENV = { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '' };
const CLEAN_ENV = { AWS_ENDPOINT_URL: '', AWS_ENDPOINT_URL_LAMBDA: '' };

function aws(server: RealServer, ...args: string[]): any {
  const r = spawnSync('aws', [...args, '--endpoint-url', server.url, '--output', 'json'], { encoding: 'utf8', env: AWS_ENV });
  if (r.status !== 0) throw new Error(`aws ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout.trim() ? JSON.parse(r.stdout) : undefined;
}

async function call(base: string, method: string, p: string, body?: unknown): Promise<any> {
  const res = await fetch(base + p, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${p}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** GET /hello → AWS_PROXY to the function `hello`, deployed to stage `dev`; returns the invoke URL. */
async function helloApi(server: RealServer): Promise<string> {
  const api = await call(server.url, 'POST', '/restapis', { name: 'lambda-cli' });
  const r = await call(server.url, 'POST', `/restapis/${api.id}/resources/${api.rootResourceId}`, { pathPart: 'hello' });
  const m = `/restapis/${api.id}/resources/${r.id}/methods/GET`;
  await call(server.url, 'PUT', m, { authorizationType: 'NONE' });
  await call(server.url, 'PUT', `${m}/integration`, {
    type: 'AWS_PROXY',
    httpMethod: 'POST',
    uri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:hello/invocations',
  });
  await call(server.url, 'POST', `/restapis/${api.id}/deployments`, { stageName: 'dev' });
  return `${server.url}/restapis/${api.id}/dev/_user_request_/hello`;
}

afterEach(stopAll);

test('--help lists --functions and --lambda-endpoint with their environment variables', () => {
  const r = runCli(['--help']);
  expect(r.status).toBe(0);
  const help = r.stdout.replace(/\s+/g, ' ');
  expect(help).toMatch(/--functions <dir> folder of Node\.js Lambda handlers.*?\(env APIGW_LOCAL_FUNCTIONS;/);
  expect(help).toMatch(/--lambda-endpoint <url> Lambda Invoke API .*?AWS_ENDPOINT_URL_LAMBDA then AWS_ENDPOINT_URL win over the flag.*?\(env AWS_ENDPOINT_URL_LAMBDA;/);
});

test('--functions that is not a folder: exit 2 and one line saying so', () => {
  const r = runCli(['serve', '--port', '0', '--db', ':memory:', '--functions', path.join(FIXTURES, 'hello.js')]);
  expect(r.status).toBe(2);
  expect(r.stderr.trim()).toMatch(/^apigw-local: Invalid functions folder: ".*hello\.js" is not a directory$/);
});

test('one command: an AWS_PROXY API on the built-in runtime; the same port serves the Lambda Invoke API', async () => {
  const server = await startRealServer({ args: ['--functions', FIXTURES], env: CLEAN_ENV });
  const url = await helloApi(server);
  const res = await fetch(url);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ message: 'hello from a Lambda' });

  if (!hasCli) return;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-lambda-cli-'));
  try {
    const out = path.join(dir, 'out.json');
    const r = aws(server, 'lambda', 'invoke', '--function-name', 'calc', '--payload', '{"op":"mul","a":6,"b":7}', out);
    expect(r).toEqual({ StatusCode: 200, ExecutedVersion: '$LATEST' });
    expect(JSON.parse(fs.readFileSync(out, 'utf8'))).toMatchObject({ result: 42 });
    const failed = aws(server, 'lambda', 'invoke', '--function-name', 'calc', '--payload', '{"op":"div","a":1,"b":0}', out);
    expect(failed).toMatchObject({ StatusCode: 200, FunctionError: 'Unhandled' });
    expect(JSON.parse(fs.readFileSync(out, 'utf8'))).toMatchObject({ errorMessage: 'Internal: division by zero' });
    const missing = spawnSync('aws', ['lambda', 'invoke', '--function-name', 'nope', out, '--endpoint-url', server.url], { encoding: 'utf8', env: AWS_ENV });
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain('ResourceNotFoundException');
    expect(missing.stderr).toContain('Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a second apigw-local reaches the first one as its Lambda endpoint (--lambda-endpoint, AWS_ENDPOINT_URL_LAMBDA)', async () => {
  const functions = await startRealServer({ args: ['--functions', FIXTURES], env: CLEAN_ENV });
  const byFlag = await startRealServer({ args: ['--lambda-endpoint', functions.url], env: CLEAN_ENV });
  const res = await fetch(await helloApi(byFlag));
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ message: 'hello from a Lambda' });

  const byEnv = await startRealServer({ args: ['--lambda-endpoint', 'http://127.0.0.1:1'], env: { ...CLEAN_ENV, AWS_ENDPOINT_URL_LAMBDA: functions.url } });
  const viaEnv = await fetch(await helloApi(byEnv));
  expect(viaEnv.status).toBe(200);

  // Without any endpoint and without functions, the built-in runtime has no such function: 500.
  const none = await startRealServer({ env: CLEAN_ENV });
  const missing = await fetch(await helloApi(none));
  expect(missing.status).toBe(500);
  expect(await missing.json()).toEqual({ message: 'Internal server error' });
});
