/**
 * The data plane end to end, in process: APIs built and deployed with the
 * real control-plane operations, then called through the three ways in.
 * MOCK integrations, routing, mapping templates, passthrough behaviours,
 * gateway responses, stage changes, canaries, AWS's refusals.
 */
import request from 'supertest';
import { createApp, type App } from '../../lib/app';
import { createLogger } from '../../lib/log';
import { deployApi, invokePath, type Deployed } from '../helpers/dataplane';

let app: App;
let http: ReturnType<typeof request>;
const logLines: string[] = [];

beforeAll(() => {
  app = createApp({ db: ':memory:', logLevel: 'debug' }, { log: createLogger('debug', (l) => logLines.push(l)) });
  http = request(app);
});
afterAll(() => app.close());

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const mockGet = (responseTemplate: string, extra: Record<string, unknown> = {}) => ({
  GET: {
    integration: { type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' }, ...extra },
    integrationResponses: { '200': { responseTemplates: { 'application/json': responseTemplate } } },
  },
});

describe('the three ways in', () => {
  let d: Deployed;
  beforeAll(async () => {
    d = await deployApi(http, { resources: { '/pets': mockGet('{"where": "$context.path", "stage": "$context.stage"}') } });
  });

  test('/restapis/{id}/{stage}/_user_request_/{path}', async () => {
    const res = await http.get(invokePath(d, '/pets'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ where: '/dev/pets', stage: 'dev' });
    expect(res.headers['content-type']).toBe('application/json');
    // AWS's own headers on every answer (recorded AWS answers: x-amzn-requestid, x-amz-apigw-id, x-amzn-trace-id).
    expect(res.headers['x-amzn-requestid']).toMatch(UUID);
    expect(res.headers['x-amz-apigw-id']).toMatch(/^[A-Za-z0-9=]{16}$/);
    expect(res.headers['x-amzn-trace-id']).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$/);
  });

  test('/_aws/execute-api/{id}/{stage}/{path}', async () => {
    const res = await http.get(`/_aws/execute-api/${d.apiId}/dev/pets`);
    expect(res.status).toBe(200);
    expect(res.body.where).toBe('/dev/pets');
  });

  test('Host {id}.execute-api.localhost and {id}.execute-api.{region}.amazonaws.com', async () => {
    const a = await http.get('/dev/pets').set('Host', `${d.apiId}.execute-api.localhost:4567`);
    expect(a.status).toBe(200);
    expect(a.body.where).toBe('/dev/pets');
    const b = await http.get('/dev/pets').set('Host', `${d.apiId}.execute-api.us-east-1.amazonaws.com`);
    expect(b.status).toBe(200);
    // The region in the Host narrows the lookup: the API lives in us-east-1 (the unsigned default).
    const c = await http.get('/dev/pets').set('Host', `${d.apiId}.execute-api.eu-west-1.amazonaws.com`);
    expect(c.status).toBe(403);
    expect(c.body).toEqual({ message: 'Forbidden' });
  });

  test('an unknown path or method: 403 Missing Authentication Token', async () => {
    for (const res of [await http.get(invokePath(d, '/dogs')), await http.post(invokePath(d, '/pets')), await http.get(invokePath(d, '/'))]) {
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ message: 'Missing Authentication Token' });
      expect(res.headers['x-amzn-errortype']).toBe('MissingAuthenticationTokenException');
      expect(res.headers['x-amzn-requestid']).toMatch(UUID);
      expect(res.headers['x-amz-apigw-id']).toBeTruthy();
    }
  });

  test('an unknown stage on a real API, or an unknown API id: 403 {"message":"Forbidden"}', async () => {
    for (const res of [await http.get(`/restapis/${d.apiId}/nostage/_user_request_/pets`), await http.get('/restapis/zzzzzzzzzz/dev/_user_request_/pets')]) {
      expect(res.status).toBe(403);
      expect(res.text).toBe('{"message":"Forbidden"}');
      expect(res.headers['x-amzn-errortype']).toBe('ForbiddenException');
      expect(res.headers['x-amzn-requestid']).toMatch(UUID);
    }
  });
});

