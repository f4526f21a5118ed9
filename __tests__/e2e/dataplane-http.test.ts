/**
 * HTTP and HTTP_PROXY integrations against a real HTTP backend the test
 * starts on an ephemeral 127.0.0.1 port: what the backend receives, what the
 * client gets back (headers remapped as in the recorded AWS HTTP_PROXY answer:
 * x-amzn-remapped-connection / -content-length / -date / -x-amzn-requestid),
 * mappings and templates, timeouts, a backend that breaks off its answer, an
 * unreachable backend, redirects (never followed), binary payloads.
 */
import * as net from 'node:net';
import request from 'supertest';
import { createApp, type App } from '../../lib/app';
import { deployApi, invokePath, startBackend, type Backend, type Deployed } from '../helpers/dataplane';

let app: App;
let http: ReturnType<typeof request>;
let backend: Backend;
const PNG = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
/** A supertest parser that keeps any body as text, whatever its Content-Type. */
const asText = (res: request.Response, cb: (err: Error | null, body: unknown) => void): void => {
  const stream = res as unknown as NodeJS.ReadableStream;
  let text = '';
  stream.setEncoding('latin1');
  stream.on('data', (c: string) => (text += c));
  stream.on('end', () => cb(null, text));
};

beforeAll(async () => {
  app = createApp({ db: ':memory:', logLevel: 'silent' });
  http = request(app);
  backend = await startBackend((req, res, body) => {
    const url = req.url ?? '/';
    if (url.startsWith('/slow')) {
      setTimeout(() => {
        if (!res.destroyed) res.end('late');
      }, 1500);
      return;
    }
    if (url.startsWith('/redirect')) {
      res.writeHead(302, { Location: '/elsewhere' });
      res.end();
      return;
    }
    if (url.startsWith('/broken')) {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '100' });
      res.write('{"partial":');
      setTimeout(() => res.socket?.destroy(), 20);
      return;
    }
    if (url.startsWith('/hangup')) {
      req.socket.destroy();
      return;
    }
    if (url.startsWith('/binary')) {
      res.writeHead(200, { 'Content-Type': 'image/png' });
      res.end(PNG);
      return;
    }
    const status = /^\/status\/(\d{3})/.exec(url);
    const answer = JSON.stringify({ method: req.method, url, headers: req.headers, body: body.toString('utf8') });
    res.writeHead(status ? Number(status[1]) : 200, {
      'Content-Type': 'application/json',
      'Content-Length': String(Buffer.byteLength(answer)),
      'X-Backend': 'yes',
      Server: 'my-backend',
      'x-amzn-RequestId': 'backend-request-id',
      'WWW-Authenticate': 'Basic realm="x"',
      'Set-Cookie': ['a=1', 'b=2'],
    });
    res.end(answer);
  });
});
afterAll(async () => {
  await backend.close();
  app.close();
});

