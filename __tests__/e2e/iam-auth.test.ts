/**
 * AWS_IAM methods end to end, on a real listening server: requests signed by
 * the AWS SDKs' signer (@smithy/signature-v4) and by curl's --aws-sigv4 pass
 * and fill $context.identity; unsigned, tampered, wrongly scoped and
 * unknown-key requests get AWS's 403s; a resource policy decides for callers
 * of another account. Expected answers are AWS's (recorded answers quoted in
 * user reports; see __tests__/unit/dataplane/sigv4-verify.test.ts).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as http from 'node:http';
import { execFile, spawnSync } from 'node:child_process';
import request from 'supertest';
import { SignatureV4 } from '@smithy/signature-v4';
import { startServer, type RunningServer } from '../../lib/server';
import { Sha256 } from '../../lib/dataplane/auth/sigv4-verify';
import { deployApi, invokePath, type Deployed } from '../helpers/dataplane';

const ALICE = { accessKeyId: 'AKIAALICE0000000001', secretAccessKey: 'alice-secret', userArn: 'arn:aws:iam::000000000000:user/alice' };
const BOB = { accessKeyId: 'AKIABOB00000000000002', secretAccessKey: 'bob-secret', userArn: 'arn:aws:iam::111122223333:user/bob' };

let dir: string;
let server: RunningServer;
let agent: ReturnType<typeof request>;
let d: Deployed;

const IDENTITY_TEMPLATE =
  '{"accessKey": "$context.identity.accessKey", "accountId": "$context.identity.accountId", "caller": "$context.identity.caller", ' +
  '"user": "$context.identity.user", "userArn": "$context.identity.userArn", "sourceIp": "$context.identity.sourceIp", ' +
  '"userAgent": "$context.identity.userAgent"}';

const iamMock = {
  authorizationType: 'AWS_IAM',
  integration: { type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } },
  integrationResponses: { '200': { responseTemplates: { 'application/json': IDENTITY_TEMPLATE } } },
};

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-iam-'));
  const file = path.join(dir, 'credentials.json');
  fs.writeFileSync(
    file,
    JSON.stringify({
      test: 'test',
      [ALICE.accessKeyId]: { secretAccessKey: ALICE.secretAccessKey, userArn: ALICE.userArn },
      [BOB.accessKeyId]: { secretAccessKey: BOB.secretAccessKey, userArn: BOB.userArn },
    }),
  );
  server = await startServer({ port: 0, host: '127.0.0.1', db: ':memory:', logLevel: 'silent', iamCredentials: file });
  agent = request(server.url);
  d = await deployApi(agent, { resources: { '/pets': { GET: iamMock, POST: iamMock }, '/open': { GET: { ...iamMock, authorizationType: 'NONE' } } } });
});

afterAll(async () => {
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json(): Record<string, unknown>;
}

/** Sends exactly these headers (no client adds its own), so the signed request is the received one. */
function send(method: string, pathAndQuery: string, headers: Record<string, string>, body = ''): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: server.port, method, path: pathAndQuery, headers, setHost: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

async function signedSend(
  creds: Creds,
  method: string,
  p: string,
  opts: { body?: string; headers?: Record<string, string>; host?: string; region?: string; tamper?: (h: Record<string, string>) => void } = {},
): Promise<Answer> {
  const host = opts.host ?? `127.0.0.1:${server.port}`;
  const signer = new SignatureV4({ service: 'execute-api', region: opts.region ?? 'us-east-1', credentials: creds, sha256: Sha256 });
  const headers: Record<string, string> = { host, ...(opts.headers ?? {}) };
  if (opts.body) headers['content-type'] = 'application/json';
  if (opts.body) headers['content-length'] = String(Buffer.byteLength(opts.body));
  const signed = await signer.sign({ method, protocol: 'http:', hostname: host.split(':')[0], path: p, query: {}, headers, body: opts.body });
  const out = { ...(signed.headers as Record<string, string>) };
  opts.tamper?.(out);
  return send(method, p, out, opts.body);
}

