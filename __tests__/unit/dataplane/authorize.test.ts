/**
 * The `authorize` step with Lambda (TOKEN, REQUEST) and Cognito authorizers,
 * on compiled snapshots, with a Lambda invoker the test scripts (so every
 * call the step makes is counted). What AWS does, and where it says so:
 * - a missing identity, or one the validation expression refuses: 401
 *   `{"message":"Unauthorized"}` without calling the function (API Reference,
 *   Authorizer `identitySource` / `identityValidationExpression`);
 * - the function's `Unauthorized`: 401; an explicit Deny: 403
 *   `{"Message":"User is not authorized to access this resource with an
 *   explicit deny"}` (AccessDeniedException; recorded AWS answers quoted in
 *   user reports); other failures: 500 `{"message":null}`
 *   (AuthorizerConfigurationException, as users report it);
 * - results cached per identity for authorizerResultTtlInSeconds (0: never),
 *   and a cached policy decides other methods by their ARN;
 * - `$context.authorizer.principalId`, `.<context key>` (stringified),
 *   `.integrationLatency`, `.claims.<claim>` for Cognito ("Output from an API
 *   Gateway Lambda authorizer"; "Control access … using Cognito user pools").
 */
import { route } from '../../../lib/dataplane/steps/route';
import { authorize } from '../../../lib/dataplane/steps/authorize';
import { apiKey, apiKeyFromAuthorizer } from '../../../lib/dataplane/steps/api-key';
import { PIPELINE } from '../../../lib/dataplane/pipeline';
import { Authorizers, proxyEventAuthorizer } from '../../../lib/dataplane/auth/authorizers';
import { compileDeployment } from '../../../lib/dataplane/compile';
import type { InvokeInput, InvokeOutcome, LambdaInvoker } from '../../../lib/lambda/invoker';
import type { ApiSnapshot, Authorizer } from '../../../lib/model';
import type { InvocationContext } from '../../../lib/dataplane/context';
import { context, snapshot, type RequestSpec } from './helpers';
import { rendered, runSteps } from './traffic-fixtures';
import { startTestPool, type TestPool } from '../../helpers/cognito-pool';

const URI = 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations';
const MOCK = { type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } };
const API_ARN = 'arn:aws:execute-api:us-east-1:123456789012:api0000000';

const AUTHORIZERS: Authorizer[] = [
  { id: 'tok001', name: 'token', type: 'TOKEN', authorizerUri: URI, identitySource: 'method.request.header.Authorization', authorizerResultTtlInSeconds: 300 },
  {
    id: 'tok002',
    name: 'validated',
    type: 'TOKEN',
    authorizerUri: URI,
    identitySource: 'method.request.header.Authorization',
    identityValidationExpression: 'Bearer .+',
    authorizerResultTtlInSeconds: 300,
  },
  { id: 'tok000', name: 'uncached', type: 'TOKEN', authorizerUri: URI, identitySource: 'method.request.header.Authorization', authorizerResultTtlInSeconds: 0 },
  {
    id: 'req001',
    name: 'request',
    type: 'REQUEST',
    authorizerUri: URI,
    identitySource: 'method.request.header.HeaderAuth1, method.request.querystring.QueryString1',
    authorizerResultTtlInSeconds: 300,
  },
];

