/**
 * RestApi operations. Expected answers are AWS's, as recorded in AWS's API
 * Reference and in recorded real responses (status codes, defaults, messages).
 */
import { useControlPlane, expectAwsError } from '../helpers/app';

const cp = useControlPlane();

describe('CreateRestApi', () => {
  it('answers 201 with the defaults AWS fills in', async () => {
    const res = await cp.http.post('/restapis').send({ name: 'demo', description: 'this is my api' });
    expect(res.status).toBe(201);
    expect(res.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[a-z0-9]{10}$/),
      name: 'demo',
      description: 'this is my api',
      createdDate: expect.any(Number),
      apiKeySource: 'HEADER',
      endpointConfiguration: { types: ['EDGE'], ipAddressType: 'ipv4' },
      disableExecuteApiEndpoint: false,
      rootResourceId: expect.stringMatching(/^[a-z0-9]{10}$/),
    });
    expect(Math.abs(res.body.createdDate - Date.now() / 1000)).toBeLessThan(60);
  });

  it('keeps tags, version, binary media types and compression size', async () => {
    const res = await cp.http.post('/restapis').send({
      name: 'x',
      version: 'v1',
      tags: { MY_TAG1: 'MY_VALUE1' },
      binaryMediaTypes: ['image/png'],
      minimumCompressionSize: 0,
      endpointConfiguration: { types: ['REGIONAL'] },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      version: 'v1',
      tags: { MY_TAG1: 'MY_VALUE1' },
      binaryMediaTypes: ['image/png'],
      minimumCompressionSize: 0,
      endpointConfiguration: { types: ['REGIONAL'], ipAddressType: 'ipv4' },
    });
    const got = await cp.http.get(`/restapis/${res.body.id}`);
    expect(got.body.tags).toEqual({ MY_TAG1: 'MY_VALUE1' });
  });

  it.each([
    [{ name: 'x', description: '' }, 'Description cannot be an empty string'],
    [{ name: 'x', minimumCompressionSize: -1 }, 'Invalid minimum compression size, must be between 0 and 10485760'],
    [{ name: 'x', minimumCompressionSize: 10485761 }, 'Invalid minimum compression size, must be between 0 and 10485760'],
  ])('refuses %j', async (body, message) => {
    expectAwsError(await cp.http.post('/restapis').send(body), 400, 'BadRequestException', message);
  });

  it('refuses a missing name, an unknown apiKeySource and endpoint type', async () => {
    expectAwsError(await cp.http.post('/restapis').send({}), 400, 'BadRequestException');
    expectAwsError(await cp.http.post('/restapis').send({ name: 'x', apiKeySource: 'QUERY' }), 400, 'BadRequestException');
    expectAwsError(
      await cp.http.post('/restapis').send({ name: 'x', endpointConfiguration: { types: ['GLOBAL'] } }),
      400,
      'BadRequestException',
    );
  });

  it('creates the root resource with the API', async () => {
    const api = await cp.createApi();
    const res = await cp.http.get(`/restapis/${api.id}/resources/${api.rootResourceId}`);
    // Recorded AWS answer (rest-api-root-resource): the root is only {id, path: '/'}.
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: api.rootResourceId, path: '/' });
  });
});

