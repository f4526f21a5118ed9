/**
 * Import as a user does it, against the built server on an ephemeral port:
 * `apigw-local import FILE --stage dev` (imports, deploys, prints the invoke
 * URLs, which then answer), its failures (exit codes and one-line reasons),
 * and the real `aws apigateway import-rest-api --body fileb://…`,
 * `put-rest-api` and `get-export` (skipped where the aws CLI is missing).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT, runCli, startRealServer, stopAll, type RealServer } from '../helpers/server';

let server: RealServer;
beforeAll(async () => {
  server = await startRealServer();
});
afterAll(() => stopAll());

const PETSTORE = path.join(ROOT, 'fixtures', 'openapi', 'petstore.yaml');

describe('apigw-local import', () => {
  it('imports, deploys to the stage and prints invoke URLs that answer', async () => {
    const r = runCli(['import', PETSTORE, '--stage', 'dev', '--endpoint', server.url]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    const id = /^Imported REST API "PetStore": id ([a-z0-9]{10})$/.exec(lines[0])?.[1];
    expect(id).toBeDefined();
    expect(lines[1]).toMatch(/^Deployed to stage "dev": deployment [a-z0-9]{6}$/);
    expect(lines.slice(2)).toEqual([
      'Invoke URLs:',
      `  ${server.url}/restapis/${id}/dev/_user_request_/`,
      `  http://${id}.execute-api.localhost:${server.port}/dev/`,
    ]);
    // The root GET of the PetStore is a MOCK answering its HTML page.
    const page = await fetch(`${server.url}/restapis/${id}/dev/_user_request_/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html');
    expect(await page.text()).toContain('Welcome to your Pet Store API');
    const preflight = await fetch(`${server.url}/restapis/${id}/dev/_user_request_/pets`, { method: 'OPTIONS' });
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get('access-control-allow-methods')).toBe('POST,GET,OPTIONS');
  });

  it('puts a file into an existing API with --rest-api-id and --mode merge', () => {
    const first = runCli(['import', PETSTORE, '--endpoint', server.url]);
    expect(first.status).toBe(0);
    const id = /id ([a-z0-9]{10})/.exec(first.stdout)![1];
    expect(first.stdout).toContain('Not deployed');
    const swagger = path.join(ROOT, 'fixtures', 'openapi', 'swagger2-pets.json');
    const merged = runCli(['import', swagger, '--endpoint', server.url, '--rest-api-id', id, '--mode', 'merge', '--basepath', 'prepend']);
    expect(merged.status).toBe(0);
    expect(merged.stdout).toContain(`Updated (merge) REST API "Simple PetStore (Swagger)": id ${id}`);
  });

  it('prints warnings on stderr, and --fail-on-warnings refuses them with exit 1', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-import-'));
    const file = path.join(dir, 'warn.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        openapi: '3.0.1',
        info: { title: 'warn', version: '1' },
        paths: { '/a': { get: { 'x-amazon-apigateway-integration': { type: 'mock', requestParameters: { 'integration.request.header.x': true } } } } },
      }),
    );
    const warned = runCli(['import', file, '--endpoint', server.url]);
    expect(warned.status).toBe(0);
    expect(warned.stderr).toMatch(/^warning: Invalid format for 'requestParameters'/);
    const refused = runCli(['import', file, '--endpoint', server.url, '--fail-on-warnings']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/^apigw-local: POST \/restapis failed: BadRequestException: Warnings found during import:/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A loopback port nothing listens on (bound, then released). */
  async function closedPort(): Promise<number> {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    return port;
  }

  it('exits 2 for bad usage and 1 when the server refuses or cannot be reached, with one line', async () => {
    const missing = runCli(['import', '/nonexistent/api.yaml', '--endpoint', server.url]);
    expect([missing.status, missing.stderr]).toEqual([2, 'apigw-local: cannot read /nonexistent/api.yaml: ENOENT\n']);
    const noId = runCli(['import', PETSTORE, '--mode', 'merge', '--endpoint', server.url]);
    expect([noId.status, noId.stderr]).toEqual([2, 'apigw-local: --mode needs --rest-api-id (the API to put the file into)\n']);
    const badFile = runCli(['import', path.join(ROOT, 'package.json'), '--endpoint', server.url]);
    expect([badFile.status, badFile.stderr]).toEqual([1, 'apigw-local: POST /restapis failed: BadRequestException: Invalid OpenAPI input.\n']);
    const unknownApi = runCli(['import', PETSTORE, '--rest-api-id', 'nope123456', '--endpoint', server.url]);
    expect(unknownApi.status).toBe(1);
    expect(unknownApi.stderr).toContain('NotFoundException: Invalid API identifier specified');
    const port = await closedPort();
    const down = runCli(['import', PETSTORE, '--endpoint', `http://127.0.0.1:${port}`]);
    expect(down.status).toBe(1);
    expect(down.stderr).toBe(`apigw-local: cannot reach apigw-local at http://127.0.0.1:${port} (ECONNREFUSED); is \`apigw-local serve\` running there?\n`);
  });
});

describe('with the aws CLI', () => {
  const hasCli = spawnSync('aws', ['--version']).status === 0;
  const aws = (...args: string[]) => {
    const r = spawnSync('aws', ['apigateway', ...args, '--endpoint-url', server.url, '--output', 'json'], {
      encoding: 'utf8',
      cwd: ROOT,
      env: { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '' },
    });
    if (r.status !== 0) throw new Error(`aws apigateway ${args.join(' ')} failed: ${r.stderr}`);
    return r.stdout.trim() ? JSON.parse(r.stdout) : undefined;
  };

  (hasCli ? it : it.skip)('import-rest-api --body fileb://fixtures/openapi/petstore.yaml, put-rest-api, deploy and get-export', () => {
    const api = aws('import-rest-api', '--body', 'fileb://fixtures/openapi/petstore.yaml');
    expect(api).toMatchObject({ name: 'PetStore', apiKeySource: 'HEADER', endpointConfiguration: { types: ['EDGE'] } });
    expect(api).not.toHaveProperty('warnings');
    const resources = aws('get-resources', '--rest-api-id', api.id);
    expect(resources.items.map((r: { path: string }) => r.path).sort()).toEqual(['/', '/pets', '/pets/{petId}']);

    const put = aws('put-rest-api', '--rest-api-id', api.id, '--mode', 'merge', '--body', 'fileb://fixtures/openapi/swagger2-pets.json', '--parameters', 'basepath=prepend');
    expect(put).toMatchObject({ id: api.id, name: 'Simple PetStore (Swagger)', tags: {} });

    aws('create-deployment', '--rest-api-id', api.id, '--stage-name', 'dev');
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-export-')), 'export.json');
    const meta = aws('get-export', '--rest-api-id', api.id, '--stage-name', 'dev', '--export-type', 'swagger', '--parameters', 'extensions=integrations', out);
    expect(meta.contentType).toBe('application/octet-stream');
    expect(meta.contentDisposition).toMatch(/^attachment; filename="swagger_1\.0\.0\.json"$/);
    const doc = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(doc.basePath).toBe('/dev');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/pets', '/api/pets', '/api/pets/{petId}']));
    expect(doc.paths['/api/pets'].post['x-amazon-apigateway-integration']).toMatchObject({ type: 'http', httpMethod: 'POST' });
    fs.rmSync(path.dirname(out), { recursive: true, force: true });
  });
});
