/**
 * PutRestApi: merge (the default) and overwrite. Expected answers are AWS's
 * recorded ones (localstack test_apigateway_import.snapshot.json:
 * test_put_rest_api_mode_binary_media_types[merge|overwrite],
 * test_import_rest_apis_with_base_path_swagger, test_import_rest_api_with_base_path_oas30).
 */
import { useControlPlane, expectAwsError } from '../helpers/app';

const cp = useControlPlane();

const mock = { type: 'mock', requestTemplates: { 'application/json': '{"statusCode": 200}' } };

function put(apiId: string, doc: unknown, query = '') {
  return cp.http.put(`/restapis/${apiId}${query}`).set('content-type', 'application/octet-stream').send(JSON.stringify(doc));
}

async function byPath(apiId: string) {
  const items = (await cp.http.get(`/restapis/${apiId}/resources?embed=methods`)).body.item;
  return Object.fromEntries(items.map((r: { path: string }) => [r.path, r])) as Record<string, { id: string; resourceMethods?: Record<string, unknown> }>;
}

const binaryDoc = {
  openapi: '3.0.1',
  info: { title: 'put-binary', version: '1.0.0' },
  'x-amazon-apigateway-binary-media-types': ['image/png', 'image/jpg'],
  paths: { '/test': { get: { 'x-amazon-apigateway-integration': mock } } },
};

describe('PutRestApi binary media types (recorded test_put_rest_api_mode_binary_media_types)', () => {
  it('overwrite replaces them; the answer has the name, version and tags: {}', async () => {
    const api = await cp.createApi({ name: 'orig', binaryMediaTypes: ['image/heif'] });
    const res = await put(api.id, binaryDoc, '?mode=overwrite');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: api.id,
      name: 'put-binary',
      version: '1.0.0',
      createdDate: api.createdDate,
      apiKeySource: 'HEADER',
      binaryMediaTypes: ['image/png', 'image/jpg'],
      endpointConfiguration: { types: ['EDGE'], ipAddressType: 'ipv4' },
      disableExecuteApiEndpoint: false,
      rootResourceId: api.rootResourceId,
      tags: {},
    });
  });

  it('merge adds them to the API’s', async () => {
    const api = await cp.createApi({ name: 'orig', binaryMediaTypes: ['image/heif'] });
    const res = await put(api.id, binaryDoc, '?mode=merge');
    expect(res.status).toBe(200);
    expect(res.body.binaryMediaTypes).toEqual(['image/heif', 'image/png', 'image/jpg']);
    expect(res.body.name).toBe('put-binary');
  });
});

describe('PutRestApi overwrite', () => {
  it('keeps the root, replaces the tree, keeps ids of surviving paths', async () => {
    const api = await cp.createApi({ name: 'orig', description: 'old' });
    const first = await put(api.id, { swagger: '2.0', info: { title: 't', version: '2' }, paths: { '/a': { get: { 'x-amazon-apigateway-integration': mock } }, '/old': { get: { 'x-amazon-apigateway-integration': mock } } } }, '?mode=overwrite');
    expect(first.status).toBe(200);
    const before = await byPath(api.id);
    const second = await put(api.id, { swagger: '2.0', info: { title: 't', version: '3' }, paths: { '/a': { post: { 'x-amazon-apigateway-integration': mock } }, '/b': { get: { 'x-amazon-apigateway-integration': mock } } } }, '?mode=overwrite');
    expect(second.status).toBe(200);
    expect(second.body).not.toHaveProperty('description');
    expect(second.body.version).toBe('3');
    const after = await byPath(api.id);
    expect(Object.keys(after).sort()).toEqual(['/', '/a', '/b']);
    expect(after['/'].id).toBe(api.rootResourceId);
    expect(after['/a'].id).toBe(before['/a'].id);
    expect(Object.keys(after['/a'].resourceMethods!)).toEqual(['POST']);
  });

  it('removes the models, validators and gateway responses the document does not define', async () => {
    const api = await cp.createApi({ name: 'orig' });
    await cp.http.put(`/restapis/${api.id}/gatewayresponses/DEFAULT_4XX`).send({ statusCode: '418' });
    await put(api.id, { openapi: '3.0.1', info: { title: 't', version: '1' }, paths: {} }, '?mode=overwrite');
    expect((await cp.http.get(`/restapis/${api.id}/models`)).body.item).toEqual([]);
    expect((await cp.http.get(`/restapis/${api.id}/gatewayresponses/DEFAULT_4XX`)).body.defaultResponse).toBe(true);
  });
});

