/**
 * Usage plans enforced by the real server, end to end: set up with
 * `@aws-sdk/client-api-gateway` (and, in the last test, the real `aws` CLI
 * and `curl`), then called over HTTP as clients call a deployed stage.
 * - API keys: 403 `{"message":"Forbidden"}` without a key, with a wrong or
 *   disabled key; 200 with a key in a plan for the stage.
 * - Throttling, counted: rate 50, burst 100, and 300 concurrent requests on
 *   keep-alive connections — the burst passes (about 100), the rest get 429
 *   `{"message":"Too Many Requests"}`.
 * - Quotas: the (limit+1)-th request of the day is 429
 *   `{"message":"Limit Exceeded"}`, also after the server restarts on the
 *   same state file.
 * - apiKeySource AUTHORIZER: the key is the `usageIdentifierKey` a TOKEN
 *   Lambda authorizer returns (fixtures/functions/authorizer-token.js, run by
 *   the built-in runtime), metered like a header key.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import {
  APIGatewayClient,
  CreateApiKeyCommand,
  CreateAuthorizerCommand,
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  CreateUsagePlanCommand,
  CreateUsagePlanKeyCommand,
  GetUsageCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  UpdateApiKeyCommand,
  type QuotaSettings,
  type ThrottleSettings,
} from '@aws-sdk/client-api-gateway';
import { ROOT, startRealServer, stopAll, type RealServer } from '../helpers/server';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-usage-plans-'));
});
afterAll(async () => {
  await stopAll();
  fs.rmSync(dir, { recursive: true, force: true });
});

function client(url: string): APIGatewayClient {
  return new APIGatewayClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
}

interface Setup {
  /** The URL of GET /items (API key required). */
  url: string;
  /** The URL of GET /open (no API key). */
  openUrl: string;
  keyId: string;
  keyValue: string;
  planId: string;
}

/** An API with GET /items (apiKeyRequired, MOCK) and GET /open, deployed to dev; an enabled key in a plan for it. */
async function setup(c: APIGatewayClient, base: string, plan: { throttle?: ThrottleSettings; quota?: QuotaSettings }): Promise<Setup> {
  const api = await c.send(new CreateRestApiCommand({ name: 'usage-plans-e2e' }));
  const methods: Record<string, boolean> = { items: true, open: false };
  for (const [part, keyed] of Object.entries(methods)) {
    const r = await c.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: part }));
    const m = { restApiId: api.id, resourceId: r.id, httpMethod: 'GET' };
    await c.send(new PutMethodCommand({ ...m, authorizationType: 'NONE', apiKeyRequired: keyed }));
    await c.send(new PutMethodResponseCommand({ ...m, statusCode: '200' }));
    await c.send(new PutIntegrationCommand({ ...m, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
    await c.send(
      new PutIntegrationResponseCommand({
        ...m,
        statusCode: '200',
        responseTemplates: { 'application/json': '{"apiKeyId": "$context.identity.apiKeyId"}' },
      }),
    );
  }
  await c.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'dev' }));
  const key = await c.send(new CreateApiKeyCommand({ name: 'e2e', enabled: true }));
  const up = await c.send(new CreateUsagePlanCommand({ name: 'e2e', apiStages: [{ apiId: api.id, stage: 'dev' }], ...plan }));
  await c.send(new CreateUsagePlanKeyCommand({ usagePlanId: up.id, keyId: key.id, keyType: 'API_KEY' }));
  const stage = `${base}/restapis/${api.id}/dev/_user_request_`;
  return { url: `${stage}/items`, openUrl: `${stage}/open`, keyId: key.id!, keyValue: key.value!, planId: up.id! };
}

interface Answer {
  status: number;
  body: string;
  errorType?: string;
}

function get(url: string, headers: Record<string, string> = {}, agent?: http.Agent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, body, errorType: res.headers['x-amzn-errortype'] as string | undefined }));
    });
    req.on('error', reject);
  });
}

const tally = (answers: Answer[]): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const a of answers) out[`${a.status} ${a.body}`] = (out[`${a.status} ${a.body}`] ?? 0) + 1;
  return out;
};

