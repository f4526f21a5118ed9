/**
 * Import errors and warnings, as AWS reports them ("Errors and warnings from
 * importing your API into API Gateway"): an error is a 400 and nothing is
 * written; a warning drops what it names and the RestApi answer carries
 * `warnings`, unless `failonwarnings=true` makes it a 400.
 * Recorded wordings: the requestParameters type warning
 * (test_apigateway_import put-rest-api-oas30-srv-url), the malformed
 * integration error (ImportRestApi answer quoted in localstack issue 4619),
 * "Warnings found during import:" (quoted in aws/serverless-application-model).
 */
import { useControlPlane, expectAwsError } from '../helpers/app';

const cp = useControlPlane();

function importApi(doc: unknown, query = '') {
  const body = typeof doc === 'string' ? doc : JSON.stringify(doc);
  return cp.http.post(`/restapis?mode=import${query}`).set('content-type', 'application/octet-stream').send(body);
}

const mock = { type: 'mock', requestTemplates: { 'application/json': '{"statusCode": 200}' } };

function oas(paths: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { openapi: '3.0.1', info: { title: 'w', version: '2.0' }, paths, ...extra };
}

async function apiCount(): Promise<number> {
  return (await cp.http.get('/restapis')).body.item.length;
}

describe('warnings', () => {
  const withBadParameter = oas({
    '/test': {
      get: {
        'x-amazon-apigateway-integration': {
          ...mock,
          requestParameters: {
            'integration.request.header.X-Amz-Invocation-Type': "'Event'",
            'integration.request.header.double-single': "'True'",
            'integration.request.header.nothing': true,
          },
        },
      },
    },
  });

  it('drops a non-string mapping value with AWS recorded warning and still imports', async () => {
    const res = await importApi(withBadParameter);
    expect(res.status).toBe(201);
    expect(res.body.warnings).toEqual([
      "Invalid format for 'requestParameters'. Expected type string for property 'integration.request.header.nothing' of resource '/test' and method 'GET' but got 'true'",
    ]);
    const resources = (await cp.http.get(`/restapis/${res.body.id}/resources?embed=methods`)).body.item;
    const test = resources.find((r: { path: string }) => r.path === '/test');
    expect(test.resourceMethods.GET.methodIntegration.requestParameters).toEqual({
      'integration.request.header.X-Amz-Invocation-Type': "'Event'",
      'integration.request.header.double-single': "'True'",
    });
  });

  it('failonwarnings=true turns warnings into a 400 and writes nothing', async () => {
    const res = await importApi(withBadParameter, '&failonwarnings=true');
    expectAwsError(
      res,
      400,
      'BadRequestException',
      "Warnings found during import:\n\tInvalid format for 'requestParameters'. Expected type string for property 'integration.request.header.nothing' of resource '/test' and method 'GET' but got 'true'",
    );
    expect(await apiCount()).toBe(0);
  });

  it('warns about a reference to a model the document does not define, and drops it', async () => {
    const res = await importApi(
      oas({
        '/a': {
          post: {
            requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Missing' } } } },
            'x-amazon-apigateway-integration': mock,
          },
        },
      }),
    );
    expect(res.status).toBe(201);
    expect(res.body.warnings).toEqual(["Reference to model 'Missing' not found. Ignoring."]);
  });

  it('warns about a missing paths object', async () => {
    const res = await importApi({ swagger: '2.0', info: { title: 'nopaths' }, 'x-amazon-apigateway-documentation': { version: '1', documentationParts: [] } });
    expect(res.status).toBe(201);
    expect(res.body.warnings).toEqual(['Parse issue: attribute paths is missing']);
  });

  it('imports x-amazon-apigateway-documentation as documentation parts, exports them with the stage documentation version, and skips them with ignore=documentation', async () => {
    const documentation = {
      version: '1.0.3',
      documentationParts: [
        { location: { type: 'API' }, properties: { description: 'API description' } },
        { location: { type: 'METHOD', path: '/a', method: 'GET' }, properties: { summary: 'get a' } },
      ],
    };
    const res = await importApi(oas({ '/a': { get: { 'x-amazon-apigateway-integration': mock, responses: {} } } }, { 'x-amazon-apigateway-documentation': documentation }));
    expect(res.status).toBe(201);
    const parts = await cp.http.get(`/restapis/${res.body.id}/documentation/parts`);
    expect(parts.body.item.map((p: { location: { type: string } }) => p.location.type).sort()).toEqual(['API', 'METHOD']);
    expect(JSON.parse(parts.body.item.find((p: { location: { type: string } }) => p.location.type === 'METHOD').properties)).toEqual({ summary: 'get a' });

    // Exported with the stage's documentation version (Developer Guide: x-amazon-apigateway-documentation object).
    await cp.http.post(`/restapis/${res.body.id}/deployments`).send({ stageName: 'dev' });
    await cp.http.post(`/restapis/${res.body.id}/documentation/versions`).send({ documentationVersion: '1.0.3', stageName: 'dev' });
    const exported = await cp.http.get(`/restapis/${res.body.id}/stages/dev/exports/oas30`).set('accept', 'application/json').buffer(true).parse((r, cb) => {
      let text = '';
      r.on('data', (d: Buffer) => (text += d.toString()));
      r.on('end', () => cb(null, text));
    });
    const doc = JSON.parse(exported.body as unknown as string);
    expect(doc['x-amazon-apigateway-documentation'].version).toBe('1.0.3');
    expect(doc['x-amazon-apigateway-documentation'].documentationParts).toHaveLength(2);

    const ignored = await importApi(oas({}, { 'x-amazon-apigateway-documentation': documentation }), '&ignore=documentation');
    expect(ignored.body).not.toHaveProperty('warnings');
    expect((await cp.http.get(`/restapis/${ignored.body.id}/documentation/parts`)).body.item).toEqual([]);
  });

  it('warns about what API Gateway cannot model: cookie and formData parameters, references to other files', async () => {
    const res = await importApi(
      oas({
        '/a': {
          post: {
            parameters: [{ name: 'session', in: 'cookie', schema: { type: 'string' } }],
            requestBody: { content: { 'application/json': { schema: { $ref: 'common.yaml#/Pet' } } } },
            'x-amazon-apigateway-integration': mock,
          },
        },
      }),
    );
    expect(res.body.warnings).toEqual([
      "Parameter 'session' in cookie of method 'POST' at path '/a' is not supported. Ignoring.",
      "Reference 'common.yaml#/Pet' is not a model of this document. Ignoring.",
    ]);
  });

  it('names an x-amazon-apigateway extension it does not know', async () => {
    const res = await importApi(oas({ '/a': { get: { 'x-amazon-apigateway-integration': mock } } }, { 'x-amazon-apigateway-cors': { allowOrigins: ['*'] } }));
    expect(res.body.warnings).toEqual(['Ignoring unsupported extension x-amazon-apigateway-cors']);
  });
});

