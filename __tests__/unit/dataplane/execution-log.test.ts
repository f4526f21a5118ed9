/**
 * Execution logs of deployed stages, the stage logging settings, the sinks,
 * and the whole path through the app (UpdateStage → request → files).
 * Facts:
 * - the lines are TestInvokeMethod's (recorded AWS answers, see
 *   test-invoke-method.test.ts) after the deployed-stage preamble; the
 *   preamble's wording (Extended Request Id, "Verifying Usage Plan for
 *   request: … API Key:  API Stage: …", "API Key  authorized because method
 *   'GET /' does not require API Key. Request will not contribute to throttle
 *   or quota limits", "Usage Plan check succeeded for API Key  and API Stage
 *   …", "Starting authorizer: … for request: …", "Successfully completed
 *   authorizer execution", "Unauthorized request: …") is AWS Knowledge
 *   Center's "How can I use API Gateway logs to troubleshoot API issues?";
 * - each CloudWatch event is `({requestId}) {line}`; the log group is
 *   `API-Gateway-Execution-Logs_{restApiId}/{stageName}` (Developer Guide,
 *   "Set up CloudWatch logging for REST APIs");
 * - "API Gateway redacts authorization headers, API key values, and similar
 *   sensitive request parameters from the logged data" (same page).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stageExecutionEvents } from '../../../lib/dataplane/logging/stage-execution';
import { capturingLogger, type Note } from '../../../lib/dataplane/logging/execution-log';
import { compileStageLogging } from '../../../lib/dataplane/logging/stage-logging';
import { DirectorySink, ServerLogSink, logFileName } from '../../../lib/dataplane/logging/sinks';
import { GatewayError } from '../../../lib/dataplane/gateway-responses';
import { route } from '../../../lib/dataplane/steps/route';
import type { InvocationContext } from '../../../lib/dataplane/context';
import type { Stage } from '../../../lib/model';
import { useControlPlane } from '../../helpers/app';
import { deployApi, invokePath } from '../../helpers/dataplane';
import { context, recordingLogger, snapshot } from './helpers';

const SNAP = snapshot({
  '/pets/{id}': { GET: { integration: { type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } } } },
  '/items': { GET: { integration: { type: 'HTTP', httpMethod: 'GET', uri: 'http://backend.test:8080/items' } } },
  '/keyed': { GET: { apiKeyRequired: true, integration: { type: 'MOCK' } } },
  '/guarded': { GET: { authorizationType: 'CUSTOM', authorizerId: 'auth01', integration: { type: 'MOCK' } } },
});

async function routed(spec: Parameters<typeof context>[1]): Promise<InvocationContext> {
  const ctx = context(SNAP, spec);
  await route(ctx);
  return ctx;
}

const OK = { statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: '{"ok":true}' };
const messages = (events: { message: string }[]): string[] => events.map((e) => e.message);

const PREAMBLE = (verbPath: string): string[] => [
  '(req-id-1) Extended Request Id: extIdAAAAAAAAAAA',
  '(req-id-1) Verifying Usage Plan for request: req-id-1. API Key:  API Stage: api0000000/dev',
  `(req-id-1) API Key  authorized because method '${verbPath}' does not require API Key. Request will not contribute to throttle or quota limits`,
  '(req-id-1) Usage Plan check succeeded for API Key  and API Stage api0000000/dev',
];

describe('stage execution log events', () => {
  it('INFO without data trace: the preamble and the execution lines without request/response data', async () => {
    const inv = await routed({ path: '/pets/7', headers: { Authorization: 'Bearer secret-token-1234' } });
    const events = stageExecutionEvents(inv, { level: 'INFO', dataTrace: false }, { notes: [], answer: OK, endedAt: inv.startedAt + 3 });
    expect(messages(events)).toEqual([
      ...PREAMBLE('GET /pets/{id}'),
      '(req-id-1) Starting execution for request: req-id-1',
      '(req-id-1) HTTP Method: GET, Resource Path: /pets/7',
      '(req-id-1) Successfully completed execution',
      '(req-id-1) Method completed with status: 200',
    ]);
    expect(events[0].timestamp).toBe(inv.startedAt);
    expect(events[events.length - 1].timestamp).toBe(inv.startedAt + 3);
  });

  it('data trace adds the method request and response (credentials masked)', async () => {
    const inv = await routed({ path: '/pets/7', query: 'a=1', headers: { Authorization: 'Bearer secret-token-1234' } });
    const lines = messages(stageExecutionEvents(inv, { level: 'INFO', dataTrace: true }, { notes: [], answer: OK, endedAt: inv.startedAt }));
    expect(lines).toContain('(req-id-1) Method request path: {id=7}');
    expect(lines).toContain('(req-id-1) Method request query string: {a=1}');
    expect(lines).toContain('(req-id-1) Method request headers: {Host=localhost:4567, Authorization=********************1234}');
    expect(lines).toContain('(req-id-1) Method response body after transformations: {"ok":true}');
    expect(lines).toContain('(req-id-1) Method response headers: {Content-Type=application/json}');
    expect(lines.join('\n')).not.toContain('secret-token');
  });

  it('an HTTP integration: the endpoint lines, with the integration latency', async () => {
    const inv = await routed({ path: '/items' });
    inv.integrationRequest = { httpMethod: 'GET', path: {}, querystring: new Map(), headers: new Map([['accept', { name: 'Accept', values: ['*/*'] }]]), body: Buffer.alloc(0) };
    inv.integrationStartedAt = inv.startedAt + 1;
    inv.integrationEndedAt = inv.startedAt + 13;
    inv.integrationResponse = { statusCode: 200, rawHeaders: ['Content-Type', 'text/plain'], body: Buffer.from('hi') };
    const info = messages(stageExecutionEvents(inv, { level: 'INFO', dataTrace: false }, { notes: [], answer: OK, endedAt: inv.startedAt + 14 }));
    expect(info).toContain('(req-id-1) Sending request to http://backend.test:8080/items');
    expect(info).toContain('(req-id-1) Received response. Status: 200, Integration latency: 12 ms');
    expect(info.some((l) => l.includes('Endpoint response body'))).toBe(false);
    const traced = messages(stageExecutionEvents(inv, { level: 'INFO', dataTrace: true }, { notes: [], answer: OK, endedAt: inv.startedAt + 14 }));
    expect(traced).toEqual(
      expect.arrayContaining([
        '(req-id-1) Endpoint request URI: http://backend.test:8080/items',
        '(req-id-1) Endpoint request headers: {Accept=*/*}',
        '(req-id-1) Endpoint response headers: {Content-Type=text/plain}',
        '(req-id-1) Endpoint response body before transformations: hi',
      ]),
    );
  });

  it('ERROR level: nothing for a request that succeeded', async () => {
    const inv = await routed({ path: '/pets/7' });
    expect(stageExecutionEvents(inv, { level: 'ERROR', dataTrace: true }, { notes: [], answer: OK, endedAt: inv.startedAt })).toEqual([]);
  });

  it('ERROR level: only the failure lines of a failed request', async () => {
    const inv = await routed({ path: '/items' });
    inv.failedStep = 'integration';
    const notes: Note[] = [{ text: 'Execution failed due to configuration error: Invalid endpoint address', error: true }];
    const failure = new GatewayError('API_CONFIGURATION_ERROR', 'Internal server error');
    const answer = { statusCode: 500, headers: { 'x-amzn-ErrorType': 'InternalServerErrorException' }, body: '{"message": "Internal server error"}' };
    expect(messages(stageExecutionEvents(inv, { level: 'ERROR', dataTrace: false }, { notes, failure, answer, endedAt: inv.startedAt }))).toEqual([
      '(req-id-1) Execution failed due to configuration error: Invalid endpoint address',
      '(req-id-1) Method completed with status: 500',
    ]);
    // At INFO the same request shows everything around it.
    const info = messages(stageExecutionEvents(inv, { level: 'INFO', dataTrace: false }, { notes, failure, answer, endedAt: inv.startedAt }));
    expect(info[info.length - 2]).toBe('(req-id-1) Execution failed due to configuration error: Invalid endpoint address');
    expect(info).toContain('(req-id-1) Starting execution for request: req-id-1');
  });

  it('a request refused before its method ran: the gateway response, no method execution', async () => {
    const inv = await routed({ path: '/keyed' });
    inv.failedStep = 'api key';
    const failure = new GatewayError('INVALID_API_KEY', 'Forbidden');
    const answer = { statusCode: 403, headers: { 'Content-Type': 'application/json', 'x-amzn-ErrorType': 'ForbiddenException' }, body: '{"message":"Forbidden"}' };
    expect(messages(stageExecutionEvents(inv, { level: 'INFO', dataTrace: true }, { notes: [], failure, answer, endedAt: inv.startedAt }))).toEqual([
      '(req-id-1) Extended Request Id: extIdAAAAAAAAAAA',
      '(req-id-1) Gateway response type: INVALID_API_KEY with status code: 403',
      '(req-id-1) Gateway response body: {"message":"Forbidden"}',
      '(req-id-1) Gateway response headers: {Content-Type=application/json, x-amzn-ErrorType=ForbiddenException}',
      '(req-id-1) Method completed with status: 403',
    ]);
  });

  it('an unknown route logs under the stage-wide setting: the gateway response', async () => {
    const inv = context(SNAP, { path: '/nowhere' });
    inv.failedStep = 'route';
    const failure = new GatewayError('MISSING_AUTHENTICATION_TOKEN', 'Missing Authentication Token');
    const answer = { statusCode: 403, headers: {}, body: '{"message":"Missing Authentication Token"}' };
    expect(messages(stageExecutionEvents(inv, { level: 'ERROR', dataTrace: false }, { notes: [], failure, answer, endedAt: inv.startedAt }))).toEqual([
      '(req-id-1) Gateway response type: MISSING_AUTHENTICATION_TOKEN with status code: 403',
      '(req-id-1) Method completed with status: 403',
    ]);
  });

  it('a Lambda authorizer: its start, and success or refusal', async () => {
    const ok = await routed({ path: '/guarded' });
    ok.authorizer = { kind: 'lambda', principalId: 'u', context: {}, integrationLatency: 3 };
    const lines = messages(stageExecutionEvents(ok, { level: 'INFO', dataTrace: false }, { notes: [], answer: OK, endedAt: ok.startedAt }));
    expect(lines.slice(1, 3)).toEqual(['(req-id-1) Starting authorizer: auth01 for request: req-id-1', '(req-id-1) Successfully completed authorizer execution']);

    const refused = await routed({ path: '/guarded' });
    refused.failedStep = 'authorize';
    const failure = new GatewayError('UNAUTHORIZED', 'Unauthorized');
    const answer = { statusCode: 401, headers: {}, body: '{"message":"Unauthorized"}' };
    expect(messages(stageExecutionEvents(refused, { level: 'ERROR', dataTrace: false }, { notes: [], failure, answer, endedAt: refused.startedAt }))).toEqual([
      '(req-id-1) Unauthorized request: req-id-1',
      '(req-id-1) Gateway response type: UNAUTHORIZED with status code: 401',
      '(req-id-1) Method completed with status: 401',
    ]);
  });

  it('the invocation logger keeps what steps note about the request and passes it on', () => {
    const base = recordingLogger();
    const notes: Note[] = [];
    const log = capturingLogger(base, notes, () => 'GET / (req)');
    log.warn('GET / (req): Execution failed due to a timeout error');
    log.debug('GET / (req): Request validation failed: x');
    log.info('something else');
    expect(notes).toEqual([
      { text: 'Execution failed due to a timeout error', error: true },
      { text: 'Request validation failed: x', error: false },
    ]);
    expect(base.lines.map((l) => l.replace(/^\S+ /, ''))).toEqual([
      'WARN GET / (req): Execution failed due to a timeout error',
      'DEBUG GET / (req): Request validation failed: x',
      'INFO something else',
    ]);
  });
});

