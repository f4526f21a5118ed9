/**
 * Lambda integrations when things go wrong, against both endpoints and
 * against Invoke API endpoints that misbehave. API Gateway's answers
 * (Developer Guide, "Handle Lambda errors in API Gateway" and the Lambda proxy
 * output format; recorded: a malformed proxy answer is 502
 * {"message": "Internal server error"}):
 * - a function error (thrown, timed out, exited, unserializable, too large) → 502 for AWS_PROXY;
 * - the integration timeout → 504 {"message": "Endpoint request timed out"};
 * - Lambda refusing the call (unknown function, payload too large, not JSON,
 *   throttled) or no endpoint → 500 {"message": "Internal server error"}, and
 *   a log line naming the endpoint and the function.
 * After each fault the server keeps answering, and no worker thread is left behind.
 */
import * as http from 'node:http';
import request from 'supertest';
import { createApp, type App } from '../../lib/app';
import { deployApi, invokePath, type Deployed } from '../helpers/dataplane';
import { ENDPOINTS, closeServer, lambdaUri, listen, recordingLogger, type LambdaSetup } from '../unit/lambda/endpoints';

const INTERNAL = { message: 'Internal server error' };

const proxyTo = (name: string, extra: Record<string, unknown> = {}) => ({
  GET: { integration: { type: 'AWS_PROXY', httpMethod: 'POST', uri: lambdaUri(name), ...extra } },
  POST: { integration: { type: 'AWS_PROXY', httpMethod: 'POST', uri: lambdaUri(name), ...extra } },
});

describe.each(ENDPOINTS)('function faults through the %s', (_name, setup) => {
  let s: LambdaSetup;
  let d: Deployed;

  beforeAll(async () => {
    s = await setup();
    d = await deployApi(s.http, {
      resources: {
        '/faults': proxyTo('faults'),
        '/short': proxyTo('faults', { timeoutInMillis: 300 }),
        '/hello': proxyTo('hello'),
        '/nobody': proxyTo('no-such-function'),
        '/calc': { POST: { integration: { type: 'AWS', httpMethod: 'POST', uri: lambdaUri('calc') }, integrationResponses: { '200': {} } } },
      },
    });
  });
  afterAll(() => s.close());

  const fault = (name: string) => s.http.get(invokePath(d, `/faults?fault=${name}`));
  const stillServing = async () => {
    const ok = await s.http.get(invokePath(d, '/hello'));
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ message: 'hello from a Lambda' });
  };

  test.each([
    ['throws', 'throw', 'customer function error: boom'],
    ['rejects with a string', 'reject', 'customer function error: a plain string'],
    ['runs past its own timeout (1 s)', 'timeout', 'Task timed out after 1.00 seconds'],
    ['exits its worker', 'exit', 'Runtime exited with error: exit status 3'],
    ['throws later, outside the handler', 'uncaught', 'customer function error: thrown later'],
    ['returns nothing', 'nothing', 'Malformed Lambda proxy response'],
    ['returns something JSON cannot hold', 'circular', 'Unable to stringify response body'],
    ['returns more than 6 MB', 'huge', 'Response payload size exceeded maximum allowed payload size (6291556 bytes).'],
  ])('a handler that %s: 502, and the server keeps serving', async (_what, name, logged) => {
    const res = await fault(name);
    expect(res.status).toBe(502);
    expect(res.body).toEqual(INTERNAL);
    expect(res.headers['x-amzn-errortype']).toBe('InternalServerErrorException');
    expect(s.logs.some((l) => l.includes(logged))).toBe(true);
    await stillServing();
  });

  test('the integration timeout: 504 Endpoint request timed out', async () => {
    const res = await s.http.get(invokePath(d, '/short?fault=timeout'));
    expect(res.status).toBe(504);
    expect(res.body).toEqual({ message: 'Endpoint request timed out' });
    expect(s.logs.some((l) => l.includes('Execution failed due to a timeout error') && l.includes('function:faults'))).toBe(true);
    await stillServing();
  });

  test('an unknown function: 500, and a log line naming the function and the endpoint', async () => {
    const res = await s.http.get(invokePath(d, '/nobody'));
    expect(res.status).toBe(500);
    expect(res.body).toEqual(INTERNAL);
    const line = s.logs.find((l) => l.includes('Lambda invocation failed with status: 404'));
    expect(line).toContain('ResourceNotFoundException');
    expect(line).toContain('arn:aws:lambda:us-east-1:000000000000:function:no-such-function');
    expect(line).toContain(s.app.lambda.invoker.endpointName);
  });

  test('a request larger than Lambda takes (6 MB): 500', async () => {
    const res = await s.http.post(invokePath(d, '/faults')).set('Content-Type', 'text/plain').send('x'.repeat(7 * 1024 * 1024));
    expect(res.status).toBe(500);
    expect(res.body).toEqual(INTERNAL);
    expect(s.logs.some((l) => l.includes('Lambda invocation failed with status: 413'))).toBe(true);
    await stillServing();
  });

  test('a non-proxy payload that is not JSON: Lambda refuses it (400), API Gateway answers 500', async () => {
    const res = await s.http.post(invokePath(d, '/calc')).set('Content-Type', 'text/plain').send('not json');
    expect(res.status).toBe(500);
    expect(res.body).toEqual(INTERNAL);
    expect(s.logs.some((l) => l.includes('Lambda invocation failed with status: 400') && l.includes('InvalidRequestContentException'))).toBe(true);
  });

  test('no worker thread is left behind: timed-out and exited ones are gone, idle ones end with the app', async () => {
    const runtime = s.runtimeApp.lambda.runtime;
    // faults: the ones that killed their worker were replaced, at most one per concurrent invocation.
    expect(runtime.workers).toBeLessThanOrEqual(4);
    await Promise.all(Array.from({ length: 12 }, () => s.http.get(invokePath(d, '/hello')).expect(200)));
    expect(runtime.workers).toBeLessThanOrEqual(4 + 10);
    await runtime.close();
    expect(runtime.workers).toBe(0);
  });
});

