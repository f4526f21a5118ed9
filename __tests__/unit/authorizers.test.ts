/**
 * Authorizer operations, and the methods that use them. Where a comment says
 * "recorded", the expected answer is AWS's recorded one (localstack
 * test_apigateway_api.snapshot.json); shapes and defaults follow the API
 * Reference and the AWS CLI reference examples.
 */
import { useControlPlane, expectAwsError } from '../helpers/app';

const cp = useControlPlane();

const LAMBDA_URI =
  'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:myApiAuthorizer/invocations';
const POOL = 'arn:aws:cognito-idp:us-east-1:123412341234:userpool/us-east-1_123412341';

const token = (extra: Record<string, unknown> = {}) => ({
  name: 'my-auth',
  type: 'TOKEN',
  authorizerUri: LAMBDA_URI,
  identitySource: 'method.request.header.Authorization',
  ...extra,
});

async function createAuthorizer(apiId: string, body: Record<string, unknown> = token()) {
  const res = await cp.http.post(`/restapis/${apiId}/authorizers`).send(body);
  if (res.status !== 201) throw new Error(`createAuthorizer: ${res.status} ${res.text}`);
  return res.body as { id: string; [k: string]: unknown };
}

describe('CreateAuthorizer', () => {
  it('answers 201 for a TOKEN authorizer with the 300 s TTL default', async () => {
    const api = await cp.createApi();
    const res = await cp.http.post(`/restapis/${api.id}/authorizers`).send(token({ authType: 'custom', identityValidationExpression: 'Bearer .*' }));
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[a-z0-9]{6}$/),
      name: 'my-auth',
      type: 'TOKEN',
      authType: 'custom',
      authorizerUri: LAMBDA_URI,
      identitySource: 'method.request.header.Authorization',
      identityValidationExpression: 'Bearer .*',
      authorizerResultTtlInSeconds: 300,
    });
  });

  it('creates REQUEST and COGNITO_USER_POOLS authorizers', async () => {
    const api = await cp.createApi();
    const request = await createAuthorizer(api.id, {
      name: 'req',
      type: 'REQUEST',
      authorizerUri: LAMBDA_URI,
      identitySource: 'method.request.header.Auth, method.request.querystring.key, stageVariables.s, context.sourceIp',
      authorizerResultTtlInSeconds: 0,
      authorizerCredentials: 'arn:aws:iam::123456789012:role/apigAwsProxyRole',
    });
    expect(request).toMatchObject({ type: 'REQUEST', authorizerResultTtlInSeconds: 0, authorizerCredentials: 'arn:aws:iam::123456789012:role/apigAwsProxyRole' });
    const cognito = await createAuthorizer(api.id, {
      name: 'pool',
      type: 'COGNITO_USER_POOLS',
      providerARNs: [POOL],
      identitySource: 'method.request.header.Authorization',
    });
    // Shape as moto's tests and the CLI examples show it: no authorizerUri.
    expect(cognito).toEqual({
      id: expect.any(String),
      name: 'pool',
      type: 'COGNITO_USER_POOLS',
      providerARNs: [POOL],
      identitySource: 'method.request.header.Authorization',
      authorizerResultTtlInSeconds: 300,
    });
  });

  it('a REQUEST authorizer without caching needs no identity source', async () => {
    const api = await cp.createApi();
    const a = await createAuthorizer(api.id, { name: 'r', type: 'REQUEST', authorizerUri: LAMBDA_URI, authorizerResultTtlInSeconds: 0 });
    expect(a.identitySource).toBeUndefined();
    expectAwsError(await cp.http.post(`/restapis/${api.id}/authorizers`).send({ name: 'r2', type: 'REQUEST', authorizerUri: LAMBDA_URI }), 400, 'BadRequestException');
  });

  it('answers an unknown API with the recorded 409 ConflictException, after checking the URI', async () => {
    // Recorded: wrong-rest-api-id-create-authorizer.
    expectAwsError(
      await cp.http.post('/restapis/test-fake-rest-id/authorizers').send(token({ name: 'fake-auth-name' })),
      409,
      'ConflictException',
      'Unable to complete operation due to concurrent modification. Please try again later.',
    );
    // "AWS validates the format of the authorizerUri before the restApi existence" (same recorded test).
    expectAwsError(
      await cp.http.post('/restapis/test-fake-rest-id/authorizers').send(token({ authorizerUri: 'arn:aws:lambda:us-east-1:123456789012:function:authorizer' })),
      400,
      'BadRequestException',
      /^Invalid Authorizer URI: arn:aws:lambda:us-east-1:123456789012:function:authorizer\./,
    );
  });

  it('refuses a TOKEN authorizer whose source is not one header, with AWS wording', async () => {
    const api = await cp.createApi();
    // AWS's message as users report it (serverless/serverless#4428, Wild Rydes workshop notes).
    expectAwsError(
      await cp.http.post(`/restapis/${api.id}/authorizers`).send(token({ identitySource: 'method.request.querystring.key' })),
      400,
      'BadRequestException',
      "Invalid token source expression: method.request.querystring.key. The source must be a method request header, matching 'method.request.header.[a-zA-Z0-9._-]+'.",
    );
    expectAwsError(
      await cp.http.post(`/restapis/${api.id}/authorizers`).send(token({ identitySource: 'method.request.header.' })),
      400,
      'BadRequestException',
      /^Invalid token source expression: method\.request\.header\.\. /,
    );
  });

  it.each([
    [{ type: 'JWT' }, 'ValidationException', /Value 'JWT' at 'createAuthorizerInput.type' failed to satisfy constraint: Member must satisfy enum value set: \[TOKEN, REQUEST, COGNITO_USER_POOLS\]/],
    [{ type: undefined }, 'ValidationException', /Value null at 'createAuthorizerInput.type'/],
    [{ authorizerUri: undefined }, 'BadRequestException', /authorizerUri/],
    [{ authorizerResultTtlInSeconds: 3601 }, 'BadRequestException', /between 0 and 3600/],
    [{ type: 'COGNITO_USER_POOLS', authorizerUri: undefined }, 'BadRequestException', /provider ARN/],
    [{ type: 'COGNITO_USER_POOLS', providerARNs: ['arn:aws:iam::123:role/x'] }, 'BadRequestException', /Invalid provider ARN specified/],
    [{ type: 'REQUEST', identitySource: 'method.request.body.x' }, 'BadRequestException', /Invalid identity source expression: method.request.body.x/],
  ])('refuses %j', async (change, type, message) => {
    const api = await cp.createApi();
    const res = await cp.http.post(`/restapis/${api.id}/authorizers`).send(token(change));
    expectAwsError(res, 400, type, message);
  });
});