describe('PutRestApi merge', () => {
  it('is the default mode (API Reference: "By default, the update mode is merge")', async () => {
    const api = await cp.createApi({ name: 'orig', binaryMediaTypes: ['image/heif'] });
    const res = await put(api.id, binaryDoc);
    expect(res.body.binaryMediaTypes).toEqual(['image/heif', 'image/png', 'image/jpg']);
  });

  it('adds resources and methods, replaces a method the document defines, keeps the others', async () => {
    const api = await cp.createApi({ name: 'orig' });
    await put(api.id, { swagger: '2.0', info: { title: 't' }, paths: { '/a': { get: { 'x-amazon-apigateway-integration': mock }, delete: { 'x-amazon-apigateway-integration': mock } } } }, '?mode=merge');
    const before = await byPath(api.id);
    const res = await put(
      api.id,
      { swagger: '2.0', info: { title: 't' }, paths: { '/a': { get: { operationId: 'replaced', 'x-amazon-apigateway-integration': mock } }, '/c': { get: { 'x-amazon-apigateway-integration': mock } } } },
      '?mode=merge',
    );
    expect(res.status).toBe(200);
    const after = await byPath(api.id);
    expect(Object.keys(after).sort()).toEqual(['/', '/a', '/c']);
    expect(after['/a'].id).toBe(before['/a'].id);
    expect(Object.keys(after['/a'].resourceMethods!).sort()).toEqual(['DELETE', 'GET']);
    expect(after['/a'].resourceMethods!.GET).toMatchObject({ operationName: 'replaced' });
    // merge keeps what the API had: CreateRestApi's default models stay
    const models = (await cp.http.get(`/restapis/${api.id}/models`)).body.item.map((m: { name: string }) => m.name).sort();
    expect(models).toEqual(['Empty', 'Error']);
  });
});

describe('PutRestApi errors', () => {
  it('answers 404 for an unknown API', async () => {
    expectAwsError(await put('nope123456', binaryDoc), 404, 'NotFoundException', 'Invalid API identifier specified 000000000000:nope123456');
  });

  it('answers AWS ValidationException for an unknown mode', async () => {
    const api = await cp.createApi();
    expectAwsError(
      await put(api.id, binaryDoc, '?mode=replace'),
      400,
      'ValidationException',
      "1 validation error detected: Value 'replace' at 'mode' failed to satisfy constraint: Member must satisfy enum value set: [merge, overwrite]",
    );
  });

  it('leaves the API untouched when the import fails', async () => {
    const api = await cp.createApi({ name: 'orig' });
    await put(api.id, { swagger: '2.0', info: { title: 't' }, paths: { '/keep': { get: { 'x-amazon-apigateway-integration': mock } } } }, '?mode=overwrite');
    const res = await put(api.id, { swagger: '2.0', info: { title: 'changed' }, paths: { '/x': { get: { 'x-amazon-apigateway-integration': { type: 'http', httpMethod: 'GET', uri: 'nope' } } } } }, '?mode=overwrite');
    expect(res.status).toBe(400);
    expect((await cp.http.get(`/restapis/${api.id}`)).body.name).toBe('t');
    expect(Object.keys(await byPath(api.id)).sort()).toEqual(['/', '/keep']);
  });
});