describe('MOCK integration', () => {
  test('the request template names the status code; selection patterns pick the integration response', async () => {
    const d = await deployApi(http, {
      resources: {
        '/items/{id}': {
          GET: {
            requestParameters: { 'method.request.path.id': true },
            integration: { type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": $input.params(\'id\')}' } },
            integrationResponses: {
              '200': { responseTemplates: { 'application/json': '{"id": "$input.params(\'id\')"}' } },
              '404': { selectionPattern: '4\\d{2}', responseTemplates: { 'application/json': '{"error": "not found"}' } },
            },
          },
        },
      },
    });
    const ok = await http.get(invokePath(d, '/items/200'));
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ id: '200' });
    const nf = await http.get(invokePath(d, '/items/404'));
    expect(nf.status).toBe(404);
    expect(nf.body).toEqual({ error: 'not found' });
    // 500 matches neither 4\d{2} (full match) nor... it falls to the default (200).
    const other = await http.get(invokePath(d, '/items/500'));
    expect(other.status).toBe(200);
  });

  test('no matching and no default integration response: 500 Internal server error', async () => {
    const d = await deployApi(http, {
      resources: {
        '/x': {
          GET: {
            integration: { type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 500}' } },
            integrationResponses: { '200': { selectionPattern: '200' } },
          },
        },
      },
    });
    const res = await http.get(invokePath(d, '/x'));
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ message: 'Internal server error' });
    expect(res.headers['x-amzn-errortype']).toBe('InternalServerErrorException');
    expect(logLines.some((l) => l.includes('No match for output mapping and no default output mapping configured'))).toBe(true);
  });

  test('no response template: the (empty) integration body passes through as application/json', async () => {
    const d = await deployApi(http, {
      resources: { '/e': { GET: { integration: { type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }, integrationResponses: { '200': {} } } } },
    });
    const res = await http.get(invokePath(d, '/e'));
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    expect(res.headers['content-type']).toBe('application/json');
  });

  test('a 204 answer carries no body, even with a response template', async () => {
    const d = await deployApi(http, {
      resources: {
        '/nc': {
          DELETE: {
            integration: { type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 204}' } },
            integrationResponses: { '204': { responseTemplates: { 'application/json': '{"ignored": true}' } } },
          },
        },
      },
    });
    const res = await http.delete(invokePath(d, '/nc'));
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect(res.headers['content-length']).toBeUndefined();
  });

  test('$context, $stageVariables and $input in templates', async () => {
    const d = await deployApi(http, {
      variables: { color: 'blue' },
      resources: {
        '/ctx/{name}': mockGet(
          '{"apiId": "$context.apiId", "resourcePath": "$context.resourcePath", "httpMethod": "$context.httpMethod", ' +
            '"requestId": "$context.requestId", "time": "$context.requestTime", "epoch": $context.requestTimeEpoch, ' +
            '"ip": "$context.identity.sourceIp", "ua": "$context.identity.userAgent", "protocol": "$context.protocol", ' +
            '"color": "$stageVariables.color", "name": "$input.params(\'name\')", "q": "$input.params(\'q\')", ' +
            '"canary": "$context.isCanaryRequest", "account": "$context.accountId", "domain": "$context.domainName"}',
        ),
      },
    });
    const res = await http.get(invokePath(d, '/ctx/bob?q=a%20b')).set('User-Agent', 'tester/1.0');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      apiId: d.apiId,
      resourcePath: '/ctx/{name}',
      httpMethod: 'GET',
      requestId: res.headers['x-amzn-requestid'],
      ip: '127.0.0.1',
      ua: 'tester/1.0',
      protocol: 'HTTP/1.1',
      color: 'blue',
      name: 'bob',
      q: 'a b',
      canary: 'false',
      account: '000000000000',
      domain: '127.0.0.1',
    });
    // AWS's CLF time: 21/Nov/2026:20:06:39 +0000
    expect(res.body.time).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(Math.abs(res.body.epoch - Date.now())).toBeLessThan(60_000);
  });

  test('$context.responseOverride sets the status and headers', async () => {
    const d = await deployApi(http, {
      resources: {
        '/o': mockGet('#set($context.responseOverride.status = 418)#set($context.responseOverride.header.X-Teapot = "yes"){"ok": true}'),
      },
    });
    const res = await http.get(invokePath(d, '/o'));
    expect(res.status).toBe(418);
    expect(res.headers['x-teapot']).toBe('yes');
    expect(res.body).toEqual({ ok: true });
  });

  test('responseParameters: static values, context and stage variables', async () => {
    const d = await deployApi(http, {
      variables: { v: 'stagevalue' },
      resources: {
        '/h': {
          GET: {
            integration: { type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } },
            methodResponses: {
              '200': {
                responseParameters: {
                  'method.response.header.X-Static': true,
                  'method.response.header.X-Stage': true,
                  'method.response.header.X-Req': true,
                },
              },
            },
            integrationResponses: {
              '200': {
                responseParameters: {
                  'method.response.header.X-Static': "'hello'",
                  'method.response.header.X-Stage': 'stageVariables.v',
                  'method.response.header.X-Req': 'context.requestId',
                },
              },
            },
          },
        },
      },
    });
    const res = await http.get(invokePath(d, '/h'));
    expect(res.status).toBe(200);
    expect(res.headers['x-static']).toBe('hello');
    expect(res.headers['x-stage']).toBe('stagevalue');
    expect(res.headers['x-req']).toBe(res.headers['x-amzn-requestid']);
  });
});