describe('Invoke API endpoints that fail', () => {
  let app: App;
  let logs: string[];
  let behaviour: (req: http.IncomingMessage, res: http.ServerResponse) => void;
  let endpoint: { server: http.Server; url: string };
  let d: Deployed;

  beforeAll(async () => {
    endpoint = await listen((req, res) => {
      req.resume();
      req.on('end', () => behaviour(req, res));
    });
    logs = [];
    app = createApp({ db: ':memory:', lambdaEndpoint: endpoint.url }, { log: recordingLogger(logs) });
    d = await deployApi(request(app), {
      resources: {
        '/fn': { GET: { integration: { type: 'AWS_PROXY', httpMethod: 'POST', uri: lambdaUri('anything'), timeoutInMillis: 500 } } },
      },
    });
  });
  afterAll(async () => {
    app.close();
    await closeServer(endpoint.server);
  });

  const answer = (status: number, headers: Record<string, string>, body: string) => (_req: http.IncomingMessage, res: http.ServerResponse) => {
    res.writeHead(status, headers);
    res.end(body);
  };

  test.each([
    ['bad JSON', answer(200, {}, '{"statusCode": 200,'), 502],
    ['a function error header', answer(200, { 'X-Amz-Function-Error': 'Unhandled' }, '{"errorMessage":"boom"}'), 502],
    ['a valid proxy answer', answer(200, {}, '{"statusCode": 203, "headers": {"Content-Type": "text/plain"}, "body": "from a tiny endpoint"}'), 203],
    ['Lambda throttling (429)', answer(429, { 'x-amzn-ErrorType': 'TooManyRequestsException' }, '{"Type":"User","message":"Rate Exceeded."}'), 500],
    ['a Lambda service fault (500)', answer(500, { 'x-amzn-ErrorType': 'ServiceException' }, '{"Type":"Service","message":"oops"}'), 500],
    ['an endpoint that hangs up', (req: http.IncomingMessage) => req.socket.destroy(), 500],
    ['an endpoint that never answers', () => undefined, 504],
  ] as [string, (req: http.IncomingMessage, res: http.ServerResponse) => void, number][])('%s', async (_what, how, status) => {
    behaviour = how;
    const res = await request(app).get(invokePath(d, '/fn'));
    expect(res.status).toBe(status);
    if (status === 203) expect(res.text).toBe('from a tiny endpoint');
    else if (status === 504) expect(res.body).toEqual({ message: 'Endpoint request timed out' });
    else expect(res.body).toEqual(INTERNAL);
  });

  test('an endpoint that is down: 500, with a log line naming the endpoint and the function', async () => {
    const downLogs: string[] = [];
    const down = createApp({ db: ':memory:', lambdaEndpoint: 'http://127.0.0.1:1' }, { log: recordingLogger(downLogs) });
    try {
      const dd = await deployApi(request(down), {
        resources: { '/fn': { GET: { integration: { type: 'AWS_PROXY', httpMethod: 'POST', uri: lambdaUri('my-fn') } } } },
      });
      const res = await request(down).get(invokePath(dd, '/fn'));
      expect(res.status).toBe(500);
      expect(res.body).toEqual(INTERNAL);
      const line = downLogs.find((l) => l.includes('Lambda endpoint unreachable'));
      expect(line).toContain('http://127.0.0.1:1');
      expect(line).toContain('function:my-fn');
      expect(line).toContain('ECONNREFUSED');
    } finally {
      down.close();
    }
  });
});

describe('AWS service integrations apigw-local cannot call', () => {
  test('an S3 action URI answers 500 and says at deployment what is not supported', async () => {
    const logs: string[] = [];
    const app = createApp({ db: ':memory:' }, { log: recordingLogger(logs) });
    try {
      const d = await deployApi(request(app), {
        resources: {
          '/s3': { GET: { integration: { type: 'AWS', httpMethod: 'GET', uri: 'arn:aws:apigateway:us-east-1:s3:action/GetObject&Bucket=my-bucket&Key=k' }, integrationResponses: { '200': {} } } },
        },
      });
      const res = await request(app).get(invokePath(d, '/s3'));
      expect(res.status).toBe(500);
      expect(res.body).toEqual(INTERNAL);
      expect(logs.some((l) => l.includes('does not support S3 action URIs (…:s3:action/GetObject)'))).toBe(true);
    } finally {
      app.close();
    }
  });
});
