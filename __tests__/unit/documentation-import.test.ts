/**
 * ImportDocumentationParts, and the JSON form imported properties are kept in.
 *
 * "Recorded" means AWS's recorded answer (localstack test_apigateway_api.snapshot.json,
 * TestApiGatewayApiDocumentationPart::test_import_documentation_parts); "Guide"
 * means the Developer Guide ("Import API documentation"). Warning and error
 * wordings for documents AWS would refuse are ours and only matched loosely.
 */
import { useControlPlane, expectAwsError } from '../helpers/app';
import { jacksonJson } from '../../lib/control/documentation-import';
import type { DocumentationPart } from '../../lib/model';

const cp = useControlPlane();

async function createPart(apiId: string, location: Record<string, unknown>, properties = '{ "description": "x" }') {
  const res = await cp.http.post(`/restapis/${apiId}/documentation/parts`).send({ location, properties });
  if (res.status !== 201) throw new Error(`createPart: ${res.status} ${res.text}`);
  return res.body as DocumentationPart;
}

// The Developer Guide's "Import API documentation" example body; AWS's recorded answer to it
// (test_import_documentation_parts) lists these four parts with "path": "/" filled in, and answers {ids}.
const GUIDE_IMPORT = {
  swagger: '2.0',
  info: { description: 'description', version: '1', title: 'doc' },
  paths: {},
  'x-amazon-apigateway-documentation': {
    version: '1.0.3',
    documentationParts: [
      {
        location: { type: 'API' },
        properties: { description: 'API description', info: { description: 'API info description 4', version: 'API info version 3' } },
      },
      { location: { type: 'METHOD', method: 'GET' }, properties: { description: 'Method description.' } },
      { location: { type: 'MODEL', name: 'Empty' }, properties: { title: 'Empty Schema' } },
      { location: { type: 'RESPONSE', method: 'GET', statusCode: '200' }, properties: { description: '200 response' } },
    ],
  },
};

function importParts(apiId: string, body: unknown, query = '') {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return cp.http.put(`/restapis/${apiId}/documentation/parts${query}`).set('content-type', 'application/json').send(text);
}

