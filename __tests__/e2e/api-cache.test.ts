/**
 * The stage API cache as a user drives it: the built server on an ephemeral
 * port, an HTTP_PROXY API with cache key parameters built with the real `aws`
 * CLI, caching switched on with `aws apigateway update-stage`
 * (`/cacheClusterEnabled`, `/*\/*\/caching/enabled`), and a backend that
 * counts its calls — a cached answer never reaches it. Then
 * `Cache-Control: max-age=0` under each invalidation setting and
 * `aws apigateway flush-stage-cache`. (TTL expiry is covered with an injected
 * clock in the unit tests; nothing here depends on timing.)
 */
import * as http from 'node:http';
import { startRealServer, stopAll, type RealServer } from '../helpers/server';
import { startBackend, type Backend } from '../helpers/dataplane';
import { UNAUTHORIZED_WARNING } from '../../lib/dataplane/steps/cached-integration';
import { apigatewayCli } from '../helpers/aws-cli';

let server: RealServer;
let backend: Backend;
let calls = 0;
beforeAll(async () => {
  server = await startRealServer();
  backend = await startBackend((req, res) => {
    calls++;
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ call: calls, url: req.url }));
  });
});
afterAll(async () => {
  await stopAll();
  await backend.close();
});

const aws = apigatewayCli(() => server.url);

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: any }> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${server.url}${path}`, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(body) }));
    });
    req.on('error', reject);
  });
}

test('update-stage turns the cache on; hits never reach the backend; max-age=0 and flush-stage-cache', async () => {
  const api = aws('create-rest-api', '--name', 'cached');
  const root = aws('get-resources', '--rest-api-id', api.id).items.find((r: { path: string }) => r.path === '/');
  const items = aws('create-resource', '--rest-api-id', api.id, '--parent-id', root.id, '--path-part', 'items');
  const item = aws('create-resource', '--rest-api-id', api.id, '--parent-id', items.id, '--path-part', '{id}');
  aws('put-method', '--rest-api-id', api.id, '--resource-id', item.id, '--http-method', 'GET', '--authorization-type', 'NONE',
    '--request-parameters', 'method.request.path.id=true,method.request.querystring.type=false');
  const integration = aws('put-integration', '--rest-api-id', api.id, '--resource-id', item.id, '--http-method', 'GET',
    '--type', 'HTTP_PROXY', '--integration-http-method', 'GET', '--uri', `${backend.url}/items/{id}`,
    '--request-parameters', 'integration.request.path.id=method.request.path.id',
    '--cache-key-parameters', 'method.request.path.id', 'method.request.querystring.type');
  expect(integration.cacheNamespace).toBe(item.id);
  aws('create-deployment', '--rest-api-id', api.id, '--stage-name', 'dev');
  const path = (p: string) => `/restapis/${api.id}/dev/_user_request_${p}`;

  // Before caching is on, every request reaches the backend.
  expect((await get(path('/items/1?type=a'))).body.call).toBe(1);
  expect((await get(path('/items/1?type=a'))).body.call).toBe(2);

  const stage = aws('update-stage', '--rest-api-id', api.id, '--stage-name', 'dev', '--patch-operations',
    'op=replace,path=/cacheClusterEnabled,value=true', 'op=replace,path=/*/*/caching/enabled,value=true');
  expect(stage).toMatchObject({ cacheClusterEnabled: true, cacheClusterStatus: 'AVAILABLE', cacheClusterSize: '0.5' });
  expect(stage.methodSettings['*/*']).toMatchObject({ cachingEnabled: true, cacheTtlInSeconds: 300 });

  // Keyed by the cache key parameters; other query parameters do not matter.
  const first = await get(path('/items/1?type=a'));
  expect(first.body).toEqual({ call: 3, url: '/items/1?type=a' });
  expect((await get(path('/items/1?type=a'))).body.call).toBe(3);
  expect((await get(path('/items/1?type=a&page=2'))).body.call).toBe(3);
  expect((await get(path('/items/1?type=b'))).body.call).toBe(4);
  expect((await get(path('/items/2?type=a'))).body).toEqual({ call: 5, url: '/items/2?type=a' });
  expect((await get(path('/items/2?type=a'))).body.call).toBe(5);
  expect(calls).toBe(5);

  // An unsigned max-age=0 is unauthorized (requireAuthorizationForCacheControl defaults to true):
  // SUCCEED_WITH_RESPONSE_HEADER serves the cached answer with a warning.
  const ignored = await get(path('/items/1?type=a'), { 'Cache-Control': 'max-age=0' });
  expect(ignored.body.call).toBe(3);
  expect(ignored.headers.warning).toBe(UNAUTHORIZED_WARNING);

  aws('update-stage', '--rest-api-id', api.id, '--stage-name', 'dev', '--patch-operations',
    'op=replace,path=/*/*/caching/unauthorizedCacheControlHeaderStrategy,value=FAIL_WITH_403');
  const refused = await get(path('/items/1?type=a'), { 'Cache-Control': 'max-age=0' });
  expect(refused.status).toBe(403);
  expect(refused.body).toEqual({ message: 'Unauthorized' });
  expect(refused.headers['x-amzn-errortype']).toBe('AccessDeniedException');
  expect(calls).toBe(5);

  // Without the authorization requirement any client refreshes the entry.
  aws('update-stage', '--rest-api-id', api.id, '--stage-name', 'dev', '--patch-operations',
    'op=replace,path=/*/*/caching/requireAuthorizationForCacheControl,value=false');
  const refreshed = await get(path('/items/1?type=a'), { 'Cache-Control': 'max-age=0' });
  expect(refreshed.body.call).toBe(6);
  expect(refreshed.headers.warning).toBeUndefined();
  expect((await get(path('/items/1?type=a'))).body.call).toBe(6);

  // flush-stage-cache empties the whole stage cache.
  aws('flush-stage-cache', '--rest-api-id', api.id, '--stage-name', 'dev');
  expect((await get(path('/items/1?type=a'))).body.call).toBe(7);
  expect((await get(path('/items/2?type=a'))).body.call).toBe(8);
  expect((await get(path('/items/2?type=a'))).body.call).toBe(8);
  expect(calls).toBe(8);
}, 180_000); // eleven aws CLI runs, each a Python start-up
