/**
 * Routing by custom domain name (dataplane/custom-domains.ts), and what the
 * control plane refuses while base path mappings point at an API or a stage.
 *
 * Facts from AWS:
 * - Developer Guide, "Use API mappings to connect API stages to a custom
 *   domain name": the mapped base path is stripped; the longest matching
 *   mapping wins; `(none)` takes what no path matches; its example table
 *   (`(none)`, `orders`, `orders/v1/items`, `orders/v2/items`,
 *   `orders/v1/items/categories`), where `/ordersandmore` goes to `(none)`.
 * - AWS CLI create-base-path-mapping: without a stage, callers name the stage
 *   after the base path.
 * - The proxy event's `path` and `requestContext.path` through a custom domain
 *   are the path as sent, base path (and stage segment) included: LocalStack
 *   issue 12295 (checked against AWS), aws-serverless-express issue 216,
 *   serverless-java-container issue 34 (`"path":"/ping1/ping"`).
 * - No mapping for the path: 403 {"message":"Forbidden"} (Zappa issue 1248:
 *   "comes from API Gateway when it has no place to point an event").
 * - DeleteRestApi / DeleteStage while mapped: 400 "Deleting RestApi {id}
 *   failed. Please remove all base path mappings related to the RestApi in
 *   your domains: {domain}" (gcdt issue 373, serverless issue 3638) and
 *   "Deleting stage {stage} failed. Please remove all base path mappings
 *   related to the stage in your domains: {domain}" (terraform-provider-aws
 *   issue 41651).
 */
import request from 'supertest';
import { createApp, type App } from '../../../lib/app';
import { indexDomain, lookupHost, routeByBasePath, type IndexedDomain } from '../../../lib/dataplane/custom-domains';
import type { BasePathMapping } from '../../../lib/model';
import { sigv4Header, expectAwsError } from '../../helpers/app';
import { deployApi } from '../../helpers/dataplane';
import { FIXTURES, recordingLogger } from '../lambda/endpoints';

const scope = { account: '000000000000', region: 'us-east-1' };
const domainOf = (mappings: BasePathMapping[], routingMode?: string): IndexedDomain => indexDomain('api.example.com', scope, { routingMode }, mappings);