describe('request templates and passthroughBehavior', () => {
  const api = (passthroughBehavior: string, requestTemplates?: Record<string, string>) =>
    deployApi(http, {
      resources: {
        '/p': {
          POST: {
            integration: { type: 'MOCK', passthroughBehavior, requestTemplates },
            integrationResponses: { '200': { responseTemplates: { 'application/json': '{"ok": true}' } } },
          },
        },
      },
    });

  test('WHEN_NO_MATCH passes an unmapped content type through', async () => {
    const d = await api('WHEN_NO_MATCH', { 'application/json': '{"statusCode": 200}' });
    const res = await http.post(invokePath(d, '/p')).set('Content-Type', 'text/plain').send('{"statusCode": 200}');
    expect(res.status).toBe(200);
  });

  test('WHEN_NO_TEMPLATES refuses an unmapped content type when templates exist: 415', async () => {
    const d = await api('WHEN_NO_TEMPLATES', { 'application/json': '{"statusCode": 200}' });
    const res = await http.post(invokePath(d, '/p')).set('Content-Type', 'text/plain').send('hello');
    expect(res.status).toBe(415);
    expect(res.body).toEqual({ message: 'Unsupported Media Type' });
    // and a mapped one renders
    const ok = await http.post(invokePath(d, '/p')).set('Content-Type', 'application/json').send('{}');
    expect(ok.status).toBe(200);
  });

  test('WHEN_NO_TEMPLATES passes through when no template is defined', async () => {
    const d = await api('WHEN_NO_TEMPLATES');
    const res = await http.post(invokePath(d, '/p')).set('Content-Type', 'text/plain').send('{"statusCode": 200}');
    expect(res.status).toBe(200);
  });

  test('NEVER refuses an unmapped content type: 415', async () => {
    const d = await api('NEVER', { 'application/json': '{"statusCode": 200}' });
    const res = await http.post(invokePath(d, '/p')).set('Content-Type', 'application/xml').send('<a/>');
    expect(res.status).toBe(415);
    expect(res.body).toEqual({ message: 'Unsupported Media Type' });
    expect(res.headers['x-amzn-errortype']).toBe('BadRequestException');
  });

  test('no Content-Type is taken as application/json', async () => {
    const d = await api('NEVER', { 'application/json': '{"statusCode": 200}' });
    const res = await http.post(invokePath(d, '/p'));
    expect(res.status).toBe(200);
  });
});

describe('stage changes', () => {
  test('a new deployment on the stage is served at once; an unchanged stage is served from memory', async () => {
    const d = await deployApi(http, { resources: { '/v': mockGet('{"v": 1}') } });
    expect((await http.get(invokePath(d, '/v'))).body).toEqual({ v: 1 });
    const r = d.resourceIds['/v'];
    await http.put(`/restapis/${d.apiId}/resources/${r}/methods/GET/integration/responses/200`).send({ responseTemplates: { 'application/json': '{"v": 2}' } });
    // Not deployed yet: still the old deployment.
    expect((await http.get(invokePath(d, '/v'))).body).toEqual({ v: 1 });
    await http.post(`/restapis/${d.apiId}/deployments`).send({ stageName: 'dev' });
    expect((await http.get(invokePath(d, '/v'))).body).toEqual({ v: 2 });
  });

  test('a deleted stage answers 403 Forbidden', async () => {
    const d = await deployApi(http, { resources: { '/v': mockGet('{"v": 1}') } });
    expect((await http.get(invokePath(d, '/v'))).status).toBe(200);
    await http.delete(`/restapis/${d.apiId}/stages/dev`).expect(202);
    const res = await http.get(invokePath(d, '/v'));
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ message: 'Forbidden' });
  });

  test('disableExecuteApiEndpoint takes effect when a stage changes: 403 Forbidden', async () => {
    const d = await deployApi(http, { resources: { '/v': mockGet('{"v": 1}') } });
    expect((await http.get(invokePath(d, '/v'))).status).toBe(200);
    await http
      .patch(`/restapis/${d.apiId}`)
      .send({ patchOperations: [{ op: 'replace', path: '/disableExecuteApiEndpoint', value: 'true' }] })
      .expect(200);
    await http.post(`/restapis/${d.apiId}/deployments`).send({ stageName: 'dev' }).expect(201);
    const res = await http.get(invokePath(d, '/v'));
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ message: 'Forbidden' });
  });

  test('a gateway response put and deployed customizes the answer', async () => {
    const d = await deployApi(http, { resources: { '/v': mockGet('{"v": 1}') } });
    await http
      .put(`/restapis/${d.apiId}/gatewayresponses/MISSING_AUTHENTICATION_TOKEN`)
      .send({
        statusCode: '404',
        responseParameters: { 'gatewayresponse.header.X-Why': "'no route'" },
        responseTemplates: { 'application/json': '{"error": "$context.error.message", "path": "$context.path"}' },
      })
      .expect(201);
    // Until redeployed, the stage serves the snapshot without it.
    expect((await http.get(invokePath(d, '/nope'))).status).toBe(403);
    await http.post(`/restapis/${d.apiId}/deployments`).send({ stageName: 'dev' }).expect(201);
    const res = await http.get(invokePath(d, '/nope'));
    expect(res.status).toBe(404);
    expect(res.headers['x-why']).toBe('no route');
    expect(res.body).toEqual({ error: 'Missing Authentication Token', path: '/dev/nope' });
  });
});

