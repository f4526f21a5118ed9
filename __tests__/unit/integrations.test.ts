/**
 * Integration and IntegrationResponse operations. Expected answers are AWS's
 * recorded answers (localstack tests/aws/services/apigateway/
 * test_apigateway_api.snapshot.json: TestApigatewayIntegration,
 * TestApigatewayIntegrationResponse; test_apigateway_integrations.snapshot.json)
 * unless a comment says otherwise.
 */
import { useControlPlane, expectAwsError } from '../helpers/app';

const cp = useControlPlane();

let api: string;
let root: string;
beforeEach(async () => {
  const created = await cp.createApi();
  api = created.id;
  root = created.rootResourceId;
  await cp.http.put(`/restapis/${api}/resources/${root}/methods/GET`).send({ authorizationType: 'NONE' });
});

const integrationUrl = (verb = 'GET', resource = root, restApi = api) => `/restapis/${restApi}/resources/${resource}/methods/${verb}/integration`;
const putIntegration = (body: object, verb = 'GET') => cp.http.put(integrationUrl(verb)).send(body);
const updateIntegration = (ops: object[]) => cp.http.patch(integrationUrl()).send({ patchOperations: ops });
const responseUrl = (code: string, verb = 'GET', resource = root, restApi = api) => `${integrationUrl(verb, resource, restApi)}/responses/${code}`;
// Bodies are wire JSON: the integration's HTTP method is `httpMethod` there (the SDKs' integrationHttpMethod).
const LAMBDA_URI = 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:f/invocations';

