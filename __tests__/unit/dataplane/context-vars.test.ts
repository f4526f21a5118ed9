/** $context as API Gateway fills it for REST APIs. */
import { domainNameOf, formatRequestTime } from '../../../lib/dataplane/context-vars';
import { route } from '../../../lib/dataplane/steps/route';
import { context, snapshot } from './helpers';

test("requestTime is API Gateway's CLF time: 21/Nov/2026:20:06:39 +0000", () => {
  expect(formatRequestTime(Date.UTC(2026, 10, 21, 20, 6, 39, 123))).toBe('21/Nov/2026:20:06:39 +0000');
  expect(formatRequestTime(Date.UTC(2027, 0, 2, 3, 4, 5))).toBe('02/Jan/2027:03:04:05 +0000');
});

test('domainName is the Host without its port', () => {
  expect(domainNameOf('abc.execute-api.localhost:4567')).toBe('abc.execute-api.localhost');
  expect(domainNameOf('[::1]:80')).toBe('[::1]');
  expect(domainNameOf(undefined)).toBe('');
});

test('the documented variables', async () => {
  const ctx = context(snapshot({ '/pets/{id}': { GET: { integration: { type: 'MOCK' } } } }), {
    path: '/pets/7',
    headers: { Host: 'api0000000.execute-api.localhost:4567', 'User-Agent': 'ua/1' },
  });
  await route(ctx);
  expect(ctx.contextVars()).toMatchObject({
    accountId: '123456789012',
    apiId: 'api0000000',
    deploymentId: 'dep001',
    domainName: 'api0000000.execute-api.localhost',
    domainPrefix: 'api0000000',
    extendedRequestId: 'extIdAAAAAAAAAAA',
    httpMethod: 'GET',
    identity: { sourceIp: '203.0.113.7', userAgent: 'ua/1', caller: null, apiKey: null },
    isCanaryRequest: false,
    path: '/dev/pets/7',
    protocol: 'HTTP/1.1',
    requestId: 'req-id-1',
    requestTime: '21/Nov/2026:20:06:39 +0000',
    requestTimeEpoch: Date.UTC(2026, 10, 21, 20, 6, 39),
    resourceId: expect.any(String),
    resourcePath: '/pets/{id}',
    stage: 'dev',
    requestOverride: { header: {}, querystring: {}, path: {} },
    responseOverride: { header: {} },
  });
  expect(ctx.contextVars()).toBe(ctx.contextVars());
  expect(context(snapshot({}), { canary: true }).contextVars().isCanaryRequest).toBe(true);
});
