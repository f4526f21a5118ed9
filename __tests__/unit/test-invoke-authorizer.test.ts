/**
 * TestInvokeAuthorizer in process (lib/control/test-invoke.ts), against the
 * built-in runtime serving fixtures/functions: the answer's shape
 * (TestInvokeAuthorizerResponse: clientStatus, log, latency, principalId,
 * policy as JSON text, authorization, claims), the TOKEN and REQUEST events
 * built from the simulated request (methodArn on the `ESTestInvoke-stage`
 * stage), and AWS's 404s (the API first, then "Invalid Authorizer identifier
 * specified").
 */
import * as path from 'node:path';
import { expectAwsError, useControlPlane } from '../helpers/app';

const FUNCTIONS = path.join(__dirname, '..', '..', 'fixtures', 'functions');
const fnUri = (name: string): string =>
  `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:${name}/invocations`;

const cp = useControlPlane({ functions: FUNCTIONS });

async function authorizer(apiId: string, body: Record<string, unknown>): Promise<string> {
  const res = await cp.http.post(`/restapis/${apiId}/authorizers`).send({ name: 'a', ...body });
  expect(res.status).toBe(201);
  return res.body.id;
}

test('an unknown API, then an unknown authorizer: 404 with AWS messages', async () => {
  expectAwsError(await cp.http.post('/restapis/nope000000/authorizers/abc123').send({}), 404, 'NotFoundException', 'Invalid API identifier specified 000000000000:nope000000');
  const api = await cp.createApi();
  expectAwsError(await cp.http.post(`/restapis/${api.id}/authorizers/abc123`).send({}), 404, 'NotFoundException', 'Invalid Authorizer identifier specified');
});

test('TOKEN: clientStatus 200 with principalId, the policy as JSON text and the context; the TOKEN event on ESTestInvoke-stage', async () => {
  const api = await cp.createApi();
  const id = await authorizer(api.id, { type: 'TOKEN', authorizerUri: fnUri('authorizer-token'), identitySource: 'method.request.header.Auth' });
  const res = await cp.http.post(`/restapis/${api.id}/authorizers/${id}`).send({ headers: { Auth: 'deny' }, pathWithQueryString: '/pets/1?x=1' });
  expect(res.status).toBe(200);
  expect(Object.keys(res.body)).toEqual(['clientStatus', 'log', 'latency', 'principalId', 'policy', 'authorization']);
  const arn = `arn:aws:execute-api:us-east-1:000000000000:${api.id}/ESTestInvoke-stage/GET/pets/1`;
  expect(res.body).toMatchObject({ clientStatus: 200, principalId: 'user-deny' });
  expect(JSON.parse(res.body.policy)).toEqual({ Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Deny', Resource: arn }] });
  expect(res.body.authorization).toMatchObject({ stringKey: ['value'], numberKey: ['1'], booleanKey: ['true'] });
  expect(JSON.parse(res.body.authorization.event[0])).toEqual({ type: 'TOKEN', methodArn: arn, authorizationToken: 'deny' });
  expect(res.body.log).toMatch(/^Execution log for request test-request\n\w{3} \w{3} \d{2} \d{2}:\d{2}:\d{2} UTC \d{4} : Starting authorizer: /);
});

test('TOKEN: no token 401, Unauthorized 401, a failing function 500', async () => {
  const api = await cp.createApi();
  const id = await authorizer(api.id, { type: 'TOKEN', authorizerUri: fnUri('authorizer-token'), identitySource: 'method.request.header.Auth' });
  const send = (headers: Record<string, string>) => cp.http.post(`/restapis/${api.id}/authorizers/${id}`).send({ headers });
  expect((await send({})).body).toMatchObject({ clientStatus: 401 });
  expect((await send({ auth: 'unauthorized' })).body).toMatchObject({ clientStatus: 401 });
  const failed = (await send({ Auth: 'fail' })).body;
  expect(failed.clientStatus).toBe(500);
  expect(failed.log).toContain('AuthorizerConfigurationException');
  expect(failed.principalId).toBeUndefined();
});

test('REQUEST: identity sources from headers, multiValueHeaders, the query string and stage variables', async () => {
  const api = await cp.createApi();
  const id = await authorizer(api.id, {
    type: 'REQUEST',
    authorizerUri: fnUri('authorizer-request'),
    identitySource: 'method.request.header.HeaderAuth1, method.request.querystring.QueryString1, stageVariables.StageVar1',
  });
  const base = { multiValueHeaders: { HeaderAuth1: ['headerValue1'] }, pathWithQueryString: '/request?QueryString1=queryValue1' };
  const missing = await cp.http.post(`/restapis/${api.id}/authorizers/${id}`).send(base);
  expect(missing.body.clientStatus).toBe(401);
  const res = await cp.http.post(`/restapis/${api.id}/authorizers/${id}`).send({ ...base, stageVariables: { StageVar1: 'stageValue1' } });
  expect(res.body).toMatchObject({ clientStatus: 200, principalId: 'request-user' });
  const event = JSON.parse(res.body.authorization.event[0]);
  expect(event).toMatchObject({
    type: 'REQUEST',
    methodArn: `arn:aws:execute-api:us-east-1:000000000000:${api.id}/ESTestInvoke-stage/GET/request`,
    path: '/request',
    headers: { HeaderAuth1: 'headerValue1' },
    queryStringParameters: { QueryString1: 'queryValue1' },
    stageVariables: { StageVar1: 'stageValue1' },
  });
});
