/**
 * Stage operations. Expected answers are AWS's: recorded real responses
 * (LocalStack's test_apigateway_common TestStages/TestDeployments and
 * test_apigateway_canary snapshots, recorded against AWS), the AWS CLI
 * reference's update-stage examples, and real AWS messages quoted in user
 * reports. Methods are seeded through the store (see deployments.test.ts).
 */
import { useControlPlane, expectAwsError } from '../helpers/app';
import { stageHandlers } from '../../lib/control/stages';
import type { OperationContext } from '../../lib/control/context';
import type { Method } from '../../lib/model';

const cp = useControlPlane();
const scope = { account: '000000000000', region: 'us-east-1' };

const GET: Method = {
  httpMethod: 'GET',
  authorizationType: 'NONE',
  apiKeyRequired: false,
  methodIntegration: { type: 'MOCK', timeoutInMillis: 29000 },
};

/** An API with a deployable GET / and `n` deployments. */
async function apiWithDeployments(n = 1): Promise<{ apiId: string; ids: string[] }> {
  const api = await cp.createApi();
  const root = cp.app.store.resources.get(scope, api.id, api.rootResourceId)!;
  cp.app.store.resources.update(scope, api.id, { ...root, resourceMethods: { GET } });
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push((await cp.http.post(`/restapis/${api.id}/deployments`).send({})).body.id);
  // As the recorded TestStages setup does: the documentation versions the stages name exist first.
  for (const v of ['v123', 'v2']) await cp.http.post(`/restapis/${api.id}/documentation/versions`).send({ documentationVersion: v });
  return { apiId: api.id, ids };
}

async function createStage(apiId: string, body: Record<string, unknown>) {
  return cp.http.post(`/restapis/${apiId}/stages`).send(body);
}

function patch(apiId: string, stageName: string, ...patchOperations: Record<string, string>[]) {
  return cp.http.patch(`/restapis/${apiId}/stages/${stageName}`).send({ patchOperations });
}

/** A method setting as AWS fills it in (recorded AWS answers update-stage / CLI reference example). */
const DEFAULT_SETTING = {
  metricsEnabled: false,
  dataTraceEnabled: false,
  throttlingBurstLimit: 5000,
  throttlingRateLimit: 10000,
  cachingEnabled: false,
  cacheTtlInSeconds: 300,
  cacheDataEncrypted: false,
  requireAuthorizationForCacheControl: true,
  unauthorizedCacheControlHeaderStrategy: 'SUCCEED_WITH_RESPONSE_HEADER',
};

/** AWS's message for a path UpdateStage does not know (recorded AWS answers error-update-doc-version, error-update-tags). */
const invalidPath = (path: string): string =>
  `Invalid method setting path: ${path}. Must be one of: [/deploymentId, /description, /cacheClusterEnabled, /cacheClusterSize, /clientCertificateId, /accessLogSettings, /accessLogSettings/destinationArn, /accessLogSettings/format, /{resourcePath}/{httpMethod}/metrics/enabled, /{resourcePath}/{httpMethod}/logging/dataTrace, /{resourcePath}/{httpMethod}/logging/loglevel, /{resourcePath}/{httpMethod}/throttling/burstLimit/{resourcePath}/{httpMethod}/throttling/rateLimit/{resourcePath}/{httpMethod}/caching/ttlInSeconds, /{resourcePath}/{httpMethod}/caching/enabled, /{resourcePath}/{httpMethod}/caching/dataEncrypted, /{resourcePath}/{httpMethod}/caching/requireAuthorizationForCacheControl, /{resourcePath}/{httpMethod}/caching/unauthorizedCacheControlHeaderStrategy, /*/*/metrics/enabled, /*/*/logging/dataTrace, /*/*/logging/loglevel, /*/*/throttling/burstLimit /*/*/throttling/rateLimit /*/*/caching/ttlInSeconds, /*/*/caching/enabled, /*/*/caching/dataEncrypted, /*/*/caching/requireAuthorizationForCacheControl, /*/*/caching/unauthorizedCacheControlHeaderStrategy, /variables/{variable_name}, /tracingEnabled]`;