describe('errors', () => {
  it('refuses a malformed integration with AWS recorded message', async () => {
    const res = await importApi(oas({ '/': { get: { 'x-amazon-apigateway-integration': { 'Fn::Sub': 'arn:...' } } } }));
    expectAwsError(res, 400, 'BadRequestException', 'Unable to parse API definition because of a malformed integration at path /.');
    const wrongType = await importApi(oas({ '/x': { get: { 'x-amazon-apigateway-integration': 'mock' } } }));
    expectAwsError(wrongType, 400, 'BadRequestException', 'Unable to parse API definition because of a malformed integration at path /x.');
    expect(await apiCount()).toBe(0);
  });

  it('lists every integration the control plane would refuse, and writes nothing', async () => {
    const res = await importApi(
      oas({
        '/a': { get: { 'x-amazon-apigateway-integration': { type: 'http', httpMethod: 'GET', uri: 'not a url' } } },
        '/b': { get: { 'x-amazon-apigateway-integration': { ...mock, timeoutInMillis: 10 } } },
      }),
    );
    expectAwsError(
      res,
      400,
      'BadRequestException',
      "Errors found during import:\n\tUnable to put integration on 'GET' for resource at path '/a': Invalid HTTP endpoint specified for URI" +
        "\n\tUnable to put integration on 'GET' for resource at path '/b': Timeout should be between 50 ms and 29000 ms",
    );
    expect(await apiCount()).toBe(0);
  });

  it('refuses resources the tree rules refuse', async () => {
    const res = await importApi(oas({ '/pets/{id}': { get: { 'x-amazon-apigateway-integration': mock } }, '/pets/{name}': { put: { 'x-amazon-apigateway-integration': mock } } }));
    expectAwsError(res, 400, 'BadRequestException', /^Errors found during import:\n\tUnable to create resource at path '\/pets\/\{name\}': A sibling \(\{id\}\) of this resource already has a variable path part -- only one is allowed$/);
  });

  it('refuses models the models group refuses (OpenAPI-only keywords, non-alphanumeric names)', async () => {
    const res = await importApi(
      oas({ '/a': { get: { 'x-amazon-apigateway-integration': mock } } }, { components: { schemas: { Pet: { type: 'object', example: { a: 1 } }, 'Bad_Name': { type: 'object' } } } }),
    );
    expectAwsError(
      res,
      400,
      'BadRequestException',
      "Errors found during import:\n\tUnable to create model for 'Pet': Invalid model specified: Validation Result: warnings : [], errors : [Invalid model schema specified. Unsupported keyword(s): [\"example\"]]" +
        "\n\tUnable to create model for 'Bad_Name': Invalid model name specified: Bad_Name. Model names must be alphanumeric",
    );
  });

  it('refuses a method naming a request validator the document does not define', async () => {
    const res = await importApi(oas({ '/a': { get: { 'x-amazon-apigateway-request-validator': 'nope', 'x-amazon-apigateway-integration': mock } } }));
    expectAwsError(res, 400, 'BadRequestException', /Unable to put method 'GET' on resource at path '\/a': Invalid Request Validator identifier specified/);
  });

  it('refuses an authorizer the authorizers group refuses', async () => {
    const res = await importApi(
      oas(
        { '/a': { get: { security: [{ auth: [] }], 'x-amazon-apigateway-integration': mock } } },
        {
          components: {
            securitySchemes: {
              auth: { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authorizer': { type: 'token', authorizerUri: 'not-an-arn' } },
            },
          },
        },
      ),
    );
    expectAwsError(res, 400, 'BadRequestException', /^Errors found during import:\n\tUnable to create authorizer 'auth': Invalid Authorizer URI: not-an-arn/);
  });

  it.each([
    ['binary media types that are not a list', { 'x-amazon-apigateway-binary-media-types': 'image/png' }, 'Unable to parse API definition because of a malformed x-amazon-apigateway-binary-media-types.'],
    ['an unknown API key source', { 'x-amazon-apigateway-api-key-source': 'QUERY' }, 'Invalid API Key Source specified: QUERY. Must be one of: [HEADER, AUTHORIZER]'],
    ['a compression size out of range', { 'x-amazon-apigateway-minimum-compression-size': -1 }, 'Invalid minimum compression size, must be between 0 and 10485760'],
    ['a policy that is a number', { 'x-amazon-apigateway-policy': 42 }, 'Unable to parse API definition because of a malformed x-amazon-apigateway-policy.'],
  ])('refuses %s', async (_what, extra, message) => {
    expectAwsError(await importApi(oas({}, extra)), 400, 'BadRequestException', message);
  });

  it('refuses a document it cannot read, and OpenAPI 3.1', async () => {
    expectAwsError(await importApi('not: [valid'), 400, 'BadRequestException', 'Invalid OpenAPI input.');
    expectAwsError(await importApi({ openapi: '3.1.0', info: { title: 'x', version: '1' }, paths: {} }), 400, 'BadRequestException', 'Invalid OpenAPI input.');
  });

  it('refuses an import without a title (nothing to name the API)', async () => {
    expectAwsError(await importApi({ swagger: '2.0', info: { version: '1' }, paths: {} }), 400, 'BadRequestException', /info\.title/);
  });

  it('refuses import parameters it does not know, naming them', async () => {
    expectAwsError(await importApi(oas({}), '&flavour=mild'), 400, 'BadRequestException', "apigw-local does not support the import parameter 'flavour'");
  });
});

describe('malformed documents', () => {
  const base = { openapi: '3.0.1', info: { title: 't', version: '1' } };
  const integration = (i: unknown) => ({ ...base, paths: { '/a': { get: { 'x-amazon-apigateway-integration': i } } } });
  it.each([
    ['a null path item', { ...base, paths: { '/a': null } }],
    ['an operation that is a list', { ...base, paths: { '/a': { get: [] } } }],
    ['parameters that are an object', { ...base, paths: { '/a': { get: { parameters: {} } } } }],
    ['responses that are a list', { ...base, paths: { '/a': { get: { responses: [] } } } }],
    ['a security requirement that is an object', { ...base, paths: { '/a': { get: { security: {} } } } }],
    ['integration responses that are a list', integration({ type: 'mock', responses: [] })],
    ['an integration response that is a string', integration({ type: 'mock', responses: { default: 'x' } })],
    ['request parameters that are a list', integration({ type: 'mock', requestParameters: [] })],
    ['a timeout that is not a number', integration({ type: 'mock', timeoutInMillis: 'abc' })],
    ['an unknown integration type', integration({ type: 'lambda' })],
    ['schemas that are a list', { ...base, components: { schemas: [] }, paths: {} }],
    ['an authorizer of an unknown type', { ...base, components: { securitySchemes: { a: { 'x-amazon-apigateway-authorizer': { type: 'lambda' } } } }, paths: {} }],
    ['gateway responses that are a list', { ...base, 'x-amazon-apigateway-gateway-responses': [], paths: {} }],
    ['a validator flag that is a string', { ...base, 'x-amazon-apigateway-request-validators': { a: { validateRequestBody: 'yes' } }, paths: {} }],
    ['a default validator that is a number', { ...base, 'x-amazon-apigateway-request-validator': 5, paths: {} }],
  ])('refuses %s with a 400, never a 500', async (_what, doc) => {
    const res = await importApi(doc);
    expectAwsError(res, 400, 'BadRequestException', /^Unable to parse API definition because of a malformed /);
    expect(await apiCount()).toBe(0);
  });
});
