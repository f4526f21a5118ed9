/**
 * AWS (non-proxy) integrations with Lambda, end to end, run twice — against
 * the built-in runtime and against a separate Lambda Invoke API endpoint:
 * request templates build the payload (or the body passes through), an
 * `X-Amz-Invocation-Type: 'Event'` mapping makes the call asynchronous, a
 * function error's errorMessage selects the integration response by its
 * selectionPattern (Developer Guide, "Handle Lambda errors in API Gateway";
 * recorded in LocalStack's test_lambda_selection_patterns: 200/400/500 from
 * one function), and response templates shape the answer.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { deployApi, invokePath, type Deployed } from '../helpers/dataplane';
import { ENDPOINTS, lambdaUri, type LambdaSetup } from '../unit/lambda/endpoints';

const CALC_TEMPLATE = `{"op": "$input.params('op')", "a": $input.json('$.a'), "b": $input.json('$.b')}`;

describe.each(ENDPOINTS)('AWS (non-proxy) Lambda integrations through the %s', (_name, setup) => {
  let s: LambdaSetup;
  let d: Deployed;
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-lambda-aws-'));
    s = await setup();
    d = await deployApi(s.http, {
      resources: {
        '/calc': {
          POST: {
            integration: { type: 'AWS', httpMethod: 'POST', uri: lambdaUri('calc'), requestTemplates: { 'application/json': CALC_TEMPLATE } },
            integrationResponses: {
              '200': {
                responseTemplates: { 'application/json': `{"answer": $input.json('$.result')}` },
                responseParameters: { 'method.response.header.X-Version': 'integration.response.header.X-Amz-Executed-Version' },
              },
              '400': { selectionPattern: 'BadRequest: .*', responseTemplates: { 'application/json': `{"error": "$input.path('$.errorMessage')"}` } },
              '500': { selectionPattern: 'Internal: .*', responseTemplates: { 'application/json': `{"fault": "$input.path('$.errorType')"}` } },
            },
            methodResponses: { '200': { responseParameters: { 'method.response.header.X-Version': false } }, '400': {}, '500': {} },
          },
        },
        '/passthrough': {
          POST: {
            integration: { type: 'AWS', httpMethod: 'POST', uri: lambdaUri('calc') },
            integrationResponses: { '200': {} },
          },
        },
        '/async': {
          POST: {
            integration: {
              type: 'AWS',
              httpMethod: 'POST',
              uri: lambdaUri('recorder'),
              requestParameters: { 'integration.request.header.X-Amz-Invocation-Type': "'Event'" },
            },
            integrationResponses: { '200': { responseTemplates: { 'application/json': '{"accepted": true}' } } },
          },
        },
        '/either': {
          POST: {
            requestParameters: { 'method.request.header.InvocationType': false },
            integration: {
              type: 'AWS',
              httpMethod: 'POST',
              uri: lambdaUri('recorder'),
              requestParameters: { 'integration.request.header.X-Amz-Invocation-Type': 'method.request.header.InvocationType' },
            },
            integrationResponses: { '200': {} },
          },
        },
      },
    });
  });
  afterAll(async () => {
    await s.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a request template builds the payload; the response template shapes the result', async () => {
    const res = await s.http.post(invokePath(d, '/calc?op=add')).send({ a: 2, b: 3 });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ answer: 5 });
    expect(res.headers['content-type']).toBe('application/json');
    // integration.response.header.X-Amz-Executed-Version, a header of the Invoke answer.
    expect(res.headers['x-version']).toBe('$LATEST');
  });

  test("a function error's errorMessage selects the 400 response by its regex", async () => {
    const res = await s.http.post(invokePath(d, '/calc?op=add')).send({ a: 'two', b: 3 });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'BadRequest: a and b must be numbers' });
  });

  test('… and another one the 500 response', async () => {
    const res = await s.http.post(invokePath(d, '/calc?op=div')).send({ a: 1, b: 0 });
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ fault: 'Error' });
  });

  test('without templates the body passes through, both ways; module state survives warm invocations', async () => {
    const first = await s.http.post(invokePath(d, '/passthrough')).send({ op: 'mul', a: 6, b: 7 });
    expect(first.status).toBe(200);
    expect(first.body.result).toBe(42);
    const second = await s.http.post(invokePath(d, '/passthrough')).send({ op: 'mul', a: 6, b: 7 });
    expect(second.body.invocations).toBeGreaterThan(first.body.invocations);
  });

  test('a function error no selectionPattern matches takes the default response, error payload and all (as AWS)', async () => {
    const res = await s.http.post(invokePath(d, '/passthrough')).send({ op: 'pow', a: 1, b: 2 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ errorType: 'Error', errorMessage: 'BadRequest: unknown op pow' });
    expect(Array.isArray(res.body.trace)).toBe(true);
  });

  test("X-Amz-Invocation-Type 'Event': the method answers at once, the function runs asynchronously", async () => {
    const file = path.join(dir, 'event.jsonl');
    const res = await s.http.post(invokePath(d, '/async')).send({ file, n: 1 });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ accepted: true });
    await waitFor(() => fs.existsSync(file));
    expect(JSON.parse(fs.readFileSync(file, 'utf8').trim())).toEqual({ file, n: 1 });
  });

  test('the invocation type mapped from a client header: RequestResponse answers with the result, Event with nothing', async () => {
    const file = path.join(dir, 'either.jsonl');
    const sync = await s.http.post(invokePath(d, '/either')).set('InvocationType', 'RequestResponse').send({ file, n: 2 });
    expect(sync.status).toBe(200);
    expect(sync.body).toEqual({ recorded: true });
    const async_ = await s.http.post(invokePath(d, '/either')).set('InvocationType', 'Event').send({ file, n: 3 });
    expect(async_.status).toBe(200);
    expect(async_.text).toBe('');
    await waitFor(() => fs.existsSync(file) && fs.readFileSync(file, 'utf8').trim().split('\n').length === 2);
  });
});

async function waitFor(cond: () => boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}