describe('signed by the SDK signer', () => {
  test('a signed GET passes; $context.identity names the caller', async () => {
    const res = await signedSend(ALICE, 'GET', invokePath(d, '/pets'), { headers: { 'user-agent': 'sdk-test/1.0' } });
    expect(res.status).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      accessKey: ALICE.accessKeyId,
      accountId: '000000000000',
      userArn: ALICE.userArn,
      sourceIp: '127.0.0.1',
      userAgent: 'sdk-test/1.0',
    });
    // IAM's unique id for a user (AIDA…) is both caller and user.
    expect(body.caller).toMatch(/^AIDA[A-Z2-7]{17}$/);
    expect(body.user).toBe(body.caller);
  });

  test('a signed POST with a body passes; the same body changed on the way is refused', async () => {
    const ok = await signedSend(ALICE, 'POST', invokePath(d, '/pets'), { body: '{"name":"rex"}' });
    expect(ok.status).toBe(200);

    const signer = new SignatureV4({ service: 'execute-api', region: 'us-east-1', credentials: ALICE, sha256: Sha256 });
    const host = `127.0.0.1:${server.port}`;
    const p = invokePath(d, '/pets');
    const signed = await signer.sign({
      method: 'POST',
      protocol: 'http:',
      hostname: '127.0.0.1',
      path: p,
      query: {},
      headers: { host, 'content-type': 'application/json', 'content-length': '14' },
      body: '{"name":"rex"}',
    });
    const res = await send('POST', p, signed.headers as Record<string, string>, '{"name":"tom"}');
    expect(res.status).toBe(403);
    expect(res.headers['x-amzn-errortype']).toBe('InvalidSignatureException');
    expect(res.json().message).toMatch(
      /^The request signature we calculated does not match the signature you provided\. Check your AWS Secret Access Key and signing method\. Consult the service documentation for details\.\n\nThe Canonical String for this request should have been\n'POST\n\/restapis\//,
    );
  });

  test('a tampered signature, a wrong secret: InvalidSignatureException', async () => {
    const tampered = await signedSend(ALICE, 'GET', invokePath(d, '/pets'), {
      tamper: (h) => (h.authorization = h.authorization.replace(/Signature=(.)/, (_m, c: string) => `Signature=${c === 'a' ? 'b' : 'a'}`)),
    });
    expect(tampered.status).toBe(403);
    expect(tampered.headers['x-amzn-errortype']).toBe('InvalidSignatureException');
    const wrong = await signedSend({ ...ALICE, secretAccessKey: 'guess' }, 'GET', invokePath(d, '/pets'));
    expect(wrong.status).toBe(403);
    expect(wrong.json().message).toMatch(/^The request signature we calculated does not match/);
  });

  test('the execute-api host way in: the client signs /{stage}/{path}', async () => {
    const res = await signedSend(ALICE, 'GET', '/dev/pets', { host: `${d.apiId}.execute-api.us-east-1.amazonaws.com` });
    expect(res.status).toBe(200);
    expect(res.json().accessKey).toBe(ALICE.accessKeyId);
  });

  test('a presigned URL passes', async () => {
    const host = `127.0.0.1:${server.port}`;
    const signer = new SignatureV4({ service: 'execute-api', region: 'us-east-1', credentials: ALICE, sha256: Sha256 });
    const p = await signer.presign({ method: 'GET', protocol: 'http:', hostname: '127.0.0.1', path: invokePath(d, '/pets'), query: {}, headers: { host } }, { expiresIn: 300 });
    const qs = Object.entries(p.query as Record<string, string>)
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
      .join('&');
    const res = await send('GET', `${p.path}?${qs}`, { host });
    expect(res.status).toBe(200);
    expect(res.json().accessKey).toBe(ALICE.accessKeyId);
  });
});

describe("AWS's refusals", () => {
  test('unsigned: 403 Missing Authentication Token', async () => {
    const res = await agent.get(invokePath(d, '/pets'));
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ message: 'Missing Authentication Token' });
    expect(res.headers['x-amzn-errortype']).toBe('MissingAuthenticationTokenException');
  });

  test('a Bearer token: IncompleteSignatureException', async () => {
    const res = await agent.get(invokePath(d, '/pets')).set('Authorization', 'Bearer eyJ.abc.def');
    expect(res.status).toBe(403);
    expect(res.headers['x-amzn-errortype']).toBe('IncompleteSignatureException');
    expect(res.body.message).toMatch(/^Invalid key=value pair \(missing equal-sign\) in Authorization header \(hashed with SHA-256 and encoded with Base64\): '[A-Za-z0-9+/]{43}='\.$/);
  });

  test('the same Bearer token on a path that does not exist: the same answer, not Missing Authentication Token (as AWS does)', async () => {
    const res = await agent.get(invokePath(d, '/no-such-path')).set('Authorization', 'Bearer eyJ.abc.def');
    expect(res.status).toBe(403);
    expect(res.headers['x-amzn-errortype']).toBe('IncompleteSignatureException');
    const bare = await agent.get(invokePath(d, '/no-such-path'));
    expect(bare.body).toEqual({ message: 'Missing Authentication Token' });
  });

  test('an unknown access key', async () => {
    const res = await signedSend({ accessKeyId: 'AKIANOBODY', secretAccessKey: 'x' }, 'GET', invokePath(d, '/pets'));
    expect(res.status).toBe(403);
    expect(res.json()).toEqual({ message: 'The security token included in the request is invalid.' });
    expect(res.headers['x-amzn-errortype']).toBe('UnrecognizedClientException');
  });

  test('signed for another region or service', async () => {
    const res = await signedSend(ALICE, 'GET', invokePath(d, '/pets'), { region: 'eu-west-1' });
    expect(res.status).toBe(403);
    expect(res.json()).toEqual({ message: "Credential should be scoped to a valid region, not 'eu-west-1'." });
  });

  test('a NONE method ignores the signature', async () => {
    const res = await agent.get(invokePath(d, '/open')).set('Authorization', 'Bearer whatever');
    expect(res.status).toBe(200);
    expect(res.body.accessKey).toBe('');
  });
});