describe('CreateStage', () => {
  it('answers 201 with the defaults AWS fills in (recorded AWS answer create-stage)', async () => {
    const { apiId, ids } = await apiWithDeployments();
    const res = await createStage(apiId, { stageName: 's1', deploymentId: ids[0], description: 'my stage', documentationVersion: 'v123' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      cacheClusterEnabled: false,
      cacheClusterStatus: 'NOT_AVAILABLE',
      createdDate: expect.any(Number),
      deploymentId: ids[0],
      description: 'my stage',
      documentationVersion: 'v123',
      lastUpdatedDate: expect.any(Number),
      methodSettings: {},
      stageName: 's1',
      tracingEnabled: false,
    });
    expect(res.body.lastUpdatedDate).toBe(res.body.createdDate);
  });

  it('keeps a canary, completing useStageCache (recorded AWS answer create-stage, TestStageCrudCanary)', async () => {
    const { apiId, ids } = await apiWithDeployments(2);
    const res = await createStage(apiId, {
      stageName: 'dev',
      deploymentId: ids[0],
      variables: { testVar: 'default' },
      canarySettings: { deploymentId: ids[1], percentTraffic: 50, stageVariableOverrides: { testVar: 'canary' } },
    });
    expect(res.status).toBe(201);
    expect(res.body.canarySettings).toEqual({ deploymentId: ids[1], percentTraffic: 50, stageVariableOverrides: { testVar: 'canary' }, useStageCache: false });
    expect(res.body.variables).toEqual({ testVar: 'default' });
  });

  it('refuses a canary on an unknown deployment: 400 Deployment id does not exist (recorded AWS answer)', async () => {
    const { apiId, ids } = await apiWithDeployments();
    expectAwsError(
      await createStage(apiId, { stageName: 'dev3', deploymentId: ids[0], canarySettings: { deploymentId: 'deploy' } }),
      400,
      'BadRequestException',
      'Deployment id does not exist',
    );
    expectAwsError(await cp.http.get(`/restapis/${apiId}/stages/dev3`), 404, 'NotFoundException');
  });

  it('answers 409 for an existing stage, 404 for an unknown deployment or API, 400 for a bad name', async () => {
    const { apiId, ids } = await apiWithDeployments();
    expect((await createStage(apiId, { stageName: 's1', deploymentId: ids[0] })).status).toBe(201);
    expectAwsError(await createStage(apiId, { stageName: 's1', deploymentId: ids[0] }), 409, 'ConflictException', 'Stage already exists');
    expectAwsError(await createStage(apiId, { stageName: 's2', deploymentId: 'nope00' }), 404, 'NotFoundException', 'Invalid Deployment identifier specified');
    expectAwsError(await createStage(apiId, { stageName: 's2' }), 404, 'NotFoundException', 'Invalid Deployment identifier specified');
    expectAwsError(await createStage('nope000000', { stageName: 's2', deploymentId: ids[0] }), 404, 'NotFoundException', 'Invalid API identifier specified 000000000000:nope000000');
    expectAwsError(await createStage(apiId, { stageName: 'a.b', deploymentId: ids[0] }), 400, 'BadRequestException', 'Stage name only allows a-zA-Z0-9_-');
    expectAwsError(await createStage(apiId, { stageName: 'x'.repeat(129), deploymentId: ids[0] }), 400, 'BadRequestException');
    expect((await createStage(apiId, { stageName: 'v1-beta_2', deploymentId: ids[0] })).status).toBe(201);
  });

  it('validates stage variable values (real AWS message, sirceljm/aws-lambda-blog#10)', async () => {
    const { apiId, ids } = await apiWithDeployments();
    expectAwsError(
      await createStage(apiId, { stageName: 's1', deploymentId: ids[0], variables: { admin_pass: '' } }),
      400,
      'BadRequestException',
      "Invalid stage variable value: .  Please use values with alphanumeric characters and the symbols ' ', -', '.', '_', ':', '/', '?', '&', '=', and ','.",
    );
    expect((await createStage(apiId, { stageName: 's1', deploymentId: ids[0], variables: { url: 'https://example.com/a?b=c&d=e#f' } })).status).toBe(201);
  });

  it('keeps tags under the stage ARN and shows them on GetStage', async () => {
    const { apiId, ids } = await apiWithDeployments();
    const res = await createStage(apiId, { stageName: 's1', deploymentId: ids[0], tags: { team: 'a' } });
    expect(res.body.tags).toEqual({ team: 'a' });
    expect(cp.app.store.tags.get(scope, `arn:aws:apigateway:us-east-1::/restapis/${apiId}/stages/s1`)).toEqual({ team: 'a' });
    expect((await cp.http.get(`/restapis/${apiId}/stages/s1`)).body.tags).toEqual({ team: 'a' });
    expect((await cp.http.get(`/restapis/${apiId}/stages`)).body.item[0].tags).toEqual({ team: 'a' });
  });

  it('sets the cache cluster and checks its size', async () => {
    const { apiId, ids } = await apiWithDeployments();
    const res = await createStage(apiId, { stageName: 's1', deploymentId: ids[0], cacheClusterEnabled: true, cacheClusterSize: '6.1' });
    expect(res.body).toMatchObject({ cacheClusterEnabled: true, cacheClusterSize: '6.1', cacheClusterStatus: 'AVAILABLE' });
    expectAwsError(await createStage(apiId, { stageName: 's2', deploymentId: ids[0], cacheClusterSize: '2' }), 400, 'BadRequestException');
  });
});

