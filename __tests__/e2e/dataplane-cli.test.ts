/**
 * A user's walkthrough: the built server on an ephemeral port, an API built
 * and deployed with the real `aws` CLI, then called over HTTP the three ways
 * in — a MOCK method with a stage variable, an HTTP_PROXY method to a backend
 * the test starts — a stage variable patched with `aws apigateway
 * update-stage` and seen at once, the stage deleted and answered 403.
 */
import * as http from 'node:http';
import { startRealServer, stopAll, type RealServer } from '../helpers/server';
import { startBackend, type Backend } from '../helpers/dataplane';
import { apigatewayCli } from '../helpers/aws-cli';

let server: RealServer;
let backend: Backend;
beforeAll(async () => {
  server = await startRealServer();
  backend = await startBackend((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain', 'X-From': 'backend' });
    res.end('from the backend');
  });
});
afterAll(async () => {
  await stopAll();
  await backend.close();
});

const aws = apigatewayCli(() => server.url);

function get(path: string, host?: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${server.url}${path}`, { headers: host ? { Host: host } : {} }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
  });
}

test('build with the aws CLI, deploy, call, patch, delete', async () => {
  const api = aws('create-rest-api', '--name', 'cli-dataplane');
  const root = aws('get-resources', '--rest-api-id', api.id).items.find((r: { path: string }) => r.path === '/');
  const hello = aws('create-resource', '--rest-api-id', api.id, '--parent-id', root.id, '--path-part', 'hello');
  aws('put-method', '--rest-api-id', api.id, '--resource-id', hello.id, '--http-method', 'GET', '--authorization-type', 'NONE');
  aws('put-integration', '--rest-api-id', api.id, '--resource-id', hello.id, '--http-method', 'GET', '--type', 'MOCK',
    '--request-templates', JSON.stringify({ 'application/json': '{"statusCode": 200}' }));
  aws('put-method-response', '--rest-api-id', api.id, '--resource-id', hello.id, '--http-method', 'GET', '--status-code', '200');
  aws('put-integration-response', '--rest-api-id', api.id, '--resource-id', hello.id, '--http-method', 'GET', '--status-code', '200',
    '--response-templates', JSON.stringify({ 'application/json': '{"greeting": "hello $stageVariables.who", "stage": "$context.stage"}' }));
  const proxy = aws('create-resource', '--rest-api-id', api.id, '--parent-id', root.id, '--path-part', 'backend');
  aws('put-method', '--rest-api-id', api.id, '--resource-id', proxy.id, '--http-method', 'ANY', '--authorization-type', 'NONE');
  aws('put-integration', '--rest-api-id', api.id, '--resource-id', proxy.id, '--http-method', 'ANY', '--type', 'HTTP_PROXY',
    '--integration-http-method', 'ANY', '--uri', `${backend.url}/anything`);
  const dep = aws('create-deployment', '--rest-api-id', api.id, '--stage-name', 'dev', '--variables', 'who=world');
  expect(dep.id).toMatch(/^[a-z0-9]{6}$/);

  // The three ways in.
  const viaPath = await get(`/restapis/${api.id}/dev/_user_request_/hello`);
  expect(viaPath.status).toBe(200);
  expect(JSON.parse(viaPath.body)).toEqual({ greeting: 'hello world', stage: 'dev' });
  expect(viaPath.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
  expect((await get(`/_aws/execute-api/${api.id}/dev/hello`)).status).toBe(200);
  expect((await get('/dev/hello', `${api.id}.execute-api.localhost:${server.port}`)).status).toBe(200);

  // HTTP_PROXY to the test's backend.
  const viaProxy = await get(`/restapis/${api.id}/dev/_user_request_/backend`);
  expect(viaProxy.status).toBe(200);
  expect(viaProxy.body).toBe('from the backend');
  expect(viaProxy.headers['x-from']).toBe('backend');
  expect(backend.received.at(-1)?.headers['x-amzn-apigateway-api-id']).toBe(api.id);

  // A route that does not exist.
  const missing = await get(`/restapis/${api.id}/dev/_user_request_/nope`);
  expect(missing.status).toBe(403);
  expect(JSON.parse(missing.body)).toEqual({ message: 'Missing Authentication Token' });

  // Patch a stage variable: served at once (the stage cache is dropped on change).
  aws('update-stage', '--rest-api-id', api.id, '--stage-name', 'dev', '--patch-operations', 'op=replace,path=/variables/who,value=everyone');
  expect(JSON.parse((await get(`/restapis/${api.id}/dev/_user_request_/hello`)).body).greeting).toBe('hello everyone');

  // Delete the stage: 403 Forbidden, as AWS answers for a stage that does not exist.
  aws('delete-stage', '--rest-api-id', api.id, '--stage-name', 'dev');
  const gone = await get(`/restapis/${api.id}/dev/_user_request_/hello`);
  expect(gone.status).toBe(403);
  expect(JSON.parse(gone.body)).toEqual({ message: 'Forbidden' });
}, 180_000); // fifteen aws CLI runs, each a Python start-up
