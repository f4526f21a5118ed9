/**
 * Cognito user-pool token verification (lib/dataplane/auth/cognito.ts, jwks.ts,
 * jwt.ts) against a test pool: its own RSA key pair, its JWKS served over HTTP
 * on an ephemeral port. Facts checked:
 * - valid ID tokens pass, their claims as strings (exp/iat as Java dates,
 *   numbers and booleans as text), as AWS hands claims on (recorded Lambda
 *   proxy events with `requestContext.authorizer.claims`);
 * - expired: 401 "The incoming token has expired" (AWS's message);
 * - wrong issuer, wrong signature, unknown key, `alg: none`, garbage: 401 Unauthorized;
 * - no method scopes: an ID token is required; scopes: an access token
 *   granting one of them (Developer Guide, "Integrate a REST API with an
 *   Amazon Cognito user pool": without OAuth scopes the token is treated as
 *   an identity token, with them as an access token whose scopes are checked);
 * - identityValidationExpression matched against `aud`.
 */
import { JwksCache } from '../../../lib/dataplane/auth/jwks';
import { claimsAsStrings, javaDate, userPoolOf, verifyCognitoToken, type CognitoCheck } from '../../../lib/dataplane/auth/cognito';
import { decodeJwt } from '../../../lib/dataplane/auth/jwt';
import { startTestPool, type TestPool } from '../../helpers/cognito-pool';

let pool: TestPool;
beforeAll(async () => {
  pool = await startTestPool();
});
afterAll(() => pool.close());

const now = (): number => Math.floor(Date.now() / 1000);

function check(token: string, extra: Partial<CognitoCheck> = {}): Promise<Awaited<ReturnType<typeof verifyCognitoToken>>> {
  return verifyCognitoToken({
    token,
    pools: [userPoolOf(pool.arn)!],
    endpoint: pool.endpoint,
    jwks: new JwksCache(),
    nowSeconds: now(),
    ...extra,
  });
}

describe('ID tokens (a method without authorizationScopes)', () => {
  test('a valid token passes; claims are strings, exp and iat as Java dates', async () => {
    const v = await check(pool.token({ exp: 1781503000, iat: 1781499400, auth_time: 1781499381, 'cognito:groups': ['admin', 'ops'] }), {
      nowSeconds: 1781500000,
    });
    expect(v.kind).toBe('ok');
    if (v.kind !== 'ok') return;
    expect(v.claims).toMatchObject({
      sub: 'a1b2c3d4-0000-4000-8000-000000000001',
      email_verified: 'true',
      token_use: 'id',
      auth_time: '1781499381',
      exp: 'Mon Jun 15 05:56:40 UTC 2026',
      iat: 'Mon Jun 15 04:56:40 UTC 2026',
      'cognito:username': 'alice',
      'cognito:groups': 'admin,ops',
      iss: pool.issuer,
    });
    for (const value of Object.values(v.claims)) expect(typeof value).toBe('string');
  });

  test('a Bearer prefix is accepted', async () => {
    expect((await check(`Bearer ${pool.token()}`)).kind).toBe('ok');
  });

  test('expired: 401 "The incoming token has expired"', async () => {
    const v = await check(pool.token({ exp: now() - 10, iat: now() - 3610 }));
    expect(v).toMatchObject({ kind: 'unauthorized', message: 'The incoming token has expired' });
  });

  test.each<[string, () => string]>([
    ['another pool as issuer', () => pool.token({ iss: `${pool.endpoint}/us-east-1_OtherPool` })],
    ['another host as issuer', () => pool.token({ iss: `https://evil.example.com/${pool.userPoolId}` })],
    ['a signature by a key the pool does not have', () => pool.token({}, { key: pool.otherKey })],
    ['a kid the JWKS does not hold', () => pool.token({}, { kid: 'unknown-kid' })],
    ['alg none', () => {
      const [h, p] = pool.token().split('.');
      const none = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(h, 'base64url').toString()), alg: 'none' })).toString('base64url');
      return `${none}.${p}.`;
    }],
    ['a tampered payload', () => {
      const [h, , s] = pool.token().split('.');
      return `${h}.${Buffer.from(JSON.stringify({ iss: pool.issuer, token_use: 'id', exp: now() + 999, sub: 'mallory' })).toString('base64url')}.${s}`;
    }],
    ['not a JWT', () => 'allow'],
    ['an access token', () => pool.token({ token_use: 'access', scope: 'aws.cognito.signin.user.admin' })],
    ['no exp', () => pool.token({ exp: undefined })],
  ])('%s: 401 Unauthorized', async (_what, make) => {
    expect(await check(make())).toMatchObject({ kind: 'unauthorized', message: 'Unauthorized' });
  });

  test('identityValidationExpression must match aud (the whole value)', async () => {
    const token = pool.token({ aud: 'client123' });
    expect((await check(token, { audPattern: /^(?:client\d+)$/ })).kind).toBe('ok');
    expect(await check(token, { audPattern: /^(?:client)$/ })).toMatchObject({ kind: 'unauthorized' });
  });

  test('the issuer may also be the real Cognito one (local emulators write it)', async () => {
    const real = `https://cognito-idp.us-east-1.amazonaws.com/${pool.userPoolId}`;
    expect((await check(pool.token({ iss: real }))).kind).toBe('ok');
  });
});