describe('canary', () => {
  test('percentTraffic splits requests; the canary has its deployment and stage variable overrides', async () => {
    const d = await deployApi(http, {
      variables: { who: 'main' },
      resources: { '/c': mockGet('{"v": "one", "who": "$stageVariables.who", "canary": $context.isCanaryRequest}') },
    });
    const r = d.resourceIds['/c'];
    await http
      .put(`/restapis/${d.apiId}/resources/${r}/methods/GET/integration/responses/200`)
      .send({ responseTemplates: { 'application/json': '{"v": "two", "who": "$stageVariables.who", "canary": $context.isCanaryRequest}' } })
      .expect(201);
    await http
      .post(`/restapis/${d.apiId}/deployments`)
      .send({ stageName: 'dev', canarySettings: { percentTraffic: 25, stageVariableOverrides: { who: 'canary' } } })
      .expect(201);
    let canary = 0;
    const N = 2000;
    for (let i = 0; i < N; i++) {
      const res = await http.get(invokePath(d, '/c'));
      expect(res.status).toBe(200);
      if (res.body.canary) {
        canary++;
        expect(res.body).toEqual({ v: 'two', who: 'canary', canary: true });
      } else {
        expect(res.body).toEqual({ v: 'one', who: 'main', canary: false });
      }
    }
    // 25 % of 2,000 = 500; the binomial standard deviation is ~19, so 400..600 is > 5 sigma.
    expect(canary / N).toBeGreaterThan(0.2);
    expect(canary / N).toBeLessThan(0.3);
  });
});

describe('what is not supported yet is said, not silenced', () => {
  test('an AWS service integration apigw-local cannot call (an S3 action URI) answers 500, and the warning that names it is logged', async () => {
    const d = await deployApi(http, {
      resources: {
        '/q': {
          POST: {
            integration: {
              type: 'AWS',
              httpMethod: 'POST',
              uri: 'arn:aws:apigateway:us-east-1:s3:action/GetObject&Bucket=b&Key=k',
            },
            integrationResponses: { '200': {} },
          },
        },
      },
    });
    const res = await http.post(invokePath(d, '/q')).send({});
    expect(res.status).toBe(500);
    expect(logLines.some((l) => l.includes('WARN') && l.includes(d.apiId) && l.includes('POST /q') && l.includes('does not support'))).toBe(true);
  });
});

describe('bad input', () => {
  test('a body over 10 MB: 413 REQUEST_TOO_LARGE, and the server keeps serving', async () => {
    const d = await deployApi(http, { resources: { '/big': { POST: mockGet('{}').GET } } });
    const res = await http
      .post(invokePath(d, '/big'))
      .set('Content-Type', 'application/octet-stream')
      .send(Buffer.alloc(10 * 1024 * 1024 + 1, 97));
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ message: 'Request Too Long' });
    expect(res.headers['x-amzn-errortype']).toBe('RequestTooLargeException');
    expect((await http.post(invokePath(d, '/big')).send({})).status).toBe(200);
  });

  test('malformed escapes in the path and query are kept as sent', async () => {
    const d = await deployApi(http, { resources: { '/e/{x}': mockGet('{"x": "$input.params(\'x\')", "q": "$input.params(\'q\')"}') } });
    const res = await http.get(invokePath(d, '/e/%E0%A4%A?q=%ZZ'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ x: '%E0%A4%A', q: '%ZZ' });
  });
});