describe('GetAuthorizer / GetAuthorizers', () => {
  it('reads back and lists under item in id order, paged', async () => {
    const api = await cp.createApi();
    const made = [];
    for (let i = 0; i < 3; i++) made.push(await createAuthorizer(api.id, token({ name: `a${i}` })));
    made.sort((a, b) => (a.id < b.id ? -1 : 1));
    expect((await cp.http.get(`/restapis/${api.id}/authorizers/${made[0].id}`)).body).toEqual(made[0]);
    const all = await cp.http.get(`/restapis/${api.id}/authorizers`);
    expect(all.status).toBe(200);
    expect(all.body).toEqual({ item: made });
    const first = await cp.http.get(`/restapis/${api.id}/authorizers?limit=2`);
    expect(first.body.item).toEqual(made.slice(0, 2));
    const next = await cp.http.get(`/restapis/${api.id}/authorizers?position=${first.body.position}`);
    expect(next.body).toEqual({ item: made.slice(2) });
  });

  it('404s an unknown authorizer, and the listing of an unknown API (recorded)', async () => {
    const api = await cp.createApi();
    expectAwsError(await cp.http.get(`/restapis/${api.id}/authorizers/xxx`), 404, 'NotFoundException', 'Invalid Authorizer identifier specified');
    expectAwsError(await cp.http.get('/restapis/test-fake-rest-id/authorizers'), 404, 'NotFoundException', 'Invalid API identifier specified 000000000000:test-fake-rest-id');
  });
});

