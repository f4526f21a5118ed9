/**
 * TestInvokeMethod (control/test-invoke-method.ts).
 * Facts: the answer's fields and the log's lines follow AWS's recorded
 * answers — localstack tests/aws/services/apigateway/test_apigateway_api.snapshot.json
 * `TestApigatewayTestInvoke::test_failed_invoke_test_method` (status 500,
 * body {"message": "Internal server error"}, headers and multiValueHeaders
 * with only x-amzn-ErrorType, log lines Starting execution / HTTP Method /
 * Method request path, query string, headers, body / Execution failed due
 * to configuration error: Invalid endpoint address / Method completed with
 * status: 500, and a final newline), its test `test_invoke_test_method`
 * ("HTTP Method: GET, Resource Path: /pets/123" — the path invoked, not the
 * template), and console test invokes quoted in the Developer Guide (MOCK:
 * no Endpoint lines; Lambda: Endpoint request URI … Received response.
 * Status: 200, Integration latency: N ms). "The test invocation … bypasses
 * any authorization mechanism" (Developer Guide).
 */
import { useControlPlane, expectAwsError } from '../helpers/app';
import { deployApi, startBackend, type Backend } from '../helpers/dataplane';
import { PIPELINE } from '../../lib/dataplane/pipeline';
import { TEST_INVOKE_STEPS, pathParamsFor } from '../../lib/control/test-invoke-method';
import { javaDate, javaMap } from '../../lib/dataplane/logging/java-format';

const cp = useControlPlane();
let backend: Backend;
beforeAll(async () => {
  backend = await startBackend((req, res, body) => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'X-From': 'backend' });
    res.end(JSON.stringify({ method: req.method, url: req.url, body: body.toString() }));
  });
});
afterAll(() => backend.close());

const DATE = '[A-Z][a-z]{2} [A-Z][a-z]{2} \\d\\d \\d\\d:\\d\\d:\\d\\d UTC \\d{4}';

/** The log's lines without their timestamps (each checked to have one). */
function logLines(log: string): string[] {
  expect(log.endsWith('\n')).toBe(true);
  const [first, ...rest] = log.slice(0, -1).split('\n');
  expect(first).toMatch(/^Execution log for request [0-9a-f-]{36}$/);
  return rest.map((l) => {
    expect(l).toMatch(new RegExp(`^${DATE} : `));
    return l.replace(new RegExp(`^${DATE} : `), '');
  });
}

const PETS = {
  resources: {
    '/pets/{petId}': {
      GET: {
        requestParameters: { 'method.request.path.petId': true },
        integration: { type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } },
        integrationResponses: {
          '200': {
            responseTemplates: { 'application/json': '{"petId": "$input.params(\'petId\')", "q": "$input.params(\'foo\')", "v": "$stageVariables.color"}' },
            responseParameters: { 'method.response.header.X-Pet': "'yes'" },
          },
        },
        methodResponses: { '200': { responseParameters: { 'method.response.header.X-Pet': false } } },
      },
    },
  },
};

function invoke(apiId: string, resourceId: string, verb: string, body: Record<string, unknown>) {
  return cp.http.post(`/restapis/${apiId}/resources/${resourceId}/methods/${verb}`).send(body);
}

