/**
 * Deployment operations and the deployment snapshot. Expected answers are
 * AWS's: recorded real responses (LocalStack's test_apigateway_common and
 * test_apigateway_canary snapshots, which were recorded against AWS) and real
 * AWS error messages quoted in user reports.
 *
 * Methods are seeded by writing the root resource document directly, so these
 * tests do not depend on the Resources/Methods operations.
 */
import { useControlPlane, expectAwsError } from '../helpers/app';
import { deploymentHandlers } from '../../lib/control/deployments';
import type { OperationContext } from '../../lib/control/context';
import type { Method, Resource } from '../../lib/model';

const cp = useControlPlane();
const scope = { account: '000000000000', region: 'us-east-1' };

function mockGet(httpMethod = 'GET', extra: Partial<Method> = {}): Method {
  return {
    httpMethod,
    authorizationType: 'NONE',
    apiKeyRequired: false,
    methodIntegration: { type: 'MOCK', timeoutInMillis: 29000, requestTemplates: { 'application/json': '{"statusCode": 200}' } },
    ...extra,
  };
}

/** Puts methods on the root resource by writing its document (the store shape of lib/model.ts). */
function seedRoot(apiId: string, rootId: string, methods: Record<string, Method>): void {
  const root = cp.app.store.resources.get(scope, apiId, rootId)!;
  cp.app.store.resources.update(scope, apiId, { ...root, resourceMethods: methods });
}

function addResource(apiId: string, parentId: string, r: Omit<Resource, 'parentId'>): void {
  cp.app.store.resources.insert(scope, apiId, { ...r, parentId });
}

async function deployableApi(): Promise<{ id: string; rootResourceId: string }> {
  const api = await cp.createApi();
  seedRoot(api.id, api.rootResourceId, { GET: mockGet() });
  return api;
}

describe('CreateDeployment', () => {
  it('answers 201 with {id, createdDate} and creates no stage without stageName (recorded AWS answer)', async () => {
    const api = await deployableApi();
    const res = await cp.http.post(`/restapis/${api.id}/deployments`).send({});
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.stringMatching(/^[a-z0-9]{6}$/), createdDate: expect.any(Number) });
    expect((await cp.http.get(`/restapis/${api.id}/stages`)).body).toEqual({ item: [] });
  });

  it('keeps the description', async () => {
    const api = await deployableApi();
    const res = await cp.http.post(`/restapis/${api.id}/deployments`).send({ description: 'first' });
    expect(res.body).toMatchObject({ description: 'first' });
  });

  it("refuses an API without methods: 400 The REST API doesn't contain any methods", async () => {
    const api = await cp.createApi();
    const res = await cp.http.post(`/restapis/${api.id}/deployments`).send({ stageName: 'dev' });
    expectAwsError(res, 400, 'BadRequestException', "The REST API doesn't contain any methods");
    expect((await cp.http.get(`/restapis/${api.id}/stages`)).body.item).toEqual([]);
  });

  it('refuses a method without integration: 400 No integration defined for method', async () => {
    const api = await cp.createApi();
    seedRoot(api.id, api.rootResourceId, { GET: { httpMethod: 'GET', authorizationType: 'NONE', apiKeyRequired: false } });
    const res = await cp.http.post(`/restapis/${api.id}/deployments`).send({});
    expectAwsError(res, 400, 'BadRequestException', 'No integration defined for method');
    expect((await cp.http.get(`/restapis/${api.id}/deployments`)).body.item).toEqual([]);
  });

  it('404s an unknown API', async () => {
    const res = await cp.http.post('/restapis/nope123456/deployments').send({});
    expectAwsError(res, 404, 'NotFoundException', 'Invalid API identifier specified 000000000000:nope123456');
  });

  it('creates the stage with the defaults AWS returns (recorded AWS answer get-stages)', async () => {
    const api = await deployableApi();
    const d = (await cp.http.post(`/restapis/${api.id}/deployments`).send({ stageName: 's1' })).body;
    const stage = await cp.http.get(`/restapis/${api.id}/stages/s1`);
    expect(stage.status).toBe(200);
    expect(stage.body).toEqual({
      cacheClusterEnabled: false,
      cacheClusterStatus: 'NOT_AVAILABLE',
      createdDate: expect.any(Number),
      deploymentId: d.id,
      lastUpdatedDate: expect.any(Number),
      methodSettings: {},
      stageName: 's1',
      tracingEnabled: false,
    });
  });

  it('passes stageDescription, variables, tracing and cache settings to a new stage', async () => {
    const api = await deployableApi();
    const res = await cp.http.post(`/restapis/${api.id}/deployments`).send({
      stageName: 'dev',
      description: 'the deployment',
      stageDescription: 'the stage',
      variables: { testVar: 'test', testVar2: 'test2' },
      tracingEnabled: true,
      cacheClusterEnabled: true,
    });
    expect(res.status).toBe(201);
    const stage = (await cp.http.get(`/restapis/${api.id}/stages/dev`)).body;
    expect(stage).toMatchObject({
      description: 'the stage',
      variables: { testVar: 'test', testVar2: 'test2' },
      tracingEnabled: true,
      cacheClusterEnabled: true,
      cacheClusterSize: '0.5',
    });
  });

  it('points an existing stage at the new deployment (recorded AWS answer get-stages-after-update)', async () => {
    const api = await deployableApi();
    const d1 = (await cp.http.post(`/restapis/${api.id}/deployments`).send({})).body;
    await cp.http.post(`/restapis/${api.id}/stages`).send({ stageName: 's1', deploymentId: d1.id, variables: { a: 'x' } });
    const d2 = (await cp.http.post(`/restapis/${api.id}/deployments`).send({ stageName: 's1', variables: { b: 'y' } })).body;
    const stage = (await cp.http.get(`/restapis/${api.id}/stages/s1`)).body;
    expect(stage.deploymentId).toBe(d2.id);
    expect(stage.variables).toEqual({ a: 'x', b: 'y' });
    expect(stage.canarySettings).toBeUndefined();
  });

  it('creates no stage for an empty stageName', async () => {
    const api = await deployableApi();
    expect((await cp.http.post(`/restapis/${api.id}/deployments`).send({ stageName: '' })).status).toBe(201);
    expect((await cp.http.get(`/restapis/${api.id}/stages`)).body.item).toEqual([]);
  });

  it('refuses a bad stage name or stage variable with AWS messages, writing nothing', async () => {
    const api = await deployableApi();
    expectAwsError(
      await cp.http.post(`/restapis/${api.id}/deployments`).send({ stageName: 'bad name!' }),
      400,
      'BadRequestException',
      'Stage name only allows a-zA-Z0-9_-',
    );
    // Real AWS message (serverless/serverless#6133).
    expectAwsError(
      await cp.http.post(`/restapis/${api.id}/deployments`).send({ stageName: 'dev', variables: { 'owner:app': 'x' } }),
      400,
      'BadRequestException',
      'Invalid stage variable name: owner:app.  Please use names with only word characters.',
    );
    expect((await cp.http.get(`/restapis/${api.id}/deployments`)).body.item).toEqual([]);
  });
});

