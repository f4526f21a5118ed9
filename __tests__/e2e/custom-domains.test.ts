/**
 * Custom domain names as a user sets them up: the built server on an
 * ephemeral port, two APIs imported with the real `aws apigateway
 * import-rest-api`, a domain name and its base path mappings made with
 * `aws apigateway create-domain-name` / `create-base-path-mapping` (with
 * `--base-path`, without, multi-level, without a stage), then called with
 * `curl -H "Host: api.example.com"` — as /etc/hosts would make a browser do.
 * Edge cases: a trailing slash, a base path that is a prefix of a longer
 * segment (`/order`, `/ordersandmore`), `(none)` next to other mappings, the
 * stage taken from the path, a deleted mapping; and AWS's refusal to delete an
 * API or a stage a mapping points at. (Where the facts come from: see
 * __tests__/unit/dataplane/custom-domains.test.ts.) Skipped without the aws CLI.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startRealServer, stopAll, type RealServer } from '../helpers/server';

const HAS_AWS = spawnSync('aws', ['--version'], { encoding: 'utf8' }).status === 0;
const HOST = 'api.example.com';
const ENV = { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '' };

let server: RealServer;
let dir: string;

function aws(...args: string[]): { ok: boolean; json: Record<string, any>; stderr: string } {
  const r = spawnSync('aws', ['apigateway', ...args, '--endpoint-url', server.url, '--output', 'json'], { encoding: 'utf8', env: ENV, timeout: 30000 });
  return { ok: r.status === 0, json: r.status === 0 && r.stdout.trim() ? JSON.parse(r.stdout) : {}, stderr: r.stderr };
}

function awsOk(...args: string[]): Record<string, any> {
  const r = aws(...args);
  if (!r.ok) throw new Error(`aws apigateway ${args.join(' ')} failed: ${r.stderr}`);
  return r.json;
}

/** `curl -H "Host: …" URL`: status and body. */
function curl(urlPath: string, host = HOST): { status: number; body: string } {
  const r = spawnSync('curl', ['-sS', '-o', '-', '-w', '\n%{http_code}', '-H', `Host: ${host}`, `${server.url}${urlPath}`], { encoding: 'utf8', timeout: 20000 });
  if (r.status !== 0) throw new Error(`curl ${urlPath} failed: ${r.stderr}`);
  const cut = r.stdout.lastIndexOf('\n');
  return { status: Number(r.stdout.slice(cut + 1)), body: r.stdout.slice(0, cut) };
}

const json = (r: { body: string }): unknown => JSON.parse(r.body);

/** An OpenAPI 3 API whose `/` and `/pets/{id}` are MOCKs answering $context. */
function openapi(title: string): string {
  const echo =
    '{"api":"' + title + '","path":"$context.path","resourcePath":"$context.resourcePath","stage":"$context.stage","domainName":"$context.domainName","pet":"$input.params(\'id\')"}';
  const get = {
    responses: { '200': { description: 'ok' } },
    'x-amazon-apigateway-integration': {
      type: 'mock',
      requestTemplates: { 'application/json': '{"statusCode": 200}' },
      responses: { default: { statusCode: '200', responseTemplates: { 'application/json': echo } } },
    },
  };
  const doc = {
    openapi: '3.0.1',
    info: { title, version: '1' },
    paths: { '/': { get }, '/pets/{id}': { get: { ...get, parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }] } } },
  };
  const file = path.join(dir, `${title}.json`);
  fs.writeFileSync(file, JSON.stringify(doc));
  return `fileb://${file}`;
}

