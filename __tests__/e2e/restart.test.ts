/**
 * State survives a restart: the real server on a temporary SQLite file,
 * driven with `@aws-sdk/client-api-gateway` exactly as a user's code would
 * (endpoint = the server's URL, any credentials), stopped, started again on
 * the same file, and everything read back identical.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  APIGatewayClient,
  CreateDeploymentCommand,
  CreateRestApiCommand,
  CreateResourceCommand,
  GetAccountCommand,
  GetResourcesCommand,
  GetRestApisCommand,
  GetStagesCommand,
  GetTagsCommand,
  PutIntegrationCommand,
  PutMethodCommand,
  TagResourceCommand,
  UpdateAccountCommand,
} from '@aws-sdk/client-api-gateway';
import { startRealServer, stopAll } from '../helpers/server';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-local-restart-'));
});
afterAll(async () => {
  await stopAll();
  fs.rmSync(dir, { recursive: true, force: true });
});

function client(url: string): APIGatewayClient {
  return new APIGatewayClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
}

/** Everything the test wrote, as the SDK reads it back (without per-response metadata). */
async function readAll(c: APIGatewayClient, apiIds: string[]) {
  const strip = <T extends { $metadata?: unknown }>(o: T) => {
    const { $metadata: _m, ...rest } = o;
    return rest;
  };
  const region = 'us-east-1';
  const perApi = [];
  for (const id of apiIds) {
    perApi.push({
      tags: strip(await c.send(new GetTagsCommand({ resourceArn: `arn:aws:apigateway:${region}::/restapis/${id}` }))),
      resources: strip(await c.send(new GetResourcesCommand({ restApiId: id, embed: ['methods'] }))),
      stages: strip(await c.send(new GetStagesCommand({ restApiId: id }))),
    });
  }
  return {
    apis: strip(await c.send(new GetRestApisCommand({}))),
    account: strip(await c.send(new GetAccountCommand({}))),
    perApi,
  };
}

it('keeps APIs, resources, methods, deployments, stages, tags and account settings across a restart', async () => {
  const db = path.join(dir, 'state.db');
  const first = await startRealServer({ db });
  let c = client(first.url);

  const pets = await c.send(new CreateRestApiCommand({ name: 'pets', description: 'pet store', tags: { team: 'a' } }));
  const other = await c.send(new CreateRestApiCommand({ name: 'other', endpointConfiguration: { types: ['REGIONAL'] } }));
  await c.send(
    new TagResourceCommand({ resourceArn: `arn:aws:apigateway:us-east-1::/restapis/${other.id}`, tags: { env: 'dev', owner: 'me' } }),
  );
  const res = await c.send(new CreateResourceCommand({ restApiId: pets.id!, parentId: pets.rootResourceId!, pathPart: 'pets' }));
  await c.send(new PutMethodCommand({ restApiId: pets.id!, resourceId: res.id!, httpMethod: 'GET', authorizationType: 'NONE' }));
  await c.send(new PutIntegrationCommand({ restApiId: pets.id!, resourceId: res.id!, httpMethod: 'GET', type: 'MOCK' }));
  await c.send(new CreateDeploymentCommand({ restApiId: pets.id!, stageName: 'dev' }));
  await c.send(
    new UpdateAccountCommand({
      patchOperations: [{ op: 'replace', path: '/cloudwatchRoleArn', value: 'arn:aws:iam::123456789012:role/logs' }],
    }),
  );

  const before = await readAll(c, [pets.id!, other.id!]);
  expect(before.apis.items?.map((a) => a.name)).toEqual(['pets', 'other']);
  expect(before.perApi[1].tags.tags).toEqual({ env: 'dev', owner: 'me' });
  expect(before.perApi[0].stages.item?.map((s) => s.stageName)).toEqual(['dev']);
  expect(before.account.cloudwatchRoleArn).toBe('arn:aws:iam::123456789012:role/logs');
  expect(await first.stop()).toEqual({ code: 0, signal: null });
  c.destroy();

  const second = await startRealServer({ db });
  c = client(second.url);
  expect(await readAll(c, [pets.id!, other.id!])).toEqual(before);
  c.destroy();
  expect(await second.stop()).toEqual({ code: 0, signal: null });
});
