/**
 * Resource policies: auth/resource-policy.ts (compile + evaluate),
 * auth/policy-conditions.ts, and the resource-policy step. Facts:
 * - evaluation and the combination with authorizers: Developer Guide, "How API
 *   Gateway resource policies affect authorization workflow" (NONE: an
 *   explicit allow is needed; Lambda authorizer: explicit deny checked first,
 *   then either allow suffices) and the IAM policy grammar (Deny wins,
 *   negated operators hold for a missing key, …IfExists);
 * - the refusal: recorded AWS answers quoted in user reports, e.g.
 *   `{"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on resource:
 *   arn:aws:execute-api:us-east-1:********9489:609x52qn26/dev/GET/weather because no resource-based
 *   policy allows the execute-api:Invoke action"}` (403, AccessDeniedException).
 */
import { compilePolicy, type PolicyDecision, type PolicyPrincipal } from '../../../lib/dataplane/auth/resource-policy';
import { inCidr } from '../../../lib/dataplane/auth/policy-conditions';
import { resourcePolicy, finishResourcePolicy, policyDecision } from '../../../lib/dataplane/steps/resource-policy';
import { GatewayError } from '../../../lib/dataplane/gateway-responses';
import type { InvocationContext } from '../../../lib/dataplane/context';
import { context, snapshot, type MethodSpec } from './helpers';

const API = 'api0000000';
const ARN = (path = '/pets', method = 'GET', stage = 'dev') => `arn:aws:execute-api:us-east-1:123456789012:${API}/${stage}/${method}${path}`;

function evaluate(statements: unknown, req: { arn?: string; principal?: PolicyPrincipal; keys?: Record<string, string> } = {}): { decision: PolicyDecision; warnings: string[] } {
  const warnings: string[] = [];
  const policy = compilePolicy(JSON.stringify({ Version: '2012-10-17', Statement: statements }), API, warnings);
  const keys = req.keys ?? {};
  const decision = policy.evaluate({ resourceArn: req.arn ?? ARN(), principal: req.principal, context: (k) => keys[k] });
  return { decision, warnings };
}

