/**
 * Documentation parts: CreateDocumentationPart, GetDocumentationPart(s),
 * UpdateDocumentationPart, DeleteDocumentationPart, and content inheritance
 * (ImportDocumentationParts: documentation-import.test.ts).
 *
 * "Recorded" means AWS's recorded answer (localstack
 * tests/aws/services/apigateway/test_apigateway_api.snapshot.json,
 * TestApiGatewayApiDocumentationPart). "Guide" means the Developer Guide
 * ("Document an API using the API Gateway REST API", "Representation of API
 * documentation", "Import API documentation"). Other wordings are ours and
 * are only matched loosely.
 */
import { useControlPlane, expectAwsError } from '../helpers/app';
import { documentationFor } from '../../lib/control/documentation-inherit';
import type { DocumentationPart } from '../../lib/model';

const cp = useControlPlane();

async function createPart(apiId: string, location: Record<string, unknown>, properties = '{ "description": "x" }') {
  const res = await cp.http.post(`/restapis/${apiId}/documentation/parts`).send({ location, properties });
  if (res.status !== 201) throw new Error(`createPart: ${res.status} ${res.text}`);
  return res.body as DocumentationPart;
}

describe('CreateDocumentationPart / GetDocumentationPart / GetDocumentationParts', () => {
  it('the recorded lifecycle: create, get, list, update, get, delete', async () => {
    const api = await cp.createApi();
    const created = await cp.http
      .post(`/restapis/${api.id}/documentation/parts`)
      .send({ location: { type: 'API' }, properties: '{ "description": "Sample API description" }' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^[a-z0-9]{6}$/),
      location: { type: 'API' },
      properties: '{ "description": "Sample API description" }', // kept as given (Guide examples)
    });
    const id = created.body.id;

    const got = await cp.http.get(`/restapis/${api.id}/documentation/parts/${id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(created.body);

    const list = await cp.http.get(`/restapis/${api.id}/documentation/parts`);
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ item: [created.body] });

    const updated = await cp.http
      .patch(`/restapis/${api.id}/documentation/parts/${id}`)
      .send({ patchOperations: [{ op: 'replace', path: '/properties', value: '{ "description": "Updated Sample API description" }' }] });
    expect(updated.status).toBe(200);
    expect(updated.body).toEqual({ id, location: { type: 'API' }, properties: '{ "description": "Updated Sample API description" }' });
    expect((await cp.http.get(`/restapis/${api.id}/documentation/parts/${id}`)).body).toEqual(updated.body);

    const deleted = await cp.http.delete(`/restapis/${api.id}/documentation/parts/${id}`);
    expect(deleted.status).toBe(202);
    expectAwsError(await cp.http.get(`/restapis/${api.id}/documentation/parts/${id}`), 404, 'NotFoundException', 'Invalid Documentation part identifier specified');
  });

  it('fills in the default path, method and status code of the fields a type takes (Guide; recorded import lists "path": "/")', async () => {
    const api = await cp.createApi();
    expect((await createPart(api.id, { type: 'RESOURCE' })).location).toEqual({ type: 'RESOURCE', path: '/' });
    expect((await createPart(api.id, { type: 'METHOD', path: '/pets' })).location).toEqual({ type: 'METHOD', path: '/pets', method: '*' });
    expect((await createPart(api.id, { type: 'RESPONSE', statusCode: '200' })).location).toEqual({
      type: 'RESPONSE',
      path: '/',
      method: '*',
      statusCode: '200',
    });
    expect((await createPart(api.id, { type: 'RESPONSE_HEADER', name: 'Content-Type' })).location).toEqual({
      type: 'RESPONSE_HEADER',
      path: '/',
      method: '*',
      statusCode: '*',
      name: 'Content-Type',
    });
    expect((await createPart(api.id, { type: 'MODEL', name: 'Pet' })).location).toEqual({ type: 'MODEL', name: 'Pet' });
    expect((await createPart(api.id, { type: 'REQUEST_BODY', path: '/pets', method: 'POST' })).location).toEqual({
      type: 'REQUEST_BODY',
      path: '/pets',
      method: 'POST',
    });
  });

  it('a second part at the same location is 409 with AWS\'s message (Guide); omitted fields equal their defaults', async () => {
    const api = await cp.createApi();
    await createPart(api.id, { type: 'API' });
    const dup = await cp.http.post(`/restapis/${api.id}/documentation/parts`).send({ location: { type: 'API' }, properties: '{}' });
    expectAwsError(dup, 409, 'ConflictException', "Documentation part already exists for the specified location: type 'API'.");

    await createPart(api.id, { type: 'METHOD', path: '/pets' });
    const dup2 = await cp.http
      .post(`/restapis/${api.id}/documentation/parts`)
      .send({ location: { type: 'METHOD', path: '/pets', method: '*' }, properties: '{}' });
    expectAwsError(dup2, 409, 'ConflictException', "Documentation part already exists for the specified location: type 'METHOD', path '/pets', method '*'.");
    // Another method at the same path is another location.
    await createPart(api.id, { type: 'METHOD', path: '/pets', method: 'GET' });
  });

  it('an unknown API: Create and GetDocumentationParts answer the API NotFound (recorded)', async () => {
    const create = await cp.http
      .post('/restapis/test-fake-rest-id/documentation/parts')
      .send({ location: { type: 'API' }, properties: '{\n\t"info": {\n\t\t"description" : "Your first API with Amazon API Gateway."\n\t}\n}' });
    expectAwsError(create, 404, 'NotFoundException', 'Invalid API identifier specified 000000000000:test-fake-rest-id');
    expectAwsError(
      await cp.http.get('/restapis/api_id/documentation/parts'),
      404,
      'NotFoundException',
      'Invalid API identifier specified 000000000000:api_id',
    );
  });

  it('an unknown API or part on Get is the part NotFound (recorded)', async () => {
    const api = await cp.createApi();
    const part = await createPart(api.id, { type: 'API' });
    const msg = 'Invalid Documentation part identifier specified';
    expectAwsError(await cp.http.get(`/restapis/api_id/documentation/parts/${part.id}`), 404, 'NotFoundException', msg);
    expectAwsError(await cp.http.get(`/restapis/${api.id}/documentation/parts/documentation_part_id`), 404, 'NotFoundException', msg);
  });

  it('an unknown location type is the ValidationException AWS sends, enum in AWS\'s order (recorded)', async () => {
    const api = await cp.createApi();
    const res = await cp.http.post(`/restapis/${api.id}/documentation/parts`).send({ location: { type: 'INVALID' }, properties: '{}' });
    expectAwsError(
      res,
      400,
      'ValidationException',
      "1 validation error detected: Value 'INVALID' at 'createDocumentationPartInput.location.type' failed to satisfy constraint: " +
        'Member must satisfy enum value set: [RESPONSE_BODY, RESPONSE, METHOD, MODEL, AUTHORIZER, RESPONSE_HEADER, RESOURCE, PATH_PARAMETER, REQUEST_BODY, QUERY_PARAMETER, API, REQUEST_HEADER]',
    );
  });

  it('location and properties are required (the input model\'s not-null checks)', async () => {
    const api = await cp.createApi();
    const res = await cp.http.post(`/restapis/${api.id}/documentation/parts`).send({});
    expectAwsError(
      res,
      400,
      'ValidationException',
      "2 validation errors detected: Value null at 'createDocumentationPartInput.location' failed to satisfy constraint: Member must not be null; " +
        "Value null at 'createDocumentationPartInput.properties' failed to satisfy constraint: Member must not be null",
    );
    const noType = await cp.http.post(`/restapis/${api.id}/documentation/parts`).send({ location: { path: '/' }, properties: '{}' });
    expectAwsError(noType, 400, 'ValidationException', /'createDocumentationPartInput.location.type' failed to satisfy constraint: Member must not be null/);
  });

  it('refuses fields a type does not take, a missing name, a relative path, a bad status code and properties that are not JSON (Guide: "It is an error to include an invalid field")', async () => {
    const api = await cp.createApi();
    const bad: [Record<string, unknown>, string, RegExp][] = [
      [{ type: 'API', path: '/' }, '{}', /'path' is not a valid location field for type 'API'/],
      [{ type: 'RESOURCE', method: 'GET' }, '{}', /'method' is not a valid location field for type 'RESOURCE'/],
      [{ type: 'METHOD', name: 'x' }, '{}', /'name' is not a valid location field for type 'METHOD'/],
      [{ type: 'METHOD', statusCode: '200' }, '{}', /'statusCode' is not a valid location field/],
      [{ type: 'MODEL' }, '{}', /'name' is required for type 'MODEL'/],
      [{ type: 'QUERY_PARAMETER', path: '/pets' }, '{}', /'name' is required for type 'QUERY_PARAMETER'/],
      [{ type: 'RESOURCE', path: 'pets' }, '{}', /path must start with '\/'/],
      [{ type: 'RESPONSE', statusCode: '700' }, '{}', /statusCode/],
      [{ type: 'API' }, '{not json', /not a valid JSON string/],
    ];
    for (const [location, properties, message] of bad) {
      const res = await cp.http.post(`/restapis/${api.id}/documentation/parts`).send({ location, properties });
      expectAwsError(res, 400, 'BadRequestException', message);
    }
    expect((await cp.http.get(`/restapis/${api.id}/documentation/parts`)).body).toEqual({ item: [] });
  });

  it('GetDocumentationParts filters by type, name prefix, exact path and locationStatus, in creation order', async () => {
    const api = await cp.createApi();
    const apiPart = await createPart(api.id, { type: 'API' }, '{"info":{"description":"d"}}');
    const method = await createPart(api.id, { type: 'METHOD', path: '/pets', method: 'GET' }, '{"summary":"s"}');
    const query = await createPart(api.id, { type: 'QUERY_PARAMETER', path: '/pets', method: 'GET', name: 'page' }, '{}');
    const model = await createPart(api.id, { type: 'MODEL', name: 'PetModel' }, '{"description":"m"}');
    const ids = async (q: string) => ((await cp.http.get(`/restapis/${api.id}/documentation/parts${q}`)).body.item as DocumentationPart[]).map((p) => p.id);

    expect(await ids('')).toEqual([apiPart.id, method.id, query.id, model.id]);
    expect(await ids('?type=METHOD')).toEqual([method.id]);
    expect(await ids('?path=/pets')).toEqual([method.id, query.id]);
    expect(await ids('?path=/')).toEqual([]);
    expect(await ids('?name=Pet')).toEqual([model.id]);
    expect(await ids('?name=pa')).toEqual([query.id]);
    expect(await ids('?locationStatus=UNDOCUMENTED')).toEqual([query.id]);
    expect(await ids('?locationStatus=DOCUMENTED')).toEqual([apiPart.id, method.id, model.id]);
    expect(await ids('?type=QUERY_PARAMETER&locationStatus=DOCUMENTED')).toEqual([]);

    const badType = await cp.http.get(`/restapis/${api.id}/documentation/parts?type=BOGUS`);
    expectAwsError(badType, 400, 'ValidationException', /Value 'BOGUS' at 'type' failed to satisfy constraint: Member must satisfy enum value set/);
    const badStatus = await cp.http.get(`/restapis/${api.id}/documentation/parts?locationStatus=SOME`);
    expectAwsError(badStatus, 400, 'ValidationException', /\[DOCUMENTED, UNDOCUMENTED\]/);
  });

  it('pages with limit and position', async () => {
    const api = await cp.createApi();
    const made = [];
    for (const name of ['a', 'b', 'c']) made.push(await createPart(api.id, { type: 'MODEL', name }));
    const first = await cp.http.get(`/restapis/${api.id}/documentation/parts?limit=2`);
    expect(first.body.item.map((p: DocumentationPart) => p.id)).toEqual([made[0].id, made[1].id]);
    expect(typeof first.body.position).toBe('string');
    const second = await cp.http.get(`/restapis/${api.id}/documentation/parts?limit=2&position=${first.body.position}`);
    expect(second.body).toEqual({ item: [made[2]] });
  });
});

describe('UpdateDocumentationPart / DeleteDocumentationPart', () => {
  it('answers AWS\'s recorded errors: unknown API, add on /properties, an unknown path', async () => {
    const api = await cp.createApi();
    const part = await createPart(api.id, { type: 'API' });
    const ops = (op: string, path: string) => ({ patchOperations: [{ op, path, value: '{ "description": "Updated Sample API description" }' }] });
    expectAwsError(
      await cp.http.patch(`/restapis/api_id/documentation/parts/${part.id}`).send(ops('replace', '/properties')),
      404,
      'NotFoundException',
      'Invalid Documentation part identifier specified',
    );
    expectAwsError(
      await cp.http.patch(`/restapis/${api.id}/documentation/parts/${part.id}`).send(ops('add', '/properties')),
      400,
      'BadRequestException',
      "Invalid patch path  '/properties' specified for op 'add'. Please choose supported operations",
    );
    expectAwsError(
      await cp.http.patch(`/restapis/${api.id}/documentation/parts/${part.id}`).send(ops('replace', '/invalidPath')),
      400,
      'BadRequestException',
      "Invalid patch path  '/invalidPath' specified for op 'replace'. Must be one of: [/properties]",
    );
  });

  it('refuses new properties that are not JSON and changes nothing', async () => {
    const api = await cp.createApi();
    const part = await createPart(api.id, { type: 'API' }, '{"a":1}');
    const res = await cp.http
      .patch(`/restapis/${api.id}/documentation/parts/${part.id}`)
      .send({ patchOperations: [{ op: 'replace', path: '/properties', value: '{broken' }] });
    expectAwsError(res, 400, 'BadRequestException', /not a valid JSON string/);
    expect((await cp.http.get(`/restapis/${api.id}/documentation/parts/${part.id}`)).body.properties).toBe('{"a":1}');
  });

  it('delete: unknown API is the API NotFound; deleting twice is the part NotFound (recorded)', async () => {
    const api = await cp.createApi();
    const part = await createPart(api.id, { type: 'API' });
    expectAwsError(
      await cp.http.delete(`/restapis/api_id/documentation/parts/${part.id}`),
      404,
      'NotFoundException',
      'Invalid API identifier specified 000000000000:api_id',
    );
    expect((await cp.http.delete(`/restapis/${api.id}/documentation/parts/${part.id}`)).status).toBe(202);
    expectAwsError(
      await cp.http.delete(`/restapis/${api.id}/documentation/parts/${part.id}`),
      404,
      'NotFoundException',
      'Invalid Documentation part identifier specified',
    );
  });

  it('DeleteRestApi takes the API\'s parts with it', async () => {
    const api = await cp.createApi();
    await createPart(api.id, { type: 'API' });
    expect((await cp.http.delete(`/restapis/${api.id}`)).status).toBe(202);
    const rows = cp.app.store.db.prepare('SELECT count(*) AS n FROM documentation_parts').get() as { n: number };
    expect(rows.n).toBe(0);
  });
});

describe('content inheritance (documentationFor)', () => {
  const part = (id: string, location: DocumentationPart['location']): DocumentationPart => ({ id, location, properties: '{}' });
  const parts = [
    part('r400', { type: 'RESPONSE', path: '/', method: '*', statusCode: '400' }),
    part('r400pets', { type: 'RESPONSE', path: '/pets', method: '*', statusCode: '400' }),
    part('rAll', { type: 'RESPONSE', path: '/pets', method: '*', statusCode: '*' }),
    part('qPage', { type: 'QUERY_PARAMETER', path: '/pets', method: 'GET', name: 'page' }),
    part('resPets', { type: 'RESOURCE', path: '/pets' }),
    part('mGet', { type: 'METHOD', path: '/', method: 'GET' }),
  ];
  const find = (loc: DocumentationPart['location']) => documentationFor(parts, loc)?.id;

  it('follows the Guide: the most specific path wins, then a specific status code (path > statusCode)', () => {
    expect(find({ type: 'RESPONSE', path: '/pets/{petId}', method: 'GET', statusCode: '400' })).toBe('r400pets');
    expect(find({ type: 'RESPONSE', path: '/pets', method: 'POST', statusCode: '500' })).toBe('rAll');
    expect(find({ type: 'RESPONSE', path: '/orders', method: 'GET', statusCode: '400' })).toBe('r400');
    expect(find({ type: 'RESPONSE', path: '/orders', method: 'GET', statusCode: '200' })).toBeUndefined();
  });

  it('a query parameter inherits by path prefix with the same method and name (Guide: the treats example)', () => {
    expect(find({ type: 'QUERY_PARAMETER', path: '/pets/{petId}/treats', method: 'GET', name: 'page' })).toBe('qPage');
    expect(find({ type: 'QUERY_PARAMETER', path: '/pets/{petId}/treats', method: 'POST', name: 'page' })).toBeUndefined();
    expect(find({ type: 'QUERY_PARAMETER', path: '/petsitters', method: 'GET', name: 'page' })).toBeUndefined();
  });

  it('RESOURCE and METHOD parts are not inherited', () => {
    expect(find({ type: 'RESOURCE', path: '/pets' })).toBe('resPets');
    expect(find({ type: 'RESOURCE', path: '/pets/{petId}' })).toBeUndefined();
    expect(find({ type: 'METHOD', path: '/', method: 'GET' })).toBe('mGet');
    expect(find({ type: 'METHOD', path: '/pets', method: 'GET' })).toBeUndefined();
  });
});
