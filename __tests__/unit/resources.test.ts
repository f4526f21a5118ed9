/**
 * Resource operations. Expected answers are AWS's recorded answers
 * (localstack tests/aws/services/apigateway/test_apigateway_api.snapshot.json,
 * TestApiGatewayApiResource) unless a comment says otherwise.
 */
import { useControlPlane, expectAwsError } from '../helpers/app';

const cp = useControlPlane();

async function setup(): Promise<{ api: string; root: string }> {
  const api = await cp.createApi();
  return { api: api.id, root: api.rootResourceId };
}

async function create(api: string, parent: string, pathPart: string) {
  return cp.http.post(`/restapis/${api}/resources/${parent}`).send({ pathPart });
}

async function createOk(api: string, parent: string, pathPart: string): Promise<string> {
  const res = await create(api, parent, pathPart);
  if (res.status !== 201) throw new Error(`create ${pathPart}: ${res.status} ${res.text}`);
  return res.body.id;
}

const patch = (api: string, id: string, ops: object[]) => cp.http.patch(`/restapis/${api}/resources/${id}`).send({ patchOperations: ops });

describe('CreateResource', () => {
  it('answers 201 with id, parentId, path and pathPart (recorded create-resource, create-subresource)', async () => {
    const { api, root } = await setup();
    const pets = await create(api, root, 'pets');
    expect(pets.status).toBe(201);
    expect(pets.body).toEqual({ id: expect.stringMatching(/^[a-z0-9]{6}$/), parentId: root, path: '/pets', pathPart: 'pets' });
    const sub = await create(api, pets.body.id, 'subpets');
    expect(sub.status).toBe(201);
    expect(sub.body).toEqual({ id: expect.any(String), parentId: pets.body.id, path: '/pets/subpets', pathPart: 'subpets' });
  });

  it('404s an unknown parent or API', async () => {
    const { api, root } = await setup();
    expectAwsError(await create(api, 'fake-resource-id', 'subpets'), 404, 'NotFoundException', 'Invalid Resource identifier specified');
    expectAwsError(await create('nope', root, 'subpets'), 404, 'NotFoundException', 'Invalid Resource identifier specified');
  });

  it('409s a sibling with the same name', async () => {
    const { api, root } = await setup();
    await createOk(api, root, 'pets');
    expectAwsError(await create(api, root, 'pets'), 409, 'ConflictException', 'Another resource with the same parent already has this name: pets');
  });

  it('follows the proxy rules (recorded create-proxy-resource-validation)', async () => {
    const { api, root } = await setup();
    const proxy = await create(api, root, '{proxy+}');
    expect(proxy.status).toBe(201);
    expect(proxy.body).toMatchObject({ parentId: root, path: '/{proxy+}', pathPart: '{proxy+}' });
    expectAwsError(
      await create(api, root, '{dynamic}'),
      400,
      'BadRequestException',
      'A sibling ({proxy+}) of this resource already has a variable path part -- only one is allowed',
    );
    for (const part of ['child', '{child}']) {
      expectAwsError(
        await create(api, proxy.body.id, part),
        400,
        'BadRequestException',
        'Cannot create a child of a resource with a greedy path variable: {proxy+}',
      );
    }
    const parent = await createOk(api, root, 'parent');
    const greedy = await create(api, parent, '{child+}');
    expect(greedy.status).toBe(201);
    expect(greedy.body).toMatchObject({ parentId: parent, path: '/parent/{child+}', pathPart: '{child+}' });
  });

  it('refuses an empty or malformed path part', async () => {
    const { api, root } = await setup();
    // Message seen from AWS by API clients (claudiajs/claudia-api-builder#3).
    expectAwsError(await cp.http.post(`/restapis/${api}/resources/${root}`).send({}), 400, 'BadRequestException', "Resource's path part must be specified");
    const invalid =
      "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end and an optional plus sign before the closing brace.";
    for (const part of ['a/b', 'a b', 'pre{x}', '{x}post', '{}', '{x+', 'x+}', '{a+b}', 'ä']) {
      expectAwsError(await create(api, root, part), 400, 'BadRequestException', invalid);
    }
    for (const part of ['a.b-c_d', 'V2', '{id}']) expect((await create(api, root, part)).status).toBe(201);
  });
});

