/**
 * auth/sigv4-verify.ts: requests signed by the AWS SDKs' own signer
 * (@smithy/signature-v4) verify; every tampering and every malformed
 * signature gets AWS's answer. Messages are AWS's, as recorded in user
 * reports of real execute-api answers (quoted next to each case).
 */
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256, verifySigV4, unknownRouteFailure, type ReceivedRequest, type SigV4Result } from '../../../lib/dataplane/auth/sigv4-verify';
import { parseCredentials, type CredentialStore } from '../../../lib/aws/credentials';

const NOW = Date.UTC(2026, 10, 21, 20, 6, 39); // 20261121T200639Z
const HOST = '127.0.0.1:4567';
const PATH = '/restapis/abc123/dev/_user_request_/pets';

const credentials: CredentialStore = parseCredentials(
  JSON.stringify({
    AKIDEXAMPLE: { secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', userArn: 'arn:aws:iam::111122223333:user/alice' },
    ASIATEMPORARY: { secretAccessKey: 'tempsecret', sessionToken: 'the-session-token', expiration: '2026-11-21T21:00:00Z' },
    ASIAEXPIRED: { secretAccessKey: 'oldsecret', sessionToken: 'old-token', expiration: '2026-11-21T20:00:00Z' },
  }),
  '000000000000',
);

interface Spec {
  method?: string;
  path?: string;
  query?: Record<string, string | string[]>;
  headers?: Record<string, string>;
  body?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
  region?: string;
  service?: string;
  at?: number;
}

function signer(spec: Spec): SignatureV4 {
  return new SignatureV4({
    service: spec.service ?? 'execute-api',
    region: spec.region ?? 'us-east-1',
    credentials: {
      accessKeyId: spec.accessKeyId ?? 'AKIDEXAMPLE',
      secretAccessKey: spec.secretAccessKey ?? 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
      sessionToken: spec.sessionToken,
    },
    sha256: Sha256,
  });
}

function unsigned(spec: Spec) {
  return {
    method: spec.method ?? 'GET',
    protocol: 'http:',
    hostname: '127.0.0.1',
    port: 4567,
    path: spec.path ?? PATH,
    query: spec.query ?? {},
    headers: { host: HOST, ...(spec.headers ?? {}) },
    body: spec.body,
  };
}

const enc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());

/** What the client puts on the wire for a (signed) smithy request. */
function wire(r: { method: string; path: string; query?: Record<string, unknown>; headers: Record<string, string>; body?: unknown }): ReceivedRequest {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(r.query ?? {})) {
    for (const x of Array.isArray(v) ? v : [v]) parts.push(`${enc(k)}=${enc(String(x))}`);
  }
  const raw: string[] = [];
  for (const [k, v] of Object.entries(r.headers)) raw.push(k, v);
  return {
    method: r.method,
    rawPath: r.path,
    rawQuery: parts.join('&'),
    rawHeaders: raw,
    body: Buffer.from(typeof r.body === 'string' ? r.body : ''),
  };
}

async function signed(spec: Spec = {}): Promise<ReceivedRequest> {
  const req = await signer(spec).sign(unsigned(spec), { signingDate: new Date(spec.at ?? NOW) });
  return wire(req as never);
}

const verify = (r: ReceivedRequest, now = NOW): Promise<SigV4Result> => verifySigV4(r, { region: 'us-east-1', credentials, now });

function failure(r: SigV4Result) {
  if (r.ok) throw new Error('expected a refusal');
  return r.failure;
}