function stage(over: Partial<Stage>): Stage {
  return { stageName: 'dev', deploymentId: 'd1', cacheClusterEnabled: false, tracingEnabled: false, methodSettings: {}, createdDate: 0, lastUpdatedDate: 0, ...over };
}

describe('stage logging settings', () => {
  it('nothing to log: undefined', () => {
    const said: string[] = [];
    expect(compileStageLogging('api1', stage({ methodSettings: { '*/*': { loggingLevel: 'OFF', dataTraceEnabled: false } } }), (m) => said.push(m))).toBeUndefined();
    expect(said).toEqual([]);
  });

  it('a method’s own setting, else its path’s * method, else the stage’s */*; OFF hides a broader setting', () => {
    const logging = compileStageLogging(
      'api1',
      stage({
        methodSettings: {
          '*/*': { loggingLevel: 'ERROR', dataTraceEnabled: false },
          '~1pets/GET': { loggingLevel: 'INFO', dataTraceEnabled: true },
          'pets/*': { loggingLevel: 'INFO', dataTraceEnabled: false },
          '~1quiet/GET': { loggingLevel: 'OFF' },
        },
      }),
      () => undefined,
    )!;
    const x = logging.execution!;
    expect(x.group).toBe('API-Gateway-Execution-Logs_api1/dev');
    expect(x.forMethod('/pets', 'GET')).toEqual({ level: 'INFO', dataTrace: true });
    expect(x.forMethod('/pets', 'POST')).toEqual({ level: 'INFO', dataTrace: false });
    expect(x.forMethod('/other', 'GET')).toEqual({ level: 'ERROR', dataTrace: false });
    expect(x.forMethod('/quiet', 'GET')).toBeUndefined();
    expect(x.forMethod(undefined, undefined)).toEqual({ level: 'ERROR', dataTrace: false });
    expect(logging.access).toBeUndefined();
  });

  it('only one method logs: the others do not', () => {
    const x = compileStageLogging('api1', stage({ methodSettings: { '~1pets/GET': { loggingLevel: 'INFO' } } }), () => undefined)!.execution!;
    expect(x.forMethod('/pets', 'GET')).toEqual({ level: 'INFO', dataTrace: false });
    expect(x.forMethod('/pets', 'PUT')).toBeUndefined();
    expect(x.forMethod(undefined, undefined)).toBeUndefined();
  });

  it('metricsEnabled is said to be not emulated, once per stage', () => {
    const said: string[] = [];
    compileStageLogging('api1', stage({ methodSettings: { '*/*': { metricsEnabled: true }, '~1a/GET': { metricsEnabled: true } } }), (m) => said.push(m));
    expect(said).toEqual(['stage dev: method settings */*, ~1a/GET: metricsEnabled — CloudWatch metrics are not emulated; no metrics are published']);
  });

  it('an access log format without a destination writes nothing, and says so', () => {
    const said: string[] = [];
    expect(compileStageLogging('api1', stage({ accessLogSettings: { format: '$context.requestId' } }), (m) => said.push(m))).toBeUndefined();
    expect(said[0]).toMatch(/format but no destinationArn/);
  });
});

