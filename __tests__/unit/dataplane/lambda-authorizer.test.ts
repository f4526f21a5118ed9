/**
 * Lambda authorizers' parts, one at a time:
 * - the answer a function returns (Developer Guide, "Output from an API
 *   Gateway Lambda authorizer": principalId, policyDocument, context of
 *   strings/numbers/booleans only — "you cannot set a JSON object or array
 *   as a valid value of any key in the context map" —, usageIdentifierKey);
 * - the returned policy against method ARNs (Allow/Deny, wildcards, the
 *   explicit Deny winning, NotResource);
 * - the result cache (TTL, 0 = off, flushes, bound);
 * - identity sources of TOKEN and REQUEST authorizers (missing, empty,
 *   validation expression);
 * - the invocation outcomes: `Unauthorized` → 401, other failures → configuration errors.
 */
import { parseAuthorizerOutput, invokeLambdaAuthorizer, tokenEvent } from '../../../lib/dataplane/auth/lambda-authorizer';
import { compileAuthorizerPolicy, methodArn, type AuthorizerPolicy } from '../../../lib/dataplane/auth/policy-eval';
import { AuthorizerCache, cacheKey } from '../../../lib/dataplane/auth/authorizer-cache';
import { compileAuthorizer, functionOf, identityOf, type IdentityRequest } from '../../../lib/dataplane/auth/authorizer-config';
import type { InvokeInput, InvokeOutcome, LambdaInvoker } from '../../../lib/lambda/invoker';
import type { Authorizer } from '../../../lib/model';

const ARN = 'arn:aws:execute-api:us-east-1:123456789012:abc123/dev/GET/pets/42';
const policyOf = (statements: unknown): AuthorizerPolicy => {
  const p = compileAuthorizerPolicy({ Version: '2012-10-17', Statement: statements });
  if (typeof p === 'string') throw new Error(p);
  return p;
};
const allow = (Resource: unknown, Action: unknown = 'execute-api:Invoke') => ({ Effect: 'Allow', Action, Resource });
const deny = (Resource: unknown) => ({ Effect: 'Deny', Action: 'execute-api:Invoke', Resource });