describe('UpdateAuthorizer', () => {
  it('replaces fields as the CLI reference examples show', async () => {
    const api = await cp.createApi();
    const a = await createAuthorizer(api.id);
    const newUri = LAMBDA_URI.replace('myApiAuthorizer', 'newAuthorizer');
    const res = await cp.http.patch(`/restapis/${api.id}/authorizers/${a.id}`).send({
      patchOperations: [
        { op: 'replace', path: '/name', value: 'testAuthorizer' },
        { op: 'replace', path: '/authorizerUri', value: newUri },
        { op: 'replace', path: '/authorizerResultTtlInSeconds', value: '60' },
        { op: 'replace', path: '/identityValidationExpression', value: '^x-.*' },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ...a, name: 'testAuthorizer', authorizerUri: newUri, authorizerResultTtlInSeconds: 60, identityValidationExpression: '^x-.*' });
    expect((await cp.http.get(`/restapis/${api.id}/authorizers/${a.id}`)).body).toEqual(res.body);
  });

  it('adds and removes Cognito provider ARNs and re-checks the result', async () => {
    const api = await cp.createApi();
    const a = await createAuthorizer(api.id, { name: 'pool', type: 'COGNITO_USER_POOLS', providerARNs: [POOL], identitySource: 'method.request.header.Authorization' });
    const other = POOL.replace('us-east-1_123412341', 'us-east-1_999');
    const url = `/restapis/${api.id}/authorizers/${a.id}`;
    const added = await cp.http.patch(url).send({ patchOperations: [{ op: 'add', path: `/providerARNs/${other}` }] });
    expect(added.body.providerARNs).toEqual([POOL, other]);
    // The ARN's '/' may come raw or escaped as ~1.
    const removed = await cp.http.patch(url).send({ patchOperations: [{ op: 'remove', path: `/providerARNs/${POOL.replace(/\//g, '~1')}` }] });
    expect(removed.body.providerARNs).toEqual([other]);
    expectAwsError(await cp.http.patch(url).send({ patchOperations: [{ op: 'remove', path: `/providerARNs/${other}` }] }), 400, 'BadRequestException', /provider ARN/);
  });

  it('refuses unknown paths and ops in AWS wording, and 404s an unknown authorizer', async () => {
    const api = await cp.createApi();
    const a = await createAuthorizer(api.id);
    const url = `/restapis/${api.id}/authorizers/${a.id}`;
    expectAwsError(
      await cp.http.patch(url).send({ patchOperations: [{ op: 'replace', path: '/id', value: 'x' }] }),
      400,
      'BadRequestException',
      /^Invalid patch path {2}'\/id' specified for op 'replace'\. Must be one of: \[\/name, \/type, /,
    );
    expectAwsError(await cp.http.patch(url).send({ patchOperations: [{ op: 'add', path: '/name', value: 'x' }] }), 400, 'BadRequestException', "Invalid patch path  '/name' specified for op 'add'. Please choose supported operations");
    expectAwsError(await cp.http.patch(url).send({ patchOperations: [{ op: 'replace', path: '/authorizerResultTtlInSeconds', value: '-1' }] }), 400, 'BadRequestException');
    // moto's recorded behaviour for an unknown id: 404 "Invalid Authorizer identifier specified".
    expectAwsError(
      await cp.http.patch(`/restapis/${api.id}/authorizers/xxx`).send({ patchOperations: [{ op: 'replace', path: '/type', value: 'REQUEST' }] }),
      404,
      'NotFoundException',
      'Invalid Authorizer identifier specified',
    );
  });
});

describe('methods that use an authorizer', () => {
  async function putMethod(apiId: string, resourceId: string, body: Record<string, unknown>) {
    return cp.http.put(`/restapis/${apiId}/resources/${resourceId}/methods/POST`).send(body);
  }

  it('PutMethod accepts a CUSTOM method with an existing authorizer and refuses an unknown one (recorded)', async () => {
    const api = await cp.createApi();
    const a = await createAuthorizer(api.id);
    const ok = await putMethod(api.id, api.rootResourceId, { authorizationType: 'CUSTOM', authorizerId: a.id });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ authorizationType: 'CUSTOM', authorizerId: a.id });
    const res = await cp.http.put(`/restapis/${api.id}/resources/${api.rootResourceId}/methods/GET`).send({ authorizationType: 'COGNITO_USER_POOLS', authorizerId: 'nope00' });
    expectAwsError(res, 400, 'BadRequestException', 'Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer.');
  });

  it('UpdateMethod can switch a method to an authorizer (recorded: update-method-replace-authorizer)', async () => {
    const api = await cp.createApi();
    const a = await createAuthorizer(api.id);
    await putMethod(api.id, api.rootResourceId, { authorizationType: 'NONE' });
    const res = await cp.http.patch(`/restapis/${api.id}/resources/${api.rootResourceId}/methods/POST`).send({
      patchOperations: [
        { op: 'replace', path: '/authorizationType', value: 'CUSTOM' },
        { op: 'replace', path: '/authorizerId', value: a.id },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ authorizationType: 'CUSTOM', authorizerId: a.id });
  });

  it('DeleteAuthorizer answers 202, but 409 while a method uses it', async () => {
    const api = await cp.createApi();
    const child = await cp.http.post(`/restapis/${api.id}/resources/${api.rootResourceId}`).send({ pathPart: 'expenses' });
    const a = await createAuthorizer(api.id);
    await putMethod(api.id, child.body.id, { authorizationType: 'CUSTOM', authorizerId: a.id });
    // AWS's message as a user reports it: "Cannot delete authorizer, is referenced in method: POST//expenses".
    expectAwsError(await cp.http.delete(`/restapis/${api.id}/authorizers/${a.id}`), 409, 'ConflictException', 'Cannot delete authorizer, is referenced in method: POST//expenses');
    await cp.http.delete(`/restapis/${api.id}/resources/${child.body.id}/methods/POST`);
    const del = await cp.http.delete(`/restapis/${api.id}/authorizers/${a.id}`);
    expect(del.status).toBe(202);
    expectAwsError(await cp.http.get(`/restapis/${api.id}/authorizers/${a.id}`), 404, 'NotFoundException', 'Invalid Authorizer identifier specified');
    expectAwsError(await cp.http.delete(`/restapis/${api.id}/authorizers/${a.id}`), 404, 'NotFoundException', 'Invalid Authorizer identifier specified');
  });

  it('a deployment freezes the authorizers, and they go with their API', async () => {
    const api = await cp.createApi();
    const a = await createAuthorizer(api.id);
    await putMethod(api.id, api.rootResourceId, { authorizationType: 'CUSTOM', authorizerId: a.id });
    await cp.http.put(`/restapis/${api.id}/resources/${api.rootResourceId}/methods/POST/integration`).send({ type: 'MOCK' });
    const dep = await cp.http.post(`/restapis/${api.id}/deployments`).send({});
    expect(dep.status).toBe(201);
    const scope = { account: '000000000000', region: 'us-east-1' };
    expect(cp.app.store.deployments.snapshot(scope, api.id, dep.body.id)?.authorizers).toEqual([a]);
    expect((await cp.http.delete(`/restapis/${api.id}`)).status).toBe(202);
    expect(cp.app.store.authorizers.all(scope, api.id)).toEqual([]);
  });
});
