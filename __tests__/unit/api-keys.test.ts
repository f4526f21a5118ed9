/**
 * API key operations: CreateApiKey, GetApiKey(s), UpdateApiKey, DeleteApiKey,
 * ImportApiKeys and API key tags. Expected answers are AWS's: recorded real
 * responses (LocalStack's test_apigateway_extended TestApigatewayApiKeysCrud
 * and test_apigateway_common TestUsagePlans snapshots, recorded against
 * AWS), the Developer Guide's API key file format, and AWS messages quoted
 * in user reports.
 */
import { useControlPlane, expectAwsError } from '../helpers/app';

const cp = useControlPlane();

const createKey = (body: Record<string, unknown> = {}) => cp.http.post('/apikeys').send(body);
const patchKey = (id: string, ...patchOperations: Record<string, string>[]) =>
  cp.http.patch(`/apikeys/${id}`).send({ patchOperations });
const importKeys = (csv: string, query = 'mode=import&format=csv') =>
  cp.http.post(`/apikeys?${query}`).set('content-type', 'text/csv').send(csv);
const keyArn = (id: string) => `arn:aws:apigateway:us-east-1::/apikeys/${id}`;

/** A REST API with a deployed stage (a MOCK GET on its root). */
async function apiWithStage(stageName = 'dev'): Promise<string> {
  const api = await cp.createApi();
  const method = `/restapis/${api.id}/resources/${api.rootResourceId}/methods/GET`;
  await cp.http.put(method).send({ authorizationType: 'NONE' }).expect(201);
  await cp.http.put(`${method}/integration`).send({ type: 'MOCK' }).expect(201);
  await cp.http.post(`/restapis/${api.id}/deployments`).send({ stageName }).expect(201);
  return api.id;
}

describe('CreateApiKey', () => {
  it('answers 201 with AWS defaults: disabled, stageKeys [], a generated 40-character value', async () => {
    const res = await createKey({ name: 'my-key' });
    expect(res.status).toBe(201);
    // Recorded AWS answer (create-api-key): no description, no tags, enabled false.
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[a-z0-9]{10}$/),
      name: 'my-key',
      enabled: false,
      createdDate: expect.any(Number),
      lastUpdatedDate: expect.any(Number),
      stageKeys: [],
      value: expect.stringMatching(/^[A-Za-z0-9]{40}$/),
    });
    expect(res.body.lastUpdatedDate).toBe(res.body.createdDate);
  });

  it('keeps a given value, description, customer id and tags; leaves an empty name out', async () => {
    const res = await createKey({
      name: '',
      value: 'abcdefghij0123456789',
      description: 'for tests',
      enabled: true,
      customerId: 'cust-1',
      generateDistinctId: true,
      tags: { team: 'a' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ value: 'abcdefghij0123456789', description: 'for tests', enabled: true, customerId: 'cust-1', tags: { team: 'a' } });
    expect(res.body).not.toHaveProperty('name');
  });

  it.each([
    [19, 'API Key value should be at least 20 characters'],
    [129, 'API Key value exceeds maximum size of 128 characters'],
  ])('refuses a value of %i characters', async (length, message) => {
    expectAwsError(await createKey({ value: 'x'.repeat(length) }), 400, 'BadRequestException', message);
  });

  it('refuses a name over 1024 characters and a value another key has (409)', async () => {
    expectAwsError(await createKey({ name: 'n'.repeat(1025) }), 400, 'BadRequestException', 'Invalid API Key name, can be at most 1024 characters.');
    await createKey({ value: 'v'.repeat(30) }).expect(201);
    expectAwsError(await createKey({ value: 'v'.repeat(30) }), 409, 'ConflictException', 'API Key already exists');
  });

  it('turns stage keys into restApiId/stageName and refuses an unknown stage', async () => {
    const apiId = await apiWithStage();
    const res = await createKey({ stageKeys: [{ restApiId: apiId, stageName: 'dev' }] });
    expect(res.body.stageKeys).toEqual([`${apiId}/dev`]);
    expectAwsError(await createKey({ stageKeys: [{ restApiId: apiId, stageName: 'prod' }] }), 404, 'NotFoundException', 'Invalid Stage identifier specified');
  });
});

