/**
 * A user's walkthrough of GetSdk and TestInvokeMethod: the built server on
 * an ephemeral port, an API of MOCK methods (path and query parameters)
 * built and deployed with the real `aws` CLI, then
 * - `aws apigateway get-sdk --sdk-type javascript sdk.zip` and
 *   `--sdk-type typescript`: unzipped, installed into a fresh project with
 *   `npm install --offline` of the local folders (no network), required and
 *   called against the deployed stage; the typed client's declarations are
 *   type-checked with the project's TypeScript (a wrong call must not compile);
 * - `aws apigateway test-invoke-method` answers the method's current
 *   definition with AWS's execution log.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startRealServer, stopAll, ROOT, type RealServer } from '../helpers/server';
import { readZip } from '../../lib/sdk/zip';
import { apigatewayCli } from '../helpers/aws-cli';

let server: RealServer;
let work: string;
beforeAll(async () => {
  server = await startRealServer();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-sdk-e2e-'));
});
afterAll(async () => {
  await stopAll();
  fs.rmSync(work, { recursive: true, force: true });
});

const ENV = { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '' };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const aws = (...args: string[]): Record<string, any> => apigatewayCli(() => server.url, { cwd: work, env: ENV })(...args);

function run(cmd: string, args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false' }, timeout: 120000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function unzipInto(zipFile: string, dir: string): void {
  for (const [name, data] of readZip(fs.readFileSync(zipFile))) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, data);
  }
}

function writeJson(file: string, value: unknown): string {
  fs.writeFileSync(file, JSON.stringify(value));
  return `file://${file}`;
}

test('get-sdk javascript and typescript: install the generated clients and call the deployed stage; test-invoke-method', () => {
  // The API: GET /pets?type&page, GET /pets/{petId}, all MOCK.
  const api = aws('create-rest-api', '--name', 'Pet Shop');
  const root = aws('get-resources', '--rest-api-id', api.id).items.find((r: { path: string }) => r.path === '/');
  const pets = aws('create-resource', '--rest-api-id', api.id, '--parent-id', root.id, '--path-part', 'pets');
  const pet = aws('create-resource', '--rest-api-id', api.id, '--parent-id', pets.id, '--path-part', '{petId}');
  const mock = writeJson(path.join(work, 'mock.json'), { 'application/json': '{"statusCode": 200}' });
  const methods: Array<[string, Record<string, boolean>, Record<string, string>]> = [
    [pets.id, { 'method.request.querystring.type': false, 'method.request.querystring.page': true }, { 'application/json': '{"type": "$input.params(\'type\')", "page": "$input.params(\'page\')"}' }],
    [pet.id, { 'method.request.path.petId': true }, { 'application/json': '{"id": "$input.params(\'petId\')", "stage": "$context.stage"}' }],
  ];
  for (const [rid, params, template] of methods) {
    aws('put-method', '--rest-api-id', api.id, '--resource-id', rid, '--http-method', 'GET', '--authorization-type', 'NONE',
      '--request-parameters', writeJson(path.join(work, `params-${rid}.json`), params));
    aws('put-integration', '--rest-api-id', api.id, '--resource-id', rid, '--http-method', 'GET', '--type', 'MOCK', '--request-templates', mock);
    aws('put-method-response', '--rest-api-id', api.id, '--resource-id', rid, '--http-method', 'GET', '--status-code', '200');
    aws('put-integration-response', '--rest-api-id', api.id, '--resource-id', rid, '--http-method', 'GET', '--status-code', '200',
      '--response-templates', writeJson(path.join(work, `template-${rid}.json`), template));
  }
  aws('create-deployment', '--rest-api-id', api.id, '--stage-name', 'dev');

  // The SDKs, as the aws CLI downloads them.
  const js = aws('get-sdk', '--rest-api-id', api.id, '--stage-name', 'dev', '--sdk-type', 'javascript', path.join(work, 'js.zip'));
  expect(js.contentType).toBe('application/octet-stream');
  expect(js.contentDisposition).toMatch(/^attachment; filename="javascript_.*\.zip"$/);
  aws('get-sdk', '--rest-api-id', api.id, '--stage-name', 'dev', '--sdk-type', 'typescript', '--parameters', 'packageName=pet-shop-client', path.join(work, 'ts.zip'));
  unzipInto(path.join(work, 'js.zip'), path.join(work, 'sdk'));
  unzipInto(path.join(work, 'ts.zip'), path.join(work, 'sdk'));

  // A fresh project that installs both folders (local installs: no registry).
  const app = path.join(work, 'app');
  fs.mkdirSync(app);
  fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
  const install = run('npm', ['install', '--offline', '--ignore-scripts', '../sdk/apiGateway-js-sdk', '../sdk/pet-shop-client'], app);
  expect({ status: install.status, stderr: install.status === 0 ? '' : install.stderr }).toEqual({ status: 0, stderr: '' });

  fs.writeFileSync(
    path.join(app, 'call.js'),
    `
const apigClientFactory = require('apigateway-js-sdk');
const { createClient, ApiError } = require('pet-shop-client');
(async () => {
  const out = {};
  const js = apigClientFactory.newClient();
  out.methods = Object.keys(js).sort();
  out.jsList = (await js.petsGet({ type: 'cat', page: '2' }, undefined, {})).data;
  out.jsOne = (await js.petsPetIdGet({ petId: '42' }, undefined, {})).data;
  const ts = createClient();
  out.tsOne = (await ts.petsPetIdGet({ path: { petId: 7 } })).data;
  out.tsList = (await ts.petsGet({ query: { page: 1, type: 'dog' } })).data;
  try { await createClient({ baseUrl: ${JSON.stringify(`${server.url}/restapis/${api.id}/nostage/_user_request_`)} }).petsGet({ query: { page: 1 } }); }
  catch (e) { out.tsError = { isApiError: e instanceof ApiError, status: e.status, data: e.response.data }; }
  console.log(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
`,
  );
  const called = run('node', ['call.js'], app);
  expect(called.stderr).toBe('');
  expect(JSON.parse(called.stdout)).toEqual({
    methods: ['petsGet', 'petsPetIdGet'],
    jsList: { type: 'cat', page: '2' },
    jsOne: { id: '42', stage: 'dev' },
    tsOne: { id: '7', stage: 'dev' },
    tsList: { type: 'dog', page: '1' },
    tsError: { isApiError: true, status: 403, data: { message: 'Forbidden' } },
  });

  // The typed client's declarations: a right call compiles, a call without the path parameter does not.
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const tscArgs = ['--noEmit', '--strict', '--target', 'es2022', '--module', 'commonjs', '--moduleResolution', 'node', '--typeRoots', path.join(ROOT, 'node_modules', '@types'), '--types', 'node'];
  fs.writeFileSync(path.join(app, 'good.ts'), "import { createClient } from 'pet-shop-client';\nexport const p = createClient().petsPetIdGet({ path: { petId: 1 } }).then((r) => r.status + 1);\nexport const q = createClient({ apiKey: 'k' }).petsGet({ query: { page: 2 } });\n");
  fs.writeFileSync(path.join(app, 'bad.ts'), "import { createClient } from 'pet-shop-client';\nexport const p = createClient().petsPetIdGet({ path: {} });\nexport const q = createClient().petsGet({ query: { type: 'x' } });\n");
  const good = run('node', [tsc, ...tscArgs, 'good.ts'], app);
  expect(good.stdout + good.stderr).toBe('');
  const bad = run('node', [tsc, ...tscArgs, 'bad.ts'], app);
  expect(bad.status).not.toBe(0);
  expect(bad.stdout).toMatch(/bad\.ts\(2,.*petId/);
  expect(bad.stdout).toMatch(/bad\.ts\(3,.*page/);

  // Test invoke: the CURRENT definition (changed after the deployment), with AWS's log.
  aws('put-integration-response', '--rest-api-id', api.id, '--resource-id', pet.id, '--http-method', 'GET', '--status-code', '200',
    '--response-templates', writeJson(path.join(work, 'template-new.json'), { 'application/json': '{"id": "$input.params(\'petId\')", "v": 2}' }));
  const t = aws('test-invoke-method', '--rest-api-id', api.id, '--resource-id', pet.id, '--http-method', 'GET', '--path-with-query-string', '/pets/5?x=y', '--headers', 'Accept=application/json');
  expect(t.status).toBe(200);
  expect(JSON.parse(t.body)).toEqual({ id: '5', v: 2 });
  expect(t.headers).toEqual({ 'Content-Type': 'application/json' });
  expect(t.multiValueHeaders).toEqual({ 'Content-Type': ['application/json'] });
  expect(typeof t.latency).toBe('number');
  const lines = (t.log as string).trimEnd().split('\n').map((l) => l.replace(/^[A-Z][a-z]{2} [A-Z][a-z]{2} \d\d \d\d:\d\d:\d\d UTC \d{4} : /, ''));
  expect(lines.slice(2)).toEqual([
    'HTTP Method: GET, Resource Path: /pets/5',
    'Method request path: {petId=5}',
    'Method request query string: {x=y}',
    'Method request headers: {Accept=application/json}',
    'Method request body before transformations: ',
    'Method response body after transformations: {"id": "5", "v": 2}',
    'Method response headers: {Content-Type=application/json}',
    'Successfully completed execution',
    'Method completed with status: 200',
  ]);
  // …while the stage still serves the deployment (the JavaScript client sees the old template).
  const again = run('node', ['-e', "require('apigateway-js-sdk').newClient().petsPetIdGet({ petId: '5' }).then((r) => console.log(JSON.stringify(r.data)))"], app);
  expect(JSON.parse(again.stdout)).toEqual({ id: '5', stage: 'dev' });
}, 180_000); // ~25 aws CLI runs, an npm install and two tsc runs