describe('API keys and throttling', () => {
  let server: RealServer;
  let c: APIGatewayClient;
  beforeAll(async () => {
    server = await startRealServer();
    c = client(server.url);
  });
  afterAll(async () => {
    c.destroy();
    await server.stop();
  });

  it('403 Forbidden without a key, with a wrong key, with a disabled key; 200 with the key', async () => {
    const s = await setup(c, server.url, { throttle: { rateLimit: 100, burstLimit: 100 } });
    const forbidden = { status: 403, body: '{"message":"Forbidden"}', errorType: 'ForbiddenException' };
    expect(await get(s.url)).toEqual(forbidden);
    expect(await get(s.url, { 'x-api-key': 'not-the-key-0123456789' })).toEqual(forbidden);
    expect(await get(s.url, { 'x-api-key': s.keyValue })).toEqual({ status: 200, body: `{"apiKeyId": "${s.keyId}"}`, errorType: undefined });
    expect((await get(s.openUrl)).status).toBe(200); // no key required there
    await c.send(new UpdateApiKeyCommand({ apiKey: s.keyId, patchOperations: [{ op: 'replace', path: '/enabled', value: 'false' }] }));
    expect(await get(s.url, { 'x-api-key': s.keyValue })).toEqual(forbidden);
  });

  it('rate 50, burst 100: of 300 concurrent requests on keep-alive connections about 100 pass, the rest get 429', async () => {
    const s = await setup(c, server.url, { throttle: { rateLimit: 50, burstLimit: 100 }, quota: { limit: 100000, period: 'DAY' } });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 300 });
    try {
      // Open the 300 connections first (on the method without a key: no token of the plan is spent).
      await Promise.all(Array.from({ length: 300 }, () => get(s.openUrl, {}, agent)));
      const t0 = process.hrtime.bigint();
      const answers = await Promise.all(Array.from({ length: 300 }, () => get(s.url, { 'x-api-key': s.keyValue }, agent)));
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const counts = tally(answers);
      const ok = counts[`200 {"apiKeyId": "${s.keyId}"}`] ?? 0;
      const throttled = counts['429 {"message":"Too Many Requests"}'] ?? 0;
      expect(ok + throttled).toBe(300);
      expect(answers.filter((a) => a.status === 429).every((a) => a.errorType === 'TooManyRequestsException')).toBe(true);
      // The burst passes whole; what else passes is what the rate refilled while the 300 were served.
      expect(ok).toBeGreaterThanOrEqual(100);
      expect(ok).toBeLessThanOrEqual(100 + Math.ceil(50 * seconds));
      // The bound (100 ± 10 %) holds whenever the 300 were served within 200 ms.
      if (seconds < 0.2) expect(ok).toBeLessThanOrEqual(110);
    } finally {
      agent.destroy();
    }
  });
});

describe('quotas survive a restart', () => {
  it('the (limit+1)-th request of the day is refused, also after the server restarts on the same file', async () => {
    const db = path.join(dir, 'state.db');
    let server = await startRealServer({ db });
    let c = client(server.url);
    const s = await setup(c, server.url, { quota: { limit: 5, period: 'DAY' } });
    const stagePath = new URL(s.url).pathname;
    const call = async () => get(server.url + stagePath, { 'x-api-key': s.keyValue });
    const status = async () => (await call()).status;
    expect([await status(), await status(), await status()]).toEqual([200, 200, 200]);
    c.destroy();
    expect(await server.stop('SIGTERM')).toEqual({ code: 0, signal: null }); // a clean stop writes the pending counts

    server = await startRealServer({ db });
    c = client(server.url);
    expect([await status(), await status()]).toEqual([200, 200]);
    expect(await call()).toEqual({ status: 429, body: '{"message":"Limit Exceeded"}', errorType: 'LimitExceededException' });
    const today = new Date().toISOString().slice(0, 10);
    const usage = await c.send(new GetUsageCommand({ usagePlanId: s.planId, startDate: today, endDate: today }));
    expect(usage.items).toEqual({ [s.keyId]: [[5, 0]] });
    c.destroy();
    await server.stop();
  });
});

describe('apiKeySource AUTHORIZER', () => {
  it("the Lambda authorizer's usageIdentifierKey is the API key; x-api-key is ignored", async () => {
    const server = await startRealServer({
      args: ['--functions', path.join(ROOT, 'fixtures', 'functions')],
      env: { AWS_ENDPOINT_URL: '', AWS_ENDPOINT_URL_LAMBDA: '' },
    });
    const c = client(server.url);
    const api = await c.send(new CreateRestApiCommand({ name: 'authorizer-keys', apiKeySource: 'AUTHORIZER' }));
    const auth = await c.send(
      new CreateAuthorizerCommand({
        restApiId: api.id,
        name: 'token',
        type: 'TOKEN',
        identitySource: 'method.request.header.Authorization',
        authorizerUri:
          'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:authorizer-token/invocations',
        authorizerResultTtlInSeconds: 0,
      }),
    );
    const r = await c.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: 'items' }));
    const m = { restApiId: api.id, resourceId: r.id, httpMethod: 'GET' };
    await c.send(new PutMethodCommand({ ...m, authorizationType: 'CUSTOM', authorizerId: auth.id, apiKeyRequired: true }));
    await c.send(new PutMethodResponseCommand({ ...m, statusCode: '200' }));
    await c.send(new PutIntegrationCommand({ ...m, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
    await c.send(
      new PutIntegrationResponseCommand({ ...m, statusCode: '200', responseTemplates: { 'application/json': '{"apiKeyId": "$context.identity.apiKeyId"}' } }),
    );
    await c.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'dev' }));
    const key = await c.send(new CreateApiKeyCommand({ name: 'from-authorizer', enabled: true }));
    const plan = await c.send(
      new CreateUsagePlanCommand({ name: 'authorizer', apiStages: [{ apiId: api.id, stage: 'dev' }], quota: { limit: 2, period: 'DAY' } }),
    );
    await c.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id, keyId: key.id, keyType: 'API_KEY' }));
    const url = `${server.url}/restapis/${api.id}/dev/_user_request_/items`;
    const forbidden = { status: 403, body: '{"message":"Forbidden"}', errorType: 'ForbiddenException' };

    expect(await get(url, { Authorization: `key:${key.value}` })).toEqual({ status: 200, body: `{"apiKeyId": "${key.id}"}`, errorType: undefined });
    expect(await get(url, { Authorization: 'key:not-a-key-0123456789abc' })).toEqual(forbidden);
    // Allowed by the authorizer, but it returned no key: the x-api-key header does not count.
    expect(await get(url, { Authorization: 'allow-all', 'x-api-key': key.value! })).toEqual(forbidden);
    expect((await get(url, { Authorization: `key:${key.value}` })).status).toBe(200);
    expect(await get(url, { Authorization: `key:${key.value}` })).toEqual({
      status: 429,
      body: '{"message":"Limit Exceeded"}',
      errorType: 'LimitExceededException',
    });
    c.destroy();
    await server.stop();
  });
});