describe('GetResource / GetResources', () => {
  it('answers the root as {id, path} only', async () => {
    const { api, root } = await setup();
    const res = await cp.http.get(`/restapis/${api}/resources/${root}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: root, path: '/' });
    expectAwsError(await cp.http.get(`/restapis/${api}/resources/nope`), 404, 'NotFoundException', 'Invalid Resource identifier specified');
    expectAwsError(await cp.http.get(`/restapis/nope/resources/${root}`), 404, 'NotFoundException', 'Invalid Resource identifier specified');
  });

  it('lists under item in path order (recorded all-resources order)', async () => {
    const { api, root } = await setup();
    await createOk(api, root, '{proxy+}');
    const parent = await createOk(api, root, 'parent');
    await createOk(api, parent, '{proxy+}');
    const child = await createOk(api, parent, 'child');
    await createOk(api, child, '{proxy+}');
    const res = await cp.http.get(`/restapis/${api}/resources`);
    expect(res.status).toBe(200);
    expect(res.body.item.map((r: { path: string }) => r.path)).toEqual([
      '/',
      '/parent',
      '/parent/child',
      '/parent/child/{proxy+}',
      '/parent/{proxy+}',
      '/{proxy+}',
    ]);
    expect(res.body.item[0]).toEqual({ id: root, path: '/' });
    expect(res.body.position).toBeUndefined();
  });

  it('pages with position and limit', async () => {
    const { api, root } = await setup();
    for (const p of ['c', 'a', 'b', 'd']) await createOk(api, root, p);
    const seen: string[] = [];
    let position: string | undefined;
    do {
      const res = await cp.http.get(`/restapis/${api}/resources`).query(position ? { limit: 2, position } : { limit: 2 });
      expect(res.status).toBe(200);
      expect(res.body.item.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.item.map((r: { path: string }) => r.path));
      position = res.body.position;
    } while (position);
    expect(seen).toEqual(['/', '/a', '/b', '/c', '/d']);
    expectAwsError(await cp.http.get(`/restapis/${api}/resources?limit=0`), 400, 'BadRequestException');
  });

  it('404s GetResources on an unknown API with the account in the message', async () => {
    expectAwsError(await cp.http.get('/restapis/nope/resources'), 404, 'NotFoundException', 'Invalid API identifier specified 000000000000:nope');
  });

  it('lists methods as stubs unless embed=methods; GetResource shows them in full', async () => {
    const { api, root } = await setup();
    await cp.http.put(`/restapis/${api}/resources/${root}/methods/GET`).send({ authorizationType: 'NONE' });
    await cp.http.put(`/restapis/${api}/resources/${root}/methods/GET/integration`).send({ type: 'MOCK' });
    // AWS CLI output of get-resources/update-resource shows `"resourceMethods": {"GET": {}}` without embed.
    const plain = await cp.http.get(`/restapis/${api}/resources`);
    expect(plain.body.item[0]).toEqual({ id: root, path: '/', resourceMethods: { GET: {} } });
    // API Reference (Resource.resourceMethods): the method map is included in the answer of
    // GET /restapis/{id}/resources/{resource_id}, with or without ?embed=methods.
    const one = await cp.http.get(`/restapis/${api}/resources/${root}`);
    expect(one.body.resourceMethods.GET).toMatchObject({ httpMethod: 'GET', methodIntegration: { type: 'MOCK' } });
    const embedded = await cp.http.get(`/restapis/${api}/resources?embed=methods`);
    expect(embedded.body.item[0].resourceMethods.GET).toMatchObject({
      httpMethod: 'GET',
      authorizationType: 'NONE',
      apiKeyRequired: false,
      methodIntegration: { type: 'MOCK', timeoutInMillis: 29000, cacheNamespace: root },
    });
    const oneEmbedded = await cp.http.get(`/restapis/${api}/resources/${root}?embed=methods`);
    expect(oneEmbedded.body.resourceMethods.GET.methodIntegration.type).toBe('MOCK');
    // update-resource output shows stubs too (AWS CLI output: "resourceMethods": {"GET": {}, "PUT": {}}).
    const pets = await createOk(api, root, 'pets');
    await cp.http.put(`/restapis/${api}/resources/${pets}/methods/PUT`).send({ authorizationType: 'NONE' });
    const renamed = await patch(api, pets, [{ op: 'replace', path: '/pathPart', value: 'dogs' }]);
    expect(renamed.body).toEqual({ id: pets, parentId: root, path: '/dogs', pathPart: 'dogs', resourceMethods: { PUT: {} } });
  });
});

describe('UpdateResource', () => {
  it('renames and moves, recomputing the subtree paths (recorded update-path-part, update-parent-id-to-root-id)', async () => {
    const { api, root } = await setup();
    const pets = await createOk(api, root, 'pets');
    const sub = await createOk(api, pets, 'subpets');
    const leaf = await createOk(api, sub, 'leaf');
    const renamed = await patch(api, pets, [{ op: 'replace', path: '/pathPart', value: 'dogs' }]);
    expect(renamed.status).toBe(200);
    expect(renamed.body).toEqual({ id: pets, parentId: root, path: '/dogs', pathPart: 'dogs' });
    expect((await cp.http.get(`/restapis/${api}/resources/${leaf}`)).body.path).toBe('/dogs/subpets/leaf');
    const moved = await patch(api, sub, [{ op: 'replace', path: '/parentId', value: root }]);
    expect(moved.body).toEqual({ id: sub, parentId: root, path: '/subpets', pathPart: 'subpets' });
    expect((await cp.http.get(`/restapis/${api}/resources/${leaf}`)).body.path).toBe('/subpets/leaf');
    const both = await patch(api, sub, [
      { op: 'replace', path: '/parentId', value: pets },
      { op: 'replace', path: '/pathPart', value: 'cats' },
    ]);
    expect(both.body).toEqual({ id: sub, parentId: pets, path: '/dogs/cats', pathPart: 'cats' });
    expect((await cp.http.get(`/restapis/${api}/resources/${leaf}`)).body.path).toBe('/dogs/cats/leaf');
  });

  it('refuses what AWS refuses (recorded update-resource-behaviour)', async () => {
    const { api, root } = await setup();
    const pets = await createOk(api, root, 'pets');
    expectAwsError(
      await patch(api, 'fake-resource', [{ op: 'replace', path: '/pathPart', value: 'dogs' }]),
      404,
      'NotFoundException',
      'Invalid Resource identifier specified',
    );
    expectAwsError(
      await patch(api, pets, [{ op: 'replace', path: '/invalid', value: 'dogs' }]),
      400,
      'BadRequestException',
      "Invalid patch path  '/invalid' specified for op 'replace'. Must be one of: [/parentId, /pathPart]",
    );
    expectAwsError(
      await patch(api, pets, [{ op: 'replace', path: '/parentId', value: 'fake-parent-id' }]),
      404,
      'NotFoundException',
      'Invalid Resource identifier specified',
    );
    const sub = await createOk(api, pets, 'subpets');
    const subChild = await createOk(api, sub, 'pets');
    expectAwsError(
      await patch(api, subChild, [{ op: 'replace', path: '/parentId', value: root }]),
      409,
      'ConflictException',
      'Another resource with the same parent already has this name: pets',
    );
    expectAwsError(await patch(api, pets, [{ op: 'replace', path: '/parentId', value: sub }]), 400, 'BadRequestException', 'Resources cannot be cyclical.');
    expectAwsError(await patch(api, pets, [{ op: 'replace', path: '/parentId', value: pets }]), 400, 'BadRequestException', 'Resources cannot be cyclical.');
    expectAwsError(
      await patch(api, pets, [{ op: 'remove', path: '/pathPart' }]),
      400,
      'BadRequestException',
      "Invalid patch path  '/pathPart' specified for op 'remove'. Please choose supported operations",
    );
    expectAwsError(
      await patch(api, pets, [{ op: 'add', path: '/pathPart', value: 'added-pets' }]),
      400,
      'BadRequestException',
      "Invalid patch path  '/pathPart' specified for op 'add'. Please choose supported operations",
    );
    expectAwsError(await patch(api, pets, [{ op: 'replace', path: '/pathPart', value: 'a/b' }]), 400, 'BadRequestException');
    // Nothing changed by the refused updates.
    expect((await cp.http.get(`/restapis/${api}/resources/${subChild}`)).body.path).toBe('/pets/subpets/pets');
  });

  it('applies the sibling and greedy rules when moving', async () => {
    const { api, root } = await setup();
    const proxy = await createOk(api, root, '{proxy+}');
    const a = await createOk(api, root, 'a');
    const v = await createOk(api, a, '{v}');
    await createOk(api, v, 'below');
    expectAwsError(
      await patch(api, v, [{ op: 'replace', path: '/parentId', value: root }]),
      400,
      'BadRequestException',
      'A sibling ({proxy+}) of this resource already has a variable path part -- only one is allowed',
    );
    expectAwsError(
      await patch(api, a, [{ op: 'replace', path: '/parentId', value: proxy }]),
      400,
      'BadRequestException',
      'Cannot create a child of a resource with a greedy path variable: {proxy+}',
    );
    expectAwsError(
      await patch(api, v, [{ op: 'replace', path: '/pathPart', value: '{v+}' }]),
      400,
      'BadRequestException',
      'Cannot create a child of a resource with a greedy path variable: {v+}',
    );
    const renamed = await patch(api, v, [{ op: 'replace', path: '/pathPart', value: '{w}' }]);
    expect(renamed.body.path).toBe('/a/{w}');
  });

  it('refuses to change the root (recorded update-resource-on-root)', async () => {
    const { api, root } = await setup();
    const pets = await createOk(api, root, 'pets');
    expectAwsError(
      await patch(api, root, [{ op: 'replace', path: '/pathPart', value: 'x' }]),
      400,
      'BadRequestException',
      'Root resource cannot update its pathPart.',
    );
    expectAwsError(
      await patch(api, root, [{ op: 'replace', path: '/parentId', value: pets }]),
      400,
      'BadRequestException',
      'Root resource cannot update its parentId.',
    );
  });
});

describe('DeleteResource', () => {
  it('answers 202 and deletes the subtree (recorded delete-resource)', async () => {
    const { api, root } = await setup();
    const pets = await createOk(api, root, 'pets');
    const sub = await createOk(api, pets, 'subpets');
    const del = await cp.http.delete(`/restapis/${api}/resources/${pets}`);
    expect(del.status).toBe(202);
    expect((await cp.http.get(`/restapis/${api}/resources`)).body.item).toEqual([{ id: root, path: '/' }]);
    expectAwsError(await cp.http.delete(`/restapis/${api}/resources/${sub}`), 404, 'NotFoundException', 'Invalid Resource identifier specified');
    // The name is free again.
    expect((await create(api, root, 'pets')).status).toBe(201);
  });

  it('refuses to delete the root resource', async () => {
    const { api, root } = await setup();
    // "Root resource cannot be deleted" is the message scripts match on real AWS answers.
    expectAwsError(await cp.http.delete(`/restapis/${api}/resources/${root}`), 400, 'BadRequestException', /^Root resource cannot be deleted/);
    expect((await cp.http.get(`/restapis/${api}/resources/${root}`)).status).toBe(200);
  });
});