function snap(extra: Authorizer[] = [], api: Record<string, unknown> = {}): ApiSnapshot {
  const s = snapshot(
    {
      '/pets': {
        GET: { authorizationType: 'CUSTOM', authorizerId: 'tok001', integration: MOCK },
        POST: { authorizationType: 'CUSTOM', authorizerId: 'tok001', integration: MOCK },
      },
      '/validated': { GET: { authorizationType: 'CUSTOM', authorizerId: 'tok002', integration: MOCK } },
      '/uncached': { GET: { authorizationType: 'CUSTOM', authorizerId: 'tok000', integration: MOCK } },
      '/request/{id}': { GET: { authorizationType: 'CUSTOM', authorizerId: 'req001', integration: MOCK } },
      '/missing': { GET: { authorizationType: 'CUSTOM', authorizerId: 'nope00', integration: MOCK } },
      '/keyed': { GET: { authorizationType: 'CUSTOM', authorizerId: 'tok001', apiKeyRequired: true, integration: MOCK } },
      '/cognito': { GET: { authorizationType: 'COGNITO_USER_POOLS', authorizerId: 'cog001', integration: MOCK } },
      '/scoped': { GET: { authorizationType: 'COGNITO_USER_POOLS', authorizerId: 'cog001', authorizationScopes: ['pets/read'], integration: MOCK } },
      '/open': { GET: { integration: MOCK } },
    },
    api,
  );
  s.authorizers = [...AUTHORIZERS, ...extra];
  return s;
}

/** A scripted invoker: answers with `answer(event)` and records every call. */
function scripted(answer: (event: Record<string, any>) => InvokeOutcome): LambdaInvoker & { calls: Record<string, any>[]; inputs: InvokeInput[] } {
  const calls: Record<string, any>[] = [];
  const inputs: InvokeInput[] = [];
  return {
    endpointName: 'scripted',
    calls,
    inputs,
    invoke: async (input) => {
      inputs.push(input);
      const event = JSON.parse(input.payload.toString());
      calls.push(event);
      return answer(event);
    },
    close: () => undefined,
  };
}

const ok = (payload: unknown): InvokeOutcome => ({ kind: 'result', statusCode: 200, payload: Buffer.from(JSON.stringify(payload)) });
const failed = (message: string): InvokeOutcome => ({
  kind: 'result',
  statusCode: 200,
  payload: Buffer.from(JSON.stringify({ errorType: 'Error', errorMessage: message })),
  functionError: 'Unhandled',
});
const policy = (effect: string, resource: string) => ({ Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: resource }] });

/** The test authorizer: the token says what to answer (like fixtures/functions/authorizer-token.js). */
const byToken = scripted((e) => {
  const t: string = e.authorizationToken ?? '';
  if (t.endsWith('allow')) return ok({ principalId: 'user-1', policyDocument: policy('Allow', e.methodArn), context: { stringKey: 'value', numberKey: 1, booleanKey: true } });
  if (t === 'allow-all') return ok({ principalId: 'user-1', policyDocument: policy('Allow', `${API_ARN}/*`) });
  if (t === 'deny') return ok({ principalId: 'user-1', policyDocument: policy('Deny', e.methodArn) });
  if (t === 'fail') return failed('boom');
  if (t === 'bad-context') return ok({ principalId: 'u', policyDocument: policy('Allow', e.methodArn), context: { o: { a: 1 } } });
  if (t.startsWith('key:')) return ok({ principalId: 'u', policyDocument: policy('Allow', `${API_ARN}/*`), usageIdentifierKey: t.slice(4) });
  return failed('Unauthorized');
});

let service: Authorizers;
let invoker: ReturnType<typeof scripted>;
beforeEach(() => {
  service = new Authorizers();
  invoker = byToken;
  byToken.calls.length = 0;
  byToken.inputs.length = 0;
});

const deployment = compileDeployment('dep001', snap());

function ctxFor(spec: RequestSpec, dep = deployment): InvocationContext {
  const c = context(dep, spec);
  c.lambda = invoker;
  c.authorizers = service;
  return c;
}

async function run(spec: RequestSpec, dep = deployment): Promise<{ ctx: InvocationContext; err?: ReturnType<typeof rendered> }> {
  const ctx = ctxFor(spec, dep);
  const e = await runSteps(ctx, route, authorize);
  return { ctx, err: e ? rendered(ctx, e) : undefined };
}

