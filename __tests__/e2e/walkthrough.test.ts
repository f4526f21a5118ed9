/**
 * The end-to-end walkthrough, twice: with `@aws-sdk/client-api-gateway`
 * and with the real `aws` CLI, against the built server on an ephemeral port.
 * Create an API, build /pets/{petId}, put GET methods with MOCK integrations
 * and responses, deploy to `dev`, patch a stage variable, read everything
 * back, delete. Each answer is checked field by field against the API
 * Reference's shapes and AWS's defaults.
 */
import { spawnSync } from 'node:child_process';
import {
  APIGatewayClient,
  CreateRestApiCommand,
  GetResourcesCommand,
  CreateResourceCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  GetMethodCommand,
  GetIntegrationCommand,
  CreateDeploymentCommand,
  GetStageCommand,
  UpdateStageCommand,
  GetDeploymentCommand,
  GetStagesCommand,
  DeleteStageCommand,
  DeleteDeploymentCommand,
  DeleteRestApiCommand,
  GetRestApiCommand,
  NotFoundException,
} from '@aws-sdk/client-api-gateway';
import { startRealServer, stopAll, type RealServer } from '../helpers/server';

let server: RealServer;
beforeAll(async () => {
  server = await startRealServer();
});
afterAll(() => stopAll());

const ID10 = /^[a-z0-9]{10}$/;
const ID6 = /^[a-z0-9]{6}$/;

