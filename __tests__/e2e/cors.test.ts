/**
 * CORS as API Gateway users set it up: the console's "Enable CORS" on a
 * resource, exactly as it writes it (Developer Guide, "Enable CORS for a REST
 * API resource" / "Enable CORS using the console"):
 * - an OPTIONS method (authorization NONE) with a MOCK integration whose
 *   request template is `{"statusCode": 200}`, a 200 method response
 *   declaring `method.response.header.Access-Control-Allow-Headers`,
 *   `-Methods` and `-Origin` (response model `Empty`), and a 200 integration
 *   response mapping them to the `'…'` literals, with an empty response
 *   template;
 * - `Access-Control-Allow-Origin: '*'` added to the other methods' 200
 *   responses;
 * - DEFAULT_4XX and DEFAULT_5XX gateway responses carrying the same headers
 *   (`gatewayresponse.header.Access-Control-Allow-*`), so API Gateway's own
 *   errors — 403 Missing Authentication Token, an IAM refusal, 429, 5xx —
 *   reach the browser with them.
 * The browser's preflight and the real request are sent as a browser would.
 */
import request from 'supertest';
import { createApp, type App } from '../../lib/app';
import { invokePath, type Deployed } from '../helpers/dataplane';

let app: App;
let agent: ReturnType<typeof request>;

const ALLOW_HEADERS = 'Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token';
const ORIGIN = 'https://app.example.com';

beforeAll(() => {
  app = createApp({ db: ':memory:', logLevel: 'silent' });
  agent = request(app);
});
afterAll(() => app.close());