describe('the deployment snapshot', () => {
  it('is frozen: editing a method after deploying leaves the stored snapshot as it was', async () => {
    const api = await deployableApi();
    addResource(api.id, api.rootResourceId, { id: 'pets01', pathPart: 'pets', path: '/pets', resourceMethods: { POST: mockGet('POST') } });
    const d1 = (await cp.http.post(`/restapis/${api.id}/deployments`).send({ stageName: 'dev' })).body;
    const before = cp.app.store.deployments.snapshot(scope, api.id, d1.id)!;
    expect(before.restApi).toMatchObject({ id: api.id, name: 'test-api' });
    expect(before.resources.map((r) => r.path).sort()).toEqual(['/', '/pets']);

    seedRoot(api.id, api.rootResourceId, {
      GET: mockGet('GET', { apiKeyRequired: true, methodIntegration: { type: 'HTTP_PROXY', httpMethod: 'GET', uri: 'http://example.com', timeoutInMillis: 29000 } }),
    });

    const after = cp.app.store.deployments.snapshot(scope, api.id, d1.id)!;
    expect(after).toEqual(before);
    const root = after.resources.find((r) => r.path === '/')!;
    expect(root.resourceMethods!.GET.methodIntegration!.type).toBe('MOCK');

    const d2 = (await cp.http.post(`/restapis/${api.id}/deployments`).send({})).body;
    const next = cp.app.store.deployments.snapshot(scope, api.id, d2.id)!;
    expect(next.resources.find((r) => r.path === '/')!.resourceMethods!.GET.methodIntegration!.type).toBe('HTTP_PROXY');
  });
});