describe('log sinks', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-logs-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a folder: one JSON-lines file per log group, names made file names, appended to', () => {
    expect(logFileName('API-Gateway-Execution-Logs_abc123/dev')).toBe('API-Gateway-Execution-Logs_abc123_dev');
    expect(logFileName('/aws/apigateway/my api')).toBe('_aws_apigateway_my_api');
    expect(logFileName('..')).toBe('_');
    const sub = path.join(dir, 'not', 'yet');
    const sink = new DirectorySink(sub, recordingLogger());
    sink.write('access', [{ timestamp: 1, message: 'a "b"' }]);
    sink.write('access', [{ timestamp: 2, message: 'c' }]);
    sink.close();
    const again = new DirectorySink(sub, recordingLogger());
    again.write('access', [{ timestamp: 3, message: 'd' }]);
    again.close();
    const lines = fs.readFileSync(path.join(sub, 'access.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { timestamp: 1, message: 'a "b"' },
      { timestamp: 2, message: 'c' },
      { timestamp: 3, message: 'd' },
    ]);
  });

  it('a folder that cannot be written: said once, then nothing', () => {
    const file = path.join(dir, 'a-file');
    fs.writeFileSync(file, '');
    const log = recordingLogger();
    const sink = new DirectorySink(file, log);
    sink.write('g', [{ timestamp: 1, message: 'x' }]);
    sink.write('g', [{ timestamp: 2, message: 'y' }]);
    expect(log.lines.filter((l) => l.includes('cannot write log group g'))).toHaveLength(1);
  });

  it('the server log: info lines after the log group name', () => {
    const log = recordingLogger();
    new ServerLogSink(log).write('API-Gateway-Execution-Logs_a/dev', [{ timestamp: 1, message: '(r) Method completed with status: 200' }]);
    expect(log.lines[0]).toMatch(/ INFO API-Gateway-Execution-Logs_a\/dev \(r\) Method completed with status: 200$/);
  });
});