describe('PutIntegration / GetIntegration / DeleteIntegration', () => {
  it('fills in AWS defaults for MOCK (recorded get-method in lifecycle-integration-response)', async () => {
    const res = await putIntegration({ type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } });
    expect(res.status).toBe(201);
    const expected = {
      cacheKeyParameters: [],
      cacheNamespace: root,
      passthroughBehavior: 'WHEN_NO_MATCH',
      requestTemplates: { 'application/json': '{"statusCode": 200}' },
      timeoutInMillis: 29000,
      type: 'MOCK',
    };
    expect(res.body).toEqual(expected);
    const got = await cp.http.get(integrationUrl());
    expect(got.status).toBe(200);
    expect(got.body).toEqual(expected);
    expect((await cp.http.get(`/restapis/${api}/resources/${root}/methods/GET`)).body.methodIntegration).toEqual(expected);
  });

  it('fills in INTERNET and keeps httpMethod and uri for HTTP (recorded put-integration-get)', async () => {
    const res = await putIntegration({ type: 'HTTP', httpMethod: 'POST', uri: 'http://example.com/path' });
    expect(res.body).toEqual({
      cacheKeyParameters: [],
      cacheNamespace: root,
      connectionType: 'INTERNET',
      httpMethod: 'POST',
      passthroughBehavior: 'WHEN_NO_MATCH',
      timeoutInMillis: 29000,
      type: 'HTTP',
      uri: 'http://example.com/path',
    });
  });

  it('keeps a VPC link connection (recorded put-integration-vpc-link)', async () => {
    const res = await putIntegration({
      type: 'HTTP_PROXY',
      httpMethod: 'GET',
      uri: 'http://my-vpclink-test-nlb-1234567890abcdef.us-east-1.amazonaws.com',
      connectionType: 'VPC_LINK',
      connectionId: '${stageVariables.vpcLinkId}',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ connectionType: 'VPC_LINK', connectionId: '${stageVariables.vpcLinkId}', httpMethod: 'GET', type: 'HTTP_PROXY' });
    const upd = await updateIntegration([{ op: 'replace', path: '/connectionId', value: '${stageVariables.vpcLinkIdBeta}' }]);
    expect(upd.status).toBe(200);
    expect(upd.body.connectionId).toBe('${stageVariables.vpcLinkIdBeta}');
  });

  it('keeps the optional fields given', async () => {
    const res = await putIntegration({
      type: 'AWS_PROXY',
      httpMethod: 'POST',
      uri: LAMBDA_URI,
      credentials: 'arn:aws:iam::123456789012:role/r',
      requestParameters: { 'integration.request.header.x': 'method.request.header.y' },
      cacheNamespace: 'ns',
      cacheKeyParameters: ['method.request.header.y'],
      contentHandling: 'CONVERT_TO_TEXT',
      timeoutInMillis: 50,
      passthroughBehavior: 'NEVER',
      tlsConfig: { insecureSkipVerification: true },
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      type: 'AWS_PROXY',
      httpMethod: 'POST',
      uri: LAMBDA_URI,
      connectionType: 'INTERNET',
      credentials: 'arn:aws:iam::123456789012:role/r',
      requestParameters: { 'integration.request.header.x': 'method.request.header.y' },
      cacheNamespace: 'ns',
      cacheKeyParameters: ['method.request.header.y'],
      contentHandling: 'CONVERT_TO_TEXT',
      timeoutInMillis: 50,
      passthroughBehavior: 'NEVER',
      tlsConfig: { insecureSkipVerification: true },
    });
  });

  it('refuses an unknown type before any lookup (recorded put-integration-wrong-type)', async () => {
    expectAwsError(
      await putIntegration({ type: 'HTTPS_PROXY' }, 'POST'),
      400,
      'ValidationException',
      "1 validation error detected: Value 'HTTPS_PROXY' at 'putIntegrationInput.type' failed to satisfy constraint: Member must satisfy enum value set: [HTTP, MOCK, AWS_PROXY, HTTP_PROXY, AWS]",
    );
    expectAwsError(await putIntegration({}), 400, 'ValidationException', /Value null at 'putIntegrationInput.type'/);
    expectAwsError(await putIntegration({ type: 'MOCK', connectionType: 'WIRE' }), 400, 'ValidationException', /putIntegrationInput.connectionType/);
  });

  it('404s an unknown method, resource or API (recorded put-integration-response-validation)', async () => {
    expectAwsError(await putIntegration({ type: 'MOCK' }, 'POST'), 404, 'NotFoundException', 'Invalid Method identifier specified');
    expectAwsError(await cp.http.put(integrationUrl('GET', 'badresource')).send({ type: 'MOCK' }), 404, 'NotFoundException', 'Invalid Resource identifier specified');
    expectAwsError(await cp.http.get(integrationUrl('GET', root, 'nope')), 404, 'NotFoundException', 'Invalid Resource identifier specified');
    expectAwsError(await cp.http.get(integrationUrl('POST')), 404, 'NotFoundException', 'Invalid Method identifier specified');
    expectAwsError(await cp.http.get(integrationUrl()), 404, 'NotFoundException', 'Invalid Integration identifier specified');
  });

  it.each([
    [{ type: 'HTTP', uri: 'http://example.com' }, 'Enumeration value for HttpMethod must be non-empty'],
    [{ type: 'AWS', uri: LAMBDA_URI }, 'Enumeration value for HttpMethod must be non-empty'],
    [{ type: 'HTTP', httpMethod: 'POST', uri: 'non-valid-http' }, 'Invalid HTTP endpoint specified for URI'],
    [{ type: 'HTTP_PROXY', httpMethod: 'POST' }, 'Invalid HTTP endpoint specified for URI'],
    [{ type: 'HTTP', httpMethod: 'POST', uri: 'ftp://example.com' }, 'Invalid HTTP endpoint specified for URI'],
    [{ type: 'AWS', httpMethod: 'POST', uri: 'non-valid-arn' }, 'Invalid ARN specified in the request'],
    [{ type: 'AWS', httpMethod: 'POST', uri: 'arn:aws:iam::0000000000:role/service-role/asdf' }, 'AWS ARN for integration must contain path or action'],
    [
      { type: 'AWS_PROXY', httpMethod: 'POST', uri: 'arn:aws:apigateway:us-east-1:sqs:path/123/q' },
      "Integrations of type 'AWS_PROXY' currently only supports Lambda function and Firehose stream invocations.",
    ],
    [{ type: 'MOCK', timeoutInMillis: 49 }, 'Timeout should be between 50 ms and 29000 ms'],
    [{ type: 'MOCK', timeoutInMillis: 29001 }, 'Timeout should be between 50 ms and 29000 ms'],
    [{ type: 'HTTP', httpMethod: 'FETCH', uri: 'http://example.com' }, /Invalid HttpMethod specified/],
    [{ type: 'MOCK', passthroughBehavior: 'SOMETIMES' }, /passthrough behavior/],
    [{ type: 'MOCK', requestParameters: { 'method.request.header.x': 'y' } }, /Invalid mapping expression specified/],
  ])('refuses %j', async (body, message) => {
    expectAwsError(await putIntegration(body), 400, 'BadRequestException', message);
    expectAwsError(await cp.http.get(integrationUrl()), 404, 'NotFoundException', 'Invalid Integration identifier specified');
  });

  it('accepts stage variables in HTTP URIs and action ARNs for AWS', async () => {
    expect((await putIntegration({ type: 'HTTP_PROXY', httpMethod: 'ANY', uri: 'https://${stageVariables.host}/x/{proxy}' })).status).toBe(201);
    expect((await putIntegration({ type: 'AWS', httpMethod: 'POST', uri: 'arn:aws:apigateway:us-east-1:sqs:action/SendMessage' })).status).toBe(201);
  });

  it('replaces the integration when put again, integration responses included', async () => {
    await putIntegration({ type: 'MOCK' });
    await cp.http.put(responseUrl('200')).send({ selectionPattern: '' });
    const again = await putIntegration({ type: 'HTTP', httpMethod: 'GET', uri: 'http://example.com' });
    expect(again.status).toBe(201);
    const got = await cp.http.get(integrationUrl());
    expect(got.body.type).toBe('HTTP');
    expect(got.body.integrationResponses).toBeUndefined();
  });

  it('deletes with 204', async () => {
    await putIntegration({ type: 'MOCK' });
    expect((await cp.http.delete(integrationUrl())).status).toBe(204);
    expectAwsError(await cp.http.get(integrationUrl()), 404, 'NotFoundException', 'Invalid Integration identifier specified');
    expectAwsError(await cp.http.delete(integrationUrl()), 404, 'NotFoundException', 'Invalid Integration identifier specified');
    expect((await cp.http.get(`/restapis/${api}/resources/${root}/methods/GET`)).body).toEqual({
      apiKeyRequired: false,
      authorizationType: 'NONE',
      httpMethod: 'GET',
    });
  });
});

