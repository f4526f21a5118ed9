/**
 * Lambda and Cognito authorizers end to end, as a user sets them up: the
 * built server (`--functions fixtures/functions`, `--cognito-endpoint` at a
 * test user pool) on an ephemeral port, APIs built with the real `aws` CLI
 * and with @aws-sdk/client-api-gateway, called over HTTP.
 * - TOKEN (fixtures/functions/authorizer-token.js): missing token 401, Allow
 *   200 with `$context.authorizer.*`, Deny 403 `{"Message":…explicit deny}`,
 *   `Unauthorized` 401, a failing function 500 `{"message":null}`
 *   (AuthorizerConfigurationException); results cached per token (the
 *   function's invocation id repeats) and not at TTL 0; a cached Allow for
 *   GET does not authorize POST; FlushStageAuthorizersCache forgets results;
 * - REQUEST (authorizer-request.js, the Developer Guide's example) through
 *   the SDK, and TestInvokeAuthorizer through the SDK and the CLI;
 * - COGNITO_USER_POOLS: the test makes its own RSA key pair and serves the
 *   JWKS on an ephemeral port; valid, expired, wrong-issuer and
 *   wrong-signature tokens.
 */
import { execFile } from 'node:child_process';
import * as http from 'node:http';
import * as path from 'node:path';
import {
  APIGatewayClient,
  CreateAuthorizerCommand,
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  TestInvokeAuthorizerCommand,
} from '@aws-sdk/client-api-gateway';
import { ROOT, startRealServer, stopAll, type RealServer } from '../helpers/server';
import { startTestPool, type TestPool } from '../helpers/cognito-pool';
import { apigatewayCli } from '../helpers/aws-cli';

const FUNCTIONS = path.join(ROOT, 'fixtures', 'functions');
const fnUri = (name: string): string =>
  `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:${name}/invocations`;

let server: RealServer;
let pool: TestPool;
beforeAll(async () => {
  pool = await startTestPool('us-east-1_E2ePool01', '000000000000');
  server = await startRealServer({
    args: ['--functions', FUNCTIONS, '--cognito-endpoint', pool.endpoint],
    env: { AWS_ENDPOINT_URL: '', AWS_ENDPOINT_URL_COGNITO_IDP: '', AWS_ENDPOINT_URL_LAMBDA: '' },
  });
});
afterAll(async () => {
  await stopAll();
  await pool.close();
});

const aws = apigatewayCli(() => server.url);

/** The aws CLI without blocking this process (the test user pool answers from it). */
function awsAsync(...args: string[]): Promise<Record<string, any>> {
  return new Promise((resolve, reject) => {
    execFile(
      'aws',
      ['apigateway', ...args, '--endpoint-url', server.url, '--output', 'json'],
      { env: { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '' }, timeout: 30000 },
      (err, stdout, stderr) => (err ? reject(new Error(`aws apigateway ${args.join(' ')} failed: ${stderr}`)) : resolve(stdout.trim() ? JSON.parse(stdout) : {})),
    );
  });
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  json: any;
}