describe('the returned policy', () => {
  test.each<[string, unknown, string]>([
    ['the exact method ARN', allow(ARN), 'allow'],
    ['the API with a wildcard', allow('arn:aws:execute-api:us-east-1:123456789012:abc123/*'), 'allow'],
    ['any stage, GET, any path', allow('arn:aws:execute-api:us-east-1:123456789012:abc123/*/GET/*'), 'allow'],
    ['every ARN', allow('*'), 'allow'],
    ['every region and account', allow('arn:aws:execute-api:*:*:abc123/dev/*'), 'allow'],
    ['a list of resources', allow(['arn:aws:execute-api:us-east-1:123456789012:abc123/dev/POST/*', ARN]), 'allow'],
    ['execute-api:* as the action', allow(ARN, 'execute-api:*'), 'allow'],
    ['* as the action', allow(ARN, '*'), 'allow'],
    ['the action in another case', allow(ARN, 'Execute-API:invoke'), 'allow'],
    ['another method (POST)', allow('arn:aws:execute-api:us-east-1:123456789012:abc123/dev/POST/pets/42'), 'implicitDeny'],
    ['another path', allow('arn:aws:execute-api:us-east-1:123456789012:abc123/dev/GET/pets'), 'implicitDeny'],
    ['another stage', allow('arn:aws:execute-api:us-east-1:123456789012:abc123/prod/*'), 'implicitDeny'],
    ['another API', allow('arn:aws:execute-api:us-east-1:123456789012:zzz999/*'), 'implicitDeny'],
    ['another action', allow(ARN, 'execute-api:ManageConnections'), 'implicitDeny'],
    ['a wildcard region does not span the account', allow('arn:aws:execute-api:*:abc123/*'), 'implicitDeny'],
    ['an explicit Deny of the method', deny(ARN), 'explicitDeny'],
  ])('%s', (_what, statement, verdict) => {
    expect(policyOf([statement]).evaluate(ARN)).toBe(verdict);
  });

  test('an explicit Deny wins over an Allow, whatever the order', () => {
    expect(policyOf([allow('*'), deny('arn:aws:execute-api:*:*:abc123/*/GET/*')]).evaluate(ARN)).toBe('explicitDeny');
    expect(policyOf([deny(ARN), allow('*')]).evaluate(ARN)).toBe('explicitDeny');
    expect(policyOf([allow('*'), deny('arn:aws:execute-api:*:*:abc123/*/DELETE/*')]).evaluate(ARN)).toBe('allow');
  });

  test('a single statement object works like a list of one; NotResource inverts', () => {
    const one = compileAuthorizerPolicy({ Statement: allow(ARN) });
    expect(typeof one !== 'string' && one.evaluate(ARN)).toBe('allow');
    const notResource = policyOf([{ Effect: 'Allow', Action: 'execute-api:Invoke', NotResource: 'arn:aws:execute-api:*:*:abc123/*/DELETE/*' }]);
    expect(notResource.evaluate(ARN)).toBe('allow');
    expect(notResource.evaluate('arn:aws:execute-api:us-east-1:123456789012:abc123/dev/DELETE/pets')).toBe('implicitDeny');
  });

  test('a Condition is noted, not evaluated', () => {
    const p = policyOf([{ ...allow(ARN), Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }]);
    expect(p.evaluate(ARN)).toBe('allow');
    expect(p.notes).toHaveLength(1);
  });

  test.each<[string, unknown]>([
    ['no Statement', { Version: '2012-10-17' }],
    ['an empty Statement list', { Statement: [] }],
    ['an Effect other than Allow/Deny', { Statement: [{ Effect: 'Maybe', Action: '*', Resource: '*' }] }],
    ['no Action', { Statement: [{ Effect: 'Allow', Resource: '*' }] }],
    ['no Resource', { Statement: [{ Effect: 'Allow', Action: '*' }] }],
    ['a string', 'Allow'],
  ])('not a policy: %s', (_what, doc) => {
    expect(typeof compileAuthorizerPolicy(doc)).toBe('string');
  });

  test('methodArn: region, account, API, stage, method and the path without its leading slash', () => {
    expect(methodArn('us-east-1', '123456789012', 'abc123', 'dev', 'GET', '/pets/42')).toBe(ARN);
    expect(methodArn('us-east-1', '123456789012', 'abc123', 'dev', 'GET', '/')).toBe('arn:aws:execute-api:us-east-1:123456789012:abc123/dev/GET/');
  });
});

describe('the function output', () => {
  const out = (v: unknown): Buffer => Buffer.from(JSON.stringify(v));
  const POLICY = { Version: '2012-10-17', Statement: [allow('*')] };

  test('principalId, policy, context and usageIdentifierKey are read', () => {
    const g = parseAuthorizerOutput(
      out({ principalId: 'user-1', policyDocument: POLICY, context: { s: 'v', n: 1, b: true, gone: null }, usageIdentifierKey: 'key-123' }),
    );
    expect(typeof g).not.toBe('string');
    if (typeof g === 'string') return;
    expect(g).toMatchObject({ principalId: 'user-1', context: { s: 'v', n: 1, b: true }, usageIdentifierKey: 'key-123' });
    expect(g.policy.evaluate(ARN)).toBe('allow');
  });

  test.each<[string, unknown]>([
    ['a context value that is an object', { principalId: 'u', policyDocument: POLICY, context: { m: { a: 1 } } }],
    ['a context value that is a list', { principalId: 'u', policyDocument: POLICY, context: { l: ['a'] } }],
    ['no policyDocument', { principalId: 'u' }],
    ['no principalId', { policyDocument: POLICY }],
    ['a usageIdentifierKey that is not a string', { principalId: 'u', policyDocument: POLICY, usageIdentifierKey: 5 }],
    ['null', null],
    ['a string', 'Allow'],
  ])('refused: %s', (_what, v) => {
    expect(typeof parseAuthorizerOutput(out(v))).toBe('string');
  });

  test('nothing, or not JSON, is refused', () => {
    expect(typeof parseAuthorizerOutput(Buffer.alloc(0))).toBe('string');
    expect(typeof parseAuthorizerOutput(Buffer.from('{'))).toBe('string');
  });
});

