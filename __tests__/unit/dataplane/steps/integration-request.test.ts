/**
 * Step 3 (integration request): requestParameters from every source API
 * Gateway documents ("Data mapping reference"), request templates chosen by
 * Content-Type, passthroughBehavior, requestOverride, contentHandling, and the
 * headers a proxy integration passes, drops or adds.
 */
import { route } from '../../../../lib/dataplane/steps/route';
import { integrationRequest } from '../../../../lib/dataplane/steps/integration-request';
import { context, snapshot, type RequestSpec, type MethodSpec } from '../helpers';

async function build(method: MethodSpec, spec: RequestSpec = {}, api = {}) {
  const verb = spec.method ?? 'POST';
  const snap = snapshot({ '/items/{id}': { [verb]: method } }, api);
  const ctx = context(snap, { method: verb, path: '/items/42', ...spec });
  await route(ctx);
  await integrationRequest(ctx);
  return ctx;
}
const header = (ctx: Awaited<ReturnType<typeof build>>, lc: string) => ctx.integrationRequest!.headers.get(lc)?.values;

test('requestParameters: path, querystring, header, multi-value, context, stage variables, literals, body', async () => {
  const ctx = await build(
    {
      integration: {
        type: 'HTTP',
        uri: 'http://backend/{p}',
        httpMethod: 'GET',
        requestParameters: {
          'integration.request.path.p': 'method.request.path.id',
          'integration.request.querystring.q': 'method.request.querystring.search',
          'integration.request.querystring.all': 'method.request.multivaluequerystring.tag',
          'integration.request.header.X-Auth': 'method.request.header.authorization',
          'integration.request.header.X-Multi': 'method.request.multivalueheader.x-m',
          'integration.request.header.X-Stage': 'stageVariables.env',
          'integration.request.header.X-Ctx': 'context.requestId',
          'integration.request.header.X-Ip': 'context.identity.sourceIp',
          'integration.request.header.X-Lit': "'fixed value'",
          'integration.request.header.X-Name': 'method.request.body.user.name',
          'integration.request.header.X-Body': 'method.request.body',
          'integration.request.querystring.missing': 'method.request.querystring.nope',
        },
      },
    },
    {
      query: 'search=shoes&tag=a&tag=b',
      headers: [['Authorization', 'Bearer t'], ['X-M', '1'], ['x-m', '2'], ['Content-Type', 'application/json']],
      body: '{"user":{"name":"ann"}}',
      stageVariables: { env: 'test' },
    },
  );
  const ir = ctx.integrationRequest!;
  expect(ir.httpMethod).toBe('GET');
  expect(ir.path).toEqual({ p: '42' });
  expect(Object.fromEntries(ir.querystring)).toEqual({ q: ['shoes'], all: ['a', 'b'] });
  expect(header(ctx, 'x-auth')).toEqual(['Bearer t']);
  expect(header(ctx, 'x-multi')).toEqual(['1,2']);
  expect(header(ctx, 'x-stage')).toEqual(['test']);
  expect(header(ctx, 'x-ctx')).toEqual(['req-id-1']);
  expect(header(ctx, 'x-ip')).toEqual(['203.0.113.7']);
  expect(header(ctx, 'x-lit')).toEqual(['fixed value']);
  expect(header(ctx, 'x-name')).toEqual(['ann']);
  expect(header(ctx, 'x-body')).toEqual(['{"user":{"name":"ann"}}']);
  // HTTP (non-proxy) defaults
  expect(header(ctx, 'user-agent')).toEqual(['AmazonAPIGateway_api0000000']);
  expect(header(ctx, 'accept')).toEqual(['application/json']);
  expect(header(ctx, 'x-amzn-apigateway-api-id')).toEqual(['api0000000']);
  expect(header(ctx, 'x-forwarded-for')).toEqual(['203.0.113.7']);
  expect(header(ctx, 'x-amzn-trace-id')).toEqual([ctx.traceId]);
  // The client's own headers do not reach a non-proxy backend.
  expect(header(ctx, 'authorization')).toBeUndefined();
  // The body passes through (no template for application/json).
  expect(ir.body.toString()).toBe('{"user":{"name":"ann"}}');
});

test('the request template for the Content-Type renders the body; the integration gets that Content-Type', async () => {
  const ctx = await build(
    { integration: { type: 'HTTP', uri: 'http://b/', httpMethod: 'POST', requestTemplates: { 'application/xml': '<id>$input.params(\'id\')</id>', 'application/json': '{}' } } },
    { headers: { 'Content-Type': 'application/xml; charset=utf-8' }, body: '<a/>' },
  );
  expect(ctx.integrationRequest!.body.toString()).toBe('<id>42</id>');
  expect(header(ctx, 'content-type')).toEqual(['application/xml']);
});

