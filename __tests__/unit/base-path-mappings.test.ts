/**
 * BasePathMapping operations. Facts from AWS: the API Reference (201 on
 * create, 202 on delete, "Specify '(none)' if you do not want callers to
 * specify a base path name"), the AWS CLI examples (GetBasePathMappings lists
 * `(none)` and `v1` under `item`; UpdateBasePathMapping replaces
 * `/basePath`), AWS's answers as users quote them ("Invalid domain name
 * identifier specified", "Base path already exists for this domain name"),
 * and the Developer Guide on multi-level mappings (`orders/v2/items`).
 */
import { useControlPlane, expectAwsError } from '../helpers/app';

const cp = useControlPlane();
const DOMAIN = 'api.example.com';
const mappings = `/domainnames/${DOMAIN}/basepathmappings`;

/** An API with a deployed stage `dev` (and `prod`). */
async function apiWithStages(): Promise<string> {
  const api = await cp.createApi();
  const method = `/restapis/${api.id}/resources/${api.rootResourceId}/methods/GET`;
  await cp.http.put(method).send({ authorizationType: 'NONE' }).expect(201);
  await cp.http.put(`${method}/integration`).send({ type: 'MOCK' }).expect(201);
  await cp.http.post(`/restapis/${api.id}/deployments`).send({ stageName: 'dev' }).expect(201);
  await cp.http.post(`/restapis/${api.id}/deployments`).send({ stageName: 'prod' }).expect(201);
  return api.id;
}

beforeEach(async () => {
  await cp.http.post('/domainnames').send({ domainName: DOMAIN }).expect(201);
});

describe('CreateBasePathMapping', () => {
  it('maps the empty base path as (none) when basePath is omitted, without a stage', async () => {
    const apiId = await apiWithStages();
    const res = await cp.http.post(mappings).send({ restApiId: apiId });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ basePath: '(none)', restApiId: apiId });
  });

  it('maps a named and a multi-level base path to a stage', async () => {
    const apiId = await apiWithStages();
    expect((await cp.http.post(mappings).send({ restApiId: apiId, basePath: 'v1', stage: 'dev' })).body).toEqual({
      basePath: 'v1',
      restApiId: apiId,
      stage: 'dev',
    });
    const multi = await cp.http.post(mappings).send({ restApiId: apiId, basePath: 'orders/v2/items', stage: 'prod' });
    expect(multi.status).toBe(201);
    expect(multi.body.basePath).toBe('orders/v2/items');
    const got = await cp.http.get(`${mappings}/${encodeURIComponent('orders/v2/items')}`);
    expect(got.body).toEqual({ basePath: 'orders/v2/items', restApiId: apiId, stage: 'prod' });
  });

  it.each(['', '(none)'])('treats basePath %j as the empty base path', async (basePath) => {
    const apiId = await apiWithStages();
    expect((await cp.http.post(mappings).send({ restApiId: apiId, basePath })).body.basePath).toBe('(none)');
  });

  it('answers 409 for a base path already mapped (the empty one too)', async () => {
    const apiId = await apiWithStages();
    await cp.http.post(mappings).send({ restApiId: apiId, basePath: 'v1' }).expect(201);
    expectAwsError(await cp.http.post(mappings).send({ restApiId: apiId, basePath: 'v1', stage: 'dev' }), 409, 'ConflictException', 'Base path already exists for this domain name');
    await cp.http.post(mappings).send({ restApiId: apiId }).expect(201);
    expectAwsError(await cp.http.post(mappings).send({ restApiId: apiId, basePath: '(none)' }), 409, 'ConflictException', 'Base path already exists for this domain name');
  });

  it('needs an existing domain name, API and stage', async () => {
    const apiId = await apiWithStages();
    expectAwsError(
      await cp.http.post('/domainnames/nope.example.com/basepathmappings').send({ restApiId: apiId }),
      404,
      'NotFoundException',
      'Invalid domain name identifier specified',
    );
    expectAwsError(await cp.http.post(mappings).send({ restApiId: 'nope123456' }), 400, 'BadRequestException', 'Invalid REST API identifier specified');
    expectAwsError(await cp.http.post(mappings).send({ restApiId: apiId, stage: 'qa' }), 400, 'BadRequestException', 'Invalid stage identifier specified');
  });

  it.each(['a b', '/v1', 'v1/', 'a//b', 'v1?x', 'x'.repeat(301)])('refuses the base path %j', async (basePath) => {
    const apiId = await apiWithStages();
    expectAwsError(await cp.http.post(mappings).send({ restApiId: apiId, basePath }), 400, 'BadRequestException');
  });

  it("accepts AWS's special characters", async () => {
    const apiId = await apiWithStages();
    const basePath = "a$-_.+!*'()b";
    expect((await cp.http.post(mappings).send({ restApiId: apiId, basePath })).body.basePath).toBe(basePath);
  });
});