describe('the result cache', () => {
  test('keeps a result for its TTL; 0 keeps nothing', () => {
    let t = 0;
    const c = new AuthorizerCache<string>({ now: () => t });
    c.set('k', 'v', 300);
    c.set('z', 'v', 0);
    expect(c.get('k')).toBe('v');
    expect(c.get('z')).toBeUndefined();
    t = 299_999;
    expect(c.get('k')).toBe('v');
    t = 300_000;
    expect(c.get('k')).toBeUndefined();
  });

  test('is dropped per stage, per API and entirely', () => {
    const c = new AuthorizerCache<string>();
    const k1 = cacheKey('api1', 'dev', 'd1', 'auth1', ['t']);
    const k2 = cacheKey('api1', 'prod', 'd1', 'auth1', ['t']);
    const k3 = cacheKey('api2', 'dev', 'd1', 'auth1', ['t']);
    for (const k of [k1, k2, k3]) c.set(k, 'v', 60);
    c.drop('api1', 'dev');
    expect([c.get(k1), c.get(k2), c.get(k3)]).toEqual([undefined, 'v', 'v']);
    c.drop('api1');
    expect([c.get(k2), c.get(k3)]).toEqual([undefined, 'v']);
    c.drop('*');
    expect(c.size).toBe(0);
  });

  test('keys differ by identity and deployment; it holds at most maxEntries', () => {
    expect(cacheKey('a', 's', 'd1', 'x', ['t1'])).not.toBe(cacheKey('a', 's', 'd1', 'x', ['t2']));
    expect(cacheKey('a', 's', 'd1', 'x', ['t1'])).not.toBe(cacheKey('a', 's', 'd2', 'x', ['t1']));
    expect(cacheKey('a', 's', 'd1', 'x', ['a,b'])).not.toBe(cacheKey('a', 's', 'd1', 'x', ['a', 'b']));
    const c = new AuthorizerCache<number>({ maxEntries: 2 });
    c.set('1', 1, 60);
    c.set('2', 2, 60);
    c.set('3', 3, 60);
    expect([c.get('1'), c.get('2'), c.get('3')]).toEqual([undefined, 2, 3]);
  });
});

const URI = 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations';
const authorizer = (a: Partial<Authorizer>): Authorizer => ({ id: 'az1', name: 'az', type: 'TOKEN', authorizerUri: URI, ...a });

function identityRequest(r: { headers?: Record<string, string>; query?: Record<string, string>; vars?: Record<string, string>; context?: Record<string, unknown> }): IdentityRequest {
  const lc = Object.fromEntries(Object.entries(r.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    header: (n) => lc[n],
    multiHeader: (n) => (lc[n] === undefined ? undefined : [lc[n]]),
    query: (n) => r.query?.[n],
    multiQuery: (n) => (r.query?.[n] === undefined ? undefined : [r.query[n]]),
    stageVariable: (n) => r.vars?.[n],
    context: (path) => path.reduce<unknown>((v, p) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[p] : undefined), r.context ?? {}),
  };
}