describe('GetStage / GetStages / DeleteStage', () => {
  it('lists stages under item and filters them by deploymentId (recorded AWS answer test_get_stages_filters_by_deployment_id)', async () => {
    const { apiId, ids } = await apiWithDeployments(2);
    await createStage(apiId, { stageName: 'stage1', deploymentId: ids[0] });
    await createStage(apiId, { stageName: 'stage2', deploymentId: ids[1] });
    const all = await cp.http.get(`/restapis/${apiId}/stages`);
    expect(all.status).toBe(200);
    expect(all.body.item.map((s: { stageName: string }) => s.stageName)).toEqual(['stage1', 'stage2']);
    expect(all.body.position).toBeUndefined();
    const one = await cp.http.get(`/restapis/${apiId}/stages?deploymentId=${ids[1]}`);
    expect(one.body.item).toEqual([
      {
        cacheClusterEnabled: false,
        cacheClusterStatus: 'NOT_AVAILABLE',
        createdDate: expect.any(Number),
        deploymentId: ids[1],
        lastUpdatedDate: expect.any(Number),
        methodSettings: {},
        stageName: 'stage2',
        tracingEnabled: false,
      },
    ]);
  });

  it('404s an unknown stage or API', async () => {
    const { apiId } = await apiWithDeployments();
    expectAwsError(await cp.http.get(`/restapis/${apiId}/stages/nope`), 404, 'NotFoundException', 'Invalid Stage identifier specified');
    expectAwsError(await cp.http.get('/restapis/nope000000/stages'), 404, 'NotFoundException', 'Invalid API identifier specified 000000000000:nope000000');
    expectAwsError(await cp.http.delete(`/restapis/${apiId}/stages/nope`), 404, 'NotFoundException', 'Invalid Stage identifier specified');
    expectAwsError(await patch(apiId, 'nope', { op: 'replace', path: '/description', value: 'x' }), 404, 'NotFoundException', 'Invalid Stage identifier specified');
  });

  it('deletes with 202, and its tags go with it', async () => {
    const { apiId, ids } = await apiWithDeployments();
    await createStage(apiId, { stageName: 's1', deploymentId: ids[0], tags: { a: 'b' } });
    const res = await cp.http.delete(`/restapis/${apiId}/stages/s1`);
    expect(res.status).toBe(202);
    expect(res.text).toBe('');
    expectAwsError(await cp.http.get(`/restapis/${apiId}/stages/s1`), 404, 'NotFoundException');
    expect(cp.app.store.tags.get(scope, `arn:aws:apigateway:us-east-1::/restapis/${apiId}/stages/s1`)).toEqual({});
  });
});