const UNAUTHORIZED = { statusCode: 401, headers: { 'Content-Type': 'application/json', 'x-amzn-ErrorType': 'UnauthorizedException' }, body: '{"message":"Unauthorized"}' };
const CONFIG_ERROR = {
  statusCode: 500,
  headers: { 'Content-Type': 'application/json', 'x-amzn-ErrorType': 'AuthorizerConfigurationException' },
  body: '{"message":null}',
};

describe('TOKEN authorizers', () => {
  test('the pipeline runs authorize between the header API key check and the authorizer API key check', () => {
    const names = PIPELINE.map((s) => s.name);
    expect(names.indexOf('authorize')).toBeGreaterThan(names.indexOf('api key'));
    expect(names.indexOf('authorize')).toBeLessThan(names.indexOf('api key (authorizer)'));
  });

  test('no token: 401 {"message":"Unauthorized"}, the function is not called', async () => {
    const { err } = await run({ path: '/pets' });
    expect(err).toEqual(UNAUTHORIZED);
    expect(invoker.calls).toHaveLength(0);
  });

  test('a token the validation expression refuses: 401 without calling the function', async () => {
    expect((await run({ path: '/validated', headers: { Authorization: 'allow' } })).err).toEqual(UNAUTHORIZED);
    expect(invoker.calls).toHaveLength(0);
    expect((await run({ path: '/validated', headers: { Authorization: 'Bearer allow' } })).err).toBeUndefined();
    expect(invoker.calls).toHaveLength(1);
  });

  test('the TOKEN event: type, methodArn of the request, the token', async () => {
    await run({ path: '/pets', headers: { authorization: 'allow' } });
    expect(invoker.calls[0]).toEqual({
      type: 'TOKEN',
      methodArn: 'arn:aws:execute-api:us-east-1:123456789012:api0000000/dev/GET/pets',
      authorizationToken: 'allow',
    });
    expect(invoker.inputs[0]).toMatchObject({ functionId: 'arn:aws:lambda:us-east-1:123456789012:function:auth', region: 'us-east-1' });
  });

  test('allowed: principalId, the context (stringified) and integrationLatency in $context.authorizer', async () => {
    const { ctx, err } = await run({ path: '/pets', headers: { Authorization: 'allow' } });
    expect(err).toBeUndefined();
    const a = ctx.contextVars().authorizer as Record<string, unknown>;
    expect(a).toMatchObject({ principalId: 'user-1', stringKey: 'value', numberKey: '1', booleanKey: 'true' });
    expect(typeof a.integrationLatency).toBe('number');
    expect(ctx.authorizer).toMatchObject({ kind: 'lambda', context: { numberKey: 1, booleanKey: true } });
  });

  test('$context built before the authorizer ran is filled in afterwards', async () => {
    const ctx = ctxFor({ path: '/pets', headers: { Authorization: 'allow' } });
    await route(ctx);
    expect(ctx.contextVars().authorizer).toEqual({});
    await authorize(ctx);
    expect(ctx.contextVars().authorizer).toMatchObject({ principalId: 'user-1' });
  });

  test('an explicit Deny: 403 {"Message":"User is not authorized to access this resource with an explicit deny"}', async () => {
    const { err } = await run({ path: '/pets', headers: { Authorization: 'deny' } });
    expect(err).toEqual({
      statusCode: 403,
      headers: { 'Content-Type': 'application/json', 'x-amzn-ErrorType': 'AccessDeniedException' },
      body: '{"Message":"User is not authorized to access this resource with an explicit deny"}',
    });
  });

  test('the function answering Unauthorized: 401', async () => {
    expect((await run({ path: '/pets', headers: { Authorization: 'who-knows' } })).err).toEqual(UNAUTHORIZED);
  });

  test.each([
    ['a function error', 'fail'],
    ['a context value that is an object', 'bad-context'],
  ])('%s: 500 {"message":null} AuthorizerConfigurationException', async (_what, token) => {
    expect((await run({ path: '/pets', headers: { Authorization: token } })).err).toEqual(CONFIG_ERROR);
  });

  test('an unknown authorizer, or no Lambda endpoint: 500 AuthorizerConfigurationException', async () => {
    expect((await run({ path: '/missing', headers: { Authorization: 'allow' } })).err).toEqual(CONFIG_ERROR);
    invoker = scripted(() => ({ kind: 'unreachable', message: 'connect ECONNREFUSED' }));
    expect((await run({ path: '/pets', headers: { Authorization: 'allow' } })).err).toEqual(CONFIG_ERROR);
  });

  test('usageIdentifierKey becomes the API key apiKeySource AUTHORIZER checks', async () => {
    const { ctx } = await run({ path: '/keyed', headers: { Authorization: 'key:abc-123' } });
    expect(ctx.usageIdentifierKey).toBe('abc-123');
  });

  test('methods that need no authorizer are not touched', async () => {
    const { ctx, err } = await run({ path: '/open' });
    expect(err).toBeUndefined();
    expect(ctx.authorizer).toBeUndefined();
    expect(invoker.calls).toHaveLength(0);
  });
});