describe('routeByBasePath', () => {
  // The Developer Guide's example: API 1..5 under these base paths.
  const docs = domainOf([
    { basePath: '(none)', restApiId: 'api1', stage: 's' },
    { basePath: 'orders', restApiId: 'api2', stage: 's' },
    { basePath: 'orders/v1/items', restApiId: 'api3', stage: 's' },
    { basePath: 'orders/v2/items', restApiId: 'api4', stage: 's' },
    { basePath: 'orders/v1/items/categories', restApiId: 'api5', stage: 's' },
  ]);

  it.each([
    ['/orders', 'api2', '/'],
    ['/orders/v1/items', 'api3', '/'],
    ['/orders/v2/items', 'api4', '/'],
    ['/orders/v1/items/categories', 'api5', '/'],
    ['/orders/v1/items/123', 'api3', '/123'],
    ['/orders/v1/items/categories/5', 'api5', '/5'],
    ['/orders/v3/items', 'api2', '/v3/items'],
    ['/ordersandmore', 'api1', '/ordersandmore'],
    ['/customers', 'api1', '/customers'],
    ['/', 'api1', '/'],
    ['/orders/', 'api2', '/'],
    ['/orders/v1/items/', 'api3', '/'],
    ['/orders/v1', 'api2', '/v1'],
    ['/order/x', 'api1', '/order/x'],
  ])('%s goes to %s with path %s', (path, apiId, rest) => {
    const t = routeByBasePath(docs, path, '');
    expect(t).toMatchObject({ apiId, stageName: 's', path: rest, via: 'domain', region: 'us-east-1', clientPath: path });
    expect(t.refusal).toBeUndefined();
  });

  it('keeps the query string and the path as sent', () => {
    expect(routeByBasePath(docs, '/orders/a%20b', 'x=1&y=2')).toMatchObject({ apiId: 'api2', path: '/a%20b', rawQuery: 'x=1&y=2', clientPath: '/orders/a%20b' });
  });

  it('refuses a path no mapping takes when there is no (none) mapping', () => {
    const d = domainOf([{ basePath: 'orders', restApiId: 'api2', stage: 's' }]);
    expect(routeByBasePath(d, '/ordersandmore', '').refusal).toMatch(/no base path mapping of custom domain api\.example\.com matches \/ordersandmore/);
    expect(routeByBasePath(d, '/', '').refusal).toBeDefined();
    expect(routeByBasePath(d, '/order', '').refusal).toBeDefined();
    expect(routeByBasePath(domainOf([]), '/x', '').refusal).toBeDefined();
  });

  it('takes the stage from the next segment when the mapping has none', () => {
    const d = domainOf([
      { basePath: 'beta', restApiId: 'apiB' },
      { basePath: '(none)', restApiId: 'apiN' },
    ]);
    expect(routeByBasePath(d, '/beta/prod/pets/1', '')).toMatchObject({ apiId: 'apiB', stageName: 'prod', path: '/pets/1', clientPath: '/beta/prod/pets/1' });
    expect(routeByBasePath(d, '/beta/prod', '')).toMatchObject({ apiId: 'apiB', stageName: 'prod', path: '/' });
    expect(routeByBasePath(d, '/beta', '')).toMatchObject({ apiId: 'apiB', stageName: '', path: '/' });
    expect(routeByBasePath(d, '/dev/pets', '')).toMatchObject({ apiId: 'apiN', stageName: 'dev', path: '/pets', clientPath: '/dev/pets' });
    expect(routeByBasePath(d, '/my%20stage/x', '')).toMatchObject({ apiId: 'apiN', stageName: 'my stage', path: '/x' });
  });

  it('treats a stage of (none) as no stage', () => {
    const d = domainOf([{ basePath: 'v1', restApiId: 'api1', stage: '(none)' }]);
    expect(routeByBasePath(d, '/v1/dev/x', '')).toMatchObject({ stageName: 'dev', path: '/x' });
  });
});

describe('lookupHost', () => {
  const index = new Map<string, IndexedDomain>([
    ['api.example.com', domainOf([])],
    ['*.example.com', indexDomain('*.example.com', scope, {}, [])],
  ]);

  it('ignores the port, the case and a trailing dot', () => {
    for (const host of ['api.example.com', 'API.Example.COM:4567', 'api.example.com.', 'api.example.com.:80']) {
      expect(lookupHost(index, host)?.name).toBe('api.example.com');
    }
  });

  it('falls back to a wildcard domain name for one more label', () => {
    expect(lookupHost(index, 'other.example.com:8080')?.name).toBe('*.example.com');
    expect(lookupHost(index, 'example.com')).toBeUndefined();
    expect(lookupHost(index, 'api.example.org')).toBeUndefined();
    expect(lookupHost(index, '127.0.0.1:4567')).toBeUndefined();
  });
});