describe('GetBasePathMapping / GetBasePathMappings', () => {
  it('lists the mappings under item, sorted by base path, (none) included', async () => {
    const apiId = await apiWithStages();
    await cp.http.post(mappings).send({ restApiId: apiId, basePath: 'v1', stage: 'dev' }).expect(201);
    await cp.http.post(mappings).send({ restApiId: apiId, stage: 'prod' }).expect(201);
    const res = await cp.http.get(mappings);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      item: [
        { basePath: '(none)', restApiId: apiId, stage: 'prod' },
        { basePath: 'v1', restApiId: apiId, stage: 'dev' },
      ],
    });
    expect((await cp.http.get(`${mappings}/(none)`)).body).toEqual({ basePath: '(none)', restApiId: apiId, stage: 'prod' });
    const page = await cp.http.get(`${mappings}?limit=1`);
    expect(page.body.item).toHaveLength(1);
    expect((await cp.http.get(`${mappings}?limit=1&position=${page.body.position}`)).body.item[0].basePath).toBe('v1');
  });

  it('404s an unknown mapping and an unknown domain', async () => {
    expectAwsError(await cp.http.get(`${mappings}/v9`), 404, 'NotFoundException', 'Invalid base path mapping identifier specified');
    expectAwsError(await cp.http.get('/domainnames/nope.example.com/basepathmappings'), 404, 'NotFoundException', 'Invalid domain name identifier specified');
  });
});

describe('UpdateBasePathMapping', () => {
  const patch = (basePath: string, ops: unknown[]) => cp.http.patch(`${mappings}/${encodeURIComponent(basePath)}`).send({ patchOperations: ops });

  it('renames the base path (as the AWS CLI example does) and repoints the stage', async () => {
    const apiId = await apiWithStages();
    await cp.http.post(mappings).send({ restApiId: apiId, basePath: 'prod', stage: 'dev' }).expect(201);
    const res = await patch('prod', [
      { op: 'replace', path: '/basePath', value: 'v1' },
      { op: 'replace', path: '/stage', value: 'prod' },
    ]);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ basePath: 'v1', restApiId: apiId, stage: 'prod' });
    expectAwsError(await cp.http.get(`${mappings}/prod`), 404, 'NotFoundException');
    expect((await cp.http.get(`${mappings}/v1`)).body.stage).toBe('prod');
  });

  it('moves the mapping to another API and checks the stage there', async () => {
    const a = await apiWithStages();
    const b = (await cp.createApi({ name: 'b' })).id;
    await cp.http.post(mappings).send({ restApiId: a, basePath: 'v1', stage: 'dev' }).expect(201);
    expectAwsError(await patch('v1', [{ op: 'replace', path: '/restApiId', value: b }]), 400, 'BadRequestException', 'Invalid stage identifier specified');
    const moved = await patch('v1', [
      { op: 'replace', path: '/restApiId', value: b },
      { op: 'replace', path: '/stage', value: '(none)' },
    ]);
    expect(moved.body).toEqual({ basePath: 'v1', restApiId: b });
    expectAwsError(await patch('v1', [{ op: 'replace', path: '/restApiId', value: 'nope123456' }]), 400, 'BadRequestException', 'Invalid REST API identifier specified');
  });

  it('refuses a base path already taken, an unknown path, and an unknown mapping', async () => {
    const apiId = await apiWithStages();
    await cp.http.post(mappings).send({ restApiId: apiId, basePath: 'v1' }).expect(201);
    await cp.http.post(mappings).send({ restApiId: apiId, basePath: 'v2' }).expect(201);
    expectAwsError(await patch('v1', [{ op: 'replace', path: '/basePath', value: 'v2' }]), 409, 'ConflictException', 'Base path already exists for this domain name');
    expectAwsError(await patch('v1', [{ op: 'replace', path: '/domainName', value: 'x' }]), 400, 'BadRequestException', 'Invalid patch path /domainName');
    expectAwsError(await patch('v9', []), 404, 'NotFoundException', 'Invalid base path mapping identifier specified');
  });
});

describe('DeleteBasePathMapping', () => {
  it('answers 202, then 404', async () => {
    const apiId = await apiWithStages();
    await cp.http.post(mappings).send({ restApiId: apiId }).expect(201);
    expect((await cp.http.delete(`${mappings}/(none)`)).status).toBe(202);
    expect((await cp.http.get(mappings)).body).toEqual({ item: [] });
    expectAwsError(await cp.http.delete(`${mappings}/(none)`), 404, 'NotFoundException', 'Invalid base path mapping identifier specified');
  });
});

describe('private custom domain names', () => {
  it('are addressed with domainNameId', async () => {
    const apiId = await apiWithStages();
    const d = (await cp.http.post('/domainnames').send({ domainName: 'private.example.com', endpointConfiguration: { types: ['PRIVATE'] } })).body;
    const base = '/domainnames/private.example.com/basepathmappings';
    expectAwsError(await cp.http.post(base).send({ restApiId: apiId }), 404, 'NotFoundException', 'Invalid domain name identifier specified');
    await cp.http.post(`${base}?domainNameId=${d.domainNameId}`).send({ restApiId: apiId, stage: 'dev' }).expect(201);
    expect((await cp.http.get(`${base}?domainNameId=${d.domainNameId}`)).body.item).toEqual([{ basePath: '(none)', restApiId: apiId, stage: 'dev' }]);
  });
});
