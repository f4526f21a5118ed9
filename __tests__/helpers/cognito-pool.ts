/**
 * A stand-in Cognito user pool for tests: its own RSA key pair, its JWKS
 * served over HTTP on 127.0.0.1:<ephemeral> at
 * `/{userPoolId}/.well-known/jwks.json` (the path the Cognito endpoint
 * serves it at), and tokens signed the way Cognito signs them (RS256, `kid`
 * in the header, `iss` = `{endpoint}/{userPoolId}`).
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';

export interface TestPool {
  /** The Cognito endpoint to configure (`http://127.0.0.1:PORT`). */
  endpoint: string;
  userPoolId: string;
  region: string;
  arn: string;
  issuer: string;
  kid: string;
  /** How many times the JWKS was fetched. */
  fetches: number;
  /** A token with these claims (defaults: an ID token of this pool, valid for an hour). */
  token(claims?: Record<string, unknown>, opts?: { kid?: string; key?: KeyObject; alg?: string }): string;
  /** A private key the JWKS does not hold (for wrong-signature tokens). */
  otherKey: KeyObject;
  close(): Promise<void>;
}

const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');

export async function startTestPool(userPoolId = 'us-east-1_TestPool1', account = '123456789012'): Promise<TestPool> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const kid = 'test-kid-1';
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
  const region = userPoolId.split('_')[0];
  let fetches = 0;
  const server = http.createServer((req, res) => {
    if (req.url === `/${userPoolId}/.well-known/jwks.json`) {
      fetches++;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
      return;
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = `${endpoint}/${userPoolId}`;
  const pool: TestPool = {
    endpoint,
    userPoolId,
    region,
    arn: `arn:aws:cognito-idp:${region}:${account}:userpool/${userPoolId}`,
    issuer,
    kid,
    get fetches() {
      return fetches;
    },
    otherKey,
    token(claims = {}, opts = {}) {
      const now = Math.floor(Date.now() / 1000);
      const payload = {
        sub: 'a1b2c3d4-0000-4000-8000-000000000001',
        aud: 'testclient0000000000000001',
        email_verified: true,
        token_use: 'id',
        auth_time: now,
        iss: issuer,
        'cognito:username': 'alice',
        exp: now + 3600,
        iat: now,
        email: 'alice@example.com',
        ...claims,
      };
      const head = b64({ kid: opts.kid ?? kid, alg: opts.alg ?? 'RS256' });
      const body = b64(payload);
      const signer = createSign('RSA-SHA256');
      signer.update(`${head}.${body}`);
      return `${head}.${body}.${signer.sign(opts.key ?? privateKey).toString('base64url')}`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return pool;
}