describe('caching', () => {
  test('a second request with the same token does not call the function; integrationLatency is then 0', async () => {
    await run({ path: '/pets', headers: { Authorization: 'allow-all' } });
    const { ctx, err } = await run({ path: '/pets', headers: { Authorization: 'allow-all' } });
    expect(err).toBeUndefined();
    expect(invoker.calls).toHaveLength(1);
    expect((ctx.contextVars().authorizer as Record<string, unknown>).integrationLatency).toBe(0);
    await run({ path: '/pets', headers: { Authorization: 'key:other' } });
    expect(invoker.calls).toHaveLength(2); // another token: called again
  });

  test('with TTL 0 every request calls the function', async () => {
    await run({ path: '/uncached', headers: { Authorization: 'allow' } });
    await run({ path: '/uncached', headers: { Authorization: 'allow' } });
    expect(invoker.calls).toHaveLength(2);
  });

  test('a cached Allow for GET /pets does not authorize POST /pets (403, the function not called again)', async () => {
    expect((await run({ path: '/pets', headers: { Authorization: 'allow' } })).err).toBeUndefined();
    const { err } = await run({ method: 'POST', path: '/pets', headers: { Authorization: 'allow' } });
    expect(err).toEqual({
      statusCode: 403,
      headers: { 'Content-Type': 'application/json', 'x-amzn-ErrorType': 'AccessDeniedException' },
      body: '{"Message":"User is not authorized to access this resource"}',
    });
    expect(invoker.calls).toHaveLength(1);
  });

  test('refusals are not cached; flushing the stage forgets results', async () => {
    await run({ path: '/pets', headers: { Authorization: 'who-knows' } });
    await run({ path: '/pets', headers: { Authorization: 'who-knows' } });
    expect(invoker.calls).toHaveLength(2);
    await run({ path: '/pets', headers: { Authorization: 'allow-all' } });
    service.flush('api0000000', 'dev');
    await run({ path: '/pets', headers: { Authorization: 'allow-all' } });
    expect(invoker.calls).toHaveLength(4);
  });
});