describe('passthroughBehavior', () => {
  const withTemplates = (passthroughBehavior: string, requestTemplates?: Record<string, string>) => ({
    integration: { type: 'MOCK', passthroughBehavior, requestTemplates },
  });
  const textPost = { headers: { 'Content-Type': 'text/plain' }, body: 'raw' };

  test('WHEN_NO_MATCH: an unmapped content type passes through', async () => {
    const ctx = await build(withTemplates('WHEN_NO_MATCH', { 'application/json': '{}' }), textPost);
    expect(ctx.integrationRequest!.body.toString()).toBe('raw');
  });
  test('WHEN_NO_TEMPLATES: refused (415) when a template exists, passed when none does', async () => {
    await expect(build(withTemplates('WHEN_NO_TEMPLATES', { 'application/json': '{}' }), textPost)).rejects.toMatchObject({
      type: 'UNSUPPORTED_MEDIA_TYPE',
      message: 'Unsupported Media Type',
    });
    const ctx = await build(withTemplates('WHEN_NO_TEMPLATES'), textPost);
    expect(ctx.integrationRequest!.body.toString()).toBe('raw');
  });
  test('NEVER: refused (415) even without templates', async () => {
    await expect(build(withTemplates('NEVER'), textPost)).rejects.toMatchObject({ type: 'UNSUPPORTED_MEDIA_TYPE' });
  });
  test('a request without Content-Type is application/json', async () => {
    const ctx = await build(withTemplates('NEVER', { 'application/json': '{"statusCode": 201}' }), { body: 'x' });
    expect(ctx.integrationRequest!.body.toString()).toBe('{"statusCode": 201}');
  });
});

test('$context.requestOverride set by the template wins over the mappings', async () => {
  const ctx = await build({
    integration: {
      type: 'HTTP',
      uri: 'http://b/{p}',
      httpMethod: 'POST',
      requestParameters: { 'integration.request.header.X-A': "'mapped'", 'integration.request.path.p': "'mapped'" },
      requestTemplates: {
        'application/json':
          '#set($context.requestOverride.header.X-A = "override")#set($context.requestOverride.querystring.q = "1")#set($context.requestOverride.path.p = "over"){}',
      },
    },
  });
  expect(header(ctx, 'x-a')).toEqual(['override']);
  expect(ctx.integrationRequest!.querystring.get('q')).toEqual(['1']);
  expect(ctx.integrationRequest!.path.p).toBe('over');
});

test('HTTP_PROXY: client query, headers and body pass; hop-by-hop and reserved headers are dropped; X-Forwarded-For appended', async () => {
  const ctx = await build(
    { integration: { type: 'HTTP_PROXY', uri: 'http://b/', httpMethod: 'ANY' } },
    {
      method: 'PUT',
      query: 'a=1&a=2',
      headers: [
        ['Connection', 'keep-alive'],
        ['Keep-Alive', 'timeout=5'],
        ['Expect', '100-continue'],
        ['Content-MD5', 'x'],
        ['X-Forwarded-For', '198.51.100.9'],
        ['X-Custom', 'c'],
        ['Content-Type', 'text/plain'],
      ],
      body: 'payload',
    },
  );
  const ir = ctx.integrationRequest!;
  expect(ir.httpMethod).toBe('PUT');
  expect(ir.querystring.get('a')).toEqual(['1', '2']);
  expect(ir.body.toString()).toBe('payload');
  expect(header(ctx, 'x-custom')).toEqual(['c']);
  expect(header(ctx, 'content-type')).toEqual(['text/plain']);
  for (const gone of ['connection', 'keep-alive', 'expect', 'content-md5', 'host', 'content-length']) expect(header(ctx, gone)).toBeUndefined();
  expect(header(ctx, 'x-forwarded-for')).toEqual(['198.51.100.9, 203.0.113.7']);
  expect(header(ctx, 'x-forwarded-proto')).toEqual(['http']);
  expect(header(ctx, 'x-forwarded-port')).toEqual(['4567']);
  expect(header(ctx, 'user-agent')).toBeUndefined();
});

describe('contentHandling and binaryMediaTypes', () => {
  const bytes = Buffer.from([0, 1, 2, 250, 251, 252]);
  test('CONVERT_TO_TEXT base64-encodes a binary payload', async () => {
    const ctx = await build(
      { integration: { type: 'HTTP', uri: 'http://b/', httpMethod: 'POST', contentHandling: 'CONVERT_TO_TEXT' } },
      { headers: { 'Content-Type': 'application/octet-stream' }, body: bytes },
      { binaryMediaTypes: ['application/octet-stream'] },
    );
    expect(ctx.integrationRequest!.body.toString()).toBe(bytes.toString('base64'));
  });
  test('CONVERT_TO_BINARY base64-decodes a text payload', async () => {
    const ctx = await build(
      { integration: { type: 'HTTP', uri: 'http://b/', httpMethod: 'POST', contentHandling: 'CONVERT_TO_BINARY' } },
      { headers: { 'Content-Type': 'text/plain' }, body: bytes.toString('base64') },
    );
    expect(Buffer.compare(ctx.integrationRequest!.body, bytes)).toBe(0);
  });
  test('CONVERT_TO_BINARY on text that is not base64: 500 configuration error', async () => {
    await expect(
      build(
        { integration: { type: 'HTTP', uri: 'http://b/', httpMethod: 'POST', contentHandling: 'CONVERT_TO_BINARY' } },
        { headers: { 'Content-Type': 'text/plain' }, body: 'not*base64' },
      ),
    ).rejects.toMatchObject({ type: 'API_CONFIGURATION_ERROR' });
  });
  test('a binary payload (matching binaryMediaTypes, wildcard) passes untouched without contentHandling', async () => {
    const ctx = await build(
      { integration: { type: 'HTTP_PROXY', uri: 'http://b/', httpMethod: 'ANY' } },
      { headers: { 'Content-Type': 'image/png' }, body: bytes },
      { binaryMediaTypes: ['image/*'] },
    );
    expect(Buffer.compare(ctx.integrationRequest!.body, bytes)).toBe(0);
  });
});

test('MOCK: no HTTP headers are added', async () => {
  const ctx = await build({ integration: { type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } } });
  expect(ctx.integrationRequest!.headers.size).toBe(0);
  expect(ctx.integrationRequest!.body.toString()).toBe('{"statusCode": 200}');
});
