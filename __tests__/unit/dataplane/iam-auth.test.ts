/**
 * steps/iam-auth.ts: the verified caller in `$context.identity` (Developer
 * Guide, "$context variables": identity.accessKey, accountId, caller, user,
 * userArn) and in the Lambda proxy event's `requestContext.identity` (built
 * from $context by proxy-event.ts), and a method other than AWS_IAM left
 * alone.
 */
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '../../../lib/dataplane/auth/sigv4-verify';
import { iamAuth } from '../../../lib/dataplane/steps/iam-auth';
import { integrationRequest } from '../../../lib/dataplane/steps/integration-request';
import { buildProxyEvent } from '../../../lib/dataplane/proxy-event';
import { parseCredentials } from '../../../lib/aws/credentials';
import { GatewayError } from '../../../lib/dataplane/gateway-responses';
import { context, snapshot } from './helpers';

const STARTED = Date.UTC(2026, 10, 21, 20, 6, 39); // the helpers' request time
const credentials = parseCredentials(
  JSON.stringify({ AKIAALICE: { secretAccessKey: 'alice-secret', userArn: 'arn:aws:iam::123456789012:user/alice', userId: 'AIDAALICEEXAMPLE0001' } }),
  '123456789012',
);

const snap = (authorizationType: string) =>
  snapshot({
    '/pets': {
      GET: {
        authorizationType,
        integration: { type: 'AWS_PROXY', httpMethod: 'POST', uri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:pets/invocations' },
      },
    },
  });

async function signedHeaders(secret = 'alice-secret'): Promise<[string, string][]> {
  const signer = new SignatureV4({ service: 'execute-api', region: 'us-east-1', credentials: { accessKeyId: 'AKIAALICE', secretAccessKey: secret }, sha256: Sha256 });
  const r = await signer.sign(
    { method: 'GET', protocol: 'http:', hostname: 'localhost', path: '/pets', query: {}, headers: { host: 'localhost:4567' } },
    { signingDate: new Date(STARTED) },
  );
  return Object.entries(r.headers as Record<string, string>).filter(([k]) => k !== 'host');
}

async function run(authorizationType: string, headers: [string, string][]) {
  const ctx = context(snap(authorizationType), { path: '/pets', headers });
  ctx.credentials = credentials;
  ctx.route = ctx.variant.deployment.router.match('GET', '/pets');
  let error: GatewayError | undefined;
  try {
    await iamAuth(ctx);
  } catch (e) {
    if (!(e instanceof GatewayError)) throw e;
    error = e;
  }
  return { ctx, error };
}

test('the caller fills $context.identity and the proxy event\'s requestContext.identity', async () => {
  const { ctx, error } = await run('AWS_IAM', await signedHeaders());
  expect(error).toBeUndefined();
  const identity = ctx.contextVars().identity as Record<string, unknown>;
  expect(identity).toMatchObject({
    accessKey: 'AKIAALICE',
    accountId: '123456789012',
    caller: 'AIDAALICEEXAMPLE0001',
    user: 'AIDAALICEEXAMPLE0001',
    userArn: 'arn:aws:iam::123456789012:user/alice',
    sourceIp: '203.0.113.7',
  });
  await integrationRequest(ctx);
  const event = buildProxyEvent(ctx) as { requestContext: { identity: Record<string, unknown> } };
  expect(event.requestContext.identity).toMatchObject({
    accessKey: 'AKIAALICE',
    accountId: '123456789012',
    caller: 'AIDAALICEEXAMPLE0001',
    user: 'AIDAALICEEXAMPLE0001',
    userArn: 'arn:aws:iam::123456789012:user/alice',
  });
});

test('a wrong secret: INVALID_SIGNATURE, and no identity', async () => {
  const { ctx, error } = await run('AWS_IAM', await signedHeaders('guess'));
  expect(error?.type).toBe('INVALID_SIGNATURE');
  expect(ctx.iamCaller).toBeUndefined();
  expect((ctx.contextVars().identity as Record<string, unknown>).accessKey).toBeNull();
});

test('other authorization types are not this step\'s', async () => {
  const { ctx, error } = await run('NONE', await signedHeaders('guess'));
  expect(error).toBeUndefined();
  expect(ctx.iamCaller).toBeUndefined();
});