describe('UpdateStage', () => {
  async function stage(): Promise<{ apiId: string; ids: string[] }> {
    const r = await apiWithDeployments(2);
    await createStage(r.apiId, { stageName: 's1', deploymentId: r.ids[0], description: 'my stage', documentationVersion: 'v123' });
    return r;
  }

  it('applies description, variables, tracing and method settings (recorded AWS answer update-stage, TestStages)', async () => {
    const { apiId, ids } = await stage();
    const res = await patch(
      apiId,
      's1',
      { op: 'replace', path: '/description', value: 'stage new' },
      { op: 'replace', path: '/variables/var1', value: 'test' },
      { op: 'replace', path: '/variables/var2', value: 'test2' },
      { op: 'replace', path: '/*/*/throttling/burstLimit', value: '123' },
      { op: 'replace', path: '/*/*/caching/enabled', value: 'true' },
      { op: 'replace', path: '/tracingEnabled', value: 'true' },
      { op: 'replace', path: '/test/GET/throttling/burstLimit', value: '124' },
    );
    expect(res.status).toBe(200);
    const expected = {
      cacheClusterEnabled: false,
      cacheClusterStatus: 'NOT_AVAILABLE',
      createdDate: expect.any(Number),
      deploymentId: ids[0],
      description: 'stage new',
      documentationVersion: 'v123',
      lastUpdatedDate: expect.any(Number),
      methodSettings: {
        // A new setting starts from the */* one: test/GET inherits cachingEnabled.
        '*/*': { ...DEFAULT_SETTING, cachingEnabled: true, throttlingBurstLimit: 123 },
        'test/GET': { ...DEFAULT_SETTING, cachingEnabled: true, throttlingBurstLimit: 124 },
      },
      stageName: 's1',
      tracingEnabled: true,
      variables: { var1: 'test', var2: 'test2' },
    };
    expect(res.body).toEqual(expected);
    expect((await cp.http.get(`/restapis/${apiId}/stages/s1`)).body).toEqual(expected);

    // Changing */* later leaves the other settings alone (recorded AWS answer update-stage-override).
    const again = await patch(apiId, 's1', { op: 'replace', path: '/*/*/throttling/burstLimit', value: '100' });
    expect(again.body.methodSettings['*/*'].throttlingBurstLimit).toBe(100);
    expect(again.body.methodSettings['test/GET'].throttlingBurstLimit).toBe(124);
  });

  it('keys method settings as the path writes them, ~1-escaped (AWS CLI reference example)', async () => {
    const { apiId } = await stage();
    const res = await patch(
      apiId,
      's1',
      { op: 'replace', path: '/~1pets/GET/throttling/rateLimit', value: '100' },
      { op: 'replace', path: '/~1pets~1{id}/DELETE/logging/dataTrace', value: 'false' },
      { op: 'replace', path: '/*/*/logging/loglevel', value: 'INFO' },
    );
    expect(res.status).toBe(200);
    expect(res.body.methodSettings).toEqual({
      '~1pets/GET': { ...DEFAULT_SETTING, throttlingRateLimit: 100 },
      '~1pets~1{id}/DELETE': DEFAULT_SETTING,
      '*/*': { ...DEFAULT_SETTING, loggingLevel: 'INFO' },
    });
    expect(Object.keys(res.body.methodSettings['*/*'])).toEqual([
      'metricsEnabled',
      'loggingLevel',
      'dataTraceEnabled',
      'throttlingBurstLimit',
      'throttlingRateLimit',
      'cachingEnabled',
      'cacheTtlInSeconds',
      'cacheDataEncrypted',
      'requireAuthorizationForCacheControl',
      'unauthorizedCacheControlHeaderStrategy',
    ]);
  });

  it('sets every method-setting field', async () => {
    const { apiId } = await stage();
    const res = await patch(
      apiId,
      's1',
      { op: 'replace', path: '/*/*/metrics/enabled', value: 'true' },
      { op: 'replace', path: '/*/*/logging/loglevel', value: 'ERROR' },
      { op: 'replace', path: '/*/*/logging/dataTrace', value: 'true' },
      { op: 'replace', path: '/*/*/throttling/burstLimit', value: '10' },
      { op: 'replace', path: '/*/*/throttling/rateLimit', value: '2.5' },
      { op: 'replace', path: '/*/*/caching/enabled', value: 'true' },
      { op: 'replace', path: '/*/*/caching/ttlInSeconds', value: '60' },
      { op: 'replace', path: '/*/*/caching/dataEncrypted', value: 'true' },
      { op: 'replace', path: '/*/*/caching/requireAuthorizationForCacheControl', value: 'false' },
      { op: 'replace', path: '/*/*/caching/unauthorizedCacheControlHeaderStrategy', value: 'FAIL_WITH_403' },
    );
    expect(res.body.methodSettings['*/*']).toEqual({
      metricsEnabled: true,
      loggingLevel: 'ERROR',
      dataTraceEnabled: true,
      throttlingBurstLimit: 10,
      throttlingRateLimit: 2.5,
      cachingEnabled: true,
      cacheTtlInSeconds: 60,
      cacheDataEncrypted: true,
      requireAuthorizationForCacheControl: false,
      unauthorizedCacheControlHeaderStrategy: 'FAIL_WITH_403',
    });
  });

  it('refuses bad method-setting values and unknown settings, changing nothing', async () => {
    const { apiId } = await stage();
    for (const [path, value] of [
      ['/*/*/logging/loglevel', 'DEBUG'],
      ['/*/*/metrics/enabled', 'yes'],
      ['/*/*/throttling/burstLimit', 'many'],
      ['/*/*/caching/unauthorizedCacheControlHeaderStrategy', 'NOPE'],
    ]) {
      expectAwsError(await patch(apiId, 's1', { op: 'replace', path, value }), 400, 'BadRequestException');
    }
    expectAwsError(await patch(apiId, 's1', { op: 'replace', path: '/*/*/logging/level', value: 'INFO' }), 400, 'BadRequestException', invalidPath('/*/*/logging/level'));
    expect((await cp.http.get(`/restapis/${apiId}/stages/s1`)).body.methodSettings).toEqual({});
  });

  it('removes a method setting, and refuses to remove one that is not there (recorded AWS answers, test_update_stage_remove_wildcard)', async () => {
    const { apiId } = await stage();
    expectAwsError(
      await patch(apiId, 's1', { op: 'remove', path: '/*/*' }),
      400,
      'BadRequestException',
      'Cannot remove method setting */* because there is no method setting for this method ',
    );
    const set = await patch(apiId, 's1', { op: 'replace', path: '/*/*/caching/enabled', value: 'true' });
    expect(set.body.methodSettings).toEqual({ '*/*': { ...DEFAULT_SETTING, cachingEnabled: true } });
    const reset = await patch(apiId, 's1', { op: 'remove', path: '/*/*' });
    expect(reset.body.methodSettings).toEqual({});
    await patch(apiId, 's1', { op: 'replace', path: '/~1pets/GET/metrics/enabled', value: 'true' });
    expect((await patch(apiId, 's1', { op: 'remove', path: '/~1pets/GET' })).body.methodSettings).toEqual({});
  });

  it('answers AWS message for unknown paths (recorded AWS answers error-update-doc-version, error-update-tags)', async () => {
    const { apiId } = await stage();
    for (const path of ['/documentation_version', '/tags/tag1', '/canarySettings', '/canarySettings/badPath']) {
      expectAwsError(await patch(apiId, 's1', { op: 'replace', path, value: 'x' }), 400, 'BadRequestException', invalidPath(path));
    }
  });

  it('rolls back with /deploymentId to an existing deployment only', async () => {
    const { apiId, ids } = await stage();
    const res = await patch(apiId, 's1', { op: 'replace', path: '/deploymentId', value: ids[1] });
    expect(res.body.deploymentId).toBe(ids[1]);
    expectAwsError(await patch(apiId, 's1', { op: 'replace', path: '/deploymentId', value: 'nope00' }), 400, 'BadRequestException', 'Deployment id does not exist');
    expect((await cp.http.get(`/restapis/${apiId}/stages/s1`)).body.deploymentId).toBe(ids[1]);
  });

  it('adds, replaces and removes stage variables', async () => {
    const { apiId } = await stage();
    await patch(apiId, 's1', { op: 'add', path: '/variables/a', value: '1' }, { op: 'add', path: '/variables/b', value: '2' });
    const r = await patch(apiId, 's1', { op: 'replace', path: '/variables/a', value: 'x' }, { op: 'remove', path: '/variables/b' });
    expect(r.body.variables).toEqual({ a: 'x' });
    const gone = await patch(apiId, 's1', { op: 'remove', path: '/variables/a' });
    expect(gone.body.variables).toBeUndefined();
    expectAwsError(
      await patch(apiId, 's1', { op: 'replace', path: '/variables/owner:environment', value: 'dev' }),
      400,
      'BadRequestException',
      'Invalid stage variable name: owner:environment.  Please use names with only word characters.',
    );
  });

  it('changes the cache cluster, client certificate, documentation version, web ACL and access logs', async () => {
    const { apiId } = await stage();
    const arn = 'arn:aws:logs:us-east-1:000000000000:log-group:access';
    const res = await patch(
      apiId,
      's1',
      { op: 'replace', path: '/cacheClusterEnabled', value: 'true' },
      { op: 'replace', path: '/cacheClusterSize', value: '1.6' },
      { op: 'replace', path: '/clientCertificateId', value: 'abc123' },
      { op: 'replace', path: '/documentationVersion', value: 'v2' },
      { op: 'replace', path: '/webAclArn', value: 'arn:aws:wafv2:us-east-1:000000000000:regional/webacl/x/1' },
      { op: 'replace', path: '/accessLogSettings/format', value: '$context.requestId' },
      { op: 'replace', path: '/accessLogSettings/destinationArn', value: arn },
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      cacheClusterEnabled: true,
      cacheClusterSize: '1.6',
      cacheClusterStatus: 'AVAILABLE',
      clientCertificateId: 'abc123',
      documentationVersion: 'v2',
      webAclArn: 'arn:aws:wafv2:us-east-1:000000000000:regional/webacl/x/1',
      accessLogSettings: { format: '$context.requestId', destinationArn: arn },
    });
    const off = await patch(
      apiId,
      's1',
      { op: 'replace', path: '/cacheClusterEnabled', value: 'false' },
      { op: 'remove', path: '/accessLogSettings' },
      { op: 'remove', path: '/clientCertificateId' },
    );
    expect(off.body).toMatchObject({ cacheClusterEnabled: false, cacheClusterStatus: 'NOT_AVAILABLE' });
    expect(off.body.accessLogSettings).toBeUndefined();
    expect(off.body.clientCertificateId).toBeUndefined();
    expectAwsError(await patch(apiId, 's1', { op: 'replace', path: '/cacheClusterSize', value: '3' }), 400, 'BadRequestException');
    expectAwsError(await patch(apiId, 's1', { op: 'replace', path: '/tracingEnabled', value: 'maybe' }), 400, 'BadRequestException');
  });

  it('is atomic: a failing operation leaves the stage as it was', async () => {
    const { apiId } = await stage();
    const res = await patch(apiId, 's1', { op: 'replace', path: '/description', value: 'changed' }, { op: 'replace', path: '/nope', value: 'x' });
    expectAwsError(res, 400, 'BadRequestException', invalidPath('/nope'));
    expect((await cp.http.get(`/restapis/${apiId}/stages/s1`)).body.description).toBe('my stage');
  });
});

