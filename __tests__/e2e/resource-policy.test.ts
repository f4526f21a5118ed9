/**
 * Resource policies end to end: policies put with CreateRestApi /
 * UpdateRestApi (and with the real aws CLI), frozen by deployment, enforced
 * on every way in. The documented patterns (Developer Guide, "API Gateway
 * resource policy examples"): an IP allow-list, an IP block-list (explicit
 * Deny with NotIpAddress), a private API reachable only through one VPC
 * endpoint (`aws:SourceVpce`, which apigw-local reads from the
 * `x-apigw-local-source-vpce` header), a Deny on one method. A refusal is
 * AWS's 403 `{"Message":"User: anonymous is not authorized to perform:
 * execute-api:Invoke on resource: arn:aws:execute-api:{region}:********{last 4
 * digits}:{api}/{stage}/{METHOD}/{path} …"}` (recorded answers quoted in user
 * reports).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as http from 'node:http';
import { spawnSync } from 'node:child_process';
import request from 'supertest';
import { createApp, type App } from '../../lib/app';
import { deployApi, invokePath, type Deployed } from '../helpers/dataplane';
import { startRealServer, stopAll, type RealServer } from '../helpers/server';
import { apigatewayCli } from '../helpers/aws-cli';

const mock = (authorizationType = 'NONE') => ({
  authorizationType,
  integration: { type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } },
  integrationResponses: {
    '200': { responseTemplates: { 'application/json': '{"vpce": "$context.identity.vpceId", "ip": "$context.identity.sourceIp"}' } },
  },
});

const doc = (...statements: Record<string, unknown>[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const allowAll = { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' };

describe('in process', () => {
  let app: App;
  let agent: ReturnType<typeof request>;
  let d: Deployed;

  beforeAll(async () => {
    app = createApp({ db: ':memory:', logLevel: 'silent' });
    agent = request(app);
    d = await deployApi(agent, { resources: { '/pets': { GET: mock(), DELETE: mock() }, '/': { GET: mock() } } });
  });
  afterAll(() => app.close());

  /** Puts the policy and redeploys (like AWS, a policy change takes effect once the API is deployed). */
  async function usePolicy(policy: string, deploy = true): Promise<void> {
    const r = await agent.patch(`/restapis/${d.apiId}`).send({ patchOperations: [{ op: 'replace', path: '/policy', value: policy }] });
    expect(r.status).toBe(200);
    if (deploy) expect((await agent.post(`/restapis/${d.apiId}/deployments`).send({ stageName: 'dev' })).status).toBe(201);
  }

  test('no policy: everyone may call', async () => {
    expect((await agent.get(invokePath(d, '/pets'))).status).toBe(200);
  });

  test('an IP allow-list: the caller (127.0.0.1) in it passes; out of it, AWS\'s 403', async () => {
    await usePolicy(doc({ ...allowAll, Condition: { IpAddress: { 'aws:SourceIp': ['127.0.0.0/8', '::1/128'] } } }));
    expect((await agent.get(invokePath(d, '/pets'))).status).toBe(200);

    await usePolicy(doc({ ...allowAll, Condition: { IpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '198.51.100.0/24'] } } }));
    const res = await agent.get(invokePath(d, '/pets'));
    expect(res.status).toBe(403);
    expect(res.headers['x-amzn-errortype']).toBe('AccessDeniedException');
    expect(res.body).toEqual({
      Message: `User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:********0000:${d.apiId}/dev/GET/pets because no resource-based policy allows the execute-api:Invoke action`,
    });
    // The root resource's ARN ends with "GET/" (recorded: ".../api/GET/").
    expect((await agent.get(invokePath(d, '/'))).body.Message).toContain(`:${d.apiId}/dev/GET/ because`);
    // A client-sent X-Forwarded-For does not change the address API Gateway sees.
    expect((await agent.get(invokePath(d, '/pets')).set('X-Forwarded-For', '192.0.2.10')).status).toBe(403);
  });

  test('an IP block-list: explicit deny', async () => {
    await usePolicy(doc(allowAll, { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }));
    const res = await agent.get(invokePath(d, '/pets'));
    expect(res.status).toBe(403);
    expect(res.body.Message).toMatch(/ with an explicit deny in a resource-based policy$/);
  });

  test('one method denied, the others allowed', async () => {
    await usePolicy(doc(allowAll, { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: `arn:aws:execute-api:us-east-1:000000000000:${d.apiId}/*/DELETE/pets` }));
    expect((await agent.get(invokePath(d, '/pets'))).status).toBe(200);
    const del = await agent.delete(invokePath(d, '/pets'));
    expect(del.status).toBe(403);
    expect(del.body.Message).toContain(`/dev/DELETE/pets with an explicit deny`);
  });

  test('a private API: only through its VPC endpoint (x-apigw-local-source-vpce), which $context.identity.vpceId shows', async () => {
    await usePolicy(
      doc(allowAll, { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } } }),
    );
    const through = await agent.get(invokePath(d, '/pets')).set('x-apigw-local-source-vpce', 'vpce-1a2b3c4d');
    expect(through.status).toBe(200);
    expect(through.body).toEqual({ vpce: 'vpce-1a2b3c4d', ip: '127.0.0.1' });
    expect((await agent.get(invokePath(d, '/pets')).set('x-apigw-local-source-vpce', 'vpce-99999999')).status).toBe(403);
    expect((await agent.get(invokePath(d, '/pets'))).status).toBe(403);
    // Every way in is the same API.
    expect((await agent.get(`/_aws/execute-api/${d.apiId}/dev/pets`)).status).toBe(403);
    expect((await agent.get('/dev/pets').set('Host', `${d.apiId}.execute-api.us-east-1.amazonaws.com`)).status).toBe(403);
  });

  test('a policy change waits for a deployment', async () => {
    await usePolicy(doc(allowAll));
    expect((await agent.get(invokePath(d, '/pets'))).status).toBe(200);
    await usePolicy(doc({ ...allowAll, Effect: 'Deny' }), false);
    expect((await agent.get(invokePath(d, '/pets'))).status).toBe(200);
    expect((await agent.post(`/restapis/${d.apiId}/deployments`).send({ stageName: 'dev' })).status).toBe(201);
    expect((await agent.get(invokePath(d, '/pets'))).status).toBe(403);
    await usePolicy('');
    expect((await agent.get(invokePath(d, '/pets'))).status).toBe(200);
  });

  test('a customized ACCESS_DENIED gateway response shapes the refusal', async () => {
    await agent.put(`/restapis/${d.apiId}/gatewayresponses/ACCESS_DENIED`).send({
      statusCode: '401',
      responseParameters: { 'gatewayresponse.header.X-Why': "'policy'" },
      responseTemplates: { 'application/json': '{"error": "$context.error.responseType", "detail": $context.error.messageString}' },
    });
    await usePolicy(doc({ ...allowAll, Effect: 'Deny' }));
    const res = await agent.get(invokePath(d, '/pets'));
    expect(res.status).toBe(401);
    expect(res.headers['x-why']).toBe('policy');
    expect(res.body.error).toBe('ACCESS_DENIED');
    expect(res.body.detail).toMatch(/^User: anonymous is not authorized/);
    await agent.delete(`/restapis/${d.apiId}/gatewayresponses/ACCESS_DENIED`);
    await usePolicy('');
  });
});