describe('ImportDocumentationParts', () => {
  it('imports the Guide\'s example: {ids} in document order, locations as AWS lists them (recorded)', async () => {
    const api = await cp.createApi();
    const res = await importParts(api.id, GUIDE_IMPORT, '?mode=overwrite');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ids: [expect.any(String), expect.any(String), expect.any(String), expect.any(String)] });
    const list = (await cp.http.get(`/restapis/${api.id}/documentation/parts`)).body.item as DocumentationPart[];
    expect(list.map((p) => p.id)).toEqual(res.body.ids);
    expect(list.map((p) => p.location)).toEqual([
      { type: 'API' },
      { type: 'METHOD', path: '/', method: 'GET' },
      { type: 'MODEL', name: 'Empty' },
      { type: 'RESPONSE', path: '/', method: 'GET', statusCode: '200' },
    ]);
    expect(JSON.parse(list[0].properties!)).toEqual(GUIDE_IMPORT['x-amazon-apigateway-documentation'].documentationParts[0].properties);
    expect(list[2].properties).toBe('{\n  "title" : "Empty Schema"\n}');
  });

  it('merge (the default) keeps the part id and the properties the import does not name; overwrite replaces everything', async () => {
    const api = await cp.createApi();
    const apiPart = await createPart(api.id, { type: 'API' }, '{"description":"old","x-keep":"yes"}');
    const other = await createPart(api.id, { type: 'MODEL', name: 'Pet' }, '{"description":"keep"}');
    const merged = await importParts(api.id, {
      documentationParts: [{ location: { type: 'API' }, properties: { description: 'new' } }],
    });
    expect(merged.status).toBe(200);
    expect(merged.body).toEqual({ ids: [apiPart.id] });
    const got = (await cp.http.get(`/restapis/${api.id}/documentation/parts/${apiPart.id}`)).body;
    expect(JSON.parse(got.properties)).toEqual({ description: 'new', 'x-keep': 'yes' });
    expect((await cp.http.get(`/restapis/${api.id}/documentation/parts/${other.id}`)).status).toBe(200);

    const over = await importParts(api.id, GUIDE_IMPORT, '?mode=overwrite');
    expect(over.status).toBe(200);
    expect(over.body.ids).not.toContain(apiPart.id);
    expect((await cp.http.get(`/restapis/${api.id}/documentation/parts/${other.id}`)).status).toBe(404);
    expect((await cp.http.get(`/restapis/${api.id}/documentation/parts`)).body.item).toHaveLength(4);
  });

  it('a part that cannot be imported is a warning and is skipped; failonwarnings=true refuses the whole import', async () => {
    const api = await cp.createApi();
    const body = {
      openapi: '3.0.1',
      info: { title: 'x', version: '1' },
      paths: {},
      'x-amazon-apigateway-documentation': {
        documentationParts: [
          { location: { type: 'API' }, properties: { description: 'ok' } },
          { location: { type: 'RESOURCE', method: 'GET' }, properties: { summary: 'bad' } },
        ],
      },
    };
    const strict = await importParts(api.id, body, '?failonwarnings=true');
    expectAwsError(strict, 400, 'BadRequestException', /^Warnings found during import:\n\t/);
    expect((await cp.http.get(`/restapis/${api.id}/documentation/parts`)).body.item).toEqual([]);

    const lenient = await importParts(api.id, body);
    expect(lenient.status).toBe(200);
    expect(lenient.body.ids).toHaveLength(1);
    expect(lenient.body.warnings).toEqual([expect.stringMatching(/documentation part 1: .*'method' is not a valid location field for type 'RESOURCE'/)]);
  });

  it('reads YAML, refuses a body that is no document, an unknown mode and an unknown API', async () => {
    const api = await cp.createApi();
    const yaml =
      "swagger: '2.0'\ninfo: {title: t, version: '1'}\nx-amazon-apigateway-documentation:\n  documentationParts:\n" +
      '    - location: {type: MODEL, name: Cat}\n      properties: {description: cat}\n' +
      '    - location: {type: RESPONSE, statusCode: 404}\n      properties: {description: not found}\n';
    const res = await importParts(api.id, yaml);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ids: [expect.any(String), expect.any(String)] });
    const locations = (await cp.http.get(`/restapis/${api.id}/documentation/parts`)).body.item.map((p: DocumentationPart) => p.location);
    expect(locations[1]).toEqual({ type: 'RESPONSE', path: '/', method: '*', statusCode: '404' });
    expectAwsError(await importParts(api.id, '{'), 400, 'BadRequestException', 'Invalid OpenAPI input.');
    expectAwsError(await importParts(api.id, '[1,2]'), 400, 'BadRequestException', 'Invalid OpenAPI input.');
    expectAwsError(await importParts(api.id, GUIDE_IMPORT, '?mode=replace'), 400, 'ValidationException', /Value 'replace' at 'mode'.*\[merge, overwrite\]/);
    expectAwsError(await importParts('nosuchapi', GUIDE_IMPORT), 404, 'NotFoundException', 'Invalid API identifier specified 000000000000:nosuchapi');
  });
});

describe('jacksonJson', () => {
  it('prints as Jackson\'s default pretty printer does (the Guide\'s Swagger export example)', () => {
    expect(jacksonJson({ a: 1, b: ['x', 'y'], c: { d: true }, e: {}, f: [] })).toBe(
      '{\n  "a" : 1,\n  "b" : [ "x", "y" ],\n  "c" : {\n    "d" : true\n  },\n  "e" : { },\n  "f" : [ ]\n}',
    );
    expect(jacksonJson({ parts: [{ a: 1 }, { b: 2 }] })).toBe('{\n  "parts" : [ {\n    "a" : 1\n  }, {\n    "b" : 2\n  } ]\n}');
  });
});
