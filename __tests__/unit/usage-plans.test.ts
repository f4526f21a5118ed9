/**
 * Usage plan and usage plan key operations. Expected answers are AWS's:
 * recorded real responses (LocalStack's test_apigateway_common
 * TestUsagePlans and test_apigateway_extended TestApigatewayApiKeysCrud
 * snapshots, recorded against AWS), the patch paths Terraform's AWS provider
 * sends, and AWS messages quoted in user reports (cited per test).
 */
import { useControlPlane, expectAwsError } from '../helpers/app';

const cp = useControlPlane();
const ACCOUNT = '000000000000';

const createPlan = (body: Record<string, unknown>) => cp.http.post('/usageplans').send(body);
const patchPlan = (id: string, ...patchOperations: Record<string, string>[]) =>
  cp.http.patch(`/usageplans/${id}`).send({ patchOperations });
const addKey = (planId: string, keyId: string) => cp.http.post(`/usageplans/${planId}/keys`).send({ keyId, keyType: 'API_KEY' });
const createKey = async (name?: string): Promise<{ id: string; value: string; name?: string }> =>
  (await cp.http.post('/apikeys').send(name ? { name } : {}).expect(201)).body;

/** A REST API with deployed stages (a MOCK GET on its root). */
async function apiWithStages(...stageNames: string[]): Promise<string> {
  const api = await cp.createApi();
  const method = `/restapis/${api.id}/resources/${api.rootResourceId}/methods/GET`;
  await cp.http.put(method).send({ authorizationType: 'NONE' }).expect(201);
  await cp.http.put(`${method}/integration`).send({ type: 'MOCK' }).expect(201);
  for (const stageName of stageNames) await cp.http.post(`/restapis/${api.id}/deployments`).send({ stageName }).expect(201);
  return api.id;
}

describe('CreateUsagePlan', () => {
  it('answers 201 with apiStages [] and nothing else it was not given (recorded AWS answer)', async () => {
    const res = await createPlan({ name: 'usage-plan-1' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.stringMatching(/^[a-z0-9]{6}$/), name: 'usage-plan-1', apiStages: [] });
  });

  it('keeps API stages, throttle, quota (offset 0 by default) and tags', async () => {
    const apiId = await apiWithStages('dev');
    const res = await createPlan({
      name: 'test-plan',
      description: 'Test Usage Plan for API key',
      quota: { limit: 10, period: 'DAY' },
      throttle: { rateLimit: 2, burstLimit: 1 },
      apiStages: [{ apiId, stage: 'dev', throttle: { '//GET': { burstLimit: 1, rateLimit: 0.5 } } }],
      tags: { tag_key: 'tag_value' },
    });
    // Recorded AWS answer (test_api_key_required_for_methods create-usage-plan), plus a method throttle.
    expect(res.body).toEqual({
      id: expect.any(String),
      name: 'test-plan',
      description: 'Test Usage Plan for API key',
      apiStages: [{ apiId, stage: 'dev', throttle: { '//GET': { burstLimit: 1, rateLimit: 0.5 } } }],
      quota: { limit: 10, offset: 0, period: 'DAY' },
      throttle: { burstLimit: 1, rateLimit: 2 },
      tags: { tag_key: 'tag_value' },
    });
  });

  it('refuses unknown APIs and stages with AWS messages', async () => {
    const apiId = await apiWithStages('dev');
    // aws/aws-cdk#12731: an unknown API is a 404 naming account and id.
    expectAwsError(
      await createPlan({ name: 'p', apiStages: [{ apiId: 'nope000000', stage: 'dev' }] }),
      404,
      'NotFoundException',
      `Invalid API identifier specified ${ACCOUNT}:nope000000`,
    );
    // aws/aws-sdk#354, aws/aws-cdk#6169: AWS sends its placeholders unformatted.
    const invalidStage = 'Invalid API Stage {api: %s, stage: %s} specified for usageplan %s';
    expectAwsError(await createPlan({ name: 'p', apiStages: [{ apiId, stage: 'prod' }] }), 400, 'BadRequestException', invalidStage);
    expectAwsError(await createPlan({ name: 'p', apiStages: [{ apiId: '', stage: 'dev' }] }), 400, 'BadRequestException', invalidStage);
  });

  it('refuses stage throttles without a plan throttle, bad quotas and a missing name', async () => {
    const apiId = await apiWithStages('dev');
    // aws/aws-cdk#6411 quotes AWS's message.
    expectAwsError(
      await createPlan({ name: 'p', apiStages: [{ apiId, stage: 'dev', throttle: { '//GET': { burstLimit: 1, rateLimit: 1 } } }] }),
      400,
      'BadRequestException',
      'Can not define fine grain throttling if usage plan throttle is not defined.',
    );
    expectAwsError(await createPlan({ name: 'p', quota: { limit: 10, period: 'YEAR' } }), 400, 'BadRequestException');
    expectAwsError(await createPlan({ name: 'p', quota: { limit: 10, period: 'WEEK', offset: 7 } }), 400, 'BadRequestException');
    expectAwsError(await createPlan({ name: 'p', quota: { limit: -1, period: 'DAY' } }), 400, 'BadRequestException');
    expectAwsError(await createPlan({ name: 'p', throttle: { burstLimit: -1 } }), 400, 'BadRequestException');
    expectAwsError(await createPlan({}), 400, 'BadRequestException');
  });
});