describe('REQUEST authorizers', () => {
  const good = { path: '/request/42', query: 'QueryString1=queryValue1&QueryString1=second&other=x', headers: { HeaderAuth1: 'headerValue1', 'User-Agent': 'jest' } };

  test('a missing identity source: 401 without calling the function', async () => {
    expect((await run({ ...good, query: 'other=x' })).err).toEqual(UNAUTHORIZED);
    expect((await run({ ...good, headers: {} })).err).toEqual(UNAUTHORIZED);
    expect(invoker.calls).toHaveLength(0);
  });

  test('the REQUEST event: methodArn, resource, path, method, headers, query strings, path parameters, stage variables, requestContext', async () => {
    invoker = scripted((e) => ok({ principalId: 'p', policyDocument: policy('Allow', e.methodArn) }));
    const { err } = await run({ ...good, stageVariables: { StageVar1: 'stageValue1' } });
    expect(err).toBeUndefined();
    const e = invoker.calls[0];
    expect(e).toMatchObject({
      type: 'REQUEST',
      methodArn: 'arn:aws:execute-api:us-east-1:123456789012:api0000000/dev/GET/request/42',
      resource: '/request/{id}',
      path: '/request/42',
      httpMethod: 'GET',
      queryStringParameters: { QueryString1: 'second', other: 'x' },
      multiValueQueryStringParameters: { QueryString1: ['queryValue1', 'second'], other: ['x'] },
      pathParameters: { id: '42' },
      stageVariables: { StageVar1: 'stageValue1' },
      requestContext: { accountId: '123456789012', apiId: 'api0000000', stage: 'dev', resourcePath: '/request/{id}', httpMethod: 'GET', path: '/dev/request/42' },
    });
    expect(e.headers).toMatchObject({ HeaderAuth1: 'headerValue1', 'User-Agent': 'jest', Host: 'localhost:4567' });
    expect(e.multiValueHeaders).toMatchObject({ HeaderAuth1: ['headerValue1'] });
    expect(e.requestContext.authorizer).toBeUndefined();
    expect(e.body).toBeUndefined();
  });

  test('results are cached by all identity-source values', async () => {
    invoker = scripted((e) => ok({ principalId: 'p', policyDocument: policy('Allow', `${API_ARN}/*`) }));
    await run(good);
    await run(good);
    await run({ ...good, query: 'QueryString1=other' });
    expect(invoker.calls).toHaveLength(2);
  });
});

describe('Cognito user pool authorizers', () => {
  let pool: TestPool;
  let dep: ReturnType<typeof compileDeployment>;
  beforeAll(async () => {
    pool = await startTestPool();
    dep = compileDeployment(
      'dep002',
      snap([{ id: 'cog001', name: 'pool', type: 'COGNITO_USER_POOLS', providerARNs: [pool.arn], identitySource: 'method.request.header.Authorization' }]),
    );
  });
  afterAll(() => pool.close());
  beforeEach(() => {
    service = new Authorizers({ cognitoEndpoint: pool.endpoint });
  });

  test('a valid ID token: claims in $context.authorizer.claims, as strings', async () => {
    const { ctx, err } = await run({ path: '/cognito', headers: { Authorization: pool.token() } }, dep);
    expect(err).toBeUndefined();
    expect(ctx.contextVars().authorizer).toMatchObject({ claims: { 'cognito:username': 'alice', email_verified: 'true', token_use: 'id' } });
  });

  test('no token, a bad token, an expired token: 401', async () => {
    expect((await run({ path: '/cognito' }, dep)).err).toEqual(UNAUTHORIZED);
    expect((await run({ path: '/cognito', headers: { Authorization: pool.token({}, { key: pool.otherKey }) } }, dep)).err).toEqual(UNAUTHORIZED);
    const expired = await run({ path: '/cognito', headers: { Authorization: pool.token({ exp: Math.floor(Date.now() / 1000) - 1 }) } }, dep);
    expect(expired.err).toEqual({ ...UNAUTHORIZED, body: '{"message":"The incoming token has expired"}' });
  });

  test('a method with scopes takes an access token with one of them', async () => {
    const access = (scope: string): string => pool.token({ token_use: 'access', scope });
    expect((await run({ path: '/scoped', headers: { Authorization: access('pets/read') } }, dep)).err).toBeUndefined();
    expect((await run({ path: '/scoped', headers: { Authorization: access('pets/write') } }, dep)).err).toEqual(UNAUTHORIZED);
    expect((await run({ path: '/scoped', headers: { Authorization: pool.token() } }, dep)).err).toEqual(UNAUTHORIZED);
  });

  test('an unreachable JWKS: 500 AuthorizerConfigurationException', async () => {
    service = new Authorizers({ cognitoEndpoint: 'http://127.0.0.1:1' });
    const token = pool.token({ iss: `https://cognito-idp.us-east-1.amazonaws.com/${pool.userPoolId}` });
    expect((await run({ path: '/cognito', headers: { Authorization: token } }, dep)).err).toEqual(CONFIG_ERROR);
  });
});