describe('with the aws CLI and curl', () => {
  const hasTools = spawnSync('aws', ['--version']).status === 0 && spawnSync('curl', ['--version']).status === 0;

  (hasTools ? it : it.skip)('create-api-key, create-usage-plan --throttle --quota, create-usage-plan-key, put-method --api-key-required', async () => {
    const server = await startRealServer();
    const aws = (...args: string[]): any => {
      const r = spawnSync('aws', ['apigateway', ...args, '--endpoint-url', server.url, '--output', 'json'], {
        encoding: 'utf8',
        env: { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '' },
      });
      if (r.status !== 0) throw new Error(`aws apigateway ${args.join(' ')} failed: ${r.stderr}`);
      return r.stdout.trim() ? JSON.parse(r.stdout) : undefined;
    };
    const curl = (url: string, ...headers: string[]): string => {
      const args = ['-s', '-w', ' %{http_code}', ...headers.flatMap((h) => ['-H', h]), url];
      return spawnSync('curl', args, { encoding: 'utf8' }).stdout;
    };
    const api = aws('create-rest-api', '--name', 'cli-keys');
    const pets = aws('create-resource', '--rest-api-id', api.id, '--parent-id', api.rootResourceId, '--path-part', 'pets');
    const m = ['--rest-api-id', api.id, '--resource-id', pets.id, '--http-method', 'GET'];
    expect(aws('put-method', ...m, '--authorization-type', 'NONE', '--api-key-required')).toMatchObject({ apiKeyRequired: true });
    aws('put-method-response', ...m, '--status-code', '200');
    aws('put-integration', ...m, '--type', 'MOCK', '--request-templates', '{"application/json":"{\\"statusCode\\": 200}"}');
    aws('put-integration-response', ...m, '--status-code', '200', '--response-templates', '{"application/json":"{\\"pets\\": []}"}');
    aws('create-deployment', '--rest-api-id', api.id, '--stage-name', 'dev');
    const key = aws('create-api-key', '--name', 'cli-key', '--enabled');
    const plan = aws(
      'create-usage-plan', '--name', 'cli-plan', '--api-stages', `apiId=${api.id},stage=dev`,
      '--throttle', 'burstLimit=3,rateLimit=0.01', '--quota', 'limit=4,offset=0,period=DAY',
    );
    expect(plan).toMatchObject({ throttle: { burstLimit: 3, rateLimit: 0.01 }, quota: { limit: 4, offset: 0, period: 'DAY' } });
    aws('create-usage-plan-key', '--usage-plan-id', plan.id, '--key-id', key.id, '--key-type', 'API_KEY');

    const url = `${server.url}/restapis/${api.id}/dev/_user_request_/pets`;
    expect(curl(url)).toBe('{"message":"Forbidden"} 403');
    expect(curl(url, 'x-api-key: wrong-key-0123456789abcdef')).toBe('{"message":"Forbidden"} 403');
    const withKey = [1, 2, 3, 4].map(() => curl(url, `x-api-key: ${key.value}`));
    expect(withKey).toEqual(['{"pets": []} 200', '{"pets": []} 200', '{"pets": []} 200', '{"message":"Too Many Requests"} 429']);
    // 3 of the quota's 4 are used (the throttled one does not count); update-usage leaves 0, so the next is over the quota.
    aws('update-usage', '--usage-plan-id', plan.id, '--key-id', key.id, '--patch-operations', 'op=replace,path=/remaining,value=0');
    expect(curl(url, `x-api-key: ${key.value}`)).toBe('{"message":"Limit Exceeded"} 429');
    await server.stop();
  }, 120_000); // a dozen aws CLI runs (about 1.5 s each)
});
