/**
 * ImportRestApi: OpenAPI 2.0/3.0 documents (JSON and YAML) into an API.
 * Expected shapes are AWS's recorded answers (localstack
 * tests/aws/services/apigateway/test_apigateway_import.snapshot.json:
 * test_import_swagger_api, test_import_and_validate_rest_api,
 * test_import_with_global_api_key_authorizer, test_import_with_http_method_integration,
 * test_import_with_cognito_auth_identity_source, test_import_with_circular_models*).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { useControlPlane, expectAwsError } from '../helpers/app';

const cp = useControlPlane();
const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'openapi');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name));

async function importApi(body: Buffer | string, query = '') {
  return cp.http.post(`/restapis?mode=import${query}`).set('content-type', 'application/octet-stream').send(body);
}

async function resources(apiId: string): Promise<Record<string, { id: string; resourceMethods?: Record<string, any> }>> {
  const res = await cp.http.get(`/restapis/${apiId}/resources?embed=methods&limit=500`);
  expect(res.status).toBe(200);
  return Object.fromEntries(res.body.item.map((r: { path: string }) => [r.path, r]));
}

describe('ImportRestApi: the AWS PetStore sample (Swagger 2.0, YAML)', () => {
  it('answers 201 with the RestApi: title → name, description, no version, no warnings, no tags', async () => {
    const res = await importApi(fixture('petstore.yaml'));
    expect(res.status).toBe(201);
    // recorded test_export_swagger_openapi "import-api": the PetStore import answer.
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[a-z0-9]{10}$/),
      name: 'PetStore',
      description: 'Your first API with Amazon API Gateway. This is a sample API that integrates via HTTP with our demo Pet Store endpoints',
      createdDate: expect.any(Number),
      apiKeySource: 'HEADER',
      endpointConfiguration: { types: ['EDGE'], ipAddressType: 'ipv4' },
      disableExecuteApiEndpoint: false,
      rootResourceId: expect.stringMatching(/^[a-z0-9]{10}$/),
    });
  });

  it('creates the resource tree with the methods, integrations and responses AWS shows', async () => {
    const api = (await importApi(fixture('petstore.yaml'))).body;
    const r = await resources(api.id);
    expect(Object.keys(r).sort()).toEqual(['/', '/pets', '/pets/{petId}']);
    expect(r['/'].id).toBe(api.rootResourceId);
    expect(Object.keys(r['/pets'].resourceMethods!).sort()).toEqual(['GET', 'OPTIONS', 'POST']);

    // recorded "method-pets-get" (with the demo endpoint's URI)
    expect(r['/pets'].resourceMethods!.GET).toEqual({
      httpMethod: 'GET',
      authorizationType: 'NONE',
      apiKeyRequired: false,
      requestParameters: { 'method.request.querystring.type': false, 'method.request.querystring.page': false },
      methodResponses: {
        '200': {
          statusCode: '200',
          responseParameters: { 'method.response.header.Access-Control-Allow-Origin': false },
          responseModels: { 'application/json': 'Pets' },
        },
      },
      methodIntegration: {
        type: 'HTTP',
        httpMethod: 'GET',
        uri: 'http://petstore-demo-endpoint.execute-api.com/petstore/pets',
        connectionType: 'INTERNET',
        passthroughBehavior: 'WHEN_NO_MATCH',
        timeoutInMillis: 29000,
        cacheNamespace: r['/pets'].id,
        cacheKeyParameters: [],
        requestParameters: {
          'integration.request.querystring.page': 'method.request.querystring.page',
          'integration.request.querystring.type': 'method.request.querystring.type',
        },
        integrationResponses: {
          '200': { statusCode: '200', responseParameters: { 'method.response.header.Access-Control-Allow-Origin': "'*'" } },
        },
      },
    });
    // recorded "method-pets-post": operationName and request model
    expect(r['/pets'].resourceMethods!.POST).toMatchObject({ operationName: 'CreatePet', requestModels: { 'application/json': 'NewPet' } });
    // recorded "method-pets/{petId}-get": path parameter required, remapped into the URI
    expect(r['/pets/{petId}'].resourceMethods!.GET).toMatchObject({
      operationName: 'GetPet',
      requestParameters: { 'method.request.path.petId': true },
      methodIntegration: { requestParameters: { 'integration.request.path.petId': 'method.request.path.petId' } },
    });
    // recorded "integration-pets-options": MOCK has no connectionType
    const options = r['/pets'].resourceMethods!.OPTIONS.methodIntegration;
    expect(options.type).toBe('MOCK');
    expect(options).not.toHaveProperty('connectionType');
    expect(options.requestTemplates).toEqual({ 'application/json': '{"statusCode": 200}' });
    expect(r['/'].resourceMethods!.GET.methodIntegration.integrationResponses['200'].responseTemplates['text/html']).toContain(
      'Welcome to your Pet Store API',
    );
  });

  it('creates the models from definitions, their $refs as model URLs', async () => {
    const api = (await importApi(fixture('petstore.yaml'))).body;
    const res = await cp.http.get(`/restapis/${api.id}/models`);
    expect(res.status).toBe(200);
    const byName = Object.fromEntries(res.body.item.map((m: { name: string }) => [m.name, m]));
    // recorded get-models: the definitions, no Error model
    expect(Object.keys(byName).sort()).toEqual(['Empty', 'NewPet', 'NewPetResponse', 'Pet', 'PetType', 'Pets']);
    expect(byName.Pets.contentType).toBe('application/json');
    expect(JSON.parse(byName.Pets.schema)).toEqual({
      type: 'array',
      items: { $ref: `https://apigateway.amazonaws.com/restapis/${api.id}/models/Pet` },
    });
  });
});

describe('ImportRestApi: Lambda proxy integrations and Lambda authorizers (OpenAPI 3.0, JSON)', () => {
  it('imports authorizers, security, the API settings and gateway responses', async () => {
    const res = await importApi(fixture('lambda-authorizer.json'), '&failonwarnings=true');
    expect(res.status).toBe(201);
    const api = res.body;
    expect(api).toMatchObject({
      name: 'orders-service',
      version: '2024-03-01T10:00:00Z',
      binaryMediaTypes: ['application/pdf', 'image/*'],
      minimumCompressionSize: 1024,
      apiKeySource: 'HEADER',
    });
    expect(JSON.parse(api.policy).Statement[0].Action).toBe('execute-api:Invoke');
    expect(api).not.toHaveProperty('warnings');

    const auths = (await cp.http.get(`/restapis/${api.id}/authorizers`)).body.item;
    const token = auths.find((a: { name: string }) => a.name === 'TokenAuthorizer');
    // recorded get-authorizers: the header scheme's name becomes the TOKEN identity source
    expect(token).toMatchObject({
      type: 'TOKEN',
      authType: 'custom',
      identitySource: 'method.request.header.Authorization',
      identityValidationExpression: '^Bearer [-0-9a-zA-Z._]+$',
      authorizerResultTtlInSeconds: 300,
    });
    const request = auths.find((a: { name: string }) => a.name === 'RequestAuthorizer');
    expect(request).toMatchObject({ type: 'REQUEST', identitySource: 'method.request.header.X-Tenant, method.request.querystring.tenant' });

    const r = await resources(api.id);
    const list = r['/orders'].resourceMethods!.GET;
    expect(list).toMatchObject({
      authorizationType: 'CUSTOM',
      authorizerId: token.id,
      apiKeyRequired: false,
      operationName: 'listOrders',
      requestParameters: { 'method.request.querystring.status': false, 'method.request.querystring.limit': true },
    });
    // recorded "integration-product-get": AWS_PROXY imported without connectionType or responses
    expect(list.methodIntegration).toEqual({
      type: 'AWS_PROXY',
      httpMethod: 'POST',
      uri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:orders-list/invocations',
      passthroughBehavior: 'WHEN_NO_MATCH',
      contentHandling: 'CONVERT_TO_TEXT',
      timeoutInMillis: 10000,
      cacheNamespace: r['/orders'].id,
      cacheKeyParameters: [],
    });
    expect(list).not.toHaveProperty('methodResponses');
    expect(r['/orders/{orderId}'].resourceMethods!.DELETE).toMatchObject({ apiKeyRequired: true, authorizationType: 'CUSTOM' });
    expect(r['/orders/{orderId}'].resourceMethods!.GET.requestParameters).toEqual({ 'method.request.path.orderId': true });
    const any = r['/admin/{proxy+}'].resourceMethods!.ANY;
    expect(any).toMatchObject({ httpMethod: 'ANY', apiKeyRequired: true, authorizerId: request.id });
    expect(any.methodIntegration.cacheKeyParameters).toEqual(['method.request.path.proxy']);
    // `security: []` on the operation: no authorization at all
    expect(r['/health'].resourceMethods!.GET).toMatchObject({ authorizationType: 'NONE', apiKeyRequired: false });

    const unauthorized = await cp.http.get(`/restapis/${api.id}/gatewayresponses/UNAUTHORIZED`);
    expect(unauthorized.body).toMatchObject({
      defaultResponse: false,
      statusCode: '401',
      responseParameters: { 'gatewayresponse.header.WWW-Authenticate': "'Bearer'" },
    });
    const default5xx = await cp.http.get(`/restapis/${api.id}/gatewayresponses/DEFAULT_5XX`);
    expect(default5xx.body).toMatchObject({ defaultResponse: false, responseTemplates: { 'application/json': '{"message":$context.error.messageString}' } });
  });

  it('applies the document-wide security to operations without their own (recorded global authorizer import)', async () => {
    const doc = {
      openapi: '3.0.1',
      info: { title: 'global-auth', version: '1.0' },
      security: [{ auth: [] }],
      'x-amazon-apigateway-api-key-source': 'AUTHORIZER',
      components: {
        securitySchemes: {
          auth: {
            type: 'apiKey',
            name: 'Custom-Authorization',
            in: 'header',
            'x-amazon-apigateway-authtype': 'custom',
            'x-amazon-apigateway-authorizer': {
              type: 'request',
              identitySource: 'method.request.header.Custom-Authorization',
              authorizerUri:
                'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations',
              authorizerResultTtlInSeconds: 300,
            },
          },
        },
      },
      paths: {
        '/pets': { get: { 'x-amazon-apigateway-integration': { type: 'http', httpMethod: 'GET', uri: 'http://petstore-demo-endpoint.execute-api.com/petstore/pets' } } },
      },
    };
    const res = await importApi(JSON.stringify(doc));
    expect(res.status).toBe(201);
    expect(res.body.apiKeySource).toBe('AUTHORIZER');
    const r = await resources(res.body.id);
    expect(r['/pets'].resourceMethods!.GET).toMatchObject({ authorizationType: 'CUSTOM', authorizerId: expect.any(String) });
  });
});

describe('ImportRestApi: VTL-heavy HTTP integrations (OpenAPI 3.0, YAML)', () => {
  it('keeps templates, parameter mappings, selection patterns and content handling', async () => {
    const res = await importApi(fixture('vtl-http.yaml'), '&failonwarnings=true');
    expect(res.status).toBe(201);
    const r = await resources(res.body.id);
    const search = r['/products'].resourceMethods!.GET;
    expect(search.requestParameters).toEqual({
      'method.request.querystring.q': true,
      'method.request.querystring.page': false,
      'method.request.header.X-Request-Id': false,
    });
    expect(search.methodResponses['200'].responseParameters).toEqual({
      'method.response.header.X-Total-Count': false,
      'method.response.header.Cache-Control': false,
    });
    const i = search.methodIntegration;
    expect(i).toMatchObject({
      type: 'HTTP',
      uri: 'http://${stageVariables.backendHost}/catalog/search.do',
      timeoutInMillis: 8000,
      passthroughBehavior: 'WHEN_NO_TEMPLATES',
      requestParameters: { 'integration.request.header.X-Api-Stage': 'context.stage', 'integration.request.header.Accept': "'application/json'" },
    });
    expect(i.integrationResponses['200'].responseTemplates['application/json']).toContain('#foreach($p in $root.results)');
    expect(i.integrationResponses['200']).not.toHaveProperty('selectionPattern');
    expect(i.integrationResponses['400']).toMatchObject({ selectionPattern: '4\\d{2}', statusCode: '400' });
    expect(i.integrationResponses['502']).toMatchObject({ selectionPattern: '5\\d{2}' });

    const put = r['/products/{sku}'].resourceMethods!.PUT.methodIntegration;
    expect(put).toMatchObject({ passthroughBehavior: 'NEVER', requestParameters: { 'integration.request.path.id': 'method.request.path.sku' } });
    expect(put.requestTemplates['application/json']).toContain('$util.urlEncode($body.name)');
    expect(put.integrationResponses['404'].selectionPattern).toBe('.*NOT_FOUND.*');

    const image = r['/products/{sku}/image'].resourceMethods!.GET.methodIntegration;
    expect(image).toMatchObject({ contentHandling: 'CONVERT_TO_BINARY', cacheNamespace: 'product-images', cacheKeyParameters: ['method.request.path.sku'] });
    expect(image.integrationResponses['200'].contentHandling).toBe('CONVERT_TO_BINARY');
    expect(r['/legacy/{path+}'].resourceMethods!.ANY.methodIntegration).toMatchObject({ type: 'HTTP_PROXY', httpMethod: 'ANY', connectionType: 'INTERNET' });
  });
});

describe('ImportRestApi: request validators and models', () => {
  it('creates the validators, the default validator and per-operation ones, and inter-model references', async () => {
    const res = await importApi(fixture('validators-models.yaml'), '&failonwarnings=true');
    expect(res.status).toBe(201);
    const api = res.body;
    const validators = (await cp.http.get(`/restapis/${api.id}/requestvalidators`)).body.item;
    const byName = Object.fromEntries(validators.map((v: { name: string }) => [v.name, v]));
    // recorded "request-validators"
    expect(byName.all).toEqual({ id: expect.any(String), name: 'all', validateRequestBody: true, validateRequestParameters: true });
    expect(byName['params-only']).toMatchObject({ validateRequestBody: false, validateRequestParameters: true });
    const r = await resources(api.id);
    expect(r['/validation'].resourceMethods!.GET.requestValidatorId).toBe(byName['params-only'].id);
    expect(r['/validation'].resourceMethods!.POST).toMatchObject({
      requestValidatorId: byName.all.id,
      requestModels: { 'application/json': 'RequestBodyModel' },
    });
    expect(r['/validation'].resourceMethods!.GET.requestParameters).toEqual({
      'method.request.querystring.q1': true,
      'method.request.header.X-Tenant': true,
    });
    const models = (await cp.http.get(`/restapis/${api.id}/models`)).body.item;
    const product = models.find((m: { name: string }) => m.name === 'Product');
    // recorded circular-model import: the schema's description is the model's
    expect(product.description).toBe('A product as the back end returns it');
    const body = JSON.parse(models.find((m: { name: string }) => m.name === 'RequestBodyModel').schema);
    expect(body.properties.tags.items.$ref).toBe(`https://apigateway.amazonaws.com/restapis/${api.id}/models/Tag`);
  });
});

describe('ImportRestApi: Swagger 2.0 (JSON)', () => {
  it('imports body parameters, AWS_IAM security and the base path ignored by default', async () => {
    const res = await importApi(fixture('swagger2-pets.json'));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'Simple PetStore (Swagger)', version: '1.0.0' });
    const r = await resources(res.body.id);
    expect(Object.keys(r).sort()).toEqual(['/', '/pets', '/pets/{petId}']);
    expect(r['/'].resourceMethods).toBeUndefined();
    expect(r['/pets'].resourceMethods!.POST).toMatchObject({
      authorizationType: 'AWS_IAM',
      requestModels: { 'application/json': 'Pet' },
      methodResponses: { '201': { statusCode: '201' } },
    });
    expect(r['/pets'].resourceMethods!.GET.methodResponses['200'].responseModels).toEqual({ 'application/json': 'Pets' });
  });
});

describe('ImportRestApi: the basepath parameter', () => {
  const doc = (basePath: string) =>
    JSON.stringify({
      swagger: '2.0',
      info: { title: 'bp', version: '2' },
      basePath,
      paths: { '/test': { get: { 'x-amazon-apigateway-integration': { type: 'mock', requestTemplates: { 'application/json': '{"statusCode": 200}' } } } } },
    });

  it.each([
    ['ignore', '/base-url/part', ['/', '/test']],
    ['prepend', '/base-url/part', ['/', '/base-url', '/base-url/part', '/base-url/part/test']],
    ['split', '/base-url/part', ['/', '/part', '/part/test']],
    ['split', '/base-var', ['/', '/test']],
  ])('basepath=%s with basePath %s (recorded test_import_rest_api_with_base_path_*)', async (mode, basePath, expected) => {
    const res = await importApi(doc(basePath), `&basepath=${mode}`);
    expect(res.status).toBe(201);
    expect(Object.keys(await resources(res.body.id)).sort()).toEqual(expected);
  });

  it('reads OpenAPI 3 base paths from the server URL or its basePath variable', async () => {
    const oas = (servers: unknown) =>
      JSON.stringify({
        openapi: '3.0.1',
        info: { title: 'bp', version: '2.0' },
        servers,
        paths: { '/test': { get: { 'x-amazon-apigateway-integration': { type: 'mock' } } } },
      });
    const url = await importApi(oas([{ url: 'https://example.com/base-url/part/' }]), '&basepath=prepend');
    expect(Object.keys(await resources(url.body.id))).toContain('/base-url/part/test');
    const variable = await importApi(oas([{ url: 'https://example.com/{basePath}', variables: { basePath: { default: 'base-var' } } }]), '&basepath=prepend');
    expect(Object.keys(await resources(variable.body.id))).toContain('/base-var/test');
  });

  it('refuses an unknown basepath value', async () => {
    expectAwsError(await importApi(doc('/x'), '&basepath=sideways'), 400, 'BadRequestException', /basepath/);
  });
});

describe('ImportRestApi: endpointConfigurationTypes', () => {
  it('makes the API regional', async () => {
    const res = await importApi(fixture('swagger2-pets.json'), '&endpointConfigurationTypes=REGIONAL');
    expect(res.body.endpointConfiguration).toEqual({ types: ['REGIONAL'], ipAddressType: 'ipv4' });
  });

  it('refuses an unknown type with the CreateRestApi message', async () => {
    expectAwsError(
      await importApi(fixture('swagger2-pets.json'), '&endpointConfigurationTypes=GLOBAL'),
      400,
      'BadRequestException',
      'Invalid EndpointTypes specified. Valid options are EDGE,REGIONAL,PRIVATE',
    );
  });
});