describe('identity sources', () => {
  test('TOKEN: the header (any case), missing or empty refused', () => {
    const a = compileAuthorizer(authorizer({ identitySource: 'method.request.header.Authorization' }));
    expect(identityOf(a, identityRequest({ headers: { authorization: 'tok' } }))).toEqual({ values: ['tok'] });
    expect(identityOf(a, identityRequest({}))).toHaveProperty('missing');
    expect(identityOf(a, identityRequest({ headers: { Authorization: '' } }))).toHaveProperty('missing');
  });

  test('TOKEN: identityValidationExpression must match the whole token', () => {
    const a = compileAuthorizer(authorizer({ identitySource: 'method.request.header.Auth', identityValidationExpression: 'Bearer [a-z]+' }));
    expect(identityOf(a, identityRequest({ headers: { Auth: 'Bearer abc' } }))).toEqual({ values: ['Bearer abc'] });
    expect(identityOf(a, identityRequest({ headers: { Auth: 'Bearer abc1' } }))).toHaveProperty('missing');
    expect(identityOf(a, identityRequest({ headers: { Auth: 'xBearer abc' } }))).toHaveProperty('missing');
  });

  test('REQUEST: every source must be present and non-empty; their values in order', () => {
    const a = compileAuthorizer(
      authorizer({
        type: 'REQUEST',
        identitySource: 'method.request.header.HeaderAuth1, method.request.querystring.QueryString1, stageVariables.StageVar1, context.identity.sourceIp',
      }),
    );
    const full = { headers: { headerauth1: 'h' }, query: { QueryString1: 'q' }, vars: { StageVar1: 's' }, context: { identity: { sourceIp: '1.2.3.4' } } };
    expect(identityOf(a, identityRequest(full))).toEqual({ values: ['h', 'q', 's', '1.2.3.4'] });
    expect(identityOf(a, identityRequest({ ...full, query: {} }))).toHaveProperty('missing');
    expect(identityOf(a, identityRequest({ ...full, vars: { StageVar1: '' } }))).toHaveProperty('missing');
    expect(identityOf(a, identityRequest({ ...full, context: {} }))).toHaveProperty('missing');
  });

  test('REQUEST without sources (caching off) reads nothing and passes', () => {
    const a = compileAuthorizer(authorizer({ type: 'REQUEST', authorizerResultTtlInSeconds: 0 }));
    expect(identityOf(a, identityRequest({}))).toEqual({ values: [] });
  });

  test('the function comes from authorizerUri; stage variables are resolved per request', () => {
    expect(compileAuthorizer(authorizer({ identitySource: 'method.request.header.A' })).fn).toEqual({
      functionId: 'arn:aws:lambda:us-east-1:123456789012:function:auth',
      region: 'us-east-1',
    });
    const staged = URI.replace('function:auth', 'function:${stageVariables.fn}');
    expect(functionOf(staged, { fn: 'other' })).toMatchObject({ functionId: 'arn:aws:lambda:us-east-1:123456789012:function:other' });
    expect(typeof compileAuthorizer(authorizer({ identitySource: 'method.request.header.A', authorizerUri: 'arn:aws:s3:::x' })).broken).toBe('string');
  });
});

describe('invoking the function', () => {
  const fn = { functionId: 'auth', region: 'us-east-1' };
  const invoker = (outcome: InvokeOutcome, seen: InvokeInput[] = []): LambdaInvoker => ({
    endpointName: 'test',
    invoke: async (input) => {
      seen.push(input);
      return outcome;
    },
    close: () => undefined,
  });
  const result = (payload: unknown, functionError?: string): InvokeOutcome => ({
    kind: 'result',
    statusCode: 200,
    payload: Buffer.from(JSON.stringify(payload)),
    functionError,
  });

  test('the TOKEN event is {type, methodArn, authorizationToken}', async () => {
    const seen: InvokeInput[] = [];
    await invokeLambdaAuthorizer(invoker(result({ principalId: 'u', policyDocument: { Statement: [allow('*')] } }), seen), fn, tokenEvent('tok', ARN));
    expect(JSON.parse(seen[0].payload.toString())).toEqual({ type: 'TOKEN', methodArn: ARN, authorizationToken: 'tok' });
  });

  test('an error with the message Unauthorized is a 401; any other error a configuration error', async () => {
    const unauthorized = result({ errorType: 'Error', errorMessage: 'Unauthorized' }, 'Unhandled');
    expect((await invokeLambdaAuthorizer(invoker(unauthorized), fn, {})).kind).toBe('unauthorized');
    const other = result({ errorType: 'Error', errorMessage: 'boom' }, 'Unhandled');
    expect((await invokeLambdaAuthorizer(invoker(other), fn, {})).kind).toBe('error');
  });

  test.each<[string, InvokeOutcome]>([
    ['a timeout', { kind: 'timeout' }],
    ['an unreachable endpoint', { kind: 'unreachable', message: 'ECONNREFUSED' }],
    ['an unknown function', { kind: 'service', status: 404, errorType: 'ResourceNotFoundException', message: 'Function not found' }],
    ['an answer that is not an authorizer output', result({ statusCode: 200 })],
  ])('%s is a configuration error', async (_what, outcome) => {
    expect((await invokeLambdaAuthorizer(invoker(outcome), fn, {})).kind).toBe('error');
  });

  test('no invoker is a configuration error', async () => {
    expect((await invokeLambdaAuthorizer(undefined, fn, {})).kind).toBe('error');
  });
});