describe('access tokens (a method with authorizationScopes)', () => {
  const access = (scope: string): string => pool.token({ token_use: 'access', scope, aud: undefined, client_id: 'testclient01' });

  test('a token granting one of the scopes passes', async () => {
    expect((await check(access('pets/read pets/write'), { scopes: ['pets/admin', 'pets/write'] })).kind).toBe('ok');
  });

  test('no granted scope, or an ID token: 401 Unauthorized', async () => {
    expect(await check(access('pets/read'), { scopes: ['pets/write'] })).toMatchObject({ kind: 'unauthorized', message: 'Unauthorized' });
    expect(await check(pool.token(), { scopes: ['pets/read'] })).toMatchObject({ kind: 'unauthorized', message: 'Unauthorized' });
  });
});

describe('the JWKS', () => {
  test('is fetched once per pool and reused', async () => {
    const jwks = new JwksCache();
    const before = pool.fetches;
    for (let i = 0; i < 3; i++) expect((await check(pool.token(), { jwks })).kind).toBe('ok');
    expect(pool.fetches - before).toBe(1);
  });

  test('an unknown kid refetches it, at most once per interval', async () => {
    let t = 0;
    const jwks = new JwksCache({ now: () => t, refetchAfterMs: 1000 });
    await check(pool.token(), { jwks });
    const before = pool.fetches;
    await check(pool.token({}, { kid: 'rotated' }), { jwks });
    await check(pool.token({}, { kid: 'rotated' }), { jwks });
    expect(pool.fetches - before).toBe(0); // within the interval: not fetched again
    t = 1000;
    await check(pool.token({}, { kid: 'rotated' }), { jwks });
    expect(pool.fetches - before).toBe(1);
  });

  test('an unreachable endpoint is an error (a configuration error), not a 401', async () => {
    const v = await check(pool.token({ iss: `http://127.0.0.1:1/${pool.userPoolId}` }), { endpoint: 'http://127.0.0.1:1' });
    expect(v.kind).toBe('error');
  });
});

describe('helpers', () => {
  test('javaDate writes Java Date.toString in UTC', () => {
    expect(javaDate(0)).toBe('Thu Jan 01 00:00:00 UTC 1970');
    expect(javaDate(1664798016)).toBe('Mon Oct 03 11:53:36 UTC 2022');
  });

  test('claimsAsStrings: objects as JSON, nulls dropped', () => {
    expect(claimsAsStrings({ a: { b: 1 }, n: null, x: 1.5, t: false })).toEqual({ a: '{"b":1}', x: '1.5', t: 'false' });
  });

  test('userPoolOf reads pool ARNs', () => {
    expect(userPoolOf('arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbC123')).toEqual({ region: 'eu-west-1', userPoolId: 'eu-west-1_AbC123' });
    expect(userPoolOf('arn:aws:s3:::bucket')).toBeUndefined();
  });

  test('decodeJwt refuses what is not three base64url parts of JSON', () => {
    expect(decodeJwt('a.b')).toBeUndefined();
    expect(decodeJwt('e30.e30.!!')).toBeUndefined();
    expect(decodeJwt('W10.e30.')).toBeUndefined(); // header is a list
    expect(decodeJwt('e30.e30.')).toMatchObject({ header: {}, payload: {} });
  });
});