const hasCli = spawnSync('aws', ['--version']).status === 0;
(hasCli ? describe : describe.skip)('with the aws CLI and the built server', () => {
  let server: RealServer;
  let dir: string;
  beforeAll(async () => {
    server = await startRealServer();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-policy-'));
  });
  afterAll(async () => {
    await stopAll();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const aws = apigatewayCli(() => server.url);

  function get(p: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      http
        .get(`${server.url}${p}`, { headers }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        })
        .on('error', reject);
    });
  }

  test('create-rest-api --policy file://…, deploy, call from the endpoint and from elsewhere', async () => {
    const file = path.join(dir, 'policy.json');
    fs.writeFileSync(
      file,
      doc(allowAll, { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-0abc' } } }),
    );
    const api = aws('create-rest-api', '--name', 'private-demo', '--policy', `file://${file}`);
    expect(JSON.parse(aws('get-rest-api', '--rest-api-id', api.id).policy).Statement).toHaveLength(2);
    const root = aws('get-resources', '--rest-api-id', api.id).items.find((r: { path: string }) => r.path === '/');
    aws('put-method', '--rest-api-id', api.id, '--resource-id', root.id, '--http-method', 'GET', '--authorization-type', 'NONE');
    aws('put-integration', '--rest-api-id', api.id, '--resource-id', root.id, '--http-method', 'GET', '--type', 'MOCK',
      '--request-templates', JSON.stringify({ 'application/json': '{"statusCode": 200}' }));
    aws('put-method-response', '--rest-api-id', api.id, '--resource-id', root.id, '--http-method', 'GET', '--status-code', '200');
    aws('put-integration-response', '--rest-api-id', api.id, '--resource-id', root.id, '--http-method', 'GET', '--status-code', '200',
      '--response-templates', JSON.stringify({ 'application/json': '{"ok": true}' }));
    aws('create-deployment', '--rest-api-id', api.id, '--stage-name', 'prod');

    const inside = await get(`/restapis/${api.id}/prod/_user_request_/`, { 'x-apigw-local-source-vpce': 'vpce-0abc' });
    expect(inside).toEqual({ status: 200, body: '{"ok": true}' });
    const outside = await get(`/restapis/${api.id}/prod/_user_request_/`);
    expect(outside.status).toBe(403);
    expect(JSON.parse(outside.body)).toEqual({
      Message: `User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:********0000:${api.id}/prod/GET/ with an explicit deny in a resource-based policy`,
    });
  });
});
