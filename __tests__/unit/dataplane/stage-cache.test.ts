/**
 * stage-cache.ts: stages found by API id alone (the data plane has no SigV4),
 * compiled once, refused as AWS refuses, canaries, and dropped on change.
 */
import { Store } from '../../../lib/store';
import { StageCache } from '../../../lib/dataplane/stage-cache';
import type { Stage } from '../../../lib/model';
import { recordingLogger, silent, snapshot } from './helpers';
import type { DataPlaneTarget } from '../../../lib/dataplane/context';

const scope = { account: '111111111111', region: 'eu-west-1' };
let store: Store;

const stage = (name: string, deploymentId: string | undefined, extra: Partial<Stage> = {}): Stage => ({
  stageName: name,
  deploymentId,
  cacheClusterEnabled: false,
  methodSettings: {},
  tracingEnabled: false,
  createdDate: 0,
  lastUpdatedDate: 0,
  ...extra,
});
const target = (apiId: string, stageName: string, region?: string): DataPlaneTarget => ({ apiId, stageName, path: '/', rawQuery: '', via: 'path', region });

beforeEach(() => {
  store = Store.open(':memory:');
  const snap = snapshot({ '/x': { GET: { integration: { type: 'MOCK' } } } }, { id: 'api1' });
  store.restApis.insert(scope, snap.restApi as never);
  store.deployments.insert(scope, 'api1', { id: 'dep1', createdDate: 0 }, snap);
  store.deployments.insert(scope, 'api1', { id: 'dep2', createdDate: 0 }, snapshot({ '/y': { GET: { integration: { type: 'MOCK' } } } }, { id: 'api1' }));
  store.stages.insert(scope, 'api1', stage('dev', 'dep1', { variables: { a: '1', b: '2' } }));
});
afterEach(() => store.close());

test('finds the account/region from the API id; compiles once; serves from memory', () => {
  const cache = new StageCache(store, silent);
  const r = cache.resolve(target('api1', 'dev'));
  expect(r.stage?.scope).toEqual(scope);
  expect(r.stage?.main.variables).toEqual({ a: '1', b: '2' });
  expect(r.stage?.main.deployment.deploymentId).toBe('dep1');
  // Store changes are not seen until the API is dropped: no SQL after the first request.
  store.stages.update(scope, 'api1', stage('dev', 'dep2'));
  expect(cache.resolve(target('api1', 'dev'))).toBe(r);
  cache.drop('api1');
  expect(cache.resolve(target('api1', 'dev')).stage?.main.deployment.deploymentId).toBe('dep2');
});

test('refusals: unknown API, unknown stage, wrong region, no deployment, disabled endpoint', () => {
  const cache = new StageCache(store, silent);
  expect(cache.resolve(target('nope', 'dev')).refusal).toMatch(/no REST API nope/);
  expect(cache.resolve(target('api1', 'prod')).refusal).toMatch(/has no stage "prod"/);
  expect(cache.resolve(target('api1', 'dev', 'us-east-1')).refusal).toMatch(/in us-east-1/);
  expect(cache.resolve(target('api1', 'dev', 'eu-west-1')).stage).toBeDefined();
  store.stages.insert(scope, 'api1', stage('empty', undefined));
  expect(cache.resolve(target('api1', 'empty')).refusal).toMatch(/has no deployment/);
  // A stage created after a refusal is found (refusals are not cached).
  store.stages.insert(scope, 'api1', stage('prod', 'dep1'));
  expect(cache.resolve(target('api1', 'prod')).stage).toBeDefined();
  const api = store.restApis.get(scope, 'api1')!;
  store.restApis.update(scope, { ...api, disableExecuteApiEndpoint: true });
  cache.drop('api1');
  expect(cache.resolve(target('api1', 'dev')).refusal).toMatch(/disableExecuteApiEndpoint/);
});

test('a canary: its deployment, stage variables overridden, percentTraffic', () => {
  store.stages.update(
    scope,
    'api1',
    stage('dev', 'dep1', { variables: { a: '1', b: '2' }, canarySettings: { deploymentId: 'dep2', percentTraffic: 12.5, stageVariableOverrides: { b: 'c' } } }),
  );
  const s = new StageCache(store, silent).resolve(target('api1', 'dev')).stage!;
  expect(s.canary).toMatchObject({ percentTraffic: 12.5, isCanary: true, variables: { a: '1', b: 'c' } });
  expect(s.canary!.deployment.deploymentId).toBe('dep2');
  expect(s.main.isCanary).toBe(false);
});

test('compile warnings and unsupported stage settings are logged once, naming the API', () => {
  const log = recordingLogger();
  store.deployments.insert(
    scope,
    'api1',
    { id: 'dep3', createdDate: 0 },
    snapshot({ '/z': { GET: { integration: { type: 'HTTP', httpMethod: 'GET', uri: 'http://b/', connectionType: 'VPC_LINK', connectionId: 'v' } } } }, { id: 'api1' }),
  );
  store.stages.insert(scope, 'api1', stage('keys', 'dep3', { cacheClusterEnabled: true, methodSettings: { '*/*': { throttlingBurstLimit: 10, throttlingRateLimit: 1 } } }));
  const cache = new StageCache(store, log);
  cache.resolve(target('api1', 'keys'));
  cache.resolve(target('api1', 'keys'));
  const warns = log.lines.filter((l) => l.includes('WARN'));
  // API keys and throttles are enforced (steps/api-key, steps/throttle): no warning for them.
  expect(warns.filter((l) => l.includes('apiKeyRequired'))).toHaveLength(0);
  // The API cache is emulated (dataplane/cache): no warning; the stage's cache cluster travels with the compiled stage.
  expect(warns.some((l) => l.includes('cacheClusterEnabled') || l.includes('cach'))).toBe(false);
  expect(cache.resolve(target('api1', 'keys')).stage!.cache).toMatchObject({ enabled: true, byteBudget: 8 * 1024 * 1024 });
  expect(warns.some((l) => l.includes('throttling'))).toBe(false);
  // …they travel with the compiled stage to the throttle step.
  expect(cache.resolve(target('api1', 'keys')).stage!.methodSettings).toEqual({ '*/*': { throttlingBurstLimit: 10, throttlingRateLimit: 1 } });
});

test("drop('*') forgets everything", () => {
  const cache = new StageCache(store, silent);
  const first = cache.resolve(target('api1', 'dev'));
  cache.drop('*');
  expect(cache.resolve(target('api1', 'dev'))).not.toBe(first);
});