describe('with a resource policy', () => {
  const setPolicy = async (statements: unknown[]) => {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: statements });
    const up = await agent.patch(`/restapis/${d.apiId}`).send({ patchOperations: [{ op: 'replace', path: '/policy', value: policy }] });
    expect(up.status).toBe(200);
    const dep = await agent.post(`/restapis/${d.apiId}/deployments`).send({ stageName: 'dev' });
    expect(dep.status).toBe(201);
  };
  afterAll(async () => {
    await agent.patch(`/restapis/${d.apiId}`).send({ patchOperations: [{ op: 'replace', path: '/policy', value: '' }] });
    await agent.post(`/restapis/${d.apiId}/deployments`).send({ stageName: 'dev' });
  });

  test('another account needs the policy to allow it; the API owner\'s account does not (IAM allows)', async () => {
    await setPolicy([]);
    const bob = await signedSend(BOB, 'GET', invokePath(d, '/pets'));
    expect(bob.status).toBe(403);
    expect(bob.headers['x-amzn-errortype']).toBe('AccessDeniedException');
    expect(bob.json()).toEqual({
      Message: `User: ${BOB.userArn} is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:000000000000:${d.apiId}/dev/GET/pets because no resource-based policy allows the execute-api:Invoke action`,
    });
    expect((await signedSend(ALICE, 'GET', invokePath(d, '/pets'))).status).toBe(200);

    await setPolicy([{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'execute-api:Invoke', Resource: 'execute-api:/*/GET/pets' }]);
    expect((await signedSend(BOB, 'GET', invokePath(d, '/pets'))).status).toBe(200);
    expect((await signedSend(BOB, 'POST', invokePath(d, '/pets'), { body: '{}' })).status).toBe(403);
  });

  test('an explicit deny refuses even the owner\'s account', async () => {
    await setPolicy([{ Effect: 'Deny', Principal: { AWS: ALICE.userArn }, Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }]);
    const res = await signedSend(ALICE, 'GET', invokePath(d, '/pets'));
    expect(res.status).toBe(403);
    expect(res.json().Message).toBe(
      `User: ${ALICE.userArn} is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:000000000000:${d.apiId}/dev/GET/pets with an explicit deny in a resource-based policy`,
    );
    expect((await signedSend({ accessKeyId: 'test', secretAccessKey: 'test' }, 'GET', invokePath(d, '/pets'))).status).toBe(200);
  });
});

// curl signs execute-api requests itself (--aws-sigv4, curl 7.75+): the way many users try an IAM API by hand.
const curlSigns = spawnSync('curl', ['--help', 'all'], { encoding: 'utf8' }).stdout?.includes('--aws-sigv4') ?? false;
(curlSigns ? describe : describe.skip)('curl --aws-sigv4', () => {
  // Asynchronously: the server answering it runs in this process.
  const curl = (user: string): Promise<{ stdout: string }> =>
    new Promise((resolve, reject) =>
      execFile(
        'curl',
        ['-s', '-w', '\n%{http_code}', '--aws-sigv4', 'aws:amz:us-east-1:execute-api', '--user', user, `${server.url}${invokePath(d, '/pets')}`],
        { encoding: 'utf8', timeout: 20000 },
        (err, stdout) => (err ? reject(err) : resolve({ stdout })),
      ),
    );

  test('signed with test/test: 200 and the caller in $context.identity', async () => {
    const r = await curl('test:test');
    const [body, status] = [r.stdout.slice(0, r.stdout.lastIndexOf('\n')), r.stdout.slice(r.stdout.lastIndexOf('\n') + 1)];
    expect(status).toBe('200');
    expect(JSON.parse(body)).toMatchObject({ accessKey: 'test', accountId: '000000000000', userArn: 'arn:aws:iam::000000000000:root', caller: '000000000000' });
  });

  test('signed with a wrong secret: 403', async () => {
    const r = await curl('test:nope');
    expect(r.stdout.endsWith('\n403')).toBe(true);
    expect(r.stdout).toContain('The request signature we calculated does not match the signature you provided');
  });
});