describe('GetApiKey / GetApiKeys', () => {
  it('shows the value only with includeValue, and tags always', async () => {
    const { id, value } = (await createKey({ name: 'k' })).body;
    const plain = await cp.http.get(`/apikeys/${id}`);
    expect(plain.status).toBe(200);
    expect(plain.body).not.toHaveProperty('value');
    expect(plain.body.tags).toEqual({});
    expect((await cp.http.get(`/apikeys/${id}?includeValue=true`)).body.value).toBe(value);
    expectAwsError(await cp.http.get('/apikeys/nope000000'), 404, 'NotFoundException', 'Invalid API Key identifier specified');
  });

  it('lists newest first without values; name is a case-sensitive prefix (recorded AWS answers)', async () => {
    const first = (await createKey({ name: 'test-key-aaa' })).body;
    const second = (await createKey({ name: 'test-key-bbb', customerId: 'c2' })).body;
    const all = await cp.http.get('/apikeys');
    expect(all.body.item.map((k: { id: string }) => k.id)).toEqual([second.id, first.id]);
    expect(all.body.item[0]).not.toHaveProperty('value');
    expect(all.body.item[0]).not.toHaveProperty('tags');
    const names = async (q: string) => (await cp.http.get(`/apikeys?${q}`)).body.item.map((k: { name: string }) => k.name);
    expect(await names('name=test-key')).toEqual(['test-key-bbb', 'test-key-aaa']);
    expect(await names('name=TEST-KEY')).toEqual([]);
    expect(await names('name=est-key')).toEqual([]);
    expect(await names('name=test-key-aaa')).toEqual(['test-key-aaa']);
    expect(await names('customerId=c2')).toEqual(['test-key-bbb']);
    const withValues = await cp.http.get('/apikeys?includeValues=true');
    expect(withValues.body.item.map((k: { value: string }) => k.value)).toEqual([second.value, first.value]);
  });

  it('pages with limit and position', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await createKey({ name: `k${i}` })).body.id);
    const p1 = await cp.http.get('/apikeys?limit=2');
    expect(p1.body.item.map((k: { id: string }) => k.id)).toEqual([ids[2], ids[1]]);
    expect(typeof p1.body.position).toBe('string');
    const p2 = await cp.http.get(`/apikeys?limit=2&position=${p1.body.position}`);
    expect(p2.body).toEqual({ item: [expect.objectContaining({ id: ids[0] })] });
  });
});

describe('UpdateApiKey', () => {
  it('replaces name, description, enabled and customer id; answers tags {} without the value', async () => {
    const key = (await createKey({ name: 'old', enabled: true })).body;
    const res = await patchKey(
      key.id,
      { op: 'replace', path: '/name', value: 'new' },
      { op: 'replace', path: '/description', value: 'desc' },
      { op: 'replace', path: '/enabled', value: 'false' },
      { op: 'replace', path: '/customerId', value: 'cust' },
    );
    expect(res.status).toBe(200);
    // Recorded AWS answer (update-api-key-disabled): tags {} and no value.
    expect(res.body).toEqual({
      id: key.id,
      name: 'new',
      description: 'desc',
      enabled: false,
      customerId: 'cust',
      createdDate: key.createdDate,
      lastUpdatedDate: expect.any(Number),
      stageKeys: [],
      tags: {},
    });
  });

  it('adds and removes stage keys', async () => {
    const apiId = await apiWithStage();
    const key = (await createKey()).body;
    const added = await patchKey(key.id, { op: 'add', path: '/stages', value: `${apiId}/dev` });
    expect(added.body.stageKeys).toEqual([`${apiId}/dev`]);
    const removed = await patchKey(key.id, { op: 'remove', path: '/stages', value: `${apiId}/dev` });
    expect(removed.body.stageKeys).toEqual([]);
    expectAwsError(await patchKey(key.id, { op: 'add', path: '/stages', value: `${apiId}/prod` }), 404, 'NotFoundException');
  });

  it('refuses an unknown path, a non-boolean enabled and an unknown key', async () => {
    const key = (await createKey()).body;
    expectAwsError(await patchKey(key.id, { op: 'replace', path: '/value', value: 'x'.repeat(30) }), 400, 'BadRequestException', 'Invalid patch path /value');
    expectAwsError(await patchKey(key.id, { op: 'replace', path: '/enabled', value: 'yes' }), 400, 'BadRequestException');
    expectAwsError(await patchKey('nope000000', { op: 'replace', path: '/name', value: 'x' }), 404, 'NotFoundException', 'Invalid API Key identifier specified');
  });
});

