/**
 * Method and MethodResponse operations. Expected answers are AWS's recorded
 * answers (localstack tests/aws/services/apigateway/test_apigateway_api.snapshot.json:
 * TestApiGatewayApiMethod, TestApigatewayMethodResponse) unless a comment says otherwise.
 */
import { useControlPlane, expectAwsError } from '../helpers/app';

const cp = useControlPlane();

let api: string;
let root: string;
beforeEach(async () => {
  const created = await cp.createApi();
  api = created.id;
  root = created.rootResourceId;
});

const methodUrl = (verb = 'ANY', resource = root, restApi = api) => `/restapis/${restApi}/resources/${resource}/methods/${verb}`;
const put = (body: object, verb = 'ANY', resource = root, restApi = api) => cp.http.put(methodUrl(verb, resource, restApi)).send(body);
const update = (ops: object[], verb = 'ANY') => cp.http.patch(methodUrl(verb)).send({ patchOperations: ops });
const responseUrl = (code: string, verb = 'GET') => `${methodUrl(verb)}/responses/${code}`;

const AUTHORIZER_REQUIRED =
  'Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer.';

describe('PutMethod / GetMethod / DeleteMethod', () => {
  it('has the recorded lifecycle: 201, 200, 204, then 404s', async () => {
    const created = await put({ authorizationType: 'NONE' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ apiKeyRequired: false, authorizationType: 'NONE', httpMethod: 'ANY' });
    const got = await cp.http.get(methodUrl());
    expect(got.status).toBe(200);
    expect(got.body).toEqual({ apiKeyRequired: false, authorizationType: 'NONE', httpMethod: 'ANY' });
    const del = await cp.http.delete(methodUrl());
    expect(del.status).toBe(204);
    expectAwsError(await cp.http.get(methodUrl()), 404, 'NotFoundException', 'Invalid Method identifier specified');
    expectAwsError(await cp.http.delete(methodUrl()), 404, 'NotFoundException', 'Invalid Method identifier specified');
    expect((await cp.http.get(`/restapis/${api}/resources/${root}`)).body).toEqual({ id: root, path: '/' });
  });

  it('keeps request parameters, models, operation name, scopes and apiKeyRequired', async () => {
    const params = {
      'method.request.querystring.q_optional': false,
      'method.request.querystring.q_required': true,
      'method.request.header.h_optional': false,
      'method.request.header.h_required': true,
    };
    const res = await put({
      authorizationType: 'AWS_IAM',
      apiKeyRequired: true,
      operationName: 'ListPets',
      requestParameters: params,
      requestModels: { 'application/json': 'Empty' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      apiKeyRequired: true,
      authorizationType: 'AWS_IAM',
      httpMethod: 'ANY',
      operationName: 'ListPets',
      requestParameters: params,
      requestModels: { 'application/json': 'Empty' },
    });
    expect((await cp.http.get(methodUrl())).body).toEqual(res.body);
  });

  it('refuses what AWS refuses (recorded put-method-validation)', async () => {
    expectAwsError(await put({ authorizationType: 'NONE' }, 'WRONG', root, 'fake-api'), 404, 'NotFoundException', 'Invalid Resource identifier specified');
    expectAwsError(await put({ authorizationType: 'NONE' }, 'WRONG', 'fake-resource-id'), 404, 'NotFoundException', 'Invalid Resource identifier specified');
    expectAwsError(
      await put({ authorizationType: 'NONE' }, 'WRONG'),
      400,
      'BadRequestException',
      'Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY',
    );
    expectAwsError(await put({ authorizationType: 'CUSTOM' }), 400, 'BadRequestException', AUTHORIZER_REQUIRED);
    expectAwsError(await put({ authorizationType: 'COGNITO_USER_POOLS' }), 400, 'BadRequestException', AUTHORIZER_REQUIRED);
    expectAwsError(
      await put({ authorizationType: 'NONE', requestModels: { 'application/json': 'petModel' } }),
      400,
      'BadRequestException',
      'Invalid model identifier specified: petModel',
    );
    expectAwsError(
      await put({
        authorizationType: 'NONE',
        requestParameters: { 'method.request.querystring.optional': false, 'method.request.header.optional': false },
      }),
      400,
      'BadRequestException',
      'Parameter names must be unique across querystring, header and path',
    );
    expectAwsError(
      await put({ authorizationType: 'NONE', requestParameters: { 'method.request.path.testPath': true, true: true } }),
      400,
      'BadRequestException',
      'Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression specified: true]',
    );
    // Nothing was created by the refused calls.
    expectAwsError(await cp.http.get(methodUrl()), 404, 'NotFoundException', 'Invalid Method identifier specified');
  });

  it('needs an authorization type, one of the four', async () => {
    expectAwsError(
      await put({}),
      400,
      'ValidationException',
      "1 validation error detected: Value null at 'putMethodInput.authorizationType' failed to satisfy constraint: Member must not be null",
    );
    expectAwsError(await put({ authorizationType: 'OPEN' }), 400, 'BadRequestException', /authorization type/);
  });

  it('409s a method that exists', async () => {
    expect((await put({ authorizationType: 'NONE' })).status).toBe(201);
    // Message as AWS sends it (seen in terraform/CLI reports): "Method already exists for this resource".
    expectAwsError(await put({ authorizationType: 'NONE' }), 409, 'ConflictException', 'Method already exists for this resource');
  });

  it('refuses an unknown authorizer or request validator (recorded: missing-authorizer-id, invalid-request-validator)', async () => {
    expectAwsError(
      await put({ authorizationType: 'CUSTOM', authorizerId: 'abc123' }),
      400,
      'BadRequestException',
      'Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer.',
    );
    expectAwsError(await put({ authorizationType: 'NONE', requestValidatorId: 'fake-validator' }), 400, 'BadRequestException', 'Invalid Request Validator identifier specified');
  });

  it('drops an authorizerId on a method that needs none', async () => {
    const res = await put({ authorizationType: 'NONE', authorizerId: 'abc123' });
    expect(res.status).toBe(201);
    expect(res.body.authorizerId).toBeUndefined();
  });
});

describe('UpdateMethod', () => {
  it('adds, replaces and removes as recorded (update-method)', async () => {
    await put({ authorizationType: 'NONE' });
    const add = await update([
      { op: 'add', path: '/requestParameters/method.request.querystring.optional', value: 'true' },
      { op: 'add', path: '/requestModels/application~1json', value: 'Empty' },
    ]);
    expect(add.status).toBe(200);
    expect(add.body).toEqual({
      apiKeyRequired: false,
      authorizationType: 'NONE',
      httpMethod: 'ANY',
      requestModels: { 'application/json': 'Empty' },
      requestParameters: { 'method.request.querystring.optional': true },
    });
    const replace = await update([
      { op: 'replace', path: '/operationName', value: 'ReplacedOperationName' },
      { op: 'replace', path: '/apiKeyRequired', value: 'true' },
      { op: 'replace', path: '/authorizationType', value: 'AWS_IAM' },
      { op: 'replace', path: '/requestParameters/method.request.querystring.optional', value: 'false' },
    ]);
    expect(replace.body).toEqual({
      apiKeyRequired: true,
      authorizationType: 'AWS_IAM',
      httpMethod: 'ANY',
      operationName: 'ReplacedOperationName',
      requestModels: { 'application/json': 'Empty' },
      requestParameters: { 'method.request.querystring.optional': false },
    });
    const remove = await update([
      { op: 'remove', path: '/requestParameters/method.request.querystring.optional', value: 'true' },
      { op: 'remove', path: '/requestModels/application~1json', value: 'Empty' },
    ]);
    expect(remove.body).toEqual({ apiKeyRequired: true, authorizationType: 'AWS_IAM', httpMethod: 'ANY', operationName: 'ReplacedOperationName' });
    expect((await cp.http.get(methodUrl())).body).toEqual(remove.body);
  });

  it('refuses what AWS refuses (recorded update-method-validation)', async () => {
    expectAwsError(await cp.http.patch(methodUrl('ANY', root, 'fake-api')).send({ patchOperations: [] }), 404, 'NotFoundException', 'Invalid Resource identifier specified');
    expectAwsError(await cp.http.patch(methodUrl('ANY', 'fake-resource-id')).send({ patchOperations: [] }), 404, 'NotFoundException', 'Invalid Resource identifier specified');
    expectAwsError(
      await update([{ op: 'replace', path: '/operationName', value: 'methodDoesNotExist' }], 'GET'),
      404,
      'NotFoundException',
      'Invalid Method identifier specified',
    );
    expect((await put({ authorizationType: 'NONE', apiKeyRequired: true })).status).toBe(201);
    const onlyReplace = 'Invalid patch operation specified. Must be one of: [replace]';
    expectAwsError(await update([{ op: 'add', path: '/operationName', value: 'x' }]), 400, 'BadRequestException', onlyReplace);
    expectAwsError(await update([{ op: 'add', path: '/requestValidatorId', value: 'wrong-id' }]), 400, 'BadRequestException', onlyReplace);
    expectAwsError(await update([{ op: 'add', path: '/httpMethod', value: 'PUT' }]), 400, 'BadRequestException', 'Invalid patch path /httpMethod');
    expectAwsError(
      await update([{ op: 'replace', path: '/requestParameters', value: 'method.request.querystring.optional=false' }]),
      400,
      'BadRequestException',
      'Invalid patch path /requestParameters',
    );
    expectAwsError(
      await update([{ op: 'add', path: '/requestModels/application/json', value: 'Empty' }]),
      400,
      'BadRequestException',
      'Invalid patch path /requestModels/application/json',
    );
    // A non-boolean value reads as false, as AWS does.
    const lenient = await update([{ op: 'replace', path: '/apiKeyRequired', value: 'whatever' }]);
    expect(lenient.status).toBe(200);
    expect(lenient.body).toEqual({ apiKeyRequired: false, authorizationType: 'NONE', httpMethod: 'ANY' });
    expectAwsError(await update([{ op: 'replace', path: '/authorizationType', value: 'CUSTOM' }]), 400, 'BadRequestException', AUTHORIZER_REQUIRED);
    const ignored = await update([{ op: 'replace', path: '/authorizerId', value: 'abc123' }]);
    expect(ignored.body).toEqual({ apiKeyRequired: false, authorizationType: 'NONE', httpMethod: 'ANY' });
    expectAwsError(
      await update([{ op: 'replace', path: '/requestModels/application~1json', value: 'Empty' }]),
      404,
      'NotFoundException',
      'Content-Type specified was not found',
    );
    expectAwsError(
      await update([{ op: 'remove', path: '/requestParameters/method.request.header.nope' }]),
      404,
      'NotFoundException',
      'Invalid parameter name specified',
    );
    expectAwsError(
      await update([{ op: 'add', path: '/requestModels/application~1json', value: 'petModel' }]),
      400,
      'BadRequestException',
      'Invalid model identifier specified: petModel',
    );
    expectAwsError(
      await update([{ op: 'wrong', path: '/operationName', value: 'x' }]),
      400,
      'ValidationException',
      "1 validation error detected: Value 'wrong' at 'updateMethodInput.patchOperations.1.member.op' failed to satisfy constraint: Member must satisfy enum value set: [add, remove, move, test, replace, copy]",
    );
  });

  it('changes nothing when one operation fails', async () => {
    await put({ authorizationType: 'NONE' });
    const res = await update([
      { op: 'replace', path: '/operationName', value: 'Changed' },
      { op: 'replace', path: '/authorizationType', value: 'NOPE' },
    ]);
    expectAwsError(res, 400, 'BadRequestException');
    expect((await cp.http.get(methodUrl())).body.operationName).toBeUndefined();
  });

  it('adds and removes authorization scopes', async () => {
    await put({ authorizationType: 'NONE', authorizationScopes: ['a'] });
    const added = await update([{ op: 'add', path: '/authorizationScopes', value: 'b' }]);
    expect(added.body.authorizationScopes).toEqual(['a', 'b']);
    const removed = await update([{ op: 'remove', path: '/authorizationScopes/a' }]);
    expect(removed.body.authorizationScopes).toEqual(['b']);
  });
});

describe('Method responses', () => {
  beforeEach(async () => {
    await put({ authorizationType: 'NONE' }, 'GET');
  });

  it('has the recorded lifecycle (lifecycle-method-response)', async () => {
    const created = await cp.http.put(responseUrl('200')).send({ responseParameters: {}, responseModels: {} });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ responseModels: {}, responseParameters: {}, statusCode: '200' });
    expect((await cp.http.get(responseUrl('200'))).body).toEqual({ responseModels: {}, responseParameters: {}, statusCode: '200' });
    const ops = (op: string) => [
      { op, path: '/responseParameters/method.response.header.my-header', value: 'true' },
      { op, path: '/responseModels/application~1json', value: 'Empty' },
    ];
    const added = await cp.http.patch(responseUrl('200')).send({ patchOperations: ops('add') });
    // UpdateMethodResponse answers 201, as AWS does.
    expect(added.status).toBe(201);
    const expected = { responseModels: { 'application/json': 'Empty' }, responseParameters: { 'method.response.header.my-header': true }, statusCode: '200' };
    expect(added.body).toEqual(expected);
    const replaced = await cp.http.patch(responseUrl('200')).send({ patchOperations: ops('replace') });
    expect(replaced.body).toEqual(expected);
    expect((await cp.http.get(methodUrl('GET'))).body.methodResponses).toEqual({ '200': expected });
    const removed = await cp.http.patch(responseUrl('200')).send({ patchOperations: ops('remove') });
    expect(removed.body).toEqual({ statusCode: '200' });
    const del = await cp.http.delete(responseUrl('200'));
    expect(del.status).toBe(204);
    expectAwsError(await cp.http.get(responseUrl('200')), 404, 'NotFoundException', 'Invalid Response status code specified');
    expect((await cp.http.get(methodUrl('GET'))).body.methodResponses).toBeUndefined();
  });

  it('answers only statusCode when nothing else is given (recorded put-method-response-get)', async () => {
    const res = await cp.http.put(responseUrl('200')).send({});
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ statusCode: '200' });
    // "Response already exists for this resource" is AWS's 409 (seen in CLI/SDK reports).
    expectAwsError(await cp.http.put(responseUrl('200')).send({}), 409, 'ConflictException', 'Response already exists for this resource');
  });

  it('validates the status code before anything else', async () => {
    const pattern = "1 validation error detected: Value 'wrong' at 'statusCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [1-5]\\d\\d";
    expectAwsError(await cp.http.put(responseUrl('wrong')).send({}), 400, 'ValidationException', pattern);
    expectAwsError(await cp.http.put(responseUrl('600')).send({}), 400, 'ValidationException');
    expectAwsError(await cp.http.get(responseUrl('wrong')), 400, 'ValidationException', pattern);
    expectAwsError(
      await cp.http.patch(responseUrl('wrong')).send({ patchOperations: [{ op: 'wrong_op', path: '/responseParameters/x', value: 'true' }] }),
      400,
      'ValidationException',
      "2 validation errors detected: Value 'wrong_op' at 'updateMethodResponseInput.patchOperations.1.member.op' failed to satisfy constraint: Member must satisfy enum value set: [add, remove, move, test, replace, copy]; " +
        pattern.replace('1 validation error detected: ', ''),
    );
  });

  it('refuses what AWS refuses on update (recorded update-method-response negative tests)', async () => {
    await cp.http
      .put(responseUrl('200'))
      .send({ responseParameters: { 'method.response.header.my-header': false }, responseModels: { 'application/json': 'Empty' } });
    const op = (o: string, path: string, value = 'true') => ({ patchOperations: [{ op: o, path, value }] });
    expectAwsError(
      await cp.http.patch(responseUrl('201')).send(op('replace', '/responseParameters/method.response.header.my-header')),
      404,
      'NotFoundException',
      'Invalid Response status code specified',
    );
    expectAwsError(
      await cp.http.patch(`/restapis/${api}/resources/wrong/methods/GET/responses/200`).send(op('replace', '/responseParameters/x')),
      404,
      'NotFoundException',
      'Invalid Resource identifier specified',
    );
    expectAwsError(
      await cp.http.patch(responseUrl('200', 'POST')).send(op('replace', '/responseParameters/x')),
      404,
      'NotFoundException',
      'Invalid Method identifier specified',
    );
    expectAwsError(await cp.http.patch(responseUrl('200')).send(op('replace', '/responseParameters/wrong')), 404, 'NotFoundException', 'Invalid parameter name specified');
    expectAwsError(await cp.http.patch(responseUrl('200')).send(op('remove', '/responseParameters/wrong')), 404, 'NotFoundException', 'Invalid parameter name specified');
    expectAwsError(await cp.http.patch(responseUrl('200')).send(op('replace', '/responseModels/wrong', 'Empty')), 404, 'NotFoundException', 'Content-Type specified was not found');
    expectAwsError(await cp.http.patch(responseUrl('200')).send(op('remove', '/responseModels/wrong', 'Empty')), 404, 'NotFoundException', 'Content-Type specified was not found');
    expectAwsError(
      await cp.http.patch(responseUrl('200')).send(op('remove', '/wrong/method.response.header.my-header')),
      400,
      'BadRequestException',
      'Invalid patch path /wrong/method.response.header.my-header',
    );
    expectAwsError(
      await cp.http.patch(responseUrl('200')).send({
        patchOperations: [
          { op: 'wrong_op', path: '/responseParameters/method.response.header.my-header', value: 'true' },
          { op: 'remove', path: '/responseModels/application~1json', value: 'Empty' },
          { op: 'wrong_op', path: '/responseModels/application~1json', value: 'Empty' },
        ],
      }),
      400,
      'ValidationException',
      /^2 validation errors detected: .*patchOperations\.1\.member\.op.*; .*patchOperations\.3\.member\.op/,
    );
  });

  it('checks response parameter names and models on put', async () => {
    expectAwsError(
      await cp.http.put(responseUrl('200')).send({ responseParameters: { 'method.request.header.x': true } }),
      400,
      'BadRequestException',
      /Invalid mapping expression specified/,
    );
    expectAwsError(
      await cp.http.put(responseUrl('200')).send({ responseModels: { 'application/json': 'Missing' } }),
      400,
      'BadRequestException',
      'Invalid model identifier specified: Missing',
    );
    expectAwsError(await cp.http.put(responseUrl('200', 'POST')).send({}), 404, 'NotFoundException', 'Invalid Method identifier specified');
  });

  it('deleting the method takes its responses with it', async () => {
    await cp.http.put(responseUrl('200')).send({});
    await cp.http.delete(methodUrl('GET'));
    await put({ authorizationType: 'NONE' }, 'GET');
    expectAwsError(await cp.http.get(responseUrl('200')), 404, 'NotFoundException', 'Invalid Response status code specified');
  });
});
