/**
 * Stage logging as a user turns it on: the built server with `--logs-dir` on
 * a temporary folder, an API imported with the real `aws apigateway
 * import-rest-api` (a MOCK and an HTTP_PROXY to a local backend), access
 * logs and execution logs set with `aws apigateway update-stage`
 * (`/accessLogSettings/destinationArn`, `/accessLogSettings/format` with the
 * console's CLF format, `/*\/*\/logging/loglevel`, `/*\/*\/logging/dataTrace`,
 * `/*\/*\/metrics/enabled`), requests with fetch, and the files read back.
 * Without `--logs-dir` the same lines go to the server log at info level,
 * each after its log group name. (Where the facts come from: see
 * __tests__/unit/dataplane/access-log.test.ts and execution-log.test.ts.)
 * Skipped without the aws CLI.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startRealServer, stopAll, type RealServer } from '../helpers/server';
import { startBackend, type Backend } from '../helpers/dataplane';

const HAS_AWS = spawnSync('aws', ['--version'], { encoding: 'utf8' }).status === 0;
const ENV = { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '' };
const CLF =
  '$context.identity.sourceIp $context.identity.caller $context.identity.user [$context.requestTime]"$context.httpMethod $context.resourcePath $context.protocol" $context.status $context.responseLength $context.requestId $context.extendedRequestId';

function aws(server: RealServer, ...args: string[]): Record<string, any> {
  const r = spawnSync('aws', ['apigateway', ...args, '--endpoint-url', server.url, '--output', 'json'], { encoding: 'utf8', env: ENV, timeout: 30000 });
  if (r.status !== 0) throw new Error(`aws apigateway ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout.trim() ? JSON.parse(r.stdout) : {};
}

function patch(server: RealServer, apiId: string, stage: string, ops: { op: string; path: string; value?: string }[]): Record<string, any> {
  return aws(server, 'update-stage', '--rest-api-id', apiId, '--stage-name', stage, '--patch-operations', JSON.stringify(ops));
}

/** A request to the server (fetch, not a blocking curl: the backend answers from this process). */
async function get(server: RealServer, urlPath: string): Promise<{ status: number; requestId: string; body: string }> {
  const r = await fetch(`${server.url}${urlPath}`);
  return { status: r.status, requestId: r.headers.get('x-amzn-requestid') ?? '', body: await r.text() };
}

function openapi(dir: string, backend: string): string {
  const doc = {
    openapi: '3.0.1',
    info: { title: 'logged', version: '1' },
    paths: {
      '/pets/{id}': {
        get: {
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'ok' } },
          'x-amazon-apigateway-integration': {
            type: 'mock',
            requestTemplates: { 'application/json': '{"statusCode": 200}' },
            responses: { default: { statusCode: '200', responseTemplates: { 'application/json': '{"pet":"$input.params(\'id\')"}' } } },
          },
        },
      },
      '/backend': {
        get: {
          responses: { '200': { description: 'ok' } },
          'x-amazon-apigateway-integration': { type: 'http_proxy', httpMethod: 'GET', uri: `${backend}/hello` },
        },
      },
    },
  };
  const file = path.join(dir, 'api.json');
  fs.writeFileSync(file, JSON.stringify(doc));
  return `fileb://${file}`;
}

