/**
 * Step 5 (integration response): selection by status (full-match regex, the
 * default response), responseParameters, response templates by Accept, the
 * proxy pass-through with AWS's remapped headers, and binary conversions.
 */
import { route } from '../../../../lib/dataplane/steps/route';
import { integrationResponse, selectIntegrationResponse } from '../../../../lib/dataplane/steps/integration-response';
import { compileDeployment } from '../../../../lib/dataplane/compile';
import { context, snapshot, type MethodSpec, type RequestSpec } from '../helpers';

async function respond(method: MethodSpec, backend: { status: number; headers?: string[]; body?: string | Buffer }, spec: RequestSpec = {}, api = {}) {
  const ctx = context(snapshot({ '/r': { GET: method } }, api), { path: '/r', stageVariables: { sv: 'stage-value' }, ...spec });
  await route(ctx);
  ctx.integrationResponse = {
    statusCode: backend.status,
    rawHeaders: backend.headers ?? [],
    body: Buffer.isBuffer(backend.body) ? backend.body : Buffer.from(backend.body ?? ''),
  };
  await integrationResponse(ctx);
  return ctx.response!;
}

const http = (integrationResponses: Record<string, unknown>): MethodSpec => ({
  integration: { type: 'HTTP', httpMethod: 'GET', uri: 'http://b/', integrationResponses: integrationResponses as never },
});

describe('selection', () => {
  const method = http({
    '200': { statusCode: '200' },
    '400': { statusCode: '400', selectionPattern: '4\\d{2}' },
    '503': { statusCode: '503', selectionPattern: '5.*' },
  });
  const integ = () => compileDeployment('d', snapshot({ '/r': { GET: method } })).router.match('GET', '/r')!.method.integration!;

  test('the selection pattern must match the whole status code', () => {
    expect(selectIntegrationResponse(integ(), 404)?.statusCode).toBe('400');
    expect(selectIntegrationResponse(integ(), 502)?.statusCode).toBe('503');
    // "4\d{2}" does not match "4000" (Java's matches(), not find()).
    expect(selectIntegrationResponse(integ(), 4000)?.statusCode).toBe('200');
    expect(selectIntegrationResponse(integ(), 200)?.statusCode).toBe('200');
  });

  test('no match and no default: 500 configuration error', async () => {
    await expect(respond(http({ '200': { statusCode: '200', selectionPattern: '200' } }), { status: 404 })).rejects.toMatchObject({
      type: 'API_CONFIGURATION_ERROR',
      message: 'Internal server error',
    });
  });

  test('the method response status is the integration response statusCode', async () => {
    const r = await respond(method, { status: 418 });
    expect(r.statusCode).toBe(400);
  });
});

test('responseParameters: backend header (case-insensitive), multi-value header, body, body JSONPath, literal, context, stage variable', async () => {
  const r = await respond(
    http({
      '200': {
        statusCode: '200',
        responseParameters: {
          'method.response.header.X-From-Header': 'integration.response.header.x-backend',
          'method.response.header.X-Multi': 'integration.response.multivalueheader.Set-Cookie',
          'method.response.header.X-Body': 'integration.response.body',
          'method.response.header.X-Name': 'integration.response.body.user.name',
          'method.response.header.X-Obj': 'integration.response.body.user',
          'method.response.header.X-First': 'integration.response.body.list[0]',
          'method.response.header.X-Lit': "'literal'",
          'method.response.header.X-Ctx': 'context.stage',
          'method.response.header.X-Sv': 'stageVariables.sv',
          'method.response.header.X-None': 'integration.response.header.absent',
        },
      },
    }),
    { status: 200, headers: ['X-Backend', 'b', 'Set-Cookie', 'a=1', 'Set-Cookie', 'b=2'], body: '{"user":{"name":"ann"},"list":[7,8]}' },
  );
  expect(r.headers).toEqual({
    'X-From-Header': 'b',
    'X-Multi': 'a=1,b=2',
    'X-Body': '{"user":{"name":"ann"},"list":[7,8]}',
    'X-Name': 'ann',
    'X-Obj': '{"name":"ann"}',
    'X-First': '7',
    'X-Lit': 'literal',
    'X-Ctx': 'dev',
    'X-Sv': 'stage-value',
  });
  // Without a template the body passes through.
  expect(r.body.toString()).toBe('{"user":{"name":"ann"},"list":[7,8]}');
});