describe('GetUsagePlan / GetUsagePlans', () => {
  it('GetUsagePlan shows tags {}; the listing leaves empty tags out (recorded AWS answers)', async () => {
    const plan = (await createPlan({ name: 'p', description: 'd' })).body;
    expect((await cp.http.get(`/usageplans/${plan.id}`)).body).toEqual({ ...plan, tags: {} });
    expect((await cp.http.get('/usageplans')).body).toEqual({ item: [plan] });
    expectAwsError(await cp.http.get('/usageplans/nope00'), 404, 'NotFoundException', 'Invalid Usage Plan ID specified');
  });

  it('filters by keyId and pages', async () => {
    const a = (await createPlan({ name: 'a' })).body;
    const b = (await createPlan({ name: 'b' })).body;
    const key = await createKey('k');
    await addKey(b.id, key.id).expect(201);
    expect((await cp.http.get(`/usageplans?keyId=${key.id}`)).body.item.map((p: { id: string }) => p.id)).toEqual([b.id]);
    const p1 = await cp.http.get('/usageplans?limit=1');
    expect(p1.body.item.map((p: { id: string }) => p.id)).toEqual([a.id]);
    const p2 = await cp.http.get(`/usageplans?limit=1&position=${p1.body.position}`);
    expect(p2.body).toEqual({ item: [b] });
  });
});