describe('GetDeployment / GetDeployments', () => {
  it('returns the deployment, and its apiSummary with embed=apisummary', async () => {
    const api = await cp.createApi();
    seedRoot(api.id, api.rootResourceId, { GET: mockGet(), POST: mockGet('POST', { authorizationType: 'AWS_IAM', apiKeyRequired: true }) });
    addResource(api.id, api.rootResourceId, { id: 'pets01', pathPart: 'pets', path: '/pets', resourceMethods: { ANY: mockGet('ANY') } });
    addResource(api.id, api.rootResourceId, { id: 'empty1', pathPart: 'empty', path: '/empty' });
    const d = (await cp.http.post(`/restapis/${api.id}/deployments`).send({ description: 'v1' })).body;

    const plain = await cp.http.get(`/restapis/${api.id}/deployments/${d.id}`);
    expect(plain.status).toBe(200);
    expect(plain.body).toEqual({ id: d.id, description: 'v1', createdDate: d.createdDate });

    const embedded = await cp.http.get(`/restapis/${api.id}/deployments/${d.id}?embed=apisummary`);
    expect(embedded.body).toEqual({
      id: d.id,
      description: 'v1',
      createdDate: d.createdDate,
      apiSummary: {
        '/': {
          GET: { authorizationType: 'NONE', apiKeyRequired: false },
          POST: { authorizationType: 'AWS_IAM', apiKeyRequired: true },
        },
        '/pets': { ANY: { authorizationType: 'NONE', apiKeyRequired: false } },
      },
    });
  });

  it('404s an unknown deployment with AWS message', async () => {
    const api = await deployableApi();
    expectAwsError(
      await cp.http.get(`/restapis/${api.id}/deployments/abc123`),
      404,
      'NotFoundException',
      'Invalid Deployment identifier specified',
    );
  });

  it('lists deployments under item, in creation order, paged by limit/position', async () => {
    const api = await deployableApi();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await cp.http.post(`/restapis/${api.id}/deployments`).send({})).body.id);
    const all = await cp.http.get(`/restapis/${api.id}/deployments`);
    expect(all.body.item.map((d: { id: string }) => d.id)).toEqual(ids);
    expect(all.body.position).toBeUndefined();

    const p1 = await cp.http.get(`/restapis/${api.id}/deployments?limit=2`);
    expect(p1.body.item.map((d: { id: string }) => d.id)).toEqual(ids.slice(0, 2));
    const p2 = await cp.http.get(`/restapis/${api.id}/deployments?limit=2&position=${p1.body.position}`);
    expect(p2.body.item.map((d: { id: string }) => d.id)).toEqual(ids.slice(2));
    expect(p2.body.position).toBeUndefined();
  });
});

describe('UpdateDeployment', () => {
  it('replaces /description and refuses other paths', async () => {
    const api = await deployableApi();
    const d = (await cp.http.post(`/restapis/${api.id}/deployments`).send({})).body;
    const res = await cp.http
      .patch(`/restapis/${api.id}/deployments/${d.id}`)
      .send({ patchOperations: [{ op: 'replace', path: '/description', value: 'new' }] });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: d.id, description: 'new', createdDate: d.createdDate });
    expect((await cp.http.get(`/restapis/${api.id}/deployments/${d.id}`)).body.description).toBe('new');
    expectAwsError(
      await cp.http.patch(`/restapis/${api.id}/deployments/${d.id}`).send({ patchOperations: [{ op: 'replace', path: '/id', value: 'x' }] }),
      400,
      'BadRequestException',
      'Invalid patch path /id',
    );
  });
});

describe('DeleteDeployment', () => {
  it('answers 202 and refuses while a stage points at it (recorded AWS answers)', async () => {
    const api = await deployableApi();
    const d1 = (await cp.http.post(`/restapis/${api.id}/deployments`).send({ stageName: 's1' })).body;
    expectAwsError(
      await cp.http.delete(`/restapis/${api.id}/deployments/${d1.id}`),
      400,
      'BadRequestException',
      'Active stages pointing to this deployment must be moved or deleted',
    );
    const d2 = (await cp.http.post(`/restapis/${api.id}/deployments`).send({ stageName: 's1' })).body;
    expect((await cp.http.delete(`/restapis/${api.id}/deployments/${d1.id}`)).status).toBe(202);
    expectAwsError(await cp.http.delete(`/restapis/${api.id}/deployments/${d1.id}`), 404, 'NotFoundException', 'Invalid Deployment identifier specified');
    expectAwsError(
      await cp.http.delete(`/restapis/${api.id}/deployments/${d2.id}`),
      400,
      'BadRequestException',
      'Active stages pointing to this deployment must be moved or deleted',
    );
    expect((await cp.http.delete(`/restapis/${api.id}/stages/s1`)).status).toBe(202);
    expect((await cp.http.delete(`/restapis/${api.id}/deployments/${d2.id}`)).status).toBe(202);
    expect((await cp.http.get(`/restapis/${api.id}/deployments`)).body.item).toEqual([]);
  });

  it("refuses while a stage's canary points at it", async () => {
    const api = await deployableApi();
    await cp.http.post(`/restapis/${api.id}/deployments`).send({ stageName: 'dev' });
    const canary = (await cp.http.post(`/restapis/${api.id}/deployments`).send({ stageName: 'dev', canarySettings: { percentTraffic: 10 } })).body;
    expectAwsError(
      await cp.http.delete(`/restapis/${api.id}/deployments/${canary.id}`),
      400,
      'BadRequestException',
      'Active stages pointing to this deployment must be moved or deleted',
    );
  });
});