describe('UpdateIntegration', () => {
  it('patches scalars, maps and cache key parameters', async () => {
    await putIntegration({ type: 'HTTP', httpMethod: 'GET', uri: 'http://example.com' });
    const res = await updateIntegration([
      { op: 'replace', path: '/uri', value: 'https://example.org/v2' },
      { op: 'replace', path: '/httpMethod', value: 'POST' },
      { op: 'replace', path: '/timeoutInMillis', value: '1000' },
      { op: 'replace', path: '/passthroughBehavior', value: 'WHEN_NO_TEMPLATES' },
      { op: 'add', path: '/requestParameters/integration.request.header.x', value: "'static'" },
      { op: 'add', path: '/requestTemplates/application~1json', value: '{}' },
      { op: 'add', path: '/cacheKeyParameters/method.request.header.x' },
      { op: 'replace', path: '/tlsConfig/insecureSkipVerification', value: 'true' },
    ]);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      uri: 'https://example.org/v2',
      httpMethod: 'POST',
      timeoutInMillis: 1000,
      passthroughBehavior: 'WHEN_NO_TEMPLATES',
      requestParameters: { 'integration.request.header.x': "'static'" },
      requestTemplates: { 'application/json': '{}' },
      cacheKeyParameters: ['method.request.header.x'],
      tlsConfig: { insecureSkipVerification: true },
    });
    const removed = await updateIntegration([
      { op: 'remove', path: '/requestParameters/integration.request.header.x' },
      { op: 'remove', path: '/requestTemplates/application~1json' },
      { op: 'remove', path: '/cacheKeyParameters/method.request.header.x' },
    ]);
    expect(removed.body.requestParameters).toBeUndefined();
    expect(removed.body.requestTemplates).toBeUndefined();
    expect(removed.body.cacheKeyParameters).toEqual([]);
    expect((await cp.http.get(integrationUrl())).body).toEqual(removed.body);
  });

  it('refuses unknown paths, bad values and a missing integration, changing nothing', async () => {
    expectAwsError(await updateIntegration([{ op: 'replace', path: '/uri', value: 'http://x' }]), 404, 'NotFoundException', 'Invalid Integration identifier specified');
    await putIntegration({ type: 'HTTP', httpMethod: 'GET', uri: 'http://example.com' });
    expectAwsError(await updateIntegration([{ op: 'replace', path: '/nope', value: 'x' }]), 400, 'BadRequestException', 'Invalid patch path /nope');
    expectAwsError(
      await updateIntegration([{ op: 'add', path: '/uri', value: 'http://x' }]),
      400,
      'BadRequestException',
      'Invalid patch operation specified. Must be one of: [replace]',
    );
    expectAwsError(
      await updateIntegration([
        { op: 'replace', path: '/httpMethod', value: 'POST' },
        { op: 'replace', path: '/timeoutInMillis', value: '30000' },
      ]),
      400,
      'BadRequestException',
      'Timeout should be between 50 ms and 29000 ms',
    );
    expectAwsError(await updateIntegration([{ op: 'replace', path: '/uri', value: 'not a url' }]), 400, 'BadRequestException', 'Invalid HTTP endpoint specified for URI');
    expectAwsError(await updateIntegration([{ op: 'replace', path: '/timeoutInMillis', value: 'abc' }]), 400, 'BadRequestException');
    expectAwsError(
      await updateIntegration([{ op: 'bogus', path: '/uri', value: 'x' }]),
      400,
      'ValidationException',
      /updateIntegrationInput\.patchOperations\.1\.member\.op/,
    );
    expect((await cp.http.get(integrationUrl())).body).toMatchObject({ httpMethod: 'GET', uri: 'http://example.com', timeoutInMillis: 29000 });
  });
});