describe('UpdateUsagePlan', () => {
  it('replaces the throttle as the recorded AWS answer shows', async () => {
    const plan = (await createPlan({ name: 'p' })).body;
    const res = await patchPlan(
      plan.id,
      { op: 'replace', path: '/throttle/burstLimit', value: '100' },
      { op: 'replace', path: '/throttle/rateLimit', value: '200' },
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ...plan, tags: {}, throttle: { burstLimit: 100, rateLimit: 200 } });
  });

  it('updates name, description, product code and quota; removes throttle and quota', async () => {
    const plan = (await createPlan({ name: 'p', throttle: { burstLimit: 1, rateLimit: 1 } })).body;
    const res = await patchPlan(
      plan.id,
      { op: 'replace', path: '/name', value: 'renamed' },
      { op: 'replace', path: '/description', value: 'desc' },
      { op: 'add', path: '/productCode', value: 'code-1' },
      { op: 'add', path: '/quota/limit', value: '500' },
      { op: 'add', path: '/quota/period', value: 'MONTH' },
      { op: 'add', path: '/quota/offset', value: '2' },
      { op: 'remove', path: '/throttle' },
    );
    expect(res.body).toEqual({
      id: plan.id,
      name: 'renamed',
      description: 'desc',
      productCode: 'code-1',
      apiStages: [],
      quota: { limit: 500, offset: 2, period: 'MONTH' },
      tags: {},
    });
    const removed = await patchPlan(plan.id, { op: 'remove', path: '/quota' }, { op: 'remove', path: '/productCode' });
    expect(removed.body).toEqual({ id: plan.id, name: 'renamed', description: 'desc', apiStages: [], tags: {} });
  });

  it('adds and removes API stages (value apiId:stage) and per-method throttles as Terraform sends them', async () => {
    const apiId = await apiWithStages('dev', 'prod');
    const plan = (await createPlan({ name: 'p', throttle: { burstLimit: 10, rateLimit: 10 }, apiStages: [{ apiId, stage: 'dev' }] })).body;
    const res = await patchPlan(
      plan.id,
      { op: 'add', path: '/apiStages', value: `${apiId}:prod` },
      { op: 'replace', path: `/apiStages/${apiId}:prod/throttle//pets/GET/rateLimit`, value: '5' },
      { op: 'replace', path: `/apiStages/${apiId}:prod/throttle/~1pets~1GET/burstLimit`, value: '3' },
      { op: 'remove', path: '/apiStages', value: `${apiId}:dev` },
    );
    expect(res.status).toBe(200);
    expect(res.body.apiStages).toEqual([{ apiId, stage: 'prod', throttle: { '/pets/GET': { rateLimit: 5, burstLimit: 3 } } }]);
    const cleared = await patchPlan(plan.id, { op: 'remove', path: `/apiStages/${apiId}:prod/throttle//pets/GET` });
    expect(cleared.body.apiStages).toEqual([{ apiId, stage: 'prod' }]);
  });

  it('answers AWS messages for bad stage operations and paths', async () => {
    const apiId = await apiWithStages('dev');
    const plan = (await createPlan({ name: 'p' })).body;
    // boto/boto3#825: an add naming no existing stage.
    expectAwsError(await patchPlan(plan.id, { op: 'add', path: '/apiStages', value: `${apiId}:nope` }), 404, 'NotFoundException', `API Stage not found: ${apiId}:nope`);
    // boto/boto3#2629: remove without a stage value, and remove on a path AWS does not take.
    expectAwsError(await patchPlan(plan.id, { op: 'remove', path: '/apiStages' }), 400, 'BadRequestException', 'Invalid API Stage specified');
    expectAwsError(
      await patchPlan(plan.id, { op: 'remove', path: `/apiStages/${apiId}:dev` }),
      400,
      'BadRequestException',
      `Invalid patch path  '/apiStages/${apiId}:dev' specified for op 'remove'. Must be one of: [/apiStages, /quota, /throttle, /productCode, /apiStages/<apidId:stageName>/throttle/<resourcePath>/<httpMethod>, /apiStages/<apidId:stageName>/throttle]`,
    );
    expectAwsError(
      await patchPlan(plan.id, { op: 'remove', path: '/apiStages', value: `${apiId}:dev` }),
      404,
      'NotFoundException',
      `Invalid API Stage {api: ${apiId}, stage: dev} specified for usageplan ${plan.id}`,
    );
    expectAwsError(await patchPlan(plan.id, { op: 'replace', path: '/quota/period', value: 'YEAR' }), 400, 'BadRequestException');
    // Nothing of a failed update is kept.
    expect((await cp.http.get(`/usageplans/${plan.id}`)).body).toEqual({ ...plan, tags: {} });
  });
});

describe('DeleteUsagePlan', () => {
  it('refuses a plan that still has API stages (aws/aws-sdk-js#3841), then deletes it (202)', async () => {
    const apiId = await apiWithStages('dev');
    const plan = (await createPlan({ name: 'p', apiStages: [{ apiId, stage: 'dev' }] })).body;
    expectAwsError(
      await cp.http.delete(`/usageplans/${plan.id}`),
      400,
      'BadRequestException',
      `Cannot delete Usage Plan ${plan.id} because there are API Stages associated with it, including ${apiId}:dev`,
    );
    await patchPlan(plan.id, { op: 'remove', path: '/apiStages', value: `${apiId}:dev` }).expect(200);
    expect((await cp.http.delete(`/usageplans/${plan.id}`)).status).toBe(202);
    expectAwsError(await cp.http.get(`/usageplans/${plan.id}`), 404, 'NotFoundException', 'Invalid Usage Plan ID specified');
  });

  it('drops a deleted stage or REST API from the plans that name it', async () => {
    const apiId = await apiWithStages('dev', 'prod');
    const plan = (await createPlan({ name: 'p', apiStages: [{ apiId, stage: 'dev' }, { apiId, stage: 'prod' }] })).body;
    await cp.http.delete(`/restapis/${apiId}/stages/dev`).expect(202);
    expect((await cp.http.get(`/usageplans/${plan.id}`)).body.apiStages).toEqual([{ apiId, stage: 'prod' }]);
    await cp.http.delete(`/restapis/${apiId}`).expect(202);
    expect((await cp.http.get(`/usageplans/${plan.id}`)).body.apiStages).toEqual([]);
  });
});