describe('GetRestApi / GetRestApis', () => {
  it('404s an unknown id with the account in the message (ids are case-sensitive)', async () => {
    const api = await cp.createApi();
    expectAwsError(
      await cp.http.get(`/restapis/${api.id.toUpperCase()}`),
      404,
      'NotFoundException',
      `Invalid API identifier specified 000000000000:${api.id.toUpperCase()}`,
    );
  });

  it('lists under `item` and pages with position/limit', async () => {
    for (let i = 0; i < 5; i++) await cp.createApi({ name: `api-${i}` });
    const first = await cp.http.get('/restapis?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.item.map((a: { name: string }) => a.name)).toEqual(['api-0', 'api-1']);
    expect(typeof first.body.position).toBe('string');
    const second = await cp.http.get(`/restapis?limit=2&position=${first.body.position}`);
    expect(second.body.item.map((a: { name: string }) => a.name)).toEqual(['api-2', 'api-3']);
    const third = await cp.http.get(`/restapis?limit=2&position=${second.body.position}`);
    expect(third.body.item.map((a: { name: string }) => a.name)).toEqual(['api-4']);
    expect(third.body.position).toBeUndefined();
    const all = await cp.http.get('/restapis');
    expect(all.body.item).toHaveLength(5);
    expectAwsError(await cp.http.get('/restapis?limit=501'), 400, 'BadRequestException');
    expectAwsError(await cp.http.get('/restapis?limit=abc'), 400, 'BadRequestException');
  });

  it('scopes APIs by account (12-digit access key) and region (credential scope)', async () => {
    const mine = await cp.http.post('/restapis').set('authorization', cp.auth('111111111111', 'eu-west-1')).send({ name: 'a' });
    expect(mine.status).toBe(201);
    const otherRegion = await cp.http.get(`/restapis/${mine.body.id}`).set('authorization', cp.auth('111111111111', 'us-east-1'));
    expectAwsError(otherRegion, 404, 'NotFoundException', `Invalid API identifier specified 111111111111:${mine.body.id}`);
    const otherAccount = await cp.http.get(`/restapis/${mine.body.id}`).set('authorization', cp.auth('AKIDEXAMPLE', 'eu-west-1'));
    expectAwsError(otherAccount, 404, 'NotFoundException', `Invalid API identifier specified 000000000000:${mine.body.id}`);
    const same = await cp.http.get(`/restapis/${mine.body.id}`).set('authorization', cp.auth('111111111111', 'eu-west-1'));
    expect(same.status).toBe(200);
  });
});

describe('UpdateRestApi', () => {
  it('adds, replaces and removes binary media types by value (~1 is /)', async () => {
    const api = await cp.createApi({ name: 'x', description: 'this is my api' });
    const add = await cp.http.patch(`/restapis/${api.id}`).send({
      patchOperations: [
        { op: 'add', path: '/binaryMediaTypes/image~1png' },
        { op: 'add', path: '/binaryMediaTypes/image~1jpeg' },
      ],
    });
    expect(add.status).toBe(200);
    expect(add.body.binaryMediaTypes).toEqual(['image/png', 'image/jpeg']);
    expect(add.body.tags).toEqual({});
    const rep = await cp.http
      .patch(`/restapis/${api.id}`)
      .send({ patchOperations: [{ op: 'replace', path: '/binaryMediaTypes/image~1png', value: 'image/gif' }] });
    expect(rep.body.binaryMediaTypes).toEqual(['image/gif', 'image/jpeg']);
    const rem = await cp.http.patch(`/restapis/${api.id}`).send({
      patchOperations: [
        { op: 'remove', path: '/binaryMediaTypes/image~1gif' },
        { op: 'replace', path: '/description' },
      ],
    });
    expect(rem.body.binaryMediaTypes).toEqual(['image/jpeg']);
    expect(rem.body.description).toBeUndefined();
  });

  it('sets and clears minimumCompressionSize, refusing bad values and ops', async () => {
    const api = await cp.createApi();
    const set = await cp.http
      .patch(`/restapis/${api.id}`)
      .send({ patchOperations: [{ op: 'replace', path: '/minimumCompressionSize', value: '10' }] });
    expect(set.body.minimumCompressionSize).toBe(10);
    const clear = await cp.http
      .patch(`/restapis/${api.id}`)
      .send({ patchOperations: [{ op: 'replace', path: '/minimumCompressionSize', value: '' }] });
    expect(clear.body.minimumCompressionSize).toBeUndefined();
    for (const value of ['-1', 'abc']) {
      expectAwsError(
        await cp.http.patch(`/restapis/${api.id}`).send({ patchOperations: [{ op: 'replace', path: '/minimumCompressionSize', value }] }),
        400,
        'BadRequestException',
        'Invalid minimum compression size, must be between 0 and 10485760',
      );
    }
    expectAwsError(
      await cp.http.patch(`/restapis/${api.id}`).send({ patchOperations: [{ op: 'add', path: '/minimumCompressionSize', value: '1' }] }),
      400,
      'BadRequestException',
      'Invalid patch operation specified. Must be one of: [replace]',
    );
  });

  it('refuses unknown paths and leaves the API untouched when one operation fails', async () => {
    const api = await cp.createApi({ name: 'keep' });
    const res = await cp.http.patch(`/restapis/${api.id}`).send({
      patchOperations: [
        { op: 'replace', path: '/name', value: 'changed' },
        { op: 'replace', path: '/binaryMediaTypes', value: 'x' },
      ],
    });
    expectAwsError(res, 400, 'BadRequestException', 'Invalid patch path /binaryMediaTypes');
    expect((await cp.http.get(`/restapis/${api.id}`)).body.name).toBe('keep');
    expectAwsError(
      await cp.http.patch('/restapis/nope').send({ patchOperations: [] }),
      404,
      'NotFoundException',
      'Invalid API identifier specified 000000000000:nope',
    );
  });

  it('updates name, apiKeySource, policy, disableExecuteApiEndpoint and the endpoint type', async () => {
    const api = await cp.createApi();
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [] });
    const res = await cp.http.patch(`/restapis/${api.id}`).send({
      patchOperations: [
        { op: 'replace', path: '/name', value: 'renamed' },
        { op: 'replace', path: '/apiKeySource', value: 'AUTHORIZER' },
        { op: 'replace', path: '/policy', value: policy },
        { op: 'replace', path: '/disableExecuteApiEndpoint', value: 'true' },
        { op: 'replace', path: '/endpointConfiguration/types/EDGE', value: 'REGIONAL' },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      name: 'renamed',
      apiKeySource: 'AUTHORIZER',
      policy,
      disableExecuteApiEndpoint: true,
      endpointConfiguration: { types: ['REGIONAL'] },
    });
    expectAwsError(
      await cp.http.patch(`/restapis/${api.id}`).send({ patchOperations: [{ op: 'replace', path: '/apiKeySource', value: 'NOPE' }] }),
      400,
      'BadRequestException',
    );
  });
});

describe('DeleteRestApi', () => {
  it('answers 202 and the API is gone, with its tags', async () => {
    const api = await cp.createApi({ name: 'x', tags: { a: 'b' } });
    const del = await cp.http.delete(`/restapis/${api.id}`);
    expect(del.status).toBe(202);
    expectAwsError(await cp.http.get(`/restapis/${api.id}`), 404, 'NotFoundException');
    expectAwsError(await cp.http.delete(`/restapis/${api.id}`), 404, 'NotFoundException');
    expect((await cp.http.get('/restapis')).body.item).toEqual([]);
  });
});
