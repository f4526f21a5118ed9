/**
 * Step 4 (integration): the registry entry for the method's integration.
 * MOCK takes its status code from the integration request body; the types
 * not supported yet answer a 500 that names them. HTTP and HTTP_PROXY are
 * exercised against a real backend in __tests__/e2e/dataplane-http.test.ts.
 */
import { route } from '../../../../lib/dataplane/steps/route';
import { integrationRequest } from '../../../../lib/dataplane/steps/integration-request';
import { integration } from '../../../../lib/dataplane/steps/integration';
import { mockStatusCode } from '../../../../lib/dataplane/integrations/mock';
import { integrationKindFor } from '../../../../lib/dataplane/integrations';
import { context, recordingLogger, snapshot, type MethodSpec } from '../helpers';

async function run(method: MethodSpec, body?: string, log = recordingLogger()) {
  const ctx = context(snapshot({ '/m': { POST: method } }), { method: 'POST', path: '/m', body, headers: { 'Content-Type': 'application/json' }, log });
  await route(ctx);
  await integrationRequest(ctx);
  await integration(ctx);
  return ctx;
}

describe('MOCK', () => {
  test('statusCode from the request template output', async () => {
    const ctx = await run({ integration: { type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 404, "other": 1}' } } });
    expect(ctx.integrationResponse).toEqual({ statusCode: 404, rawHeaders: [], body: Buffer.alloc(0) });
  });
  test('a passed-through body is read the same way', async () => {
    const ctx = await run({ integration: { type: 'MOCK' } }, '{"statusCode": 302}');
    expect(ctx.integrationResponse!.statusCode).toBe(302);
  });
  test('mockStatusCode: empty → 200, no statusCode → 200, numeric string → number', () => {
    expect(mockStatusCode(Buffer.alloc(0))).toBe(200);
    expect(mockStatusCode(Buffer.from('  '))).toBe(200);
    expect(mockStatusCode(Buffer.from('{"a":1}'))).toBe(200);
    expect(mockStatusCode(Buffer.from('{"statusCode":"201"}'))).toBe(201);
  });
  test('not JSON, or a statusCode that is not an integer: 500, logged as API Gateway words it', async () => {
    const log = recordingLogger();
    await expect(run({ integration: { type: 'MOCK' } }, 'not json', log)).rejects.toMatchObject({
      type: 'API_CONFIGURATION_ERROR',
      message: 'Internal server error',
    });
    expect(log.lines.some((l) => l.includes('Unable to parse statusCode. It should be an integer that is defined in the request template.'))).toBe(true);
    expect(() => mockStatusCode(Buffer.from('{"statusCode": "abc"}'))).toThrow();
    expect(() => mockStatusCode(Buffer.from('{"statusCode": 2.5}'))).toThrow();
  });
});

describe('not supported yet: said, never silenced', () => {
  test('VPC_LINK (private) integrations answer 500 naming the feature', async () => {
    await expect(
      run({ integration: { type: 'HTTP_PROXY', httpMethod: 'ANY', uri: 'http://nlb/', connectionType: 'VPC_LINK', connectionId: 'abc' } }),
    ).rejects.toMatchObject({ type: 'API_CONFIGURATION_ERROR', message: expect.stringMatching(/does not support VPC_LINK/) });
  });
  test('the registry names the reason for each unsupported kind', () => {
    expect(integrationKindFor({ type: 'HTTP', connectionType: 'VPC_LINK', timeoutInMillis: 29000 }).unsupported).toMatch(/VPC_LINK/);
    expect(integrationKindFor({ type: 'MOCK', timeoutInMillis: 29000 }).unsupported).toBeUndefined();
    expect(integrationKindFor({ type: 'HTTP_PROXY', timeoutInMillis: 29000 }).kind.proxy).toBe(true);
  });
});