describe('with @aws-sdk/client-api-gateway', () => {
  let client: APIGatewayClient;
  beforeAll(() => {
    client = new APIGatewayClient({
      endpoint: server.url,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
  });
  afterAll(() => client.destroy());

  it('creates, builds, deploys, patches, reads back and deletes an API', async () => {
    const api = await client.send(new CreateRestApiCommand({ name: 'pets', description: 'walkthrough' }));
    expect(api.$metadata.httpStatusCode).toBe(201);
    expect(api).toMatchObject({
      id: expect.stringMatching(ID10),
      name: 'pets',
      description: 'walkthrough',
      apiKeySource: 'HEADER',
      endpointConfiguration: { types: ['EDGE'], ipAddressType: 'ipv4' },
      disableExecuteApiEndpoint: false,
      rootResourceId: expect.stringMatching(ID10),
    });
    expect(api.createdDate).toBeInstanceOf(Date);
    const apiId = api.id!;

    const root = await client.send(new GetResourcesCommand({ restApiId: apiId }));
    expect(root.items).toEqual([{ id: api.rootResourceId, path: '/' }]);

    const pets = await client.send(new CreateResourceCommand({ restApiId: apiId, parentId: api.rootResourceId, pathPart: 'pets' }));
    expect(pets.$metadata.httpStatusCode).toBe(201);
    expect(pets).toMatchObject({ id: expect.stringMatching(ID6), parentId: api.rootResourceId, pathPart: 'pets', path: '/pets' });
    const pet = await client.send(new CreateResourceCommand({ restApiId: apiId, parentId: pets.id, pathPart: '{petId}' }));
    expect(pet).toMatchObject({ parentId: pets.id, pathPart: '{petId}', path: '/pets/{petId}' });

    for (const r of [pets, pet]) {
      const method = await client.send(
        new PutMethodCommand({
          restApiId: apiId,
          resourceId: r.id,
          httpMethod: 'GET',
          authorizationType: 'NONE',
          requestParameters: r === pet ? { 'method.request.path.petId': true } : undefined,
        }),
      );
      expect(method.$metadata.httpStatusCode).toBe(201);
      expect(method).toMatchObject({ httpMethod: 'GET', authorizationType: 'NONE', apiKeyRequired: false });
      const mr = await client.send(
        new PutMethodResponseCommand({ restApiId: apiId, resourceId: r.id, httpMethod: 'GET', statusCode: '200', responseModels: { 'application/json': 'Empty' } }),
      );
      expect(mr).toMatchObject({ statusCode: '200', responseModels: { 'application/json': 'Empty' } });
      const integration = await client.send(
        new PutIntegrationCommand({
          restApiId: apiId,
          resourceId: r.id,
          httpMethod: 'GET',
          type: 'MOCK',
          requestTemplates: { 'application/json': '{"statusCode": 200}' },
        }),
      );
      expect(integration.$metadata.httpStatusCode).toBe(201);
      expect(integration).toMatchObject({
        type: 'MOCK',
        requestTemplates: { 'application/json': '{"statusCode": 200}' },
        passthroughBehavior: 'WHEN_NO_MATCH',
        timeoutInMillis: 29000,
        cacheNamespace: r.id,
        cacheKeyParameters: [],
      });
      const ir = await client.send(
        new PutIntegrationResponseCommand({
          restApiId: apiId,
          resourceId: r.id,
          httpMethod: 'GET',
          statusCode: '200',
          responseTemplates: { 'application/json': '{"ok": true}' },
        }),
      );
      expect(ir).toMatchObject({ statusCode: '200', responseTemplates: { 'application/json': '{"ok": true}' } });
    }

    const got = await client.send(new GetMethodCommand({ restApiId: apiId, resourceId: pet.id, httpMethod: 'GET' }));
    expect(got).toMatchObject({
      httpMethod: 'GET',
      authorizationType: 'NONE',
      apiKeyRequired: false,
      requestParameters: { 'method.request.path.petId': true },
      methodResponses: { '200': { statusCode: '200', responseModels: { 'application/json': 'Empty' } } },
      methodIntegration: {
        type: 'MOCK',
        integrationResponses: { '200': { statusCode: '200', responseTemplates: { 'application/json': '{"ok": true}' } } },
      },
    });
    const integ = await client.send(new GetIntegrationCommand({ restApiId: apiId, resourceId: pet.id, httpMethod: 'GET' }));
    expect(integ.type).toBe('MOCK');

    const dep = await client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'dev', description: 'first' }));
    expect(dep.$metadata.httpStatusCode).toBe(201);
    expect(dep).toMatchObject({ id: expect.stringMatching(ID6), description: 'first' });
    expect(dep.createdDate).toBeInstanceOf(Date);

    const stage = await client.send(new GetStageCommand({ restApiId: apiId, stageName: 'dev' }));
    expect(stage).toMatchObject({
      stageName: 'dev',
      deploymentId: dep.id,
      cacheClusterEnabled: false,
      cacheClusterStatus: 'NOT_AVAILABLE',
      methodSettings: {},
      tracingEnabled: false,
    });
    expect(stage.createdDate).toBeInstanceOf(Date);
    expect(stage.lastUpdatedDate).toBeInstanceOf(Date);

    const patched = await client.send(
      new UpdateStageCommand({
        restApiId: apiId,
        stageName: 'dev',
        patchOperations: [
          { op: 'replace', path: '/variables/color', value: 'blue' },
          { op: 'replace', path: '/*/*/throttling/rateLimit', value: '100' },
        ],
      }),
    );
    expect(patched.variables).toEqual({ color: 'blue' });
    expect(patched.methodSettings?.['*/*']).toMatchObject({ throttlingRateLimit: 100 });

    const summary = await client.send(new GetDeploymentCommand({ restApiId: apiId, deploymentId: dep.id, embed: ['apisummary'] }));
    expect(summary.apiSummary).toEqual({
      '/pets': { GET: { authorizationType: 'NONE', apiKeyRequired: false } },
      '/pets/{petId}': { GET: { authorizationType: 'NONE', apiKeyRequired: false } },
    });
    const stages = await client.send(new GetStagesCommand({ restApiId: apiId }));
    expect(stages.item?.map((s) => s.stageName)).toEqual(['dev']);

    expect((await client.send(new DeleteStageCommand({ restApiId: apiId, stageName: 'dev' }))).$metadata.httpStatusCode).toBe(202);
    expect((await client.send(new DeleteDeploymentCommand({ restApiId: apiId, deploymentId: dep.id }))).$metadata.httpStatusCode).toBe(202);
    expect((await client.send(new DeleteRestApiCommand({ restApiId: apiId }))).$metadata.httpStatusCode).toBe(202);
    const gone = await client.send(new GetRestApiCommand({ restApiId: apiId })).catch((e) => e);
    expect(gone).toBeInstanceOf(NotFoundException);
    expect(gone.message).toBe(`Invalid API identifier specified 000000000000:${apiId}`);
  });
});