function call(method: string, url: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${server.url}${url}`, { method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => {
        let json: unknown;
        try {
          json = JSON.parse(body);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** A MOCK integration whose 200 response shows `template` (rendered with $context). */
function mockMethod(apiId: string, resourceId: string, verb: string, auth: string[], template: string): void {
  aws('put-method', '--rest-api-id', apiId, '--resource-id', resourceId, '--http-method', verb, ...auth);
  aws('put-integration', '--rest-api-id', apiId, '--resource-id', resourceId, '--http-method', verb, '--type', 'MOCK',
    '--request-templates', JSON.stringify({ 'application/json': '{"statusCode": 200}' }));
  aws('put-method-response', '--rest-api-id', apiId, '--resource-id', resourceId, '--http-method', verb, '--status-code', '200');
  aws('put-integration-response', '--rest-api-id', apiId, '--resource-id', resourceId, '--http-method', verb, '--status-code', '200',
    '--response-templates', JSON.stringify({ 'application/json': template }));
}

const LAMBDA_TEMPLATE =
  '{"principalId": "$context.authorizer.principalId", "stringKey": "$context.authorizer.stringKey", "numberKey": "$context.authorizer.numberKey", ' +
  '"booleanKey": "$context.authorizer.booleanKey", "invocation": "$context.authorizer.invocation", "latency": "$context.authorizer.integrationLatency"}';

describe('TOKEN authorizer, built with the aws CLI', () => {
  let apiId: string;
  let authorizerId: string;
  const pets = (): string => `/restapis/${apiId}/dev/_user_request_/pets`;

  beforeAll(() => {
    const api = aws('create-rest-api', '--name', 'token-authorizer');
    apiId = api.id;
    const root = aws('get-resources', '--rest-api-id', apiId).items.find((r: { path: string }) => r.path === '/');
    const authorizer = aws('create-authorizer', '--rest-api-id', apiId, '--name', 'token', '--type', 'TOKEN',
      '--authorizer-uri', fnUri('authorizer-token'), '--identity-source', 'method.request.header.Authorization');
    authorizerId = authorizer.id;
    expect(authorizer).toMatchObject({ type: 'TOKEN', authorizerResultTtlInSeconds: 300, identitySource: 'method.request.header.Authorization' });
    const uncached = aws('create-authorizer', '--rest-api-id', apiId, '--name', 'uncached', '--type', 'TOKEN',
      '--authorizer-uri', fnUri('authorizer-token'), '--identity-source', 'method.request.header.Authorization',
      '--authorizer-result-ttl-in-seconds', '0');
    const petsRes = aws('create-resource', '--rest-api-id', apiId, '--parent-id', root.id, '--path-part', 'pets');
    const custom = ['--authorization-type', 'CUSTOM', '--authorizer-id', authorizerId];
    mockMethod(apiId, petsRes.id, 'GET', custom, LAMBDA_TEMPLATE);
    mockMethod(apiId, petsRes.id, 'POST', custom, LAMBDA_TEMPLATE);
    const fresh = aws('create-resource', '--rest-api-id', apiId, '--parent-id', root.id, '--path-part', 'fresh');
    mockMethod(apiId, fresh.id, 'GET', ['--authorization-type', 'CUSTOM', '--authorizer-id', uncached.id], LAMBDA_TEMPLATE);
    const echo = aws('create-resource', '--rest-api-id', apiId, '--parent-id', root.id, '--path-part', 'echo');
    aws('put-method', '--rest-api-id', apiId, '--resource-id', echo.id, '--http-method', 'GET', ...custom);
    aws('put-integration', '--rest-api-id', apiId, '--resource-id', echo.id, '--http-method', 'GET', '--type', 'AWS_PROXY',
      '--integration-http-method', 'POST', '--uri', fnUri('echo'));
    aws('create-deployment', '--rest-api-id', apiId, '--stage-name', 'dev');
  });

  test('no token: 401 {"message":"Unauthorized"}', async () => {
    const r = await call('GET', pets());
    expect(r.status).toBe(401);
    expect(r.body).toBe('{"message":"Unauthorized"}');
    expect(r.headers['x-amzn-errortype']).toBe('UnauthorizedException');
  });

  test('Allow: 200, with principalId, the context and integrationLatency in $context.authorizer', async () => {
    const r = await call('GET', pets(), { Authorization: 'allow' });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ principalId: 'user-allow', stringKey: 'value', numberKey: '1', booleanKey: 'true' });
    expect(Number(r.json.latency)).toBeGreaterThanOrEqual(0);
  });

  test('the Lambda proxy event carries requestContext.authorizer: the context as returned, principalId, integrationLatency', async () => {
    const r = await call('GET', `/restapis/${apiId}/dev/_user_request_/echo`, { Authorization: 'allow:echo' });
    expect(r.status).toBe(200);
    const authorizer = r.json.event.requestContext.authorizer;
    expect(authorizer).toMatchObject({ stringKey: 'value', numberKey: 1, booleanKey: true, principalId: 'user-allow:echo' });
    expect(typeof authorizer.integrationLatency).toBe('number');
    expect(JSON.parse(authorizer.event)).toEqual({
      type: 'TOKEN',
      methodArn: `arn:aws:execute-api:us-east-1:000000000000:${apiId}/dev/GET/echo`,
      authorizationToken: 'allow:echo',
    });
  });

  test('Deny: 403 {"Message":"User is not authorized to access this resource with an explicit deny"}', async () => {
    const r = await call('GET', pets(), { Authorization: 'deny' });
    expect(r.status).toBe(403);
    expect(r.body).toBe('{"Message":"User is not authorized to access this resource with an explicit deny"}');
    expect(r.headers['x-amzn-errortype']).toBe('AccessDeniedException');
  });

  test('Unauthorized: 401; a failing function: 500 {"message":null} AuthorizerConfigurationException', async () => {
    expect((await call('GET', pets(), { Authorization: 'unauthorized' })).status).toBe(401);
    const failed = await call('GET', pets(), { Authorization: 'fail' });
    expect(failed.status).toBe(500);
    expect(failed.body).toBe('{"message":null}');
    expect(failed.headers['x-amzn-errortype']).toBe('AuthorizerConfigurationException');
    const badContext = await call('GET', pets(), { Authorization: 'bad-context' });
    expect(badContext.status).toBe(500);
  });

  test('caching: a second request with the same token does not call the function; with TTL 0 it does', async () => {
    const a = await call('GET', pets(), { Authorization: 'allow-all' });
    const b = await call('GET', pets(), { Authorization: 'allow-all' });
    expect(a.json.invocation).toMatch(/^[0-9a-f-]{36}$/);
    expect(b.json.invocation).toBe(a.json.invocation);
    expect(b.json.latency).toBe('0');
    const fresh = `/restapis/${apiId}/dev/_user_request_/fresh`;
    const c = await call('GET', fresh, { Authorization: 'allow' });
    const d = await call('GET', fresh, { Authorization: 'allow' });
    expect(c.status).toBe(200);
    expect(d.json.invocation).not.toBe(c.json.invocation);
  });

  test('a cached Allow for GET /pets does not authorize POST /pets', async () => {
    const token = { Authorization: 'allow' };
    expect((await call('GET', pets(), token)).status).toBe(200);
    const post = await call('POST', pets(), token);
    expect(post.status).toBe(403);
    expect(post.body).toBe('{"Message":"User is not authorized to access this resource"}');
  });

  test('flush-stage-authorizers-cache: the next request calls the function again', async () => {
    const a = await call('GET', pets(), { Authorization: 'allow-all' });
    aws('flush-stage-authorizers-cache', '--rest-api-id', apiId, '--stage-name', 'dev');
    const b = await call('GET', pets(), { Authorization: 'allow-all' });
    expect(b.json.invocation).not.toBe(a.json.invocation);
  });

  test('test-invoke-authorizer: the policy, principalId and context of a token', () => {
    const out = aws('test-invoke-authorizer', '--rest-api-id', apiId, '--authorizer-id', authorizerId, '--headers', 'Authorization=allow');
    expect(out).toMatchObject({ clientStatus: 200, principalId: 'user-allow' });
    const policy = JSON.parse(out.policy);
    expect(policy.Statement[0]).toEqual({
      Action: 'execute-api:Invoke',
      Effect: 'Allow',
      Resource: `arn:aws:execute-api:us-east-1:000000000000:${apiId}/ESTestInvoke-stage/GET/`,
    });
    expect(JSON.parse(out.authorization.event[0])).toEqual({
      type: 'TOKEN',
      methodArn: `arn:aws:execute-api:us-east-1:000000000000:${apiId}/ESTestInvoke-stage/GET/`,
      authorizationToken: 'allow',
    });
    expect(out.log).toContain('Starting authorizer');
    expect(aws('test-invoke-authorizer', '--rest-api-id', apiId, '--authorizer-id', authorizerId, '--headers', 'Other=x').clientStatus).toBe(401);
  });
});

describe('REQUEST authorizer, built with the SDK', () => {
  let client: APIGatewayClient;
  let apiId: string;
  let authorizerId: string;

  beforeAll(async () => {
    client = new APIGatewayClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    const api = await client.send(new CreateRestApiCommand({ name: 'request-authorizer' }));
    apiId = api.id!;
    const a = await client.send(
      new CreateAuthorizerCommand({
        restApiId: apiId,
        name: 'request',
        type: 'REQUEST',
        authorizerUri: fnUri('authorizer-request'),
        identitySource: 'method.request.header.HeaderAuth1, method.request.querystring.QueryString1',
      }),
    );
    authorizerId = a.id!;
    const res = await client.send(new CreateResourceCommand({ restApiId: apiId, parentId: api.rootResourceId!, pathPart: 'request' }));
    const base = { restApiId: apiId, resourceId: res.id!, httpMethod: 'GET' };
    await client.send(new PutMethodCommand({ ...base, authorizationType: 'CUSTOM', authorizerId }));
    await client.send(new PutIntegrationCommand({ ...base, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
    await client.send(new PutMethodResponseCommand({ ...base, statusCode: '200' }));
    await client.send(
      new PutIntegrationResponseCommand({
        ...base,
        statusCode: '200',
        responseTemplates: { 'application/json': '{"principalId": "$context.authorizer.principalId", "event": $context.authorizer.event}' },
      }),
    );
    await client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'dev', variables: { StageVar1: 'stageValue1' } }));
  });
  afterAll(() => client.destroy());

  test('a missing identity source: 401 without calling the function', async () => {
    const r = await call('GET', `/restapis/${apiId}/dev/_user_request_/request?QueryString1=queryValue1`);
    expect(r.status).toBe(401);
  });

  test('the REQUEST event the function got, field by field', async () => {
    const r = await call('GET', `/restapis/${apiId}/dev/_user_request_/request?QueryString1=queryValue1`, { HeaderAuth1: 'headerValue1' });
    expect(r.status).toBe(200);
    expect(r.json.principalId).toBe('request-user');
    const e = r.json.event;
    expect(e).toMatchObject({
      type: 'REQUEST',
      methodArn: `arn:aws:execute-api:us-east-1:000000000000:${apiId}/dev/GET/request`,
      resource: '/request',
      path: '/request',
      httpMethod: 'GET',
      queryStringParameters: { QueryString1: 'queryValue1' },
      multiValueQueryStringParameters: { QueryString1: ['queryValue1'] },
      pathParameters: {},
      stageVariables: { StageVar1: 'stageValue1' },
      requestContext: { accountId: '000000000000', apiId, stage: 'dev', resourcePath: '/request', httpMethod: 'GET', path: '/dev/request' },
    });
    expect(e.headers).toMatchObject({ HeaderAuth1: 'headerValue1' });
    expect(e.multiValueHeaders).toMatchObject({ HeaderAuth1: ['headerValue1'] });
  });

  test('the function answering Unauthorized: 401', async () => {
    const r = await call('GET', `/restapis/${apiId}/dev/_user_request_/request?QueryString1=wrong`, { HeaderAuth1: 'headerValue1' });
    expect(r.status).toBe(401);
    expect(r.body).toBe('{"message":"Unauthorized"}');
  });

  test('TestInvokeAuthorizer through the SDK', async () => {
    const out = await client.send(
      new TestInvokeAuthorizerCommand({
        restApiId: apiId,
        authorizerId,
        headers: { HeaderAuth1: 'headerValue1' },
        pathWithQueryString: '/request?QueryString1=queryValue1',
      }),
    );
    expect(out).toMatchObject({ clientStatus: 200, principalId: 'request-user' });
    expect(JSON.parse(out.policy!).Statement[0].Effect).toBe('Allow');
    const missing = await client.send(new TestInvokeAuthorizerCommand({ restApiId: apiId, authorizerId, headers: { HeaderAuth1: 'headerValue1' } }));
    expect(missing.clientStatus).toBe(401);
  });
});

describe('COGNITO_USER_POOLS authorizer', () => {
  let apiId: string;
  let authorizerId: string;
  const me = (): string => `/restapis/${apiId}/dev/_user_request_/me`;

  beforeAll(() => {
    const api = aws('create-rest-api', '--name', 'cognito-authorizer');
    apiId = api.id;
    const root = aws('get-resources', '--rest-api-id', apiId).items.find((r: { path: string }) => r.path === '/');
    const a = aws('create-authorizer', '--rest-api-id', apiId, '--name', 'pool', '--type', 'COGNITO_USER_POOLS',
      '--provider-arns', pool.arn, '--identity-source', 'method.request.header.Authorization');
    authorizerId = a.id;
    const res = aws('create-resource', '--rest-api-id', apiId, '--parent-id', root.id, '--path-part', 'me');
    mockMethod(apiId, res.id, 'GET', ['--authorization-type', 'COGNITO_USER_POOLS', '--authorizer-id', authorizerId],
      '{"user": "$context.authorizer.claims[\'cognito:username\']", "email": "$context.authorizer.claims.email", "tokenUse": "$context.authorizer.claims.token_use"}');
    aws('create-deployment', '--rest-api-id', apiId, '--stage-name', 'dev');
  });

  test('a valid ID token: 200, its claims in $context.authorizer.claims', async () => {
    const r = await call('GET', me(), { Authorization: pool.token() });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ user: 'alice', email: 'alice@example.com', tokenUse: 'id' });
  });

  test('expired: 401 {"message":"The incoming token has expired"}', async () => {
    const now = Math.floor(Date.now() / 1000);
    const r = await call('GET', me(), { Authorization: pool.token({ exp: now - 60, iat: now - 3660 }) });
    expect(r.status).toBe(401);
    expect(r.body).toBe('{"message":"The incoming token has expired"}');
  });

  test.each<[string, () => string]>([
    ['a wrong issuer', () => pool.token({ iss: `${pool.endpoint}/us-east-1_SomeOther1` })],
    ['a wrong signature', () => pool.token({}, { key: pool.otherKey })],
    ['no token at all', () => ''],
  ])('%s: 401 {"message":"Unauthorized"}', async (_what, token) => {
    const t = token();
    const r = await call('GET', me(), t ? { Authorization: t } : {});
    expect(r.status).toBe(401);
    expect(r.body).toBe('{"message":"Unauthorized"}');
  });

  test('test-invoke-authorizer shows the claims', async () => {
    const out = await awsAsync('test-invoke-authorizer', '--rest-api-id', apiId, '--authorizer-id', authorizerId, '--headers', `Authorization=${pool.token()}`);
    expect(out.clientStatus).toBe(200);
    expect(out.claims).toMatchObject({ 'cognito:username': 'alice', token_use: 'id' });
  });
});