describe('HTTP_PROXY', () => {
  let d: Deployed;
  beforeAll(async () => {
    d = await deployApi(http, {
      resources: {
        '/{proxy+}': {
          ANY: {
            requestParameters: { 'method.request.path.proxy': true },
            integration: {
              type: 'HTTP_PROXY',
              httpMethod: 'ANY',
              uri: `${backend.url}/{proxy}`,
              requestParameters: { 'integration.request.path.proxy': 'method.request.path.proxy' },
              timeoutInMillis: 300,
            },
          },
        },
      },
    });
  });

  test('the request passes through: path, query, headers, body; API Gateway adds its headers', async () => {
    backend.received.length = 0;
    const res = await http
      .post(invokePath(d, '/echo/a%20b/c?x=1&x=2&y=%C3%A9'))
      .set('X-Custom', 'one')
      .set('User-Agent', 'client/1.0')
      .set('Content-Type', 'text/plain')
      .set('X-Forwarded-For', '198.51.100.1')
      .send('hello');
    expect(res.status).toBe(200);
    const got = backend.received[0];
    expect(got.method).toBe('POST');
    expect(got.url).toBe('/echo/a%20b/c?x=1&x=2&y=%C3%A9');
    expect(got.body.toString()).toBe('hello');
    expect(got.headers).toMatchObject({
      'x-custom': 'one',
      'user-agent': 'client/1.0',
      'content-type': 'text/plain',
      'content-length': '5',
      host: `127.0.0.1:${backend.port}`,
      'x-amzn-apigateway-api-id': d.apiId,
      'x-forwarded-for': '198.51.100.1, 127.0.0.1',
      'x-forwarded-proto': 'http',
    });
    expect(got.headers['x-amzn-trace-id']).toBe(res.headers['x-amzn-trace-id']);
  });

  test("the backend's answer passes through; reserved headers come back as x-amzn-Remapped-*", async () => {
    const res = await http.get(invokePath(d, '/echo/x'));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text).url).toBe('/echo/x');
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['x-backend']).toBe('yes');
    expect(res.headers['set-cookie']).toEqual(['a=1', 'b=2']);
    expect(res.headers['x-amzn-remapped-server']).toBe('my-backend');
    expect(res.headers['x-amzn-remapped-www-authenticate']).toBe('Basic realm="x"');
    expect(res.headers['x-amzn-remapped-x-amzn-requestid']).toBe('backend-request-id');
    expect(res.headers['x-amzn-remapped-date']).toBeTruthy();
    expect(res.headers['x-amzn-remapped-content-length']).toBe(String(Buffer.byteLength(res.text)));
    expect(res.headers['x-amzn-requestid']).not.toBe('backend-request-id');
    expect(res.headers['server']).toBeUndefined();
    expect(res.headers['www-authenticate']).toBeUndefined();
  });

  test("the backend's status passes through", async () => {
    const res = await http.delete(invokePath(d, '/status/404'));
    expect(res.status).toBe(404);
    expect(JSON.parse(res.text).method).toBe('DELETE');
  });

  test('redirects are returned, not followed', async () => {
    const res = await http.get(invokePath(d, '/redirect'));
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/elsewhere');
  });

  test('a backend slower than timeoutInMillis: 504 Endpoint request timed out', async () => {
    const res = await http.get(invokePath(d, '/slow'));
    expect(res.status).toBe(504);
    expect(res.body).toEqual({ message: 'Endpoint request timed out' });
    expect(res.headers['x-amzn-errortype']).toBe('InternalServerErrorException');
  });

  test('a backend that closes mid-response: 502, and the gateway keeps serving', async () => {
    const res = await http.get(invokePath(d, '/broken'));
    expect(res.status).toBe(502);
    expect(res.body).toEqual({ message: 'Internal server error' });
    const hangup = await http.get(invokePath(d, '/hangup'));
    expect(hangup.status).toBe(502);
    expect((await http.get(invokePath(d, '/echo/ok'))).status).toBe(200);
  });
});

describe('HTTP_PROXY edge cases', () => {
  test('an unreachable backend: 500 Internal server error', async () => {
    const closed = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const port = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(port));
      });
    });
    const d = await deployApi(http, {
      resources: { '/x': { GET: { integration: { type: 'HTTP_PROXY', httpMethod: 'GET', uri: `http://127.0.0.1:${closed}/` } } } },
    });
    const res = await http.get(invokePath(d, '/x'));
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ message: 'Internal server error' });
  });

  test('{proxy} without a requestParameters mapping is sent literally, as AWS does', async () => {
    const d = await deployApi(http, {
      resources: { '/{proxy+}': { ANY: { integration: { type: 'HTTP_PROXY', httpMethod: 'ANY', uri: `${backend.url}/echo/{proxy}` } } } },
    });
    const res = await http.get(invokePath(d, '/a/b'));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text).url).toBe('/echo/%7Bproxy%7D');
  });

  test('binary: with binaryMediaTypes and a matching Accept, bytes pass untouched; a text Accept gets base64', async () => {
    const d = await deployApi(http, {
      binaryMediaTypes: ['image/png'],
      resources: { '/img': { GET: { integration: { type: 'HTTP_PROXY', httpMethod: 'GET', uri: `${backend.url}/binary` } } } },
    });
    const bin = await http
      .get(invokePath(d, '/img'))
      .set('Accept', 'image/png')
      .buffer(true)
      .parse((res, cb) => {
        const stream = res as unknown as NodeJS.ReadableStream;
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(bin.status).toBe(200);
    expect(Buffer.compare(bin.body as Buffer, PNG)).toBe(0);
    const text = await http.get(invokePath(d, '/img')).set('Accept', 'application/json').buffer(true).parse(asText);
    expect(text.body).toBe(PNG.toString('base64'));
  });

  test('binary request bodies pass through byte for byte', async () => {
    const d = await deployApi(http, {
      binaryMediaTypes: ['application/octet-stream'],
      resources: { '/up': { POST: { integration: { type: 'HTTP_PROXY', httpMethod: 'POST', uri: `${backend.url}/echo` } } } },
    });
    backend.received.length = 0;
    const res = await http.post(invokePath(d, '/up')).set('Content-Type', 'application/octet-stream').send(PNG);
    expect(res.status).toBe(200);
    expect(Buffer.compare(backend.received[0].body, PNG)).toBe(0);
  });
});