(HAS_AWS ? describe : describe.skip)('custom domain names with the aws CLI and curl', () => {
  let shop: string;
  let v2: string;

  beforeAll(async () => {
    server = await startRealServer();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-custom-domains-'));
    shop = awsOk('import-rest-api', '--body', openapi('shop')).id;
    v2 = awsOk('import-rest-api', '--body', openapi('v2')).id;
    awsOk('create-deployment', '--rest-api-id', shop, '--stage-name', 'dev');
    awsOk('create-deployment', '--rest-api-id', shop, '--stage-name', 'prod');
    awsOk('create-deployment', '--rest-api-id', v2, '--stage-name', 'live');
    const domain = awsOk('create-domain-name', '--domain-name', HOST, '--endpoint-configuration', 'types=REGIONAL',
      '--regional-certificate-arn', 'arn:aws:acm:us-east-1:000000000000:certificate/00000000-0000-0000-0000-000000000000');
    expect(domain).toMatchObject({ domainName: HOST, domainNameStatus: 'AVAILABLE' });
    // (none) → shop dev; orders → shop prod; orders/v2 → v2 live; beta → v2, the stage from the path.
    expect(awsOk('create-base-path-mapping', '--domain-name', HOST, '--rest-api-id', shop, '--stage', 'dev')).toEqual({ basePath: '(none)', restApiId: shop, stage: 'dev' });
    awsOk('create-base-path-mapping', '--domain-name', HOST, '--base-path', 'orders', '--rest-api-id', shop, '--stage', 'prod');
    awsOk('create-base-path-mapping', '--domain-name', HOST, '--base-path', 'orders/v2', '--rest-api-id', v2, '--stage', 'live');
    expect(awsOk('create-base-path-mapping', '--domain-name', HOST, '--base-path', 'beta', '--rest-api-id', v2)).toEqual({ basePath: 'beta', restApiId: v2 });
  }, 120_000);

  afterAll(async () => {
    await stopAll();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('routes by Host and the longest base path, stripping it', () => {
    expect(json(curl('/pets/1'))).toEqual({ api: 'shop', path: '/pets/1', resourcePath: '/pets/{id}', stage: 'dev', domainName: HOST, pet: '1' });
    expect(json(curl('/'))).toMatchObject({ api: 'shop', path: '/', resourcePath: '/', stage: 'dev' });
    expect(json(curl('/orders/pets/2?x=1'))).toMatchObject({ api: 'shop', path: '/orders/pets/2', resourcePath: '/pets/{id}', stage: 'prod', pet: '2' });
    expect(json(curl('/orders/v2/pets/3'))).toMatchObject({ api: 'v2', path: '/orders/v2/pets/3', stage: 'live', pet: '3' });
    // The port of the Host does not matter, nor its case.
    expect(json(curl('/orders/pets/4', `API.Example.com:${server.port}`))).toMatchObject({ api: 'shop', stage: 'prod', pet: '4' });
  });

  it('takes a trailing slash as the mapped root', () => {
    expect(json(curl('/orders/'))).toMatchObject({ api: 'shop', path: '/orders/', resourcePath: '/', stage: 'prod' });
    expect(json(curl('/orders'))).toMatchObject({ api: 'shop', path: '/orders', resourcePath: '/', stage: 'prod' });
    expect(json(curl('/orders/v2/'))).toMatchObject({ api: 'v2', resourcePath: '/', stage: 'live' });
  });

  it('matches whole segments only: /order and /ordersandmore fall to (none)', () => {
    // (none) → shop dev, which has no /order/pets/5 resource: the API's own 403.
    for (const p of ['/order/pets/5', '/ordersandmore/pets/5', '/orders/v2x/pets/5']) {
      const r = curl(p);
      expect(r.status).toBe(403);
      expect(json(r)).toEqual({ message: 'Missing Authentication Token' });
    }
  });

  it('takes the stage from the path for a mapping without one', () => {
    expect(json(curl('/beta/live/pets/6'))).toMatchObject({ api: 'v2', path: '/beta/live/pets/6', resourcePath: '/pets/{id}', stage: 'live', pet: '6' });
    const noStage = curl('/beta/qa/pets/6');
    expect(noStage.status).toBe(403);
    expect(json(noStage)).toEqual({ message: 'Forbidden' });
  });

  it('lists the mappings as AWS does', () => {
    expect(awsOk('get-base-path-mappings', '--domain-name', HOST).items).toEqual([
      { basePath: '(none)', restApiId: shop, stage: 'dev' },
      { basePath: 'beta', restApiId: v2 },
      { basePath: 'orders', restApiId: shop, stage: 'prod' },
      { basePath: 'orders/v2', restApiId: v2, stage: 'live' },
    ]);
  });

  it('refuses to delete an API or a stage a mapping points at', () => {
    const stage = aws('delete-stage', '--rest-api-id', shop, '--stage-name', 'prod');
    expect(stage.ok).toBe(false);
    expect(stage.stderr).toContain(
      `(BadRequestException) when calling the DeleteStage operation: Deleting stage prod failed. Please remove all base path mappings related to the stage in your domains: ${HOST}`,
    );
    const api = aws('delete-rest-api', '--rest-api-id', v2);
    expect(api.ok).toBe(false);
    expect(api.stderr).toContain(
      `(BadRequestException) when calling the DeleteRestApi operation: Deleting RestApi ${v2} failed. Please remove all base path mappings related to the RestApi in your domains: ${HOST}`,
    );
    expect(curl('/orders/pets/7').status).toBe(200);
  });

  it('routes without a deleted mapping at once', () => {
    awsOk('delete-base-path-mapping', '--domain-name', HOST, '--base-path', 'orders');
    // /orders/… now falls to (none): shop dev has no /orders resource.
    expect(json(curl('/orders/pets/8'))).toEqual({ message: 'Missing Authentication Token' });
    expect(json(curl('/orders/v2/pets/8'))).toMatchObject({ api: 'v2', stage: 'live' });
    awsOk('delete-base-path-mapping', '--domain-name', HOST, '--base-path', '(none)');
    const nothing = curl('/pets/8');
    expect(nothing.status).toBe(403);
    expect(json(nothing)).toEqual({ message: 'Forbidden' });
    // The stage is no longer mapped: it can be deleted now.
    awsOk('delete-stage', '--rest-api-id', shop, '--stage-name', 'prod');
  });
});