describe('with a resource policy (Developer Guide, "How API Gateway resource policies affect authorization workflow")', () => {
  const statement = (effect: string, resource: string) => ({ Effect: effect, Principal: '*', Action: 'execute-api:Invoke', Resource: resource });
  const withPolicy = (statements: unknown[], id: string) =>
    compileDeployment(id, snap([], { policy: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }));

  test("Lambda authorizer: the resource policy's Allow stands in for the authorizer's missing Allow", async () => {
    const dep = withPolicy([statement('Allow', 'execute-api:/*')], 'dep010');
    invoker = scripted(() => ok({ principalId: 'u', policyDocument: policy('Allow', `${API_ARN}/dev/DELETE/*`) }));
    expect((await run({ path: '/pets', headers: { Authorization: 't' } }, dep)).err).toBeUndefined();
  });

  test("an explicit deny in either refuses; neither allowing refuses (the resource policy's message)", async () => {
    invoker = scripted((e) => ok({ principalId: 'u', policyDocument: policy('Allow', e.methodArn) }));
    const denying = withPolicy([statement('Allow', 'execute-api:/*'), statement('Deny', 'execute-api:/*/GET/pets')], 'dep011');
    const denied = await run({ path: '/pets', headers: { Authorization: 't1' } }, denying);
    expect(denied.err?.statusCode).toBe(403);
    expect(denied.err?.body).toContain('with an explicit deny in a resource-based policy');
    const silent = withPolicy([statement('Allow', 'execute-api:/*/POST/*')], 'dep012');
    invoker = scripted(() => ok({ principalId: 'u', policyDocument: policy('Allow', `${API_ARN}/dev/DELETE/*`) }));
    const neither = await run({ path: '/pets', headers: { Authorization: 't2' } }, silent);
    expect(neither.err?.statusCode).toBe(403);
    expect(neither.err?.body).toContain('because no resource-based policy allows the execute-api:Invoke action');
  });
});

describe('the Lambda proxy event', () => {
  test('requestContext.authorizer: the context as the function returned it, principalId, integrationLatency; Cognito: claims', () => {
    expect(proxyEventAuthorizer({ kind: 'lambda', principalId: 'u', context: { s: 'v', n: 1, b: true }, integrationLatency: 12 })).toEqual({
      s: 'v',
      n: 1,
      b: true,
      principalId: 'u',
      integrationLatency: 12,
    });
    expect(proxyEventAuthorizer({ kind: 'cognito', claims: { sub: 'x' }, integrationLatency: 0 })).toEqual({ claims: { sub: 'x' } });
  });
});

describe('with the API key steps', () => {
  test('apiKeySource AUTHORIZER reads the key the authorizer returned (refused without a usage plan: 403 Forbidden)', async () => {
    const dep = compileDeployment('dep003', snap([], { apiKeySource: 'AUTHORIZER' }));
    const ctx = ctxFor({ path: '/keyed', headers: { Authorization: 'key:not-in-a-plan' } }, dep);
    const { Traffic } = await import('../../../lib/dataplane/traffic');
    const { Store } = await import('../../../lib/store');
    const store = Store.open(':memory:');
    ctx.traffic = new Traffic(store, ctx.log);
    try {
      const err = await runSteps(ctx, route, apiKey, authorize, apiKeyFromAuthorizer);
      expect(ctx.usageIdentifierKey).toBe('not-in-a-plan');
      expect(err?.type).toBe('INVALID_API_KEY');
    } finally {
      ctx.traffic.close();
      store.close();
    }
  });
});