describe('HTTP (non-proxy)', () => {
  let d: Deployed;
  beforeAll(async () => {
    d = await deployApi(http, {
      variables: { backend: `127.0.0.1:${backend.port}`, tag: 'v1' },
      resources: {
        '/items/{id}': {
          POST: {
            requestParameters: { 'method.request.path.id': true, 'method.request.querystring.q': false, 'method.request.header.X-In': false },
            integration: {
              type: 'HTTP',
              httpMethod: 'PUT',
              uri: 'http://${stageVariables.backend}/echo/things/{thing}',
              requestParameters: {
                'integration.request.path.thing': 'method.request.path.id',
                'integration.request.querystring.search': 'method.request.querystring.q',
                'integration.request.querystring.tag': 'stageVariables.tag',
                'integration.request.header.X-Out': 'method.request.header.X-In',
                'integration.request.header.X-Static': "'fixed'",
                'integration.request.header.X-Req': 'context.requestId',
              },
              requestTemplates: { 'application/json': '{"wrapped": $input.json(\'$\'), "id": "$input.params(\'id\')"}' },
            },
            methodResponses: {
              '200': { responseParameters: { 'method.response.header.X-Backend': true, 'method.response.header.X-Url': true } },
              '400': {},
            },
            integrationResponses: {
              '200': {
                responseParameters: {
                  'method.response.header.X-Backend': 'integration.response.header.X-Backend',
                  'method.response.header.X-Url': 'integration.response.body.url',
                },
                responseTemplates: { 'application/json': '{"sent": $input.json(\'$.body\'), "method": "$input.path(\'$.method\')"}' },
              },
              '400': { selectionPattern: '4\\d{2}', responseTemplates: { 'application/json': '{"failed": true}' } },
            },
          },
        },
        '/status/{code}': {
          GET: {
            requestParameters: { 'method.request.path.code': true },
            integration: {
              type: 'HTTP',
              httpMethod: 'GET',
              uri: `${backend.url}/status/{code}`,
              requestParameters: { 'integration.request.path.code': 'method.request.path.code' },
            },
            integrationResponses: { '200': { selectionPattern: '2\\d{2}' }, '400': { selectionPattern: '4\\d{2}' } },
          },
        },
        '/bin': {
          GET: {
            integration: { type: 'HTTP', httpMethod: 'GET', uri: `${backend.url}/binary` },
            integrationResponses: { '200': { contentHandling: 'CONVERT_TO_TEXT' } },
          },
        },
      },
    });
  });

  test('requestParameters, the URI with stage variables and {param}, and the request template shape the backend call', async () => {
    backend.received.length = 0;
    const res = await http
      .post(invokePath(d, '/items/42?q=shoes'))
      .set('X-In', 'inbound')
      .set('X-Not-Mapped', 'dropped')
      .set('Accept', 'application/json')
      .send({ a: 1 });
    expect(res.status).toBe(200);
    const got = backend.received[0];
    expect(got.method).toBe('PUT');
    expect(got.url).toBe('/echo/things/42?search=shoes&tag=v1');
    expect(JSON.parse(got.body.toString())).toEqual({ wrapped: { a: 1 }, id: '42' });
    expect(got.headers).toMatchObject({
      'x-out': 'inbound',
      'x-static': 'fixed',
      'x-req': res.headers['x-amzn-requestid'],
      'user-agent': `AmazonAPIGateway_${d.apiId}`,
      accept: 'application/json',
      'content-type': 'application/json',
      'x-amzn-apigateway-api-id': d.apiId,
      'x-forwarded-for': '127.0.0.1',
    });
    // Client headers that are not mapped do not reach an HTTP (non-proxy) backend.
    expect(got.headers['x-not-mapped']).toBeUndefined();
  });

  test('the integration response maps headers (header and body JSONPath) and the template renders the body', async () => {
    const res = await http.post(invokePath(d, '/items/7')).send({ b: 2 });
    expect(res.status).toBe(200);
    // $input.json('$.body') gives the backend's "body" field (a string) as JSON.
    expect(res.body).toEqual({ sent: '{"wrapped": {"b":2}, "id": "7"}', method: 'PUT' });
    expect(res.headers['x-backend']).toBe('yes');
    expect(res.headers['x-url']).toBe('/echo/things/7?tag=v1');
    expect(res.headers['content-type']).toBe('application/json');
    // Unmapped backend headers are not passed to the client.
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.headers['x-amzn-remapped-server']).toBeUndefined();
  });

  test('selectionPattern matches the backend status code (full match); no template passes the body through', async () => {
    const a = await http.get(invokePath(d, '/status/201'));
    expect(a.status).toBe(200);
    expect(JSON.parse(a.text).url).toBe('/status/201');
    expect(a.headers['content-type']).toBe('application/json');
    const b = await http.get(invokePath(d, '/status/404'));
    expect(b.status).toBe(400);
  });

  test('a status no integration response matches (and no default): 500 Internal server error', async () => {
    const res = await http.get(invokePath(d, '/status/503'));
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ message: 'Internal server error' });
  });

  test('without binaryMediaTypes every payload is text: CONVERT_TO_TEXT passes it as it is', async () => {
    const res = await http.get(invokePath(d, '/bin')).buffer(true).parse(asText);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(Buffer.from(res.body as string, 'latin1').equals(PNG)).toBe(true);
  });
});