describe('through the app', () => {
  let app: App;
  let http: ReturnType<typeof request>;
  const logs: string[] = [];
  const HOST = 'api.example.com';
  const CONTEXT = '{"path":"$context.path","resourcePath":"$context.resourcePath","stage":"$context.stage","apiId":"$context.apiId","domainName":"$context.domainName","domainPrefix":"$context.domainPrefix"}';
  const mock = {
    integration: { type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } },
    integrationResponses: { '200': { responseTemplates: { 'application/json': CONTEXT } } },
  };
  const echo = { integration: { type: 'AWS_PROXY', httpMethod: 'POST', uri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:echo/invocations' } };

  /** An API with `/`, `/pets/{id}` (MOCK, echoing $context) and `/lambda/{proxy+}` (AWS_PROXY to the echo function) on stages dev and prod. */
  async function api(body: Record<string, unknown> = {}, auth?: string): Promise<string> {
    const agent = auth ? withAuth(auth) : http;
    const d = await deployApi(agent, { resources: { '/': { GET: mock }, '/pets/{id}': { GET: mock }, '/lambda/{proxy+}': { ANY: echo } } });
    await agent.post(`/restapis/${d.apiId}/deployments`).send({ stageName: 'prod' }).expect(201);
    if (Object.keys(body).length) {
      await agent
        .patch(`/restapis/${d.apiId}`)
        .send({ patchOperations: Object.entries(body).map(([k, v]) => ({ op: 'replace', path: `/${k}`, value: String(v) })) })
        .expect(200);
    }
    return d.apiId;
  }

  /** A supertest-like agent whose every request carries an Authorization header (the account). */
  function withAuth(auth: string): ReturnType<typeof request> {
    const wrap = (m: 'get' | 'post' | 'put' | 'patch' | 'delete') => (url: string) => http[m](url).set('authorization', auth);
    return { get: wrap('get'), post: wrap('post'), put: wrap('put'), patch: wrap('patch'), delete: wrap('delete') } as unknown as ReturnType<typeof request>;
  }

  const domain = (name = HOST, auth?: string) => {
    const r = http.post('/domainnames');
    if (auth) r.set('authorization', auth);
    return r.send({ domainName: name }).expect(201);
  };
  const map = (body: Record<string, unknown>, name = HOST) => http.post(`/domainnames/${name}/basepathmappings`).send(body).expect(201);
  const call = (path: string, host = HOST) => http.get(path).set('Host', host).set('Accept', 'application/json');

  beforeAll(() => {
    app = createApp({ db: ':memory:', functions: FIXTURES }, { log: recordingLogger(logs) });
    http = request(app);
  });
  beforeEach(async () => {
    // The admin reset also drops the data plane's custom domain index.
    await http.post('/_apigw/reset').expect(200);
    logs.length = 0;
  });
  afterAll(() => app.close());

  it('routes the (none) mapping to its stage; $context shows the custom domain', async () => {
    const apiId = await api();
    await domain();
    await map({ restApiId: apiId, stage: 'dev' });
    const root = await call('/');
    expect(root.status).toBe(200);
    expect(root.body).toEqual({ path: '/', resourcePath: '/', stage: 'dev', apiId, domainName: HOST, domainPrefix: 'api' });
    const pet = await call('/pets/7', 'API.example.com:4567');
    expect(pet.status).toBe(200);
    expect(pet.body).toMatchObject({ path: '/pets/7', resourcePath: '/pets/{id}', stage: 'dev', domainName: 'API.example.com' });
    // A path the API has no resource for: the API's own 403, not the domain's.
    const missing = await call('/dev/pets/7');
    expect(missing.status).toBe(403);
    expect(missing.body).toEqual({ message: 'Missing Authentication Token' });
  });

  it('strips a base path (whole segments only); $context.path keeps it', async () => {
    const apiId = await api();
    await domain();
    await map({ restApiId: apiId, basePath: 'orders', stage: 'prod' });
    for (const p of ['/orders', '/orders/']) {
      const r = await call(p);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ path: p, resourcePath: '/', stage: 'prod' });
    }
    expect((await call('/orders/pets/1?x=1')).body).toMatchObject({ path: '/orders/pets/1', resourcePath: '/pets/{id}', stage: 'prod' });
    for (const p of ['/ordersandmore/pets/1', '/order/pets/1', '/', '/pets/1']) {
      const r = await call(p);
      expect(r.status).toBe(403);
      expect(r.body).toEqual({ message: 'Forbidden' });
      expect(r.headers['x-amzn-errortype']).toBe('ForbiddenException');
    }
  });

  it('picks the longest base path; (none) takes the rest', async () => {
    const a = await api();
    const b = await api();
    await domain();
    await map({ restApiId: a, stage: 'dev' });
    await map({ restApiId: a, basePath: 'orders', stage: 'prod' });
    await map({ restApiId: b, basePath: 'orders/v2', stage: 'dev' });
    expect((await call('/orders/v2/pets/1')).body).toMatchObject({ apiId: b, stage: 'dev', path: '/orders/v2/pets/1', resourcePath: '/pets/{id}' });
    expect((await call('/orders/v2')).body).toMatchObject({ apiId: b, resourcePath: '/' });
    expect((await call('/orders/v1/pets/1')).status).toBe(403); // api a, prod: no /v1/pets/1 resource
    expect((await call('/orders/pets/1')).body).toMatchObject({ apiId: a, stage: 'prod' });
    expect((await call('/orders/v2x')).status).toBe(403);
    expect((await call('/pets/1')).body).toMatchObject({ apiId: a, stage: 'dev', path: '/pets/1' });
  });

  it('takes the stage from the path when the mapping has none', async () => {
    const apiId = await api();
    await domain();
    await map({ restApiId: apiId, basePath: 'beta' });
    expect((await call('/beta/prod/pets/1')).body).toMatchObject({ stage: 'prod', path: '/beta/prod/pets/1', resourcePath: '/pets/{id}' });
    expect((await call('/beta/dev')).body).toMatchObject({ stage: 'dev', resourcePath: '/' });
    const noStage = await call('/beta/qa/pets/1');
    expect(noStage.status).toBe(403);
    expect(noStage.body).toEqual({ message: 'Forbidden' });
  });

  it('gives the Lambda proxy event the path as sent and the resource without the base path', async () => {
    const apiId = await api();
    await domain();
    await map({ restApiId: apiId, basePath: 'shop/v1', stage: 'prod' });
    const r = await call('/shop/v1/lambda/a/b?q=1');
    expect(r.status).toBe(200);
    const event = r.body.event;
    expect(event).toMatchObject({ resource: '/lambda/{proxy+}', path: '/shop/v1/lambda/a/b', pathParameters: { proxy: 'a/b' }, queryStringParameters: { q: '1' } });
    expect(event.requestContext).toMatchObject({ path: '/shop/v1/lambda/a/b', resourcePath: '/lambda/{proxy+}', stage: 'prod', domainName: HOST, domainPrefix: 'api' });
    expect(event.headers.Host).toBe(HOST);
  });

  it('answers 403 Forbidden once the mapping is deleted, and routes a new one at once', async () => {
    const apiId = await api();
    await domain();
    await map({ restApiId: apiId, basePath: 'v1', stage: 'dev' });
    expect((await call('/v1/pets/1')).status).toBe(200);
    await http.delete(`/domainnames/${HOST}/basepathmappings/v1`).expect(202);
    expect((await call('/v1/pets/1')).body).toEqual({ message: 'Forbidden' });
    await map({ restApiId: apiId, basePath: 'v2', stage: 'prod' });
    expect((await call('/v2/pets/1')).body).toMatchObject({ stage: 'prod' });
    await http
      .patch(`/domainnames/${HOST}/basepathmappings/v2`)
      .send({ patchOperations: [{ op: 'replace', path: '/stage', value: 'dev' }] })
      .expect(200);
    expect((await call('/v2/pets/1')).body).toMatchObject({ stage: 'dev' });
    await http.delete(`/domainnames/${HOST}`).expect(202);
    // Not a custom domain any more: the control plane answers (no such operation).
    const gone = await call('/v2/pets/1');
    expect(gone.status).toBe(404);
    expect(gone.headers['x-amzn-errortype']).toBe('UnknownOperationException');
  });

  it('serves an API whose execute-api endpoint is disabled', async () => {
    const apiId = await api({ disableExecuteApiEndpoint: true });
    // The flag is read when the stage is (re)loaded: redeploy.
    await http.post(`/restapis/${apiId}/deployments`).send({ stageName: 'dev' }).expect(201);
    await domain();
    await map({ restApiId: apiId, stage: 'dev' });
    expect((await http.get(`/restapis/${apiId}/dev/_user_request_/pets/1`)).body).toEqual({ message: 'Forbidden' });
    expect((await call('/pets/1')).status).toBe(200);
    expect((await http.get(`/restapis/${apiId}/dev/_user_request_/pets/1`)).status).toBe(403);
  });

  it('routes a wildcard domain name for hosts no exact name takes', async () => {
    const a = await api();
    const b = await api();
    await domain('*.example.com');
    await domain();
    await map({ restApiId: a, stage: 'dev' }, '*.example.com');
    await map({ restApiId: b, stage: 'dev' });
    expect((await call('/pets/1', 'tenant1.example.com')).body).toMatchObject({ apiId: a, domainName: 'tenant1.example.com', domainPrefix: 'tenant1' });
    expect((await call('/pets/1')).body).toMatchObject({ apiId: b });
  });

  it('leaves the control plane, the admin routes and the path forms alone on a custom domain Host', async () => {
    const apiId = await api();
    await domain();
    await map({ restApiId: apiId, stage: 'dev' });
    const signed = await http.get('/restapis').set('Host', HOST).set('authorization', sigv4Header());
    expect(signed.status).toBe(200);
    expect(signed.body.item.map((a: { id: string }) => a.id)).toContain(apiId);
    expect((await http.get('/_apigw/health').set('Host', HOST)).status).toBe(200);
    expect((await call(`/restapis/${apiId}/prod/_user_request_/pets/1`)).body).toMatchObject({ stage: 'prod', path: '/prod/pets/1' });
    // Unsigned, it is a data-plane request through the (none) mapping (the API has no /restapis resource).
    const unsigned = await call('/restapis');
    expect(unsigned.status).toBe(403);
    expect(unsigned.body).toEqual({ message: 'Missing Authentication Token' });
    // Signed for execute-api (an AWS_IAM caller): still the data plane.
    const iam = await call('/pets/1').set('authorization', sigv4Header().replace('/apigateway/', '/execute-api/'));
    expect(iam.body).toMatchObject({ stage: 'dev' });
  });

  it('picks one of two accounts that configure the same name, and says so', async () => {
    const first = sigv4Header('111111111111', 'us-east-1');
    const second = sigv4Header('222222222222', 'eu-west-1');
    const a = await api({}, first);
    const b = await api({}, second);
    await domain(HOST, second);
    await domain(HOST, first);
    await http.post(`/domainnames/${HOST}/basepathmappings`).set('authorization', first).send({ restApiId: a, stage: 'dev' }).expect(201);
    await http.post(`/domainnames/${HOST}/basepathmappings`).set('authorization', second).send({ restApiId: b, stage: 'dev' }).expect(201);
    expect((await call('/pets/1')).body).toMatchObject({ apiId: a });
    expect(logs.join('\n')).toMatch(/custom domain api\.example\.com is configured 2 times .*requests go to account 111111111111 us-east-1/);
  });

  it('answers 403 Forbidden for a domain whose routing mode is ROUTING_RULE_ONLY (routing rules are not emulated)', async () => {
    const apiId = await api();
    await http.post('/domainnames').send({ domainName: HOST, routingMode: 'ROUTING_RULE_ONLY' }).expect(201);
    await map({ restApiId: apiId, stage: 'dev' });
    expect((await call('/pets/1')).body).toEqual({ message: 'Forbidden' });
  });

  describe('deletes while mapped', () => {
    it('refuses DeleteRestApi while a mapping points at the API', async () => {
      const apiId = await api();
      await domain();
      await domain('api.example.org');
      await map({ restApiId: apiId, basePath: 'v1' });
      await map({ restApiId: apiId, stage: 'prod' }, 'api.example.org');
      expectAwsError(
        await http.delete(`/restapis/${apiId}`),
        400,
        'BadRequestException',
        `Deleting RestApi ${apiId} failed. Please remove all base path mappings related to the RestApi in your domains: ${HOST}, api.example.org`,
      );
      expect((await http.get(`/restapis/${apiId}`)).status).toBe(200);
      await http.delete(`/domainnames/${HOST}/basepathmappings/v1`).expect(202);
      await http.delete('/domainnames/api.example.org/basepathmappings/(none)').expect(202);
      await http.delete(`/restapis/${apiId}`).expect(202);
    });

    it('refuses DeleteStage for a mapped stage only', async () => {
      const apiId = await api();
      await domain();
      await map({ restApiId: apiId, basePath: 'v1', stage: 'prod' });
      await map({ restApiId: apiId, basePath: 'any' });
      expectAwsError(
        await http.delete(`/restapis/${apiId}/stages/prod`),
        400,
        'BadRequestException',
        `Deleting stage prod failed. Please remove all base path mappings related to the stage in your domains: ${HOST}`,
      );
      await http.delete(`/restapis/${apiId}/stages/dev`).expect(202);
      await http.delete(`/domainnames/${HOST}/basepathmappings/v1`).expect(202);
      await http.delete(`/restapis/${apiId}/stages/prod`).expect(202);
    });
  });
});