describe('requests signed by the SDK signer', () => {
  test('a GET verifies; the credential comes back', async () => {
    const r = await verify(await signed());
    expect(r.ok && r.credential.userArn).toBe('arn:aws:iam::111122223333:user/alice');
  });

  test('a POST with a body, query parameters needing escapes and extra signed headers verifies', async () => {
    const req = await signed({
      method: 'POST',
      query: { q: 'a b/c', list: ['2', '1'], 'é': 'ü' },
      headers: { 'content-type': 'application/json', 'x-custom': '  spaced   value ' },
      body: '{"name":"rex"}',
    });
    expect((await verify(req)).ok).toBe(true);
  });

  test('a path with percent-escapes verifies (the path is encoded once more, as SigV4 does for execute-api)', async () => {
    expect((await verify(await signed({ path: '/restapis/abc123/dev/_user_request_/pets/a%20b' }))).ok).toBe(true);
  });

  test('repeated headers are joined with commas', async () => {
    const req = await signed({ headers: { 'x-multi': 'one,two' } });
    // The wire carries it as two header lines.
    const i = req.rawHeaders.indexOf('x-multi');
    req.rawHeaders.splice(i, 2, 'x-multi', 'one', 'X-Multi', 'two');
    expect((await verify(req)).ok).toBe(true);
  });

  test('temporary credentials with their session token verify', async () => {
    const req = await signed({ accessKeyId: 'ASIATEMPORARY', secretAccessKey: 'tempsecret', sessionToken: 'the-session-token' });
    expect((await verify(req)).ok).toBe(true);
  });

  test('an HTTP Date header instead of X-Amz-Date is accepted', async () => {
    // The SDK signer always writes X-Amz-Date, so this one is signed by hand, step by step as the SigV4 spec says.
    const { createHash, createHmac } = await import('node:crypto');
    const date = new Date(NOW).toUTCString(); // Sat, 21 Nov 2026 20:06:39 GMT
    const canonical = ['GET', PATH, '', `date:${date}`, `host:${HOST}`, '', 'date;host', createHash('sha256').update('').digest('hex')].join('\n');
    const scope = '20261121/us-east-1/execute-api/aws4_request';
    const toSign = ['AWS4-HMAC-SHA256', '20261121T200639Z', scope, createHash('sha256').update(canonical).digest('hex')].join('\n');
    let key: Buffer = Buffer.from('AWS4wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY');
    for (const part of ['20261121', 'us-east-1', 'execute-api', 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
    const signature = createHmac('sha256', key).update(toSign).digest('hex');
    const auth = `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/${scope}, SignedHeaders=date;host, Signature=${signature}`;
    const r = await verify({ method: 'GET', rawPath: PATH, rawQuery: '', rawHeaders: ['Host', HOST, 'Date', date, 'Authorization', auth], body: Buffer.alloc(0) });
    expect(r.ok).toBe(true);
  });

  test('a presigned URL verifies', async () => {
    const p = await signer({}).presign(unsigned({}), { signingDate: new Date(NOW), expiresIn: 900 });
    const r = await verify(wire(p as never), NOW + 60_000);
    expect(r.ok).toBe(true);
  });

  test('UNSIGNED-PAYLOAD (X-Amz-Content-Sha256) signs the request without its body', async () => {
    const req = await signed({ method: 'PUT', headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, body: 'anything' });
    expect((await verify(req)).ok).toBe(true);
  });
});

describe('tampering is refused with AWS\'s message', () => {
  // Recorded answer (execute-api, 2026): "The request signature we calculated does not match the signature you provided.
  // Check your AWS Secret Access Key and signing method. Consult the service documentation for details.\n\nThe Canonical
  // String for this request should have been\n'GET\n/prod/contacts/groups\n\naccept:…\nhost:…\nx-amz-date:…\n\naccept;host;x-amz-date\ne3b0…'
  // \n\nThe String-to-Sign should have been\n'AWS4-HMAC-SHA256\n20260922T201942Z\n20260922/us-east-1/execute-api/aws4_request\na37c…'\n"
  test('a changed body', async () => {
    const req = await signed({ method: 'POST', body: '{"a":1}' });
    req.body = Buffer.from('{"a":2}');
    const f = failure(await verify(req));
    expect(f.type).toBe('INVALID_SIGNATURE');
    expect(f.message).toMatch(
      /^The request signature we calculated does not match the signature you provided\. Check your AWS Secret Access Key and signing method\. Consult the service documentation for details\.\n\nThe Canonical String for this request should have been\n'POST\n\/restapis\/abc123\/dev\/_user_request_\/pets\n\nhost:127\.0\.0\.1:4567\nx-amz-content-sha256:[0-9a-f]{64}\nx-amz-date:20261121T200639Z\n\nhost;x-amz-content-sha256;x-amz-date\n[0-9a-f]{64}'\n\nThe String-to-Sign should have been\n'AWS4-HMAC-SHA256\n20261121T200639Z\n20261121\/us-east-1\/execute-api\/aws4_request\n[0-9a-f]{64}'\n$/,
    );
  });

  test('a changed path, query or signed header', async () => {
    const a = await signed();
    a.rawPath = PATH + '/x';
    expect(failure(await verify(a)).type).toBe('INVALID_SIGNATURE');
    const b = await signed({ query: { a: '1' } });
    b.rawQuery = 'a=2';
    expect(failure(await verify(b)).type).toBe('INVALID_SIGNATURE');
    const c = await signed({ headers: { 'x-custom': 'v' } });
    c.rawHeaders[c.rawHeaders.indexOf('x-custom') + 1] = 'w';
    expect(failure(await verify(c)).type).toBe('INVALID_SIGNATURE');
  });

  test('a wrong secret', async () => {
    const f = failure(await verify(await signed({ secretAccessKey: 'not-the-secret' })));
    expect(f.type).toBe('INVALID_SIGNATURE');
    expect(f.message).toMatch(/^The request signature we calculated does not match/);
  });
});

describe('malformed or unacceptable signatures', () => {
  const withAuth = (value: string, extra: [string, string][] = []): ReceivedRequest => ({
    method: 'GET',
    rawPath: PATH,
    rawQuery: '',
    rawHeaders: ['host', HOST, 'authorization', value, ...extra.flat()],
    body: Buffer.alloc(0),
  });
  const b64sha256 = (s: string) => require('node:crypto').createHash('sha256').update(s).digest('base64');

  test('no signature at all: Missing Authentication Token', async () => {
    const f = failure(await verify({ method: 'GET', rawPath: PATH, rawQuery: '', rawHeaders: ['host', HOST], body: Buffer.alloc(0) }));
    expect(f).toEqual({ type: 'MISSING_AUTHENTICATION_TOKEN', message: 'Missing Authentication Token' });
  });

  test('a Bearer token: the key=value message with the header\'s SHA-256 (recorded answer, IncompleteSignatureException)', async () => {
    const f = failure(await verify(withAuth('Bearer eyJhbGciOi.payload.sig')));
    expect(f).toEqual({
      type: 'MISSING_AUTHENTICATION_TOKEN',
      errorType: 'IncompleteSignatureException',
      message: `Invalid key=value pair (missing equal-sign) in Authorization header (hashed with SHA-256 and encoded with Base64): '${b64sha256('Bearer eyJhbGciOi.payload.sig')}'.`,
    });
  });

  test('Basic credentials: each missing part named', async () => {
    const f = failure(await verify(withAuth('Basic Og==')));
    expect(f.errorType).toBe('IncompleteSignatureException');
    expect(f.message).toBe(
      "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. " +
        "Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. " +
        `(Hashed with SHA-256 and encoded with Base64) Authorization=${b64sha256('Basic Og==')}`,
    );
  });

  test('a date that is not ISO-8601 basic', async () => {
    const f = failure(
      await verify(withAuth('AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261121/us-east-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=00', [['x-amz-date', '2026-11-21']])),
    );
    expect(f.message).toBe("Date must be in ISO-8601 'basic format'. Got '2026-11-21'. See http://en.wikipedia.org/wiki/ISO_8601");
  });

  test('too old and too new: AWS\'s clock-skew messages (5 minutes)', async () => {
    const req = await signed();
    // Recorded: "Signature expired: 20201027T123008Z is now earlier than 20201027T125507Z (20201027T130007Z - 5 min.)"
    expect(failure(await verify(req, NOW + 10 * 60_000)).message).toBe(
      'Signature expired: 20261121T200639Z is now earlier than 20261121T201139Z (20261121T201639Z - 5 min.)',
    );
    // Recorded: "Signature not yet current: 20230804T000000Z is still later than 20230803T172233Z (20230803T171733Z + 5 min.)"
    expect(failure(await verify(req, NOW - 10 * 60_000)).message).toBe(
      'Signature not yet current: 20261121T200639Z is still later than 20261121T200139Z (20261121T195639Z + 5 min.)',
    );
    expect((await verify(req, NOW + 4 * 60_000)).ok).toBe(true);
  });

  test('Host must be signed', async () => {
    const f = failure(
      await verify(withAuth('AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261121/us-east-1/execute-api/aws4_request, SignedHeaders=x-amz-date, Signature=00', [['x-amz-date', '20261121T200639Z']])),
    );
    expect(f).toEqual({ type: 'INVALID_SIGNATURE', message: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization." });
  });

  test('a non-AWS scheme with all the parts: Missing Authentication Token', async () => {
    const f = failure(
      await verify(withAuth('Custom-API Credential=key/date/x/y, SignedHeaders=content-type;host, Signature=abc', [['x-amz-date', '20261121T200639Z']])),
    );
    expect(f).toEqual({ type: 'MISSING_AUTHENTICATION_TOKEN', message: 'Missing Authentication Token' });
  });

  test('a credential that is not five elements', async () => {
    const f = failure(await verify(withAuth('AWS4-HMAC-SHA256 Credential=AKID/20261121/us-east-1, SignedHeaders=host;x-amz-date, Signature=00', [['x-amz-date', '20261121T200639Z']])));
    expect(f.message).toBe("Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'AKID/20261121/us-east-1'");
  });

  test('the wrong region, service and date in the scope: one sentence each', async () => {
    const f = failure(await verify(await signed({ region: 'eu-west-1', service: 'apigateway' })));
    expect(f).toEqual({
      type: 'INVALID_SIGNATURE',
      message: "Credential should be scoped to a valid region, not 'eu-west-1'. Credential should be scoped to correct service: 'execute-api'.",
    });
    const req = await signed();
    const i = req.rawHeaders.indexOf('authorization');
    req.rawHeaders[i + 1] = req.rawHeaders[i + 1].replace('/20261121/', '/20261120/');
    expect(failure(await verify(req)).message).toBe(
      "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20261120' != '20261121', from '20261121T200639Z'.",
    );
  });

  test('an unknown access key (recorded: {"message":"The security token included in the request is invalid."})', async () => {
    const f = failure(await verify(await signed({ accessKeyId: 'AKIDUNKNOWN' })));
    expect(f).toEqual({ type: 'INVALID_SIGNATURE', message: 'The security token included in the request is invalid.', errorType: 'UnrecognizedClientException' });
  });

  test('session tokens: missing, wrong, unexpected, expired', async () => {
    const missing = await signed({ accessKeyId: 'ASIATEMPORARY', secretAccessKey: 'tempsecret' });
    expect(failure(await verify(missing)).message).toBe('The security token included in the request is invalid');
    const wrong = await signed({ accessKeyId: 'ASIATEMPORARY', secretAccessKey: 'tempsecret', sessionToken: 'forged' });
    expect(failure(await verify(wrong)).errorType).toBe('UnrecognizedClientException');
    const unexpected = await signed({ sessionToken: 'whatever' });
    expect(failure(await verify(unexpected)).message).toBe('The security token included in the request is invalid');
    const expired = await signed({ accessKeyId: 'ASIAEXPIRED', secretAccessKey: 'oldsecret', sessionToken: 'old-token' });
    expect(failure(await verify(expired))).toEqual({ type: 'EXPIRED_TOKEN', message: 'The security token included in the request is expired' });
  });

  test('presigned URLs: missing parameters, expiry, a week at most', async () => {
    const base = { method: 'GET', rawPath: PATH, rawHeaders: ['host', HOST], body: Buffer.alloc(0) };
    expect(failure(await verify({ ...base, rawQuery: 'X-Amz-Signature=abc' })).message).toBe(
      "AWS query-string parameters must include 'X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-Date', 'X-Amz-SignedHeaders'. Re-examine the query-string parameters.",
    );
    const p = wire((await signer({}).presign(unsigned({}), { signingDate: new Date(NOW), expiresIn: 60 })) as never);
    expect(failure(await verify(p, NOW + 120_000)).message).toBe(
      'Signature expired: 20261121T200639Z is now earlier than 20261121T200739Z (20261121T200839Z - 60 sec.)',
    );
    const week = { ...p, rawQuery: p.rawQuery.replace('X-Amz-Expires=60', 'X-Amz-Expires=604801') };
    expect(failure(await verify(week)).message).toBe('X-Amz-Expires must be less than a week (in seconds) that is 604800');
  });
});

describe('unknownRouteFailure (a request that matched no route)', () => {
  test('no Authorization header: nothing (the route step answers Missing Authentication Token)', () => {
    expect(unknownRouteFailure(['host', HOST])).toBeUndefined();
  });
  test('a Bearer token: the IncompleteSignature message, as AWS answers on a wrong path', () => {
    expect(unknownRouteFailure(['host', HOST, 'Authorization', 'Bearer abc'])?.message).toMatch(/^Invalid key=value pair \(missing equal-sign\)/);
  });
  test('a well-formed SigV4 header: nothing', () => {
    const h = 'AWS4-HMAC-SHA256 Credential=AKID/20261121/us-east-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=00';
    expect(unknownRouteFailure(['host', HOST, 'authorization', h, 'x-amz-date', '20261121T200639Z'])).toBeUndefined();
  });
});