/** The events of a log group's file, once `count` of them are there (lines are written right after each answer). */
async function events(file: string, count: number): Promise<{ timestamp: number; message: string }[]> {
  let lines: string[] = [];
  for (let i = 0; i < 100; i++) {
    lines = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter((l) => l !== '') : [];
    if (lines.length >= count) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  return lines.map((l) => JSON.parse(l));
}

(HAS_AWS ? describe : describe.skip)('stage logging with the aws CLI and --logs-dir', () => {
  let dir: string;
  let backend: Backend;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-logging-'));
    backend = await startBackend((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('hello from the backend');
    });
  });
  afterAll(async () => {
    await stopAll();
    await backend.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('access and execution logs of a stage, set with update-stage, in one file per log group', async () => {
    const logs = path.join(dir, 'logs');
    const server = await startRealServer({ args: ['--logs-dir', logs] });
    const apiId = aws(server, 'import-rest-api', '--body', openapi(dir, backend.url)).id as string;
    aws(server, 'create-deployment', '--rest-api-id', apiId, '--stage-name', 'dev');
    const stage = patch(server, apiId, 'dev', [
      { op: 'replace', path: '/accessLogSettings/destinationArn', value: 'arn:aws:logs:us-east-1:000000000000:log-group:/apigw/dev-access' },
      { op: 'replace', path: '/accessLogSettings/format', value: CLF },
      { op: 'replace', path: '/*/*/logging/loglevel', value: 'INFO' },
      { op: 'replace', path: '/*/*/logging/dataTrace', value: 'true' },
      { op: 'replace', path: '/*/*/metrics/enabled', value: 'true' },
    ]);
    expect(stage.accessLogSettings).toEqual({ format: CLF, destinationArn: 'arn:aws:logs:us-east-1:000000000000:log-group:/apigw/dev-access' });
    expect(stage.methodSettings['*/*']).toMatchObject({ loggingLevel: 'INFO', dataTraceEnabled: true, metricsEnabled: true });

    const base = `/restapis/${apiId}/dev/_user_request_`;
    const pet = await get(server, `${base}/pets/7`);
    const missing = await get(server, `${base}/nowhere`);
    const proxied = await get(server, `${base}/backend`);
    expect([pet.status, missing.status, proxied.status]).toEqual([200, 403, 200]);

    // The access log: one CLF line per request, gateway errors included.
    const access = await events(path.join(logs, '_apigw_dev-access.jsonl'), 3);
    const when = '\\[\\d{2}/[A-Z][a-z]{2}/\\d{4}:\\d{2}:\\d{2}:\\d{2} \\+0000\\]';
    expect(access.map((e) => e.message)).toEqual([
      expect.stringMatching(new RegExp(`^127\\.0\\.0\\.1 - - ${when}"GET /pets/\\{id\\} HTTP/1\\.1" 200 ${Buffer.byteLength(pet.body)} ${pet.requestId} \\S+$`)),
      expect.stringMatching(new RegExp(`^127\\.0\\.0\\.1 - - ${when}"GET - HTTP/1\\.1" 403 ${Buffer.byteLength(missing.body)} ${missing.requestId} \\S+$`)),
      expect.stringMatching(new RegExp(`^127\\.0\\.0\\.1 - - ${when}"GET /backend HTTP/1\\.1" 200 22 ${proxied.requestId} \\S+$`)),
    ]);
    expect(access.every((e) => Number.isInteger(e.timestamp))).toBe(true);

    // The execution log: AWS's lines, with data (dataTrace on).
    const exec = (await events(path.join(logs, `API-Gateway-Execution-Logs_${apiId}_dev.jsonl`), 20)).map((e) => e.message);
    const of = (id: string): string[] => exec.filter((m) => m.startsWith(`(${id}) `)).map((m) => m.slice(id.length + 3));
    expect(of(pet.requestId)).toEqual(
      expect.arrayContaining([
        `Starting execution for request: ${pet.requestId}`,
        'HTTP Method: GET, Resource Path: /pets/7',
        'Method request path: {id=7}',
        'Method response body after transformations: {"pet":"7"}',
        'Successfully completed execution',
        'Method completed with status: 200',
      ]),
    );
    expect(of(proxied.requestId)).toEqual(
      expect.arrayContaining([
        `Sending request to ${backend.url}/hello`,
        expect.stringMatching(/^Received response\. Status: 200, Integration latency: \d+ ms$/),
        'Endpoint response body before transformations: hello from the backend',
      ]),
    );
    expect(of(missing.requestId)).toEqual(expect.arrayContaining(['Gateway response type: MISSING_AUTHENTICATION_TOKEN with status code: 403', 'Method completed with status: 403']));
    // metricsEnabled is not silently accepted.
    expect(server.stderr()).toMatch(/stage dev: method settings \*\/\*: metricsEnabled — CloudWatch metrics are not emulated/);

    // ERROR level: only failed requests, only their failure lines.
    patch(server, apiId, 'dev', [
      { op: 'replace', path: '/*/*/logging/loglevel', value: 'ERROR' },
      { op: 'replace', path: '/*/*/logging/dataTrace', value: 'false' },
      { op: 'remove', path: '/accessLogSettings' },
    ]);
    const before = exec.length;
    const fine = await get(server, `${base}/pets/8`);
    const failing = await get(server, `${base}/nowhere`);
    expect([fine.status, failing.status]).toEqual([200, 403]);
    const after = (await events(path.join(logs, `API-Gateway-Execution-Logs_${apiId}_dev.jsonl`), before + 2)).map((e) => e.message).slice(before);
    expect(after).toEqual([
      `(${failing.requestId}) Gateway response type: MISSING_AUTHENTICATION_TOKEN with status code: 403`,
      `(${failing.requestId}) Method completed with status: 403`,
    ]);
    // No access log any more.
    expect((await events(path.join(logs, '_apigw_dev-access.jsonl'), 0)).length).toBe(3);
    await server.stop();
  });

  it('without --logs-dir: the server log at info level, after the log group name; AWS_ENDPOINT_URL_LOGS is said unsupported', async () => {
    const server = await startRealServer({ args: ['--log-level', 'info'], env: { AWS_ENDPOINT_URL_LOGS: 'http://127.0.0.1:9/' } });
    const apiId = aws(server, 'import-rest-api', '--body', openapi(dir, backend.url)).id as string;
    aws(server, 'create-deployment', '--rest-api-id', apiId, '--stage-name', 'prod');
    patch(server, apiId, 'prod', [
      { op: 'replace', path: '/accessLogSettings/destinationArn', value: 'arn:aws:logs:us-east-1:000000000000:log-group:prod-access' },
      { op: 'replace', path: '/accessLogSettings/format', value: '{"requestId":"$context.requestId","status":"$context.status","latency":"$context.responseLatency"}' },
    ]);
    const r = await get(server, `/restapis/${apiId}/prod/_user_request_/pets/1`);
    expect(r.status).toBe(200);
    let line: string | undefined;
    for (let i = 0; i < 100 && !line; i++) {
      line = server.stderr().split('\n').find((l) => l.includes(' INFO prod-access {'));
      if (!line) await new Promise((res) => setTimeout(res, 20));
    }
    expect(line).toBeDefined();
    const entry = JSON.parse(line!.slice(line!.indexOf(' INFO prod-access ') + ' INFO prod-access '.length));
    expect(entry).toEqual({ requestId: r.requestId, status: '200', latency: expect.stringMatching(/^\d+$/) });
    expect(server.stderr()).toMatch(/AWS_ENDPOINT_URL_LOGS is set, but shipping stage logs to CloudWatch Logs \(PutLogEvents\) is not supported/);
    await server.stop();
  });

  it('a --logs-dir that is a file: exit 2 saying so', async () => {
    const file = path.join(dir, 'plain-file');
    fs.writeFileSync(file, '');
    await expect(startRealServer({ args: ['--logs-dir', file] })).rejects.toThrow(/Invalid logs folder: .* exists and is not a directory/);
  });
});