describe('through the app: UpdateStage, then requests, then the files', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-logs-app-'));
  const cp = useControlPlane({ logsDir: dir });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const read = async (group: string): Promise<{ timestamp: number; message: string }[]> => {
    const file = path.join(dir, `${logFileName(group)}.jsonl`);
    // Lines are written right after the answer, on the next turn of the event loop.
    for (let i = 0; i < 50 && !fs.existsSync(file); i++) await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l)) : [];
  };

  it('writes the access line and the execution log of each request, gateway errors included', async () => {
    const d = await deployApi(cp.http, {
      resources: {
        '/pets': {
          GET: {
            integration: { type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } },
            integrationResponses: { '200': { responseTemplates: { 'application/json': '{"pets": []}' } } },
          },
        },
      },
      stageName: 'logged',
    });
    const patch = await cp.http.patch(`/restapis/${d.apiId}/stages/logged`).send({
      patchOperations: [
        { op: 'replace', path: '/accessLogSettings/destinationArn', value: 'arn:aws:logs:us-east-1:000000000000:log-group:unit-access' },
        { op: 'replace', path: '/accessLogSettings/format', value: '{"id":"$context.requestId","status":"$context.status","len":"$context.responseLength","err":"$context.error.message"}' },
        { op: 'replace', path: '/*/*/logging/loglevel', value: 'INFO' },
      ],
    });
    expect(patch.status).toBe(200);
    const ok = await cp.http.get(invokePath(d, '/pets'));
    expect(ok.status).toBe(200);
    const missing = await cp.http.get(invokePath(d, '/nope'));
    expect(missing.status).toBe(403);

    const access = await read('unit-access');
    expect(access.map((e) => JSON.parse(e.message))).toEqual([
      { id: ok.headers['x-amzn-requestid'], status: '200', len: String(Buffer.byteLength(ok.text)), err: '-' },
      { id: missing.headers['x-amzn-requestid'], status: '403', len: String(Buffer.byteLength(missing.text)), err: 'Missing Authentication Token' },
    ]);
    const exec = (await read(`API-Gateway-Execution-Logs_${d.apiId}/logged`)).map((e) => e.message);
    const id = ok.headers['x-amzn-requestid'];
    expect(exec).toContain(`(${id}) HTTP Method: GET, Resource Path: /pets`);
    expect(exec).toContain(`(${id}) Method completed with status: 200`);
    expect(exec).toContain(`(${missing.headers['x-amzn-requestid']}) Gateway response type: MISSING_AUTHENTICATION_TOKEN with status code: 403`);
  });
});