describe('with the aws CLI', () => {
  const hasCli = spawnSync('aws', ['--version']).status === 0;
  const aws = (...args: string[]): { status: number | null; json: any; stderr: string } => {
    const r = spawnSync('aws', ['apigateway', ...args, '--endpoint-url', server.url, '--output', 'json'], {
      encoding: 'utf8',
      env: { ...process.env, AWS_ACCESS_KEY_ID: '111111111111', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'us-west-2', AWS_PAGER: '' },
    });
    return { status: r.status, json: r.stdout.trim() ? JSON.parse(r.stdout) : undefined, stderr: r.stderr };
  };
  const ok = (...args: string[]) => {
    const r = aws(...args);
    if (r.status !== 0) throw new Error(`aws apigateway ${args.join(' ')} failed: ${r.stderr}`);
    return r.json;
  };

  (hasCli ? it : it.skip)('runs the same walkthrough, scoped to the access key account and the CLI region', () => {
    const api = ok('create-rest-api', '--name', 'cli-pets');
    expect(api).toMatchObject({ name: 'cli-pets', apiKeySource: 'HEADER', rootResourceId: expect.stringMatching(ID10) });
    const pets = ok('create-resource', '--rest-api-id', api.id, '--parent-id', api.rootResourceId, '--path-part', 'pets');
    const pet = ok('create-resource', '--rest-api-id', api.id, '--parent-id', pets.id, '--path-part', '{petId}');
    expect(pet.path).toBe('/pets/{petId}');
    ok('put-method', '--rest-api-id', api.id, '--resource-id', pet.id, '--http-method', 'GET', '--authorization-type', 'NONE');
    ok('put-method-response', '--rest-api-id', api.id, '--resource-id', pet.id, '--http-method', 'GET', '--status-code', '200');
    const integ = ok(
      'put-integration', '--rest-api-id', api.id, '--resource-id', pet.id, '--http-method', 'GET', '--type', 'MOCK',
      '--request-templates', '{"application/json":"{\\"statusCode\\": 200}"}',
    );
    expect(integ).toMatchObject({ type: 'MOCK', timeoutInMillis: 29000, passthroughBehavior: 'WHEN_NO_MATCH' });
    ok('put-integration-response', '--rest-api-id', api.id, '--resource-id', pet.id, '--http-method', 'GET', '--status-code', '200',
      '--response-templates', '{"application/json":"{}"}');
    const resources = ok('get-resources', '--rest-api-id', api.id, '--embed', 'methods');
    expect(resources.items.map((r: { path: string }) => r.path)).toEqual(['/', '/pets', '/pets/{petId}']);
    expect(resources.items[2].resourceMethods.GET.methodIntegration.type).toBe('MOCK');

    const dep = ok('create-deployment', '--rest-api-id', api.id, '--stage-name', 'dev');
    expect(dep.id).toMatch(ID6);
    const stage = ok('update-stage', '--rest-api-id', api.id, '--stage-name', 'dev', '--patch-operations', 'op=replace,path=/variables/color,value=green');
    expect(stage).toMatchObject({ stageName: 'dev', deploymentId: dep.id, variables: { color: 'green' } });
    expect(ok('get-stage', '--rest-api-id', api.id, '--stage-name', 'dev').variables).toEqual({ color: 'green' });

    // The access key 111111111111 is the account: the error names it.
    const missing = aws('get-rest-api', '--rest-api-id', 'nope');
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain('(NotFoundException)');
    expect(missing.stderr).toContain('Invalid API identifier specified 111111111111:nope');

    ok('delete-stage', '--rest-api-id', api.id, '--stage-name', 'dev');
    ok('delete-rest-api', '--rest-api-id', api.id);
    expect(ok('get-rest-apis').items).toEqual([]);
  });
});