describe('canary deployments (recorded AWS answers, test_apigateway_canary)', () => {
  it('needs a stageName and an existing stage', async () => {
    const api = await deployableApi();
    const canarySettings = { percentTraffic: 50, stageVariableOverrides: { testVar: 'canary' } };
    expectAwsError(
      await cp.http.post(`/restapis/${api.id}/deployments`).send({ canarySettings }),
      400,
      'BadRequestException',
      'Invalid deployment content specified.Non null and non empty stageName must be provided for canary deployment. Provided value is null',
    );
    expectAwsError(
      await cp.http.post(`/restapis/${api.id}/deployments`).send({ stageName: '', canarySettings }),
      400,
      'BadRequestException',
      'Invalid deployment content specified.Non null and non empty stageName must be provided for canary deployment. Provided value is ',
    );
    expectAwsError(
      await cp.http.post(`/restapis/${api.id}/deployments`).send({ stageName: 'non-existing', canarySettings }),
      400,
      'BadRequestException',
      'Invalid deployment content specified.Stage non-existing must already be created before making a canary release deployment',
    );
    expect((await cp.http.get(`/restapis/${api.id}/deployments`)).body.item).toEqual([]);
  });

  it('puts a canary on the stage while the stage keeps its deployment', async () => {
    const api = await deployableApi();
    const d1 = (await cp.http.post(`/restapis/${api.id}/deployments`).send({})).body;
    await cp.http
      .post(`/restapis/${api.id}/stages`)
      .send({ stageName: 'dev', deploymentId: d1.id, description: 'dev stage', variables: { testVar: 'default' } });
    const d2 = await cp.http
      .post(`/restapis/${api.id}/deployments`)
      .send({ stageName: 'dev', canarySettings: { percentTraffic: 50, stageVariableOverrides: { testVar: 'canary' } } });
    expect(d2.status).toBe(201);
    expect(d2.body).toEqual({ id: expect.any(String), createdDate: expect.any(Number) });
    const stage = (await cp.http.get(`/restapis/${api.id}/stages/dev`)).body;
    expect(stage).toEqual({
      cacheClusterEnabled: false,
      cacheClusterStatus: 'NOT_AVAILABLE',
      canarySettings: { deploymentId: d2.body.id, percentTraffic: 50, stageVariableOverrides: { testVar: 'canary' }, useStageCache: false },
      createdDate: expect.any(Number),
      deploymentId: d1.id,
      description: 'dev stage',
      lastUpdatedDate: expect.any(Number),
      methodSettings: {},
      stageName: 'dev',
      tracingEnabled: false,
      variables: { testVar: 'default' },
    });
  });

  it('replaces an existing canary (recorded AWS answer get-stage-1)', async () => {
    const api = await deployableApi();
    const d1 = (await cp.http.post(`/restapis/${api.id}/deployments`).send({})).body;
    await cp.http.post(`/restapis/${api.id}/stages`).send({
      stageName: 'dev1',
      deploymentId: d1.id,
      canarySettings: { deploymentId: d1.id, percentTraffic: 40, stageVariableOverrides: { testVar: 'canary1' } },
    });
    const d2 = (await cp.http.post(`/restapis/${api.id}/deployments`).send({ stageName: 'dev1', canarySettings: { percentTraffic: 50, stageVariableOverrides: { testVar: 'canary2' } } })).body;
    const stage = (await cp.http.get(`/restapis/${api.id}/stages/dev1`)).body;
    expect(stage.deploymentId).toBe(d1.id);
    expect(stage.canarySettings).toEqual({ deploymentId: d2.id, percentTraffic: 50, stageVariableOverrides: { testVar: 'canary2' }, useStageCache: false });
  });
});

describe('stageChanged events', () => {
  function ctxWithSpy(): { ctx: OperationContext; changed: jest.Mock } {
    const changed = jest.fn();
    const ctx = {
      scope,
      caller: { ...scope, accessKeyId: null },
      requestId: 'r',
      store: cp.app.store,
      config: cp.app.config,
      log: cp.app.log,
      events: { stageChanged: changed },
    } as OperationContext;
    return { ctx, changed };
  }

  it('fires for a deployment with stageName, not for one without', async () => {
    const api = await deployableApi();
    const { ctx, changed } = ctxWithSpy();
    await deploymentHandlers.CreateDeployment({ restApiId: api.id }, ctx);
    expect(changed).not.toHaveBeenCalled();
    await deploymentHandlers.CreateDeployment({ restApiId: api.id, stageName: 'dev' }, ctx);
    expect(changed).toHaveBeenCalledWith(scope, api.id, 'dev');
    await deploymentHandlers.CreateDeployment({ restApiId: api.id, stageName: 'dev', canarySettings: { percentTraffic: 5 } }, ctx);
    expect(changed).toHaveBeenCalledTimes(2);
  });
});