describe('Usage plan keys', () => {
  it('creates, gets and lists plan keys newest first, with the name filter (recorded AWS answers)', async () => {
    const plan = (await createPlan({ name: 'p' })).body;
    const k1 = await createKey('test-key-1');
    const k2 = await createKey('test-key-2');
    const created = await addKey(plan.id, k1.id);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: k1.id, name: 'test-key-1', type: 'API_KEY', value: k1.value });
    await addKey(plan.id, k2.id).expect(201);
    expect((await cp.http.get(`/usageplans/${plan.id}/keys/${k1.id}`)).body).toEqual(created.body);
    const ids = async (q = '') => (await cp.http.get(`/usageplans/${plan.id}/keys${q}`)).body.item.map((k: { id: string }) => k.id);
    expect(await ids()).toEqual([k2.id, k1.id]);
    expect(await ids('?name=test-key')).toEqual([k2.id, k1.id]);
    expect(await ids('?name=TEST-key')).toEqual([]);
    expect(await ids('?name=test-key-1')).toEqual([k1.id]);
    const page = await cp.http.get(`/usageplans/${plan.id}/keys?limit=1`);
    expect(page.body.item.map((k: { id: string }) => k.id)).toEqual([k2.id]);
    expect((await cp.http.get(`/usageplans/${plan.id}/keys?limit=1&position=${page.body.position}`)).body).toEqual({ item: [created.body] });
    // Recorded AWS answer: an unknown plan lists nothing rather than 404.
    expect((await cp.http.get('/usageplans/bad-id/keys')).body).toEqual({ item: [] });
  });

  it('refuses unknown plans and keys, other key types and a key already in the plan', async () => {
    const plan = (await createPlan({ name: 'p' })).body;
    const key = await createKey();
    expectAwsError(await addKey('nope00', key.id), 404, 'NotFoundException', 'Invalid Usage Plan ID specified');
    expectAwsError(await addKey(plan.id, 'nope000000'), 404, 'NotFoundException', 'Invalid API Key identifier specified');
    expectAwsError(await cp.http.post(`/usageplans/${plan.id}/keys`).send({ keyId: key.id, keyType: 'COGNITO' }), 400, 'BadRequestException');
    await addKey(plan.id, key.id).expect(201);
    expectAwsError(await addKey(plan.id, key.id), 409, 'ConflictException');
    expectAwsError(await cp.http.get(`/usageplans/${plan.id}/keys/nope000000`), 404, 'NotFoundException', 'Invalid API Key identifier specified');
  });

  it('refuses a key in two plans that share an API stage', async () => {
    const apiId = await apiWithStages('dev');
    const a = (await createPlan({ name: 'a', apiStages: [{ apiId, stage: 'dev' }] })).body;
    const b = (await createPlan({ name: 'b', apiStages: [{ apiId, stage: 'dev' }] })).body;
    const key = await createKey();
    await addKey(a.id, key.id).expect(201);
    expectAwsError(
      await addKey(b.id, key.id),
      409,
      'ConflictException',
      `Usage Plan ${b.id} cannot be added because API Key ${key.id} cannot reference multiple Usage Plans with the same API Stage: ${apiId}:dev`,
    );
  });

  it('deletes a plan key (202), then 404', async () => {
    const plan = (await createPlan({ name: 'p' })).body;
    const key = await createKey();
    await addKey(plan.id, key.id).expect(201);
    expect((await cp.http.delete(`/usageplans/${plan.id}/keys/${key.id}`)).status).toBe(202);
    expectAwsError(await cp.http.delete(`/usageplans/${plan.id}/keys/${key.id}`), 404, 'NotFoundException');
    expectAwsError(await cp.http.get(`/usageplans/${plan.id}/keys/${key.id}`), 404, 'NotFoundException', 'Invalid Usage Plan ID specified');
  });
});

describe('Usage plan tags', () => {
  it('tags the usageplans ARN; an unknown plan is 404', async () => {
    const plan = (await createPlan({ name: 'p', tags: { a: '1' } })).body;
    const arn = encodeURIComponent(`arn:aws:apigateway:us-east-1::/usageplans/${plan.id}`);
    await cp.http.put(`/tags/${arn}`).send({ tags: { b: '2' } }).expect(204);
    expect((await cp.http.get(`/tags/${arn}`)).body).toEqual({ tags: { a: '1', b: '2' } });
    expect((await cp.http.get('/usageplans')).body.item[0].tags).toEqual({ a: '1', b: '2' });
    const unknown = encodeURIComponent('arn:aws:apigateway:us-east-1::/usageplans/nope00');
    expectAwsError(await cp.http.get(`/tags/${unknown}`), 404, 'NotFoundException', 'Invalid Usage Plan ID specified');
  });
});