describe('UpdateStage canary settings (recorded AWS answers, test_apigateway_canary)', () => {
  it('creates a canary from /canarySettings/deploymentId, removes it, and recreates it on the stage deployment from /percentTraffic', async () => {
    const { apiId, ids } = await apiWithDeployments(2);
    await createStage(apiId, { stageName: 'dev', deploymentId: ids[0], description: 'dev stage', variables: { testVar: 'default' } });
    const withDeployment = await patch(apiId, 'dev', { op: 'replace', path: '/canarySettings/deploymentId', value: ids[1] });
    expect(withDeployment.body.canarySettings).toEqual({ deploymentId: ids[1], percentTraffic: 0, useStageCache: false });
    expect(withDeployment.body.deploymentId).toBe(ids[0]);

    const removed = await patch(apiId, 'dev', { op: 'remove', path: '/canarySettings' });
    expect(removed.body.canarySettings).toBeUndefined();

    const withPercent = await patch(apiId, 'dev', { op: 'replace', path: '/canarySettings/percentTraffic', value: '50' });
    expect(withPercent.body.canarySettings).toEqual({ deploymentId: ids[0], percentTraffic: 50, useStageCache: false });
  });

  it('replaces overrides and useStageCache', async () => {
    const { apiId, ids } = await apiWithDeployments(2);
    await createStage(apiId, { stageName: 'dev', deploymentId: ids[0], canarySettings: { deploymentId: ids[1], percentTraffic: 50, stageVariableOverrides: { testVar: 'canary' } } });
    const res = await patch(
      apiId,
      'dev',
      { op: 'replace', path: '/canarySettings/stageVariableOverrides/testVar', value: 'updated' },
      { op: 'replace', path: '/canarySettings/useStageCache', value: 'true' },
      { op: 'replace', path: '/canarySettings/percentTraffic', value: '100.0' },
    );
    expect(res.body.canarySettings).toEqual({ deploymentId: ids[1], percentTraffic: 100, stageVariableOverrides: { testVar: 'updated' }, useStageCache: true });
    expectAwsError(await patch(apiId, 'dev', { op: 'replace', path: '/canarySettings/percentTraffic', value: '101' }), 400, 'BadRequestException');
  });

  it('answers AWS messages for refused canary operations', async () => {
    const { apiId, ids } = await apiWithDeployments(2);
    await createStage(apiId, { stageName: 'dev', deploymentId: ids[0] });
    await cp.http.post(`/restapis/${apiId}/deployments`).send({ stageName: 'dev', canarySettings: { percentTraffic: 50, stageVariableOverrides: { testVar: 'canary' } } });
    expectAwsError(
      await patch(apiId, 'dev', { op: 'remove', path: '/canarySettings/stageVariableOverrides' }),
      400,
      'BadRequestException',
      'Cannot remove method setting canarySettings/stageVariableOverrides because there is no method setting for this method ',
    );
    expectAwsError(
      await patch(apiId, 'dev', { op: 'remove', path: '/canarySettings/badPath' }),
      400,
      'BadRequestException',
      'Cannot remove method setting canarySettings/badPath because there is no method setting for this method ',
    );
    expectAwsError(
      await patch(apiId, 'dev', { op: 'add', path: '/canarySettings/deploymentId', value: ids[1] }),
      400,
      'BadRequestException',
      'Invalid add operation with path: /canarySettings/deploymentId',
    );
    expectAwsError(
      await patch(apiId, 'dev', { op: 'replace', path: '/canarySettings/deploymentId', value: 'deploy' }),
      400,
      'BadRequestException',
      'Deployment id does not exist',
    );
  });

  it('promotes a canary with copy (recorded AWS answers, test_update_stage_with_copy_ops)', async () => {
    const { apiId } = await apiWithDeployments(0);
    const d1 = (await cp.http.post(`/restapis/${apiId}/deployments`).send({ stageName: 'dev', variables: { testVar: 'test', testVar2: 'test2' } })).body;

    expectAwsError(
      await patch(
        apiId,
        'dev',
        { op: 'copy', path: '/canarySettings/stageVariableOverrides', from: '/variables' },
        { op: 'copy', path: '/canarySettings/deploymentId', from: '/deploymentId' },
      ),
      400,
      'BadRequestException',
      'Invalid copy operation with path: /canarySettings/stageVariableOverrides and from /variables. Valid copy:path are [/deploymentId, /variables] and valid copy:from are [/canarySettings/deploymentId, /canarySettings/stageVariableOverrides]',
    );
    expectAwsError(
      await patch(
        apiId,
        'dev',
        { op: 'copy', from: '/canarySettings/stageVariableOverrides', path: '/variables' },
        { op: 'copy', from: '/canarySettings/deploymentId', path: '/deploymentId' },
      ),
      400,
      'BadRequestException',
      'Promotion not available. Canary does not exist.',
    );

    const promote: Record<string, string>[] = [
      { op: 'replace', value: '0.0', path: '/canarySettings/percentTraffic' },
      { op: 'copy', from: '/canarySettings/deploymentId', path: '/deploymentId' },
      { op: 'copy', from: '/canarySettings/stageVariableOverrides', path: '/variables' },
    ];
    const first = await patch(apiId, 'dev', ...promote);
    expect(first.body).toMatchObject({
      canarySettings: { deploymentId: d1.id, percentTraffic: 0, useStageCache: false },
      deploymentId: d1.id,
      variables: { testVar: 'test', testVar2: 'test2' },
    });

    const d2 = (await cp.http.post(`/restapis/${apiId}/deployments`).send({ stageName: 'dev', canarySettings: { percentTraffic: 50, stageVariableOverrides: { testVar: 'override' } } })).body;
    const second = await patch(apiId, 'dev', ...promote);
    expect(second.body).toMatchObject({
      canarySettings: { deploymentId: d2.id, percentTraffic: 0, stageVariableOverrides: { testVar: 'override' }, useStageCache: false },
      deploymentId: d2.id,
      variables: { testVar: 'override', testVar2: 'test2' },
    });
  });
});