describe('response templates', () => {
  const method = http({
    '200': {
      statusCode: '200',
      responseTemplates: { 'application/xml': '<n>$input.path(\'$.n\')</n>', 'application/json': '{"n": $input.path(\'$.n\')}', 'text/plain': 'n=$input.path(\'$.n\')' },
    },
  });
  test('chosen by the first Accept media type', async () => {
    const r = await respond(method, { status: 200, body: '{"n": 5}' }, { headers: { Accept: 'text/plain, application/json' } });
    expect(r.body.toString()).toBe('n=5');
    expect(r.headers['Content-Type']).toBe('text/plain');
  });
  test('else application/json', async () => {
    const r = await respond(method, { status: 200, body: '{"n": 5}' }, { headers: { Accept: 'image/png' } });
    expect(r.body.toString()).toBe('{"n": 5}');
    expect(r.headers['Content-Type']).toBe('application/json');
  });
  test('else the first declared', async () => {
    const r = await respond(http({ '200': { statusCode: '200', responseTemplates: { 'application/xml': '<x/>' } } }), { status: 200 });
    expect(r.body.toString()).toBe('<x/>');
    expect(r.headers['Content-Type']).toBe('application/xml');
  });
  test('a template that fails at render time: 500 configuration error', async () => {
    await expect(
      respond(http({ '200': { statusCode: '200', responseTemplates: { 'application/json': '$input.json(\'$.a\').foo()' } } }), { status: 200, body: 'not json' }),
    ).rejects.toMatchObject({ type: 'API_CONFIGURATION_ERROR' });
  });
});

describe('HTTP_PROXY pass-through', () => {
  const proxy: MethodSpec = { integration: { type: 'HTTP_PROXY', httpMethod: 'ANY', uri: 'http://b/' } };
  test('status, body and headers as sent; reserved ones remapped, hop-by-hop ones dropped', async () => {
    const r = await respond(proxy, {
      status: 201,
      headers: [
        'Content-Type', 'text/plain',
        'Content-Length', '2',
        'Connection', 'keep-alive',
        'Date', 'Sat, 21 Nov 2026 20:00:00 GMT',
        'Server', 'srv',
        'x-amzn-RequestId', 'backend',
        'Transfer-Encoding', 'chunked',
        'Set-Cookie', 'a=1',
        'Set-Cookie', 'b=2',
        'X-Keep', 'k',
      ],
      body: 'ok',
    });
    expect(r.statusCode).toBe(201);
    expect(r.body.toString()).toBe('ok');
    expect(r.headers).toEqual({
      'Content-Type': 'text/plain',
      'x-amzn-Remapped-Content-Length': '2',
      'x-amzn-Remapped-Connection': 'keep-alive',
      'x-amzn-Remapped-Date': 'Sat, 21 Nov 2026 20:00:00 GMT',
      'x-amzn-Remapped-Server': 'srv',
      'x-amzn-Remapped-x-amzn-RequestId': 'backend',
      'Set-Cookie': ['a=1', 'b=2'],
      'X-Keep': 'k',
    });
  });
  test('binary: base64 for a text Accept, bytes for a binary Accept (binaryMediaTypes set)', async () => {
    const bytes = Buffer.from([0, 255, 10]);
    const api = { binaryMediaTypes: ['image/png'] };
    const text = await respond(proxy, { status: 200, headers: ['Content-Type', 'image/png'], body: bytes }, { headers: { Accept: 'application/json' } }, api);
    expect(text.body.toString()).toBe(bytes.toString('base64'));
    const bin = await respond(proxy, { status: 200, headers: ['Content-Type', 'image/png'], body: bytes }, { headers: { Accept: 'image/png' } }, api);
    expect(Buffer.compare(bin.body, bytes)).toBe(0);
  });
});

describe('contentHandling on the integration response', () => {
  const bytes = Buffer.from([1, 2, 3, 254]);
  test('CONVERT_TO_TEXT with a binary response', async () => {
    const r = await respond(
      http({ '200': { statusCode: '200', contentHandling: 'CONVERT_TO_TEXT' } }),
      { status: 200, headers: ['Content-Type', 'application/octet-stream'], body: bytes },
      {},
      { binaryMediaTypes: ['application/octet-stream'] },
    );
    expect(r.body.toString()).toBe(bytes.toString('base64'));
  });
  test('CONVERT_TO_BINARY with a text (base64) response', async () => {
    const r = await respond(http({ '200': { statusCode: '200', contentHandling: 'CONVERT_TO_BINARY' } }), { status: 200, body: bytes.toString('base64') });
    expect(Buffer.compare(r.body, bytes)).toBe(0);
  });
});