describe('TestInvokeMethod', () => {
  it('runs a MOCK method: status, body, headers, multiValueHeaders, latency and the execution log', async () => {
    const d = await deployApi(cp.http, PETS);
    const res = await invoke(d.apiId, d.resourceIds['/pets/{petId}'], 'GET', {
      pathWithQueryString: '/pets/123?foo=bar',
      headers: { Accept: 'application/json' },
      stageVariables: { color: 'blue' },
    });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['body', 'headers', 'latency', 'log', 'multiValueHeaders', 'status']);
    expect(res.body.status).toBe(200);
    expect(JSON.parse(res.body.body)).toEqual({ petId: '123', q: 'bar', v: 'blue' });
    expect(res.body.headers).toEqual({ 'Content-Type': 'application/json', 'X-Pet': 'yes' });
    expect(res.body.multiValueHeaders).toEqual({ 'X-Pet': ['yes'], 'Content-Type': ['application/json'] });
    expect(Number.isInteger(res.body.latency)).toBe(true);
    const requestId = /^Execution log for request (\S+)/.exec(res.body.log)![1];
    expect(logLines(res.body.log)).toEqual([
      `Starting execution for request: ${requestId}`,
      'HTTP Method: GET, Resource Path: /pets/123',
      'Method request path: {petId=123}',
      'Method request query string: {foo=bar}',
      'Method request headers: {Accept=application/json}',
      'Method request body before transformations: ',
      `Method response body after transformations: ${res.body.body}`,
      'Method response headers: {Content-Type=application/json, X-Pet=yes}',
      'Successfully completed execution',
      'Method completed with status: 200',
    ]);
  });

  it("runs the method's current definition, with no deployment needed", async () => {
    const api = await cp.createApi({ name: 'undeployed' });
    const root = api.rootResourceId;
    await cp.http.put(`/restapis/${api.id}/resources/${root}/methods/POST`).send({ authorizationType: 'NONE' }).expect(201);
    await cp.http.put(`/restapis/${api.id}/resources/${root}/methods/POST/integration`).send({ type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 201}' } }).expect(201);
    await cp.http.put(`/restapis/${api.id}/resources/${root}/methods/POST/responses/201`).send({}).expect(201);
    await cp.http.put(`/restapis/${api.id}/resources/${root}/methods/POST/integration/responses/201`).send({ responseTemplates: { 'application/json': '{"v": 1}' } }).expect(201);
    let res = await invoke(api.id, root, 'POST', { body: '{"foo":"bar"}' });
    expect({ status: res.body.status, body: res.body.body }).toEqual({ status: 201, body: '{"v": 1}' });
    expect(res.body.log).toContain(' : HTTP Method: POST, Resource Path: /\n');
    expect(res.body.log).toContain(' : Method request body before transformations: {"foo":"bar"}\n');

    await cp.http
      .patch(`/restapis/${api.id}/resources/${root}/methods/POST/integration/responses/201`)
      .send({ patchOperations: [{ op: 'replace', path: '/responseTemplates/application~1json', value: '{"v": 2}' }] })
      .expect(200);
    res = await invoke(api.id, root, 'POST', {});
    expect(res.body.body).toBe('{"v": 2}');
  });

  it('calls an HTTP backend and logs the endpoint request and response', async () => {
    const d = await deployApi(cp.http, {
      resources: { '/items': { GET: { integration: { type: 'HTTP_PROXY', httpMethod: 'GET', uri: `${backend.url}/backend/items` } } } },
    });
    const res = await invoke(d.apiId, d.resourceIds['/items'], 'GET', { pathWithQueryString: '/items?a=1' });
    expect(res.body.status).toBe(200);
    expect(JSON.parse(res.body.body)).toMatchObject({ method: 'GET', url: '/backend/items?a=1' });
    expect(res.body.headers['X-From']).toBe('backend');
    expect(res.body.headers['X-Amzn-Trace-Id']).toMatch(/^Root=1-/);
    const lines = logLines(res.body.log);
    const uri = `${backend.url}/backend/items?a=1`;
    expect(lines).toContain(`Endpoint request URI: ${uri}`);
    expect(lines).toContain(`Sending request to ${uri}`);
    expect(lines.find((l) => l.startsWith('Received response.'))).toMatch(/^Received response\. Status: 200, Integration latency: \d+ ms$/);
    expect(lines.find((l) => l.startsWith('Endpoint response body before transformations: '))).toContain('"url":"/backend/items?a=1"');
    const order = ['Endpoint request URI', 'Endpoint request headers', 'Endpoint request body after transformations', 'Sending request to', 'Received response', 'Endpoint response headers', 'Endpoint response body before transformations', 'Method response body after transformations', 'Method completed with status'];
    const at = order.map((p) => lines.findIndex((l) => l.startsWith(p)));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it('a configuration error answers 500 with only x-amzn-ErrorType, as the recorded AWS answer', async () => {
    const d = await deployApi(cp.http, {
      resources: { '/': { GET: { integration: { type: 'HTTP_PROXY', httpMethod: 'GET', uri: 'http://${stageVariables.host}/x' } } } },
    });
    // A stage variable that makes the URI no URL at all.
    const res = await invoke(d.apiId, d.resourceIds['/'], 'GET', { stageVariables: { host: 'not a host' } });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe(500);
    expect(JSON.parse(res.body.body)).toEqual({ message: 'Internal server error' });
    expect(res.body.headers).toEqual({ 'x-amzn-ErrorType': 'InternalServerErrorException' });
    expect(res.body.multiValueHeaders).toEqual({ 'x-amzn-ErrorType': ['InternalServerErrorException'] });
    const lines = logLines(res.body.log);
    expect(lines.slice(1, 6)).toEqual([
      'HTTP Method: GET, Resource Path: /',
      'Method request path: {}',
      'Method request query string: {}',
      'Method request headers: {}',
      'Method request body before transformations: ',
    ]);
    expect(lines[lines.length - 2]).toMatch(/^Execution failed due to configuration error: Invalid endpoint address/);
    expect(lines[lines.length - 1]).toBe('Method completed with status: 500');
  });

  it('bypasses authorization and API keys', async () => {
    const d = await deployApi(cp.http, {
      resources: {
        '/secret': {
          GET: {
            authorizationType: 'AWS_IAM',
            integration: { type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } },
            integrationResponses: { '200': { responseTemplates: { 'application/json': '{"ok": true}' } } },
          },
        },
      },
    });
    const rid = d.resourceIds['/secret'];
    await cp.http.patch(`/restapis/${d.apiId}/resources/${rid}/methods/GET`).send({ patchOperations: [{ op: 'replace', path: '/apiKeyRequired', value: 'true' }] }).expect(200);
    const res = await invoke(d.apiId, rid, 'GET', {});
    expect({ status: res.body.status, body: res.body.body }).toEqual({ status: 200, body: '{"ok": true}' });
  });

  it('unknown API, resource or method: 404 with AWS’s messages', async () => {
    const d = await deployApi(cp.http, PETS);
    const rid = d.resourceIds['/pets/{petId}'];
    expectAwsError(await invoke('nope123456', rid, 'GET', {}), 404, 'NotFoundException', 'Invalid API identifier specified 000000000000:nope123456');
    expectAwsError(await invoke(d.apiId, 'invalid_res', 'GET', {}), 404, 'NotFoundException', 'Invalid Resource identifier specified');
    expectAwsError(await invoke(d.apiId, rid, 'DELETE', {}), 404, 'NotFoundException', 'Invalid Method identifier specified');
    expectAwsError(await invoke(d.apiId, rid, 'GET', { clientCertificateId: 'nocert' }), 404, 'NotFoundException', 'Invalid Client Certificate identifier specified');
  });

  it('skips only the authorization, API key and throttling steps of the pipeline', () => {
    const skipped = PIPELINE.map((s) => s.name).filter((n) => !TEST_INVOKE_STEPS.includes(n));
    const allowed = ['parse', 'route', 'resource policy', 'api key', 'iam auth', 'authorize', 'api key (authorizer)', 'throttle/quota'];
    expect(skipped.filter((n) => !allowed.includes(n))).toEqual([]);
    for (const n of ['integration request', 'integration', 'integration response', 'method response']) expect(PIPELINE.map((s) => s.name)).toContain(n);
  });
});

describe('test invoke helpers', () => {
  it('reads path parameters against the resource template', () => {
    expect(pathParamsFor('/pets/{petId}', '/pets/123')).toEqual({ petId: '123' });
    expect(pathParamsFor('/pets/{petId}', '/pets/a%20b')).toEqual({ petId: 'a b' });
    expect(pathParamsFor('/files/{proxy+}', '/files/a/b/c')).toEqual({ proxy: 'a/b/c' });
    expect(pathParamsFor('/pets/{petId}', '/other/1')).toEqual({});
  });

  it("prints Java's Date.toString() in UTC and Map.toString()", () => {
    expect(javaDate(Date.UTC(2026, 10, 1, 2, 3, 4))).toBe('Sun Nov 01 02:03:04 UTC 2026');
    expect(javaMap({ a: '1', b: ['2', '3'] })).toBe('{a=1, b=[2, 3]}');
    expect(javaMap({})).toBe('{}');
  });
});