describe('stageChanged events', () => {
  it('fire after create, update and delete of a stage', async () => {
    const { apiId, ids } = await apiWithDeployments();
    const changed = jest.fn();
    const ctx = {
      scope,
      caller: { ...scope, accessKeyId: null },
      requestId: 'r',
      store: cp.app.store,
      config: cp.app.config,
      log: cp.app.log,
      events: { stageChanged: changed },
    } as OperationContext;
    await stageHandlers.CreateStage({ restApiId: apiId, stageName: 'dev', deploymentId: ids[0] }, ctx);
    await stageHandlers.UpdateStage({ restApiId: apiId, stageName: 'dev', patchOperations: [{ op: 'replace', path: '/description', value: 'x' }] }, ctx);
    await stageHandlers.DeleteStage({ restApiId: apiId, stageName: 'dev' }, ctx);
    expect(changed.mock.calls).toEqual([
      [scope, apiId, 'dev'],
      [scope, apiId, 'dev'],
      [scope, apiId, 'dev'],
    ]);
    // A failed write fires nothing.
    expect(() => stageHandlers.DeleteStage({ restApiId: apiId, stageName: 'dev' }, ctx)).toThrow('Invalid Stage identifier specified');
    expect(changed).toHaveBeenCalledTimes(3);
  });
});