describe('HTTP binary conversions with binaryMediaTypes', () => {
  test('CONVERT_TO_TEXT on a binary response gives base64; CONVERT_TO_BINARY on a request decodes base64', async () => {
    const d = await deployApi(http, {
      binaryMediaTypes: ['image/png'],
      resources: {
        '/img': {
          GET: {
            integration: { type: 'HTTP', httpMethod: 'GET', uri: `${backend.url}/binary` },
            integrationResponses: { '200': { contentHandling: 'CONVERT_TO_TEXT' } },
          },
        },
        '/upload': {
          POST: {
            integration: { type: 'HTTP', httpMethod: 'POST', uri: `${backend.url}/echo`, contentHandling: 'CONVERT_TO_BINARY' },
            integrationResponses: { '200': {} },
          },
        },
      },
    });
    const img = await http.get(invokePath(d, '/img')).buffer(true).parse(asText);
    expect(img.status).toBe(200);
    expect(img.body).toBe(PNG.toString('base64'));

    backend.received.length = 0;
    const up = await http.post(invokePath(d, '/upload')).set('Content-Type', 'text/plain').send(PNG.toString('base64'));
    expect(up.status).toBe(200);
    expect(Buffer.compare(backend.received[0].body, PNG)).toBe(0);

    // Not base64: API Gateway's configuration error (base64 decoding fails), 500.
    const bad = await http.post(invokePath(d, '/upload')).set('Content-Type', 'text/plain').send('not base64 at all!');
    expect(bad.status).toBe(500);
    expect(bad.body).toEqual({ message: 'Internal server error' });
  });
});