const allow = (extra: Record<string, unknown> = {}) => ({ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', ...extra });
const deny = (extra: Record<string, unknown> = {}) => ({ Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', ...extra });

const alice: PolicyPrincipal = { accountId: '111122223333', arn: 'arn:aws:iam::111122223333:user/alice' };

describe('statements', () => {
  test('an Allow allows, nothing applying is an implicit deny, a Deny wins over any Allow', () => {
    expect(evaluate([allow()]).decision).toBe('allow');
    expect(evaluate([]).decision).toBe('implicitDeny');
    expect(evaluate([allow(), deny()]).decision).toBe('explicitDeny');
    expect(evaluate(allow()).decision).toBe('allow'); // a single statement object, not a list
  });

  test('resources: the execute-api:/ shorthand, full ARNs with * and ?, another API never', () => {
    expect(evaluate([allow({ Resource: 'execute-api:/dev/GET/pets' })]).decision).toBe('allow');
    expect(evaluate([allow({ Resource: 'execute-api:/dev/POST/*' })]).decision).toBe('implicitDeny');
    expect(evaluate([allow({ Resource: 'execute-api:/*/GET/*' })], { arn: ARN('/pets/1/toys') }).decision).toBe('allow');
    expect(evaluate([allow({ Resource: `arn:aws:execute-api:us-east-1:123456789012:${API}/*` })]).decision).toBe('allow');
    expect(evaluate([allow({ Resource: 'arn:aws:execute-api:*:*:*' })]).decision).toBe('allow');
    expect(evaluate([allow({ Resource: `arn:aws:execute-api:us-east-1:123456789012:${API}/de?/GET/pet?` })]).decision).toBe('allow');
    expect(evaluate([allow({ Resource: 'arn:aws:execute-api:us-east-1:123456789012:otherapi00/*' })]).decision).toBe('implicitDeny');
    expect(evaluate([allow({ Resource: 'arn:aws:execute-api:eu-west-1:123456789012:*' })]).decision).toBe('implicitDeny');
    // The root resource's ARN ends with the method and a slash.
    expect(evaluate([allow({ Resource: 'execute-api:/dev/GET/' })], { arn: ARN('/') }).decision).toBe('allow');
    expect(evaluate([allow({ Resource: ['execute-api:/prod/*', 'execute-api:/dev/*'] })]).decision).toBe('allow');
  });

  test('NotResource and NotAction', () => {
    expect(evaluate([allow(), deny({ Resource: undefined, NotResource: 'execute-api:/dev/GET/public' })]).decision).toBe('explicitDeny');
    expect(evaluate([allow(), deny({ Resource: undefined, NotResource: 'execute-api:/dev/GET/pets' })]).decision).toBe('allow');
    expect(evaluate([allow({ Action: 'execute-api:*' })]).decision).toBe('allow');
    expect(evaluate([allow({ Action: '*' })]).decision).toBe('allow');
    expect(evaluate([allow({ Action: 'execute-api:invoke' })]).decision).toBe('allow'); // action names ignore case
    expect(evaluate([allow({ Action: 'execute-api:ManageConnections' })]).decision).toBe('implicitDeny');
    expect(evaluate([allow({ Action: undefined, NotAction: 'execute-api:ManageConnections' })]).decision).toBe('allow');
  });

  test('principals: * is everyone; AWS accounts, users and roles only match an IAM caller', () => {
    const principal = (p: unknown) => allow({ Principal: p });
    expect(evaluate([principal({ AWS: '*' })]).decision).toBe('allow');
    expect(evaluate([principal({ AWS: '111122223333' })]).decision).toBe('implicitDeny'); // anonymous
    expect(evaluate([principal({ AWS: '111122223333' })], { principal: alice }).decision).toBe('allow');
    expect(evaluate([principal({ AWS: 'arn:aws:iam::111122223333:root' })], { principal: alice }).decision).toBe('allow');
    expect(evaluate([principal({ AWS: ['arn:aws:iam::111122223333:user/alice'] })], { principal: alice }).decision).toBe('allow');
    expect(evaluate([principal({ AWS: 'arn:aws:iam::111122223333:user/bob' })], { principal: alice }).decision).toBe('implicitDeny');
    const session: PolicyPrincipal = { accountId: '111122223333', arn: 'arn:aws:sts::111122223333:assumed-role/Deployer/ci-run-7' };
    expect(evaluate([principal({ AWS: 'arn:aws:iam::111122223333:role/Deployer' })], { principal: session }).decision).toBe('allow');
    expect(evaluate([principal({ AWS: 'arn:aws:iam::111122223333:role/Other' })], { principal: session }).decision).toBe('implicitDeny');
    expect(evaluate([principal({ Service: 'lambda.amazonaws.com' })], { principal: alice }).decision).toBe('implicitDeny');
    // NotPrincipal: everyone but the listed ones.
    const notAlice = deny({ Principal: undefined, NotPrincipal: { AWS: 'arn:aws:iam::111122223333:user/alice' } });
    expect(evaluate([allow(), notAlice], { principal: alice }).decision).toBe('allow');
    expect(evaluate([allow(), notAlice]).decision).toBe('explicitDeny');
  });
});

describe('conditions', () => {
  test('aws:SourceIp with IpAddress / NotIpAddress, IPv4 and IPv6 (the documented allow-list pattern)', () => {
    const allowList = allow({ Condition: { IpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '198.51.100.0/24'] } } });
    expect(evaluate([allowList], { keys: { 'aws:sourceip': '192.0.2.77' } }).decision).toBe('allow');
    expect(evaluate([allowList], { keys: { 'aws:sourceip': '203.0.113.7' } }).decision).toBe('implicitDeny');
    const blockList = deny({ Condition: { NotIpAddress: { 'aws:SourceIp': '2001:db8::/32' } } });
    expect(evaluate([allow(), blockList], { keys: { 'aws:sourceip': '2001:db8:1::5' } }).decision).toBe('allow');
    expect(evaluate([allow(), blockList], { keys: { 'aws:sourceip': '::1' } }).decision).toBe('explicitDeny');
  });

  test('inCidr', () => {
    expect(inCidr('10.1.2.3', '10.0.0.0/8')).toBe(true);
    expect(inCidr('11.1.2.3', '10.0.0.0/8')).toBe(false);
    expect(inCidr('127.0.0.1', '127.0.0.1')).toBe(true);
    expect(inCidr('0.0.0.0', '0.0.0.0/0')).toBe(true);
    expect(inCidr('::1', '::1/128')).toBe(true);
    expect(inCidr('2001:db8::ffff:192.0.2.1', '2001:db8::ffff:c000:200/120')).toBe(true);
    expect(inCidr('127.0.0.1', '::1/128')).toBe(false);
    expect(inCidr('not-an-ip', '0.0.0.0/0')).toBe(false);
  });

  test('aws:SourceVpce: the private-API pattern (deny unless from the endpoint)', () => {
    const policy = [allow(), deny({ Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } } })];
    expect(evaluate(policy, { keys: { 'aws:sourcevpce': 'vpce-1a2b3c4d' } }).decision).toBe('allow');
    expect(evaluate(policy, { keys: { 'aws:sourcevpce': 'vpce-99999999' } }).decision).toBe('explicitDeny');
    // A negated operator holds when the key is missing: a request from no endpoint at all is denied.
    expect(evaluate(policy).decision).toBe('explicitDeny');
  });

  test('a missing key: positive operators fail, …IfExists holds, Null tests it', () => {
    expect(evaluate([allow({ Condition: { StringEquals: { 'aws:SourceVpc': 'vpc-1' } } })]).decision).toBe('implicitDeny');
    expect(evaluate([allow({ Condition: { StringEqualsIfExists: { 'aws:SourceVpc': 'vpc-1' } } })]).decision).toBe('allow');
    expect(evaluate([allow({ Condition: { Null: { 'aws:SourceVpc': 'true' } } })]).decision).toBe('allow');
    expect(evaluate([allow({ Condition: { Null: { 'aws:SourceVpc': 'false' } } })]).decision).toBe('implicitDeny');
  });

  test('operators and keys all must hold; values of one key: any', () => {
    const both = allow({
      Condition: { StringLike: { 'aws:UserAgent': 'curl/*' }, IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
    });
    expect(evaluate([both], { keys: { 'aws:useragent': 'curl/8.0', 'aws:sourceip': '10.0.0.1' } }).decision).toBe('allow');
    expect(evaluate([both], { keys: { 'aws:useragent': 'wget', 'aws:sourceip': '10.0.0.1' } }).decision).toBe('implicitDeny');
    const oneOf = allow({ Condition: { StringEquals: { 'aws:PrincipalAccount': ['111122223333', '444455556666'] } } });
    expect(evaluate([oneOf], { principal: alice, keys: { 'aws:principalaccount': '111122223333' } }).decision).toBe('allow');
    expect(evaluate([allow({ Condition: { StringEqualsIgnoreCase: { 'aws:Referer': 'HTTPS://EXAMPLE.COM' } } })], { keys: { 'aws:referer': 'https://example.com' } }).decision).toBe('allow');
    expect(evaluate([allow({ Condition: { Bool: { 'aws:SecureTransport': 'false' } } })], { keys: { 'aws:securetransport': 'false' } }).decision).toBe('allow');
    expect(evaluate([allow({ Condition: { NumericLessThan: { 'aws:EpochTime': 2000000000 } } })], { keys: { 'aws:epochtime': '1800000000' } }).decision).toBe('allow');
    expect(evaluate([allow({ Condition: { DateGreaterThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } } })], { keys: { 'aws:currenttime': '2026-11-21T20:06:39Z' } }).decision).toBe('allow');
    expect(evaluate([allow({ Condition: { 'ForAnyValue:StringEquals': { 'aws:SourceVpce': ['vpce-a', 'vpce-b'] } } })], { keys: { 'aws:sourcevpce': 'vpce-b' } }).decision).toBe('allow');
  });

  test('what cannot be evaluated is decided on the safe side, and said', () => {
    const r1 = evaluate([allow({ Condition: { StringMatchesSomehow: { 'aws:SourceIp': 'x' } } })]);
    expect(r1.decision).toBe('implicitDeny');
    expect(r1.warnings.join('\n')).toMatch(/condition operator StringMatchesSomehow is not supported/);
    const r2 = evaluate([allow(), deny({ Condition: { StringMatchesSomehow: { 'aws:SourceIp': 'x' } } })]);
    expect(r2.decision).toBe('explicitDeny');
    const r3 = evaluate([allow({ Condition: { StringEquals: { 'aws:RequestTag/team': 'a' } } })]);
    expect(r3.warnings.join('\n')).toMatch(/condition key aws:RequestTag\/team is not filled by apigw-local/);
    const bad: string[] = [];
    expect(compilePolicy('{not json', API, bad).evaluate({ resourceArn: ARN(), context: () => undefined })).toBe('implicitDeny');
    expect(bad).toEqual(['the resource policy is not valid JSON; every request is denied']);
    expect(evaluate([{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' }]).warnings[0]).toMatch(/no Principal/);
  });
});

describe('the resource-policy step', () => {
  const ipPolicy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [allow({ Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }), deny({ Resource: 'execute-api:/*/DELETE/*' })],
  });
  const methods = (authorizationType: string): Record<string, MethodSpec> => {
    const m = { authorizationType, integration: { type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } } };
    return { GET: m, DELETE: m };
  };
  const ctxFor = (authorizationType: string, spec: { method?: string; ip?: string; headers?: Record<string, string> } = {}, policy = ipPolicy): InvocationContext => {
    const ctx = context(snapshot({ '/pets': methods(authorizationType) }, { policy }), { path: '/pets', method: spec.method, headers: spec.headers });
    if (spec.ip) ctx.request.sourceIp = spec.ip;
    ctx.route = ctx.variant.deployment.router.match(ctx.request.httpMethod, '/pets');
    return ctx;
  };
  const refusal = async (ctx: InvocationContext, run: () => unknown = () => resourcePolicy(ctx)): Promise<GatewayError | undefined> => {
    try {
      await run();
      return undefined;
    } catch (e) {
      if (e instanceof GatewayError) return e;
      throw e;
    }
  };
  const render = (ctx: InvocationContext, err: GatewayError) =>
    ctx.variant.deployment.gatewayResponses.render(err, {
      context: ctx.contextVars(),
      stageVariables: {},
      request: { path: {}, querystring: {}, header: ctx.request.header },
    });

  test('NONE: an allowed address passes; another gets AWS\'s 403 with the account masked', async () => {
    expect(await refusal(ctxFor('NONE'))).toBeUndefined(); // the helpers' client is 203.0.113.7
    const ctx = ctxFor('NONE', { ip: '198.51.100.9' });
    const err = await refusal(ctx);
    expect(err?.type).toBe('ACCESS_DENIED');
    const out = render(ctx, err!);
    expect(out.statusCode).toBe(403);
    expect(out.headers['x-amzn-ErrorType']).toBe('AccessDeniedException');
    expect(out.body).toBe(
      '{"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on resource: ' +
        'arn:aws:execute-api:us-east-1:********9012:api0000000/dev/GET/pets because no resource-based policy allows the execute-api:Invoke action"}',
    );
  });

  test('NONE: an explicit deny says so', async () => {
    const ctx = ctxFor('NONE', { method: 'DELETE' });
    const err = await refusal(ctx);
    expect(err?.message).toBe(
      'User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:********9012:api0000000/dev/DELETE/pets with an explicit deny in a resource-based policy',
    );
  });

  test('a customized ACCESS_DENIED template renders the message its own way', async () => {
    const snap = snapshot({ '/pets': methods('NONE') }, { policy: ipPolicy });
    snap.gatewayResponses = [
      { responseType: 'ACCESS_DENIED', defaultResponse: false, statusCode: '403', responseParameters: {}, responseTemplates: { 'application/json': '{"error":$context.error.messageString}' } },
    ];
    const ctx = context(snap, { path: '/pets' });
    ctx.request.sourceIp = '198.51.100.9';
    ctx.route = ctx.variant.deployment.router.match('GET', '/pets');
    const err = await refusal(ctx);
    expect(render(ctx, err!).body).toMatch(/^\{"error":"User: anonymous is not authorized/);
  });

  test('the VPC endpoint comes from x-apigw-local-source-vpce', async () => {
    const vpcePolicy = JSON.stringify({ Statement: [allow(), deny({ Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } } })] });
    expect(await refusal(ctxFor('NONE', { headers: { 'x-apigw-local-source-vpce': 'vpce-1a2b3c4d' } }, vpcePolicy))).toBeUndefined();
    expect((await refusal(ctxFor('NONE', {}, vpcePolicy)))?.message).toMatch(/with an explicit deny/);
  });

  test('AWS_IAM: left to the IAM step (which knows the caller)', async () => {
    expect(await refusal(ctxFor('AWS_IAM', { ip: '198.51.100.9' }))).toBeUndefined();
  });

  test('CUSTOM: before the authorizer only an explicit deny refuses; after it, either allow suffices', async () => {
    expect(await refusal(ctxFor('CUSTOM', { ip: '198.51.100.9' }))).toBeUndefined();
    expect((await refusal(ctxFor('CUSTOM', { method: 'DELETE' })))?.message).toMatch(/with an explicit deny/);
    const outside = ctxFor('CUSTOM', { ip: '198.51.100.9' });
    expect(await refusal(outside, () => finishResourcePolicy(outside, 'allow'))).toBeUndefined();
    expect((await refusal(outside, () => finishResourcePolicy(outside, 'implicitDeny')))?.type).toBe('ACCESS_DENIED');
    const inside = ctxFor('CUSTOM');
    expect(await refusal(inside, () => finishResourcePolicy(inside, 'implicitDeny'))).toBeUndefined();
  });

  test('no policy: nothing to decide', async () => {
    const ctx = context(snapshot({ '/pets': methods('NONE') }), { path: '/pets' });
    ctx.route = ctx.variant.deployment.router.match('GET', '/pets');
    expect(policyDecision(ctx)).toBeUndefined();
    expect(await refusal(ctx)).toBeUndefined();
  });
});