describe('Integration responses', () => {
  beforeEach(async () => {
    await putIntegration({ type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } });
  });

  it('has the recorded lifecycle (lifecycle-integration-response)', async () => {
    const put = await cp.http.put(responseUrl('200')).send({ responseTemplates: { 'application/json': '"created"' }, selectionPattern: '' });
    expect(put.status).toBe(201);
    expect(put.body).toEqual({ responseTemplates: { 'application/json': '"created"' }, selectionPattern: '', statusCode: '200' });
    expect((await cp.http.get(responseUrl('200'))).body).toEqual(put.body);
    const upd = await cp.http.patch(responseUrl('200')).send({ patchOperations: [{ op: 'replace', path: '/selectionPattern', value: 'updated-pattern' }] });
    expect(upd.status).toBe(200);
    expect(upd.body).toEqual({ responseTemplates: { 'application/json': '"created"' }, selectionPattern: 'updated-pattern', statusCode: '200' });
    const overwrite = await cp.http
      .put(responseUrl('200'))
      .send({ responseTemplates: { 'application/json': 'overwrite' }, selectionPattern: 'overwrite-pattern' });
    expect(overwrite.status).toBe(201);
    expect(overwrite.body).toEqual({ responseTemplates: { 'application/json': 'overwrite' }, selectionPattern: 'overwrite-pattern', statusCode: '200' });
    const method = await cp.http.get(`/restapis/${api}/resources/${root}/methods/GET`);
    expect(method.body.methodIntegration.integrationResponses).toEqual({ '200': overwrite.body });
    expect((await cp.http.delete(responseUrl('200'))).status).toBe(204);
    const after = await cp.http.get(`/restapis/${api}/resources/${root}/methods/GET`);
    expect(after.body.methodIntegration.integrationResponses).toBeUndefined();
  });

  it('keeps contentHandling and empty maps as given (recorded put-integration-response-get/put)', async () => {
    const a = await cp.http.put(responseUrl('200')).send({ selectionPattern: '2\\d{2}', responseTemplates: {} });
    expect(a.body).toEqual({ responseTemplates: {}, selectionPattern: '2\\d{2}', statusCode: '200' });
    const b = await cp.http.put(responseUrl('201')).send({ selectionPattern: '2\\d{2}', contentHandling: 'CONVERT_TO_BINARY' });
    expect(b.body).toEqual({ contentHandling: 'CONVERT_TO_BINARY', selectionPattern: '2\\d{2}', statusCode: '201' });
  });

  it('stores an empty or null template as null (recorded put-integration-response-templates)', async () => {
    const none = await cp.http.put(responseUrl('200')).send({ responseTemplates: { 'application/json': null }, selectionPattern: '' });
    expect(none.body).toEqual({ responseTemplates: { 'application/json': null }, selectionPattern: '', statusCode: '200' });
    const empty = await cp.http.put(responseUrl('200')).send({ responseTemplates: { 'application/json': '' }, selectionPattern: '' });
    expect(empty.body).toEqual({ responseTemplates: { 'application/json': null }, selectionPattern: '', statusCode: '200' });
    const noTemplate = await cp.http.put(responseUrl('200')).send({ selectionPattern: '' });
    expect(noTemplate.body).toEqual({ selectionPattern: '', statusCode: '200' });
  });

  it('patches parameters and templates', async () => {
    await cp.http.put(responseUrl('200')).send({});
    const res = await cp.http.patch(responseUrl('200')).send({
      patchOperations: [
        { op: 'add', path: '/responseParameters/method.response.header.X-A', value: "'a'" },
        { op: 'add', path: '/responseTemplates/text~1plain', value: 'hi' },
        { op: 'replace', path: '/contentHandling', value: 'CONVERT_TO_TEXT' },
      ],
    });
    expect(res.body).toEqual({
      statusCode: '200',
      responseParameters: { 'method.response.header.X-A': "'a'" },
      responseTemplates: { 'text/plain': 'hi' },
      contentHandling: 'CONVERT_TO_TEXT',
    });
    expectAwsError(
      await cp.http.patch(responseUrl('200')).send({ patchOperations: [{ op: 'add', path: '/statusCode', value: '201' }] }),
      400,
      'BadRequestException',
      'Invalid patch path /statusCode',
    );
    expectAwsError(
      await cp.http.patch(responseUrl('200')).send({ patchOperations: [{ op: 'replace', path: '/contentHandling', value: 'SHRINK' }] }),
      400,
      'BadRequestException',
    );
  });

  it('refuses what AWS refuses (recorded integration-response negative tests)', async () => {
    expectAwsError(await cp.http.put(responseUrl('200', 'GET', 'dummy-value', 'wrong-api')).send({}), 404, 'NotFoundException', 'Invalid Resource identifier specified');
    expectAwsError(await cp.http.get(responseUrl('200', 'GET', 'wrong-resource')), 404, 'NotFoundException', 'Invalid Resource identifier specified');
    expectAwsError(await cp.http.put(responseUrl('200', 'wrong-method')).send({}), 404, 'NotFoundException', 'Invalid Method identifier specified');
    expectAwsError(await cp.http.get(responseUrl('200', 'wrong-method')), 404, 'NotFoundException', 'Invalid Method identifier specified');
    const pattern = "1 validation error detected: Value 'wrong' at 'statusCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [1-5]\\d\\d";
    expectAwsError(await cp.http.put(responseUrl('wrong')).send({ selectionPattern: '' }), 400, 'ValidationException', pattern);
    expectAwsError(await cp.http.get(responseUrl('wrong')), 400, 'ValidationException', pattern);
    expectAwsError(await cp.http.get(responseUrl('201')), 404, 'NotFoundException', 'Invalid Response status code specified');
    expectAwsError(
      await cp.http.put(responseUrl('200')).send({ contentHandling: 'ZIP' }),
      400,
      'ValidationException',
      /putIntegrationResponseInput\.contentHandling/,
    );
    await cp.http.put(`/restapis/${api}/resources/${root}/methods/POST`).send({ authorizationType: 'NONE' });
    expectAwsError(await cp.http.get(responseUrl('200', 'POST')), 404, 'NotFoundException', 'Invalid Integration identifier specified');
  });

  it('answers DeleteIntegrationResponse errors as recorded (delete-integration-response-errors)', async () => {
    await cp.http.put(responseUrl('200')).send({ selectionPattern: '' });
    expectAwsError(await cp.http.delete(responseUrl('200', 'GET', 'wrong')), 404, 'NotFoundException', 'Invalid Resource identifier specified');
    expectAwsError(await cp.http.delete(responseUrl('200', 'GET', root, 'wrong')), 404, 'NotFoundException', 'Invalid Resource identifier specified');
    expectAwsError(await cp.http.delete(responseUrl('200', 'POST')), 404, 'NotFoundException', 'Invalid Integration identifier specified');
    expectAwsError(await cp.http.delete(responseUrl('201')), 404, 'NotFoundException', 'Invalid Response status code specified');
    expect((await cp.http.delete(responseUrl('200'))).status).toBe(204);
  });
});
