/**
 * GetExport: a stage's deployed snapshot as Swagger 2.0 / OpenAPI 3.0.1.
 * Expected documents and headers are AWS's recorded answers (localstack
 * tests/aws/services/apigateway/test_apigateway_extended.snapshot.json:
 * test_export_swagger_openapi, test_export_oas30_openapi — the PetStore
 * sample and "Simple PetStore", with and without `extensions=apigateway`).
 * Also the round trip: import → deploy → export → import gives the same API.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import YAML from 'yaml';
import { useControlPlane, expectAwsError } from '../helpers/app';

const cp = useControlPlane();
const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'openapi');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name));

async function importAndDeploy(body: Buffer | string, stageName = 'local'): Promise<{ id: string; deploymentDate: number }> {
  const imported = await cp.http.post('/restapis?mode=import').set('content-type', 'application/octet-stream').send(body);
  expect(imported.status).toBe(201);
  const dep = await cp.http.post(`/restapis/${imported.body.id}/deployments`).send({ stageName });
  expect(dep.status).toBe(201);
  return { id: imported.body.id, deploymentDate: dep.body.createdDate };
}

function getExport(apiId: string, type: string, query = '', accept?: string) {
  const req = cp.http.get(`/restapis/${apiId}/stages/local/exports/${type}${query}`).buffer(true).parse((res, cb) => {
    let data = '';
    res.setEncoding('utf8');
    res.on('data', (c: string) => (data += c));
    res.on('end', () => cb(null, data));
  });
  return accept ? req.set('accept', accept) : req;
}

const isoSeconds = (s: number) => new Date(s * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

describe('GetExport swagger (recorded test_export_swagger_openapi)', () => {
  it('exports the PetStore without extensions: info version = deployment time, host/basePath, parameters, definitions', async () => {
    const { id, deploymentDate } = await importAndDeploy(fixture('petstore.yaml'));
    const res = await getExport(id, 'swagger');
    expect(res.status).toBe(200);
    const version = isoSeconds(deploymentDate);
    // recorded: contentType application/octet-stream when no Accept is given; filename swagger_<version>.json
    expect(res.headers['content-type']).toBe('application/octet-stream');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="swagger_${version}.json"`);
    const doc = JSON.parse(res.body);
    expect(doc.swagger).toBe('2.0');
    expect(doc.info).toEqual({
      description: 'Your first API with Amazon API Gateway. This is a sample API that integrates via HTTP with our demo Pet Store endpoints',
      version,
      title: 'PetStore',
    });
    expect(doc.host).toBe(`${id}.execute-api.us-east-1.amazonaws.com`);
    expect(doc.basePath).toBe('/local');
    expect(doc.schemes).toEqual(['https']);
    expect(Object.keys(doc.paths).sort()).toEqual(['/', '/pets', '/pets/{petId}']);
    expect(doc.paths['/'].get).toEqual({
      consumes: ['application/json'],
      produces: ['text/html'],
      responses: { '200': { description: '200 response', headers: { 'Content-Type': { type: 'string' } } } },
    });
    expect(doc.paths['/pets'].post).toEqual({
      operationId: 'CreatePet',
      consumes: ['application/json'],
      produces: ['application/json'],
      parameters: [{ in: 'body', name: 'NewPet', required: true, schema: { $ref: '#/definitions/NewPet' } }],
      responses: {
        '200': {
          description: '200 response',
          schema: { $ref: '#/definitions/NewPetResponse' },
          headers: { 'Access-Control-Allow-Origin': { type: 'string' } },
        },
      },
    });
    expect(doc.paths['/pets'].get.parameters).toEqual(
      expect.arrayContaining([
        { name: 'type', in: 'query', required: false, type: 'string' },
        { name: 'page', in: 'query', required: false, type: 'string' },
      ]),
    );
    expect(doc.paths['/pets/{petId}'].get.parameters).toEqual([{ name: 'petId', in: 'path', required: true, type: 'string' }]);
    expect(doc.paths['/pets'].get).not.toHaveProperty('x-amazon-apigateway-integration');
    expect(doc.definitions.Pets).toEqual({ type: 'array', items: { $ref: '#/definitions/Pet' } });
    expect(doc.definitions.Empty).toEqual({ type: 'object' });
    expect(doc.definitions.NewPet.properties.type).toEqual({ $ref: '#/definitions/PetType' });
  });

  it('adds the integrations with extensions=apigateway, as AWS writes them (lowercase type and passthrough, "default")', async () => {
    const { id } = await importAndDeploy(fixture('petstore.yaml'));
    const doc = JSON.parse((await getExport(id, 'swagger', '?extensions=apigateway')).body);
    expect(doc.paths['/pets'].get['x-amazon-apigateway-integration']).toEqual({
      type: 'http',
      httpMethod: 'GET',
      uri: 'http://petstore-demo-endpoint.execute-api.com/petstore/pets',
      responses: { default: { statusCode: '200', responseParameters: { 'method.response.header.Access-Control-Allow-Origin': "'*'" } } },
      requestParameters: {
        'integration.request.querystring.page': 'method.request.querystring.page',
        'integration.request.querystring.type': 'method.request.querystring.type',
      },
      passthroughBehavior: 'when_no_match',
    });
    expect(doc.paths['/pets'].options['x-amazon-apigateway-integration']).toMatchObject({
      type: 'mock',
      requestTemplates: { 'application/json': '{"statusCode": 200}' },
    });
  });

  it('names the file after the API version when it has one (recorded "swagger_1.0.0.json")', async () => {
    const { id } = await importAndDeploy(fixture('swagger2-pets.json'));
    // boto3 and the aws CLI send Accept: application/json (botocore's add_accept_header); AWS answered octet-stream
    const res = await getExport(id, 'swagger', '', 'application/json');
    expect(res.headers['content-type']).toBe('application/octet-stream');
    expect(res.headers['content-disposition']).toBe('attachment; filename="swagger_1.0.0.json"');
    const doc = JSON.parse(res.body);
    expect(doc.info).toEqual({
      description: 'A Swagger 2.0 definition with a base path, an IAM-protected write, JSON bodies and YAML-free JSON.',
      version: '1.0.0',
      title: 'Simple PetStore (Swagger)',
    });
    expect(doc.paths['/pets'].post.security).toEqual([{ sigv4: [] }]);
    expect(doc.securityDefinitions.sigv4).toEqual({ type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'awsSigv4' });
  });
});

describe('GetExport oas30 (recorded test_export_oas30_openapi)', () => {
  it('exports servers with the stage as basePath, requestBody, content and components', async () => {
    const { id } = await importAndDeploy(fixture('petstore.yaml'));
    const res = await getExport(id, 'oas30');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="oas30_\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\.json"$/);
    const doc = JSON.parse(res.body);
    expect(doc.openapi).toBe('3.0.1');
    expect(doc.servers).toEqual([{ url: `https://${id}.execute-api.us-east-1.amazonaws.com/{basePath}`, variables: { basePath: { default: 'local' } } }]);
    expect(doc.paths['/pets'].post.requestBody).toEqual({ content: { 'application/json': { schema: { $ref: '#/components/schemas/NewPet' } } }, required: true });
    expect(doc.paths['/pets'].get.parameters).toEqual(
      expect.arrayContaining([{ name: 'type', in: 'query', schema: { type: 'string' } }]),
    );
    expect(doc.paths['/pets/{petId}'].get.parameters).toEqual([{ name: 'petId', in: 'path', required: true, schema: { type: 'string' } }]);
    // recorded: a response without a model still has "content": {}
    expect(doc.paths['/'].get.responses['200']).toEqual({
      description: '200 response',
      headers: { 'Content-Type': { schema: { type: 'string' } } },
      content: {},
    });
    expect(doc.components.schemas.Pets).toEqual({ type: 'array', items: { $ref: '#/components/schemas/Pet' } });
  });

  it('answers "components": {} for an API without models (recorded Simple PetStore export)', async () => {
    const doc = {
      swagger: '2.0',
      info: { title: 'Simple', version: '1.0.0' },
      paths: { '/pets': { get: { responses: { '200': { description: 'ok' } }, 'x-amazon-apigateway-integration': { type: 'mock' } } } },
    };
    const { id } = await importAndDeploy(JSON.stringify(doc));
    const out = JSON.parse((await getExport(id, 'oas30')).body);
    expect(out.components).toEqual({});
    expect(out.paths['/pets'].get).toEqual({ responses: { '200': { description: '200 response', content: {} } } });
  });

  it('answers YAML for Accept: application/yaml', async () => {
    const { id } = await importAndDeploy(fixture('petstore.yaml'));
    const res = await getExport(id, 'oas30', '', 'application/yaml');
    expect(res.headers['content-type']).toBe('application/yaml');
    expect(res.headers['content-disposition']).toMatch(/\.yaml"$/);
    expect(YAML.parse(res.body).info.title).toBe('PetStore');
  });
});

describe('GetExport: the deployed snapshot, not the current API', () => {
  it('does not show a method added after the deployment', async () => {
    const { id } = await importAndDeploy(fixture('swagger2-pets.json'));
    const root = (await cp.http.get(`/restapis/${id}/resources`)).body.item.find((r: { path: string }) => r.path === '/');
    await cp.http.put(`/restapis/${id}/resources/${root.id}/methods/GET`).send({ authorizationType: 'NONE' });
    const doc = JSON.parse((await getExport(id, 'swagger')).body);
    expect(doc.paths['/']).toBeUndefined();
  });
});

describe('GetExport errors', () => {
  it('answers AWS 404s for an unknown API or stage', async () => {
    expectAwsError(await cp.http.get('/restapis/nope123456/stages/local/exports/swagger'), 404, 'NotFoundException', 'Invalid API identifier specified 000000000000:nope123456');
    const api = await cp.createApi();
    expectAwsError(await cp.http.get(`/restapis/${api.id}/stages/nostage/exports/swagger`), 404, 'NotFoundException', 'Invalid Stage identifier specified');
  });

  it('refuses an unknown export type and the unsupported postman extension, naming them', async () => {
    const { id } = await importAndDeploy(fixture('swagger2-pets.json'));
    expectAwsError(await cp.http.get(`/restapis/${id}/stages/local/exports/raml`), 400, 'BadRequestException', /export type/);
    expectAwsError(await cp.http.get(`/restapis/${id}/stages/local/exports/swagger?extensions=postman`), 400, 'BadRequestException', /postman/);
  });
});

describe('Round trip: import → deploy → export → import', () => {
  /** The parts of an API that must survive the trip (ids and cache namespaces are new). */
  async function shape(apiId: string) {
    const items = (await cp.http.get(`/restapis/${apiId}/resources?embed=methods&limit=500`)).body.item;
    const auths = (await cp.http.get(`/restapis/${apiId}/authorizers`)).body.item as { id: string; name: string }[];
    const validators = (await cp.http.get(`/restapis/${apiId}/requestvalidators`)).body.item as { id: string; name: string }[];
    const out: Record<string, unknown> = {};
    for (const r of items) {
      const methods: Record<string, unknown> = {};
      for (const [verb, m] of Object.entries<any>(r.resourceMethods ?? {})) {
        const copy = structuredClone(m);
        if (copy.authorizerId) copy.authorizerId = auths.find((a) => a.id === copy.authorizerId)?.name;
        if (copy.requestValidatorId) copy.requestValidatorId = validators.find((v) => v.id === copy.requestValidatorId)?.name;
        if (copy.methodIntegration && !copy.methodIntegration.cacheKeyParameters?.length) delete copy.methodIntegration.cacheNamespace;
        methods[verb] = copy;
      }
      out[r.path] = methods;
    }
    return out;
  }

  it.each([
    ['petstore.yaml', 'swagger'],
    ['petstore.yaml', 'oas30'],
    ['lambda-authorizer.json', 'oas30'],
    ['vtl-http.yaml', 'swagger'],
    ['validators-models.yaml', 'oas30'],
    ['swagger2-pets.json', 'swagger'],
  ])('%s through a %s export keeps resources, methods and integrations', async (file, type) => {
    const { id } = await importAndDeploy(fixture(file));
    const exported = await getExport(id, type, '?extensions=apigateway', 'application/yaml');
    expect(exported.status).toBe(200);
    const again = await cp.http.post('/restapis?mode=import&failonwarnings=true').set('content-type', 'application/octet-stream').send(exported.body);
    expect(again.status).toBe(201);
    expect(await shape(again.body.id)).toEqual(await shape(id));
    const [a, b] = [await cp.http.get(`/restapis/${id}`), await cp.http.get(`/restapis/${again.body.id}`)];
    for (const field of ['name', 'description', 'binaryMediaTypes', 'minimumCompressionSize', 'apiKeySource', 'policy']) {
      expect([field, b.body[field]]).toEqual([field, a.body[field]]);
    }
    const models = async (apiId: string) =>
      Object.fromEntries(
        (await cp.http.get(`/restapis/${apiId}/models`)).body.item.map((m: { name: string; schema: string }) => [
          m.name,
          m.schema.replaceAll(apiId, 'API'),
        ]),
      );
    expect(await models(again.body.id)).toEqual(await models(id));
    const gateway = async (apiId: string) => (await cp.http.get(`/restapis/${apiId}/gatewayresponses`)).body.item;
    expect(await gateway(again.body.id)).toEqual(await gateway(id));
  });
});