describe('DeleteApiKey', () => {
  it('answers 202, then 404, and drops the key from its usage plans (recorded AWS answer)', async () => {
    const key = (await createKey({ name: 'k' })).body;
    const plan = (await cp.http.post('/usageplans').send({ name: 'p' })).body;
    await cp.http.post(`/usageplans/${plan.id}/keys`).send({ keyId: key.id, keyType: 'API_KEY' }).expect(201);
    expect((await cp.http.delete(`/apikeys/${key.id}`)).status).toBe(202);
    expectAwsError(await cp.http.delete(`/apikeys/${key.id}`), 404, 'NotFoundException', 'Invalid API Key identifier specified');
    expect((await cp.http.get(`/usageplans/${plan.id}/keys`)).body).toEqual({ item: [] });
    expect((await cp.http.get(`/usageplans?keyId=${key.id}`)).body).toEqual({ item: [] });
  });
});

describe('API key tags', () => {
  it('tags and reads the apikeys ARN; an unknown key is 404', async () => {
    const key = (await createKey()).body;
    await cp.http.put(`/tags/${encodeURIComponent(keyArn(key.id))}`).send({ tags: { env: 'dev' } }).expect(204);
    expect((await cp.http.get(`/tags/${encodeURIComponent(keyArn(key.id))}`)).body).toEqual({ tags: { env: 'dev' } });
    expect((await cp.http.get(`/apikeys/${key.id}`)).body.tags).toEqual({ env: 'dev' });
    expectAwsError(await cp.http.get(`/tags/${encodeURIComponent(keyArn('nope000000'))}`), 404, 'NotFoundException', 'Invalid API Key identifier specified');
  });
});

describe('ImportApiKeys', () => {
  it('imports CSV with case-insensitive headers in any order and adds the keys to their usage plans', async () => {
    const p1 = (await cp.http.post('/usageplans').send({ name: 'p1' })).body.id;
    const p2 = (await cp.http.post('/usageplans').send({ name: 'p2' })).body.id;
    // The Developer Guide's example rows ("API key file format").
    const csv = [
      'Enabled,Name,key,UsageplanIds,description',
      `true,MyFirstApiKey,apikey1234abcdefghij0123456789,"${p1},${p2}",An imported key`,
      `FALSE,Second,apikey1234abcdefghij0123456780,'${p1}',`,
    ].join('\n');
    const res = await importKeys(csv);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ ids: [expect.stringMatching(/^[a-z0-9]{10}$/), expect.stringMatching(/^[a-z0-9]{10}$/)] });
    const [first, second] = res.body.ids;
    expect((await cp.http.get(`/apikeys/${first}?includeValue=true`)).body).toMatchObject({
      name: 'MyFirstApiKey',
      value: 'apikey1234abcdefghij0123456789',
      description: 'An imported key',
      enabled: true,
    });
    expect((await cp.http.get(`/apikeys/${second}`)).body).toMatchObject({ name: 'Second', enabled: false });
    expect((await cp.http.get(`/usageplans/${p1}/keys`)).body.item.map((k: { id: string }) => k.id)).toEqual([second, first]);
    expect((await cp.http.get(`/usageplans/${p2}/keys`)).body.item.map((k: { id: string }) => k.id)).toEqual([first]);
  });

  it('overwrites a key with the same value, defaults Enabled to true, and skips bad rows with warnings', async () => {
    const existing = (await createKey({ name: 'old', value: 'apikey1234abcdefghij0123456789' })).body;
    const res = await importKeys('key,name\napikey1234abcdefghij0123456789,renamed\nshort,bad\n');
    expect(res.status).toBe(201);
    expect(res.body.ids).toEqual([existing.id]);
    expect(res.body.warnings).toHaveLength(1);
    expect((await cp.http.get(`/apikeys/${existing.id}`)).body).toMatchObject({ name: 'renamed', enabled: true });
  });

  it('with failonwarnings fails the whole import and writes nothing', async () => {
    const res = await importKeys('name,key\nok,apikey1234abcdefghij0123456789\nbad,short\n', 'mode=import&format=csv&failonwarnings=true');
    expectAwsError(res, 400, 'BadRequestException');
    expect((await cp.http.get('/apikeys')).body).toEqual({ item: [] });
  });

  it('refuses a format other than csv and a file without Name and Key columns', async () => {
    expectAwsError(await importKeys('name,key\n', 'mode=import&format=json'), 400, 'BadRequestException');
    expectAwsError(await importKeys('name,value\nx,apikey1234abcdefghij0123456789\n'), 400, 'BadRequestException');
  });
});