async function ok(res: request.Test | Promise<request.Response>, what: string): Promise<request.Response> {
  const r = await res;
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${r.text}`);
  return r;
}

/** A resource with a method, its MOCK integration and a 200 response, then "Enable CORS" on it as the console does. */
async function corsApi(): Promise<Deployed & { api: string }> {
  const api = (await ok(agent.post('/restapis').send({ name: 'cors-demo' }), 'CreateRestApi')).body;
  const pets = (await ok(agent.post(`/restapis/${api.id}/resources/${api.rootResourceId}`).send({ pathPart: 'pets' }), 'CreateResource')).body;
  const base = `/restapis/${api.id}/resources/${pets.id}/methods`;

  // GET /pets: a MOCK answering 200 with a JSON body.
  await ok(agent.put(`${base}/GET`).send({ authorizationType: 'NONE' }), 'PutMethod GET');
  await ok(agent.put(`${base}/GET/responses/200`).send({ responseModels: { 'application/json': 'Empty' } }), 'PutMethodResponse GET');
  await ok(agent.put(`${base}/GET/integration`).send({ type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }), 'PutIntegration GET');
  await ok(agent.put(`${base}/GET/integration/responses/200`).send({ responseTemplates: { 'application/json': '{"pets": ["rex"]}' } }), 'PutIntegrationResponse GET');

  // DELETE /pets: AWS_IAM (an unsigned call gets API Gateway's own 403).
  await ok(agent.put(`${base}/DELETE`).send({ authorizationType: 'AWS_IAM' }), 'PutMethod DELETE');
  await ok(agent.put(`${base}/DELETE/integration`).send({ type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }), 'PutIntegration DELETE');

  // POST /pets: a MOCK whose status has no integration response: API Gateway's 500.
  await ok(agent.put(`${base}/POST`).send({ authorizationType: 'NONE' }), 'PutMethod POST');
  await ok(agent.put(`${base}/POST/integration`).send({ type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 500}' } }), 'PutIntegration POST');
  await ok(agent.put(`${base}/POST/integration/responses/200`).send({ selectionPattern: '2\\d{2}' }), 'PutIntegrationResponse POST');

  // "Enable CORS" (console): OPTIONS + MOCK…
  await ok(agent.put(`${base}/OPTIONS`).send({ authorizationType: 'NONE', apiKeyRequired: false }), 'PutMethod OPTIONS');
  await ok(
    agent.put(`${base}/OPTIONS/responses/200`).send({
      responseParameters: {
        'method.response.header.Access-Control-Allow-Headers': false,
        'method.response.header.Access-Control-Allow-Methods': false,
        'method.response.header.Access-Control-Allow-Origin': false,
      },
      responseModels: { 'application/json': 'Empty' },
    }),
    'PutMethodResponse OPTIONS',
  );
  await ok(
    agent.put(`${base}/OPTIONS/integration`).send({
      type: 'MOCK',
      requestTemplates: { 'application/json': '{"statusCode": 200}' },
      passthroughBehavior: 'WHEN_NO_MATCH',
      timeoutInMillis: 29000,
    }),
    'PutIntegration OPTIONS',
  );
  await ok(
    agent.put(`${base}/OPTIONS/integration/responses/200`).send({
      responseParameters: {
        'method.response.header.Access-Control-Allow-Headers': `'${ALLOW_HEADERS}'`,
        'method.response.header.Access-Control-Allow-Methods': "'DELETE,GET,OPTIONS,POST'",
        'method.response.header.Access-Control-Allow-Origin': "'*'",
      },
      responseTemplates: { 'application/json': '' },
    }),
    'PutIntegrationResponse OPTIONS',
  );
  // …Access-Control-Allow-Origin on GET's 200…
  await ok(
    agent.patch(`${base}/GET/responses/200`).send({
      patchOperations: [{ op: 'add', path: '/responseParameters/method.response.header.Access-Control-Allow-Origin', value: 'false' }],
    }),
    'UpdateMethodResponse GET',
  );
  await ok(
    agent.patch(`${base}/GET/integration/responses/200`).send({
      patchOperations: [{ op: 'add', path: '/responseParameters/method.response.header.Access-Control-Allow-Origin', value: "'*'" }],
    }),
    'UpdateIntegrationResponse GET',
  );
  // …and the DEFAULT_4XX / DEFAULT_5XX gateway responses.
  for (const type of ['DEFAULT_4XX', 'DEFAULT_5XX']) {
    await ok(
      agent.put(`/restapis/${api.id}/gatewayresponses/${type}`).send({
        responseParameters: {
          'gatewayresponse.header.Access-Control-Allow-Origin': "'*'",
          'gatewayresponse.header.Access-Control-Allow-Headers': `'${ALLOW_HEADERS}'`,
          'gatewayresponse.header.Access-Control-Allow-Methods': "'DELETE,GET,OPTIONS,POST'",
        },
        responseTemplates: { 'application/json': '{"message":$context.error.messageString}' },
      }),
      `PutGatewayResponse ${type}`,
    );
  }
  const dep = await ok(agent.post(`/restapis/${api.id}/deployments`).send({ stageName: 'dev' }), 'CreateDeployment');
  return { api: api.id, apiId: api.id, deploymentId: dep.body.id, stageName: 'dev', resourceIds: { '/pets': pets.id } };
}

let d: Deployed & { api: string };
beforeAll(async () => {
  d = await corsApi();
});

const expectCorsHeaders = (res: request.Response) => {
  expect(res.headers['access-control-allow-origin']).toBe('*');
  expect(res.headers['access-control-allow-headers']).toBe(ALLOW_HEADERS);
  expect(res.headers['access-control-allow-methods']).toBe('DELETE,GET,OPTIONS,POST');
};

describe('the console\'s Enable CORS', () => {
  test('the preflight: 200, the three headers, an empty JSON body', async () => {
    const res = await agent
      .options(invokePath(d, '/pets'))
      .set('Origin', ORIGIN)
      .set('Access-Control-Request-Method', 'DELETE')
      .set('Access-Control-Request-Headers', 'authorization,x-amz-date');
    expect(res.status).toBe(200);
    expectCorsHeaders(res);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['content-length']).toBe('0');
    expect(res.text).toBe('');
  });

  test('the request itself carries Access-Control-Allow-Origin', async () => {
    const res = await agent.get(invokePath(d, '/pets')).set('Origin', ORIGIN);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ pets: ['rex'] });
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['access-control-allow-methods']).toBeUndefined();
  });
});

describe("API Gateway's own errors carry the DEFAULT_4XX / DEFAULT_5XX headers", () => {
  test('403 Missing Authentication Token (a path that does not exist)', async () => {
    const res = await agent.get(invokePath(d, '/nope')).set('Origin', ORIGIN);
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ message: 'Missing Authentication Token' });
    expect(res.headers['x-amzn-errortype']).toBe('MissingAuthenticationTokenException');
    expectCorsHeaders(res);
  });

  test('403 for a preflight on a resource without OPTIONS', async () => {
    const res = await agent.options(invokePath(d, '/')).set('Origin', ORIGIN).set('Access-Control-Request-Method', 'GET');
    expect(res.status).toBe(403);
    expectCorsHeaders(res);
  });

  test('403 from AWS_IAM (unsigned)', async () => {
    const res = await agent.delete(invokePath(d, '/pets')).set('Origin', ORIGIN);
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ message: 'Missing Authentication Token' });
    expectCorsHeaders(res);
  });

  test('403 ACCESS_DENIED from a resource policy', async () => {
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*/GET/pets' }],
    });
    await ok(agent.patch(`/restapis/${d.apiId}`).send({ patchOperations: [{ op: 'replace', path: '/policy', value: policy }] }), 'UpdateRestApi');
    await ok(agent.post(`/restapis/${d.apiId}/deployments`).send({ stageName: 'dev' }), 'CreateDeployment');
    try {
      const res = await agent.get(invokePath(d, '/pets')).set('Origin', ORIGIN);
      expect(res.status).toBe(403);
      expect(res.headers['x-amzn-errortype']).toBe('AccessDeniedException');
      expectCorsHeaders(res);
    } finally {
      await ok(agent.patch(`/restapis/${d.apiId}`).send({ patchOperations: [{ op: 'replace', path: '/policy', value: '' }] }), 'UpdateRestApi');
      await ok(agent.post(`/restapis/${d.apiId}/deployments`).send({ stageName: 'dev' }), 'CreateDeployment');
    }
  });

  test('429 Too Many Requests (stage throttling)', async () => {
    await ok(
      agent.patch(`/restapis/${d.apiId}/stages/dev`).send({
        patchOperations: [
          { op: 'replace', path: '/*/*/throttling/rateLimit', value: '0' },
          { op: 'replace', path: '/*/*/throttling/burstLimit', value: '0' },
        ],
      }),
      'UpdateStage',
    );
    try {
      const res = await agent.get(invokePath(d, '/pets')).set('Origin', ORIGIN);
      expect(res.status).toBe(429);
      expect(res.body).toEqual({ message: 'Too Many Requests' });
      expectCorsHeaders(res);
    } finally {
      await ok(
        agent.patch(`/restapis/${d.apiId}/stages/dev`).send({
          patchOperations: [
            { op: 'replace', path: '/*/*/throttling/rateLimit', value: '10000' },
            { op: 'replace', path: '/*/*/throttling/burstLimit', value: '5000' },
          ],
        }),
        'UpdateStage',
      );
    }
  });

  test('500 Internal server error (no integration response for the status)', async () => {
    const res = await agent.post(invokePath(d, '/pets')).set('Origin', ORIGIN).set('Content-Type', 'application/json').send('{}');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ message: 'Internal server error' });
    expectCorsHeaders(res);
  });
});
