/**
 * The stage API cache (lib/dataplane/cache, steps/cached-integration): the
 * LRU store, capacity, which methods a stage caches, cache keys, the step
 * around the integration (hits never reach the integration — counted here by
 * wrapping the compiled integration's invoke), TTLs on an injected clock,
 * `Cache-Control: max-age=0` and its authorization, canaries, flushes and
 * stage changes; then the control plane reaching it in process
 * (FlushStageCache, UpdateStage, CreateDeployment) with a counting HTTP backend.
 *
 * Facts (Developer Guide, "Cache settings for REST APIs in API Gateway"):
 * default TTL 300 s, max 3600, 0 disables; responses over 1048576 bytes are
 * not cached; "only GET methods have caching enabled by default"; cache keys
 * from method/integration parameters, others ignored (`GET /users?type=admin&department=A`
 * serves `…&department=B`); `cacheNamespace` "the resource ID by default… the
 * same cacheNamespace across resources… return the same cached data"
 * (API Reference, Integration); resizing "removes the existing cache
 * instance… all existing cached data is deleted"; `Cache-Control: max-age=0`
 * and the three unauthorized strategies. Caching whatever status the backend
 * answered: an API Gateway cache keeps serving a backend's 429 (Stack
 * Overflow 45883323, "Prevent caching of non 200 responses"; the
 * serverless-api-gateway-caching maintainers found no status filter either).
 */
import request from 'supertest';
import type { ApiSnapshot, Stage } from '../../../lib/model';
import type { IamCaller } from '../../../lib/aws/credentials';
import { compileDeployment } from '../../../lib/dataplane/compile';
import type { InvocationContext } from '../../../lib/dataplane/context';
import { GatewayError } from '../../../lib/dataplane/gateway-responses';
import { PIPELINE } from '../../../lib/dataplane/pipeline';
import type { CompiledDeployment, CompiledIntegration } from '../../../lib/dataplane/types';
import { ApiCache, capacityBytes, stageCacheConfig } from '../../../lib/dataplane/cache';
import { ResponseLru } from '../../../lib/dataplane/cache/lru';
import { MAX_ENTRY_BYTES, StageCacheSettings } from '../../../lib/dataplane/cache/settings';
import { UNAUTHORIZED_WARNING, asksForFresh } from '../../../lib/dataplane/steps/cached-integration';
import { context, recordingLogger, silent, snapshot, type MethodSpec, type RequestSpec } from './helpers';
import { useControlPlane } from '../../helpers/app';
import { deployApi, invokePath, startBackend, type Backend } from '../../helpers/dataplane';

const T0 = Date.UTC(2026, 0, 1);

describe('ResponseLru', () => {
  test('entries live until their expiry; a hit makes an entry the most recently used', () => {
    const lru = new ResponseLru<string>(1000);
    lru.set('a', 'A', 10, T0 + 300_000);
    expect(lru.get('a', T0 + 299_999)).toBe('A');
    expect(lru.get('a', T0 + 300_000)).toBeUndefined();
    expect(lru.size).toBe(0);
    expect(lru.bytes).toBe(0);
  });

  test('over budget, least recently used entries go first; an entry larger than the budget is refused', () => {
    const lru = new ResponseLru<string>(100);
    lru.set('a', 'A', 40, Infinity);
    lru.set('b', 'B', 40, Infinity);
    lru.get('a', T0); // a is now more recent than b
    lru.set('c', 'C', 40, Infinity);
    expect(lru.keys()).toEqual(['a', 'c']);
    expect(lru.bytes).toBe(80);
    expect(lru.set('huge', 'H', 101, Infinity)).toBe(false);
    expect(lru.keys()).toEqual(['a', 'c']);
    lru.set('a', 'A2', 10, Infinity); // replacing re-counts
    expect(lru.bytes).toBe(50);
    lru.clear();
    expect([lru.size, lru.bytes]).toEqual([0, 0]);
  });
});

test('capacity follows cacheClusterSize: 1/64 of the cluster, capped at 256 MiB', () => {
  const MiB = 1024 * 1024;
  expect(capacityBytes('0.5')).toBe(8 * MiB);
  expect(capacityBytes('1.6')).toBe(Math.floor((1.6 * 1024 * MiB) / 64));
  expect(capacityBytes('13.5')).toBe(216 * MiB);
  expect(capacityBytes('28.4')).toBe(256 * MiB);
  expect(capacityBytes('237')).toBe(256 * MiB);
  expect(capacityBytes(undefined)).toBe(8 * MiB);
});

describe('StageCacheSettings: which methods are cached', () => {
  const on = { cachingEnabled: true, cacheTtlInSeconds: 300, requireAuthorizationForCacheControl: true, unauthorizedCacheControlHeaderStrategy: 'SUCCEED_WITH_RESPONSE_HEADER' };

  test('the stage-wide */* setting caches GET requests only (allVerbs false); a method override caches every verb it serves', () => {
    const s = new StageCacheSettings({ '*/*': on, '~1orders/POST': { ...on, cacheTtlInSeconds: 60 } });
    expect(s.policyFor('/pets', 'GET')).toEqual({ ttlSeconds: 300, requireAuthorization: true, unauthorizedStrategy: 'SUCCEED_WITH_RESPONSE_HEADER', allVerbs: false });
    expect(s.policyFor('/orders', 'POST')).toMatchObject({ ttlSeconds: 60, allVerbs: true });
  });

  test('a method override wins over */* (disabling too); keys with or without ~1 escapes; {path}/* for every method', () => {
    const s = new StageCacheSettings({
      '*/*': on,
      '~1pets~1{id}/GET': { ...on, cachingEnabled: false },
      '/cats/GET': { ...on, cacheTtlInSeconds: 5 },
      'dogs/*': { ...on, cacheTtlInSeconds: 7 },
    });
    expect(s.policyFor('/pets/{id}', 'GET')).toBeUndefined();
    expect(s.policyFor('/cats', 'GET')?.ttlSeconds).toBe(5);
    expect(s.policyFor('/dogs', 'DELETE')?.ttlSeconds).toBe(7);
  });

  test('TTL 0 disables; no TTL is 300; a TTL over 3600 is held to 3600; defaults of the invalidation settings', () => {
    expect(new StageCacheSettings({ '*/*': { cachingEnabled: true, cacheTtlInSeconds: 0 } }).policyFor('/', 'GET')).toBeUndefined();
    expect(new StageCacheSettings({ '*/*': { cachingEnabled: true } }).policyFor('/', 'GET')).toEqual({
      ttlSeconds: 300,
      requireAuthorization: true,
      unauthorizedStrategy: 'SUCCEED_WITH_RESPONSE_HEADER',
      allVerbs: false,
    });
    expect(new StageCacheSettings({ '*/*': { cachingEnabled: true, cacheTtlInSeconds: 9999 } }).policyFor('/', 'GET')?.ttlSeconds).toBe(3600);
    expect(new StageCacheSettings({}).policyFor('/', 'GET')).toBeUndefined();
    expect(new StageCacheSettings({ '*/*': { cachingEnabled: false } }).policyFor('/', 'GET')).toBeUndefined();
  });
});

test('Cache-Control max-age=0 is recognised among other directives, in any case', () => {
  expect(asksForFresh(['max-age=0'])).toBe(true);
  expect(asksForFresh(['no-store, Max-Age = 0'])).toBe(true);
  expect(asksForFresh(['public', 'max-age="0"'])).toBe(true);
  expect(asksForFresh(['max-age=10'])).toBe(false);
  expect(asksForFresh(['no-cache'])).toBe(false);
  expect(asksForFresh(undefined)).toBe(false);
});

// ---- the step, on compiled deployments ------------------------------------------------------

const CACHING = {
  cachingEnabled: true,
  cacheTtlInSeconds: 300,
  requireAuthorizationForCacheControl: true,
  unauthorizedCacheControlHeaderStrategy: 'SUCCEED_WITH_RESPONSE_HEADER',
};

function stageOf(extra: Partial<Stage> = {}): Stage {
  return {
    stageName: 'dev',
    deploymentId: 'dep001',
    cacheClusterEnabled: true,
    cacheClusterSize: '0.5',
    cacheClusterStatus: 'AVAILABLE',
    methodSettings: { '*/*': { ...CACHING } },
    tracingEnabled: false,
    createdDate: 1,
    lastUpdatedDate: 1,
    ...extra,
  };
}

/** What the wrapped integration answers for a call (`n` counts the calls, from 1). */
type Backend1 = (ctx: InvocationContext, n: number) => { statusCode: number; body: string; headers?: string[] } | Error;

interface TestApi {
  deployment: CompiledDeployment;
  stage: Stage;
  calls: number;
}

let clock = T0;
let caches: ApiCache;
beforeEach(() => {
  clock = T0;
  caches = new ApiCache(silent, () => clock);
});

function proxy(extra: Partial<MethodSpec['integration']> = {}): MethodSpec {
  return { integration: { type: 'HTTP_PROXY', httpMethod: 'ANY', uri: 'http://backend.invalid/', ...extra } as MethodSpec['integration'] };
}

function makeApi(snap: ApiSnapshot, stage: Stage = stageOf(), backend: Backend1 = (_c, n) => ({ statusCode: 200, body: `call ${n}` })): TestApi {
  const deployment = compileDeployment('dep001', snap);
  const api: TestApi = { deployment, stage, calls: 0 };
  const wrapped = new WeakSet<CompiledIntegration>();
  (api as TestApi & { wrap(i: CompiledIntegration): void }).wrap = (i) => {
    if (wrapped.has(i)) return;
    wrapped.add(i);
    i.invoke = async (ctx) => {
      const r = backend(ctx, ++api.calls);
      if (r instanceof Error) throw r;
      ctx.integrationResponse = { statusCode: r.statusCode, rawHeaders: r.headers ?? ['Content-Type', 'text/plain'], body: Buffer.from(r.body) };
    };
  };
  return api;
}

interface Sent {
  ctx: InvocationContext;
  status?: number;
  body?: string;
  headers?: Record<string, string | string[]>;
  error?: GatewayError;
}

/** Runs the pipeline from routing on (iam auth skipped: `caller` stands for a verified AWS_IAM caller). */
async function send(api: TestApi, spec: RequestSpec & { caller?: IamCaller; canaryStage?: Stage } = {}): Promise<Sent> {
  const ctx = context(api.deployment, spec);
  const stage = spec.canaryStage ?? api.stage;
  Object.assign(ctx.stage, { methodSettings: stage.methodSettings, cache: stageCacheConfig(stage) });
  ctx.apiCache = caches;
  if (spec.caller) ctx.iamCaller = spec.caller;
  try {
    for (const step of PIPELINE.slice(1)) {
      if (step.name === 'iam auth') continue;
      if (step.name === 'integration') (api as TestApi & { wrap(i: CompiledIntegration): void }).wrap(ctx.route!.method.integration!);
      await step.run(ctx);
    }
  } catch (e) {
    if (!(e instanceof GatewayError)) throw e;
    return { ctx, error: e };
  }
  return { ctx, status: ctx.response!.statusCode, body: ctx.response!.body.toString(), headers: ctx.response!.headers };
}

describe('the cache around the integration', () => {
  test('a hit answers the stored integration response without calling the integration', async () => {
    const api = makeApi(snapshot({ '/pets': { GET: proxy() } }));
    const first = await send(api, { path: '/pets' });
    const second = await send(api, { path: '/pets' });
    expect([first.status, first.body, second.status, second.body]).toEqual([200, 'call 1', 200, 'call 1']);
    expect(second.headers!['Content-Type']).toBe('text/plain');
    expect(api.calls).toBe(1);
  });

  test('entries expire after the method TTL (injected clock)', async () => {
    const api = makeApi(snapshot({ '/pets': { GET: proxy() } }), stageOf({ methodSettings: { '*/*': { ...CACHING, cacheTtlInSeconds: 60 } } }));
    await send(api, { path: '/pets' });
    clock = T0 + 59_999;
    expect((await send(api, { path: '/pets' })).body).toBe('call 1');
    clock = T0 + 60_000;
    expect((await send(api, { path: '/pets' })).body).toBe('call 2');
    expect(api.calls).toBe(2);
  });

  test('nothing is cached without cacheClusterEnabled, without cachingEnabled, or with a TTL of 0', async () => {
    for (const stage of [
      stageOf({ cacheClusterEnabled: false }),
      stageOf({ methodSettings: {} }),
      stageOf({ methodSettings: { '*/*': { ...CACHING, cachingEnabled: false } } }),
      stageOf({ methodSettings: { '*/*': { ...CACHING, cacheTtlInSeconds: 0 } } }),
    ]) {
      caches = new ApiCache(silent, () => clock);
      const api = makeApi(snapshot({ '/pets': { GET: proxy() } }), stage);
      await send(api, { path: '/pets' });
      expect((await send(api, { path: '/pets' })).body).toBe('call 2');
    }
  });

  test('only GET by default: POST needs its own method setting', async () => {
    const snap = snapshot({ '/orders': { POST: proxy(), GET: proxy() } });
    const api = makeApi(snap);
    await send(api, { method: 'POST', path: '/orders' });
    expect((await send(api, { method: 'POST', path: '/orders' })).body).toBe('call 2');
    const overridden = makeApi(snap, stageOf({ methodSettings: { '*/*': { ...CACHING }, '~1orders/POST': { ...CACHING } } }));
    await send(overridden, { method: 'POST', path: '/orders' });
    expect((await send(overridden, { method: 'POST', path: '/orders' })).body).toBe('call 1');
    // GET and POST of the resource never share an entry.
    expect((await send(overridden, { method: 'GET', path: '/orders' })).body).toBe('call 2');
  });

  test('an ANY method: the stage-wide setting caches its GET requests only', async () => {
    const api = makeApi(snapshot({ '/{proxy+}': { ANY: proxy() } }));
    await send(api, { path: '/a' });
    expect((await send(api, { path: '/a' })).body).toBe('call 1');
    await send(api, { method: 'DELETE', path: '/a' });
    expect((await send(api, { method: 'DELETE', path: '/a' })).body).toBe('call 3');
  });

  test('keys: without key parameters one entry serves the whole resource; key parameters split it, others do not', async () => {
    const plain = makeApi(snapshot({ '/pets/{id}': { GET: proxy() } }));
    await send(plain, { path: '/pets/1' });
    expect((await send(plain, { path: '/pets/2', query: 'x=1' })).body).toBe('call 1');

    const keyed = makeApi(
      snapshot({
        '/users/{id}': {
          GET: proxy({ cacheKeyParameters: ['method.request.path.id', 'method.request.querystring.type', 'method.request.header.X-Tenant'] }),
        },
      }),
    );
    const get = async (path: string, query: string, tenant?: string) =>
      (await send(keyed, { path, query, headers: tenant === undefined ? {} : { 'x-tenant': tenant } })).body;
    expect(await get('/users/1', 'type=admin&department=A', 't1')).toBe('call 1');
    expect(await get('/users/1', 'type=admin&department=B', 't1')).toBe('call 1'); // department is not a key parameter
    expect(await get('/users/1', 'type=regular', 't1')).toBe('call 2');
    expect(await get('/users/2', 'type=admin', 't1')).toBe('call 3');
    expect(await get('/users/1', 'type=admin', 't2')).toBe('call 4');
    expect(await get('/users/1', 'type=admin', '')).toBe('call 5'); // empty is not missing
    expect(await get('/users/1', 'type=admin')).toBe('call 6');
    expect(await get('/users/1', 'type=admin')).toBe('call 6');
  });

  test('integration.request.* key parameters read the integration request', async () => {
    const api = makeApi(
      snapshot({
        '/items': {
          GET: proxy({
            type: 'HTTP',
            requestParameters: { 'integration.request.querystring.q': 'method.request.header.x-q' },
            cacheKeyParameters: ['integration.request.querystring.q'],
            integrationResponses: { '200': { statusCode: '200' } },
          }),
        },
      }),
    );
    expect((await send(api, { path: '/items', headers: { 'x-q': 'a' } })).body).toBe('call 1');
    expect((await send(api, { path: '/items', headers: { 'x-q': 'b' } })).body).toBe('call 2');
    expect((await send(api, { path: '/items', headers: { 'x-q': 'a' } })).body).toBe('call 1');
  });

  test('resources sharing a cacheNamespace share entries; by default each resource has its own (its id)', async () => {
    const api = makeApi(snapshot({ '/a': { GET: proxy({ cacheNamespace: 'shared' }) }, '/b': { GET: proxy({ cacheNamespace: 'shared' }) }, '/c': { GET: proxy() } }));
    await send(api, { path: '/a' });
    expect((await send(api, { path: '/b' })).body).toBe('call 1');
    expect((await send(api, { path: '/c' })).body).toBe('call 2');
  });

  test('a key parameter that is not understood is left out and logged once', async () => {
    const log = recordingLogger();
    caches = new ApiCache(log, () => clock);
    const api = makeApi(snapshot({ '/pets': { GET: proxy({ cacheKeyParameters: ['method.input.params.query'] }) } }));
    await send(api, { path: '/pets' });
    await send(api, { path: '/pets' });
    expect(log.lines.filter((l) => l.includes('method.input.params.query'))).toHaveLength(1);
    expect(api.calls).toBe(1);
  });

  test('what the backend answered is cached whatever its status; failures that are not an answer are not', async () => {
    const statuses = [429, 500];
    const api = makeApi(snapshot({ '/x': { GET: proxy() } }), stageOf(), (_c, n) =>
      n === 3 ? new GatewayError('INTEGRATION_TIMEOUT', 'Endpoint request timed out') : { statusCode: statuses[n - 1] ?? 200, body: `call ${n}` },
    );
    expect((await send(api, { path: '/x' })).status).toBe(429);
    expect((await send(api, { path: '/x' })).status).toBe(429);
    expect(api.calls).toBe(1);

    caches = new ApiCache(silent, () => clock);
    const api2 = makeApi(snapshot({ '/y': { GET: proxy() } }), stageOf(), (_c, n) =>
      n === 1 ? new GatewayError('INTEGRATION_TIMEOUT', 'Endpoint request timed out') : { statusCode: 200, body: `call ${n}` },
    );
    expect((await send(api2, { path: '/y' })).error?.type).toBe('INTEGRATION_TIMEOUT');
    expect((await send(api2, { path: '/y' })).body).toBe('call 2');
    expect((await send(api2, { path: '/y' })).body).toBe('call 2');
  });

  test('responses over 1048576 bytes are not cached', async () => {
    const api = makeApi(snapshot({ '/big': { GET: proxy() } }), stageOf(), (_c, n) => ({ statusCode: 200, body: String(n).repeat(MAX_ENTRY_BYTES + 1) }));
    await send(api, { path: '/big' });
    await send(api, { path: '/big' });
    expect(api.calls).toBe(2);
  });

  test('a hit still runs the integration response mapping with this request ($input, $context)', async () => {
    const api = makeApi(
      snapshot({
        '/greet': {
          GET: proxy({
            type: 'HTTP',
            integrationResponses: {
              '200': { statusCode: '200', responseTemplates: { 'application/json': '{"backend": "$input.body", "who": "$input.params(\'who\')", "stage": "$context.stage"}' } },
            },
          }),
        },
      }),
    );
    const a = await send(api, { path: '/greet', query: 'who=ann' });
    const b = await send(api, { path: '/greet', query: 'who=bob' });
    expect(JSON.parse(a.body!)).toEqual({ backend: 'call 1', who: 'ann', stage: 'dev' });
    expect(JSON.parse(b.body!)).toEqual({ backend: 'call 1', who: 'bob', stage: 'dev' });
    expect(api.calls).toBe(1);
  });
});

describe('Cache-Control: max-age=0', () => {
  const fresh = { 'Cache-Control': 'max-age=0' };
  const settings = (extra: Record<string, unknown>) => stageOf({ methodSettings: { '*/*': { ...CACHING, ...extra } } });

  test('without requireAuthorizationForCacheControl any client refreshes the entry', async () => {
    const api = makeApi(snapshot({ '/p': { GET: proxy() } }), settings({ requireAuthorizationForCacheControl: false }));
    await send(api, { path: '/p' });
    const refreshed = await send(api, { path: '/p', headers: fresh });
    expect(refreshed.body).toBe('call 2');
    expect(refreshed.ctx.apiCacheWarning).toBeUndefined();
    expect((await send(api, { path: '/p' })).body).toBe('call 2'); // the entry was replaced
  });

  test('unauthorized, SUCCEED_WITH_RESPONSE_HEADER (the default): served from the cache with a Warning header', async () => {
    const api = makeApi(snapshot({ '/p': { GET: proxy() } }));
    await send(api, { path: '/p' });
    const r = await send(api, { path: '/p', headers: fresh });
    expect(r.body).toBe('call 1');
    expect(r.ctx.apiCacheWarning).toBe(true); // response.ts writes the header (see 'through the app')
    expect((await send(api, { path: '/p' })).ctx.apiCacheWarning).toBeUndefined();
  });

  test('unauthorized, SUCCEED_WITHOUT_RESPONSE_HEADER: served from the cache, no header', async () => {
    const api = makeApi(snapshot({ '/p': { GET: proxy() } }), settings({ unauthorizedCacheControlHeaderStrategy: 'SUCCEED_WITHOUT_RESPONSE_HEADER' }));
    await send(api, { path: '/p' });
    const r = await send(api, { path: '/p', headers: fresh });
    expect(r.body).toBe('call 1');
    expect(r.ctx.apiCacheWarning).toBeUndefined();
  });

  test('unauthorized, FAIL_WITH_403: a 403 ACCESS_DENIED, the integration not called', async () => {
    const api = makeApi(snapshot({ '/p': { GET: proxy() } }), settings({ unauthorizedCacheControlHeaderStrategy: 'FAIL_WITH_403' }));
    await send(api, { path: '/p' });
    const r = await send(api, { path: '/p', headers: fresh });
    expect(r.error?.type).toBe('ACCESS_DENIED');
    expect(r.error?.message).toBe('Unauthorized');
    expect(api.deployment.gatewayResponses.render(r.error!, { context: {}, stageVariables: {}, request: { path: {}, querystring: {}, header: {} } })).toMatchObject({
      statusCode: 403,
      body: '{"message":"Unauthorized"}',
    });
    expect(api.calls).toBe(1);
  });

  const self: IamCaller = { accessKey: 'test', accountId: '123456789012', userArn: 'arn:aws:iam::123456789012:root', principalId: '123456789012' };
  const stranger: IamCaller = { accessKey: 'AKIAOTHER', accountId: '999999999999', userArn: 'arn:aws:iam::999999999999:user/eve', principalId: 'AIDAEVE' };
  const strict = settings({ unauthorizedCacheControlHeaderStrategy: 'FAIL_WITH_403' });

  test('an AWS_IAM caller of the API account may invalidate; another account may not unless the resource policy allows it', async () => {
    const api = makeApi(snapshot({ '/p': { GET: { ...proxy(), authorizationType: 'AWS_IAM' } } }), strict);
    await send(api, { path: '/p', caller: self });
    expect((await send(api, { path: '/p', caller: self, headers: fresh })).body).toBe('call 2');
    expect((await send(api, { path: '/p', caller: stranger, headers: fresh })).error?.type).toBe('ACCESS_DENIED');

    const allowing = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
        { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999999999999:user/eve' }, Action: 'execute-api:InvalidateCache', Resource: 'execute-api:/dev/GET/p' },
      ],
    });
    caches = new ApiCache(silent, () => clock);
    const api2 = makeApi(snapshot({ '/p': { GET: { ...proxy(), authorizationType: 'AWS_IAM' } } }, { policy: allowing }), strict);
    await send(api2, { path: '/p', caller: stranger });
    expect((await send(api2, { path: '/p', caller: stranger, headers: fresh })).body).toBe('call 2');
  });

  test('a resource policy that denies execute-api:InvalidateCache refuses even the API account', async () => {
    const denying = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
        { Effect: 'Deny', Principal: '*', Action: 'execute-api:InvalidateCache', Resource: 'execute-api:/*' },
      ],
    });
    const api = makeApi(snapshot({ '/p': { GET: { ...proxy(), authorizationType: 'AWS_IAM' } } }, { policy: denying }), strict);
    await send(api, { path: '/p', caller: self });
    expect((await send(api, { path: '/p', caller: self, headers: fresh })).error?.type).toBe('ACCESS_DENIED');
  });

  test('callers of other authorization types are unauthorized', async () => {
    const api = makeApi(snapshot({ '/p': { GET: proxy() } }), strict);
    await send(api, { path: '/p' });
    expect((await send(api, { path: '/p', headers: { ...fresh, Authorization: 'Bearer x' } })).error?.type).toBe('ACCESS_DENIED');
  });
});

describe('canaries, flushes and stage changes', () => {
  const withCanary = (useStageCache: boolean, deploymentId = 'dep002') =>
    stageOf({ canarySettings: { deploymentId, percentTraffic: 50, useStageCache } });

  test('a canary without useStageCache has its own cache; with it, the stage cache', async () => {
    const snap = snapshot({ '/p': { GET: proxy() } });
    const own = makeApi(snap, withCanary(false));
    await send(own, { path: '/p' });
    expect((await send(own, { path: '/p', canary: true })).body).toBe('call 2');
    expect((await send(own, { path: '/p', canary: true })).body).toBe('call 2');
    expect((await send(own, { path: '/p' })).body).toBe('call 1');

    caches = new ApiCache(silent, () => clock);
    const shared = makeApi(snap, withCanary(true));
    await send(shared, { path: '/p' });
    expect((await send(shared, { path: '/p', canary: true })).body).toBe('call 1');
  });

  test('flush empties the stage cache and its canary cache', async () => {
    const api = makeApi(snapshot({ '/p': { GET: proxy() } }), withCanary(false));
    await send(api, { path: '/p' });
    await send(api, { path: '/p', canary: true });
    caches.flush({ account: '123456789012', region: 'us-east-1' }, 'api0000000', 'dev');
    expect((await send(api, { path: '/p' })).body).toBe('call 3');
    expect((await send(api, { path: '/p', canary: true })).body).toBe('call 4');
    caches.flush({ account: '123456789012', region: 'us-east-1' }, 'api0000000', 'other'); // nothing to flush: no error
  });

  test('stageChanged keeps entries through unrelated updates; a resize, a redeployment or a deletion empties the cache', async () => {
    const api = makeApi(snapshot({ '/p': { GET: proxy() } }), withCanary(false));
    let stored: Stage | undefined = api.stage;
    const lookup = () => stored;
    const warm = async () => {
      await send(api, { path: '/p' });
      await send(api, { path: '/p', canary: true });
    };
    await warm();
    const calls = () => api.calls;
    const before = calls();

    stored = { ...api.stage, description: 'changed', variables: { a: '1' }, methodSettings: { '*/*': { ...CACHING, cacheTtlInSeconds: 100 } } };
    caches.stageChanged('api0000000', lookup);
    await warm();
    expect(calls()).toBe(before);

    // The canary pointed at another deployment: only the canary cache starts empty.
    stored = { ...api.stage, canarySettings: { deploymentId: 'dep003', percentTraffic: 50, useStageCache: false } };
    caches.stageChanged('api0000000', lookup);
    api.stage = stored;
    await send(api, { path: '/p' });
    expect(calls()).toBe(before);
    await send(api, { path: '/p', canary: true });
    expect(calls()).toBe(before + 1);

    for (const change of [{ cacheClusterSize: '1.6' }, { deploymentId: 'dep009' }, { cacheClusterEnabled: false }] as Partial<Stage>[]) {
      const n = calls();
      await send(api, { path: '/p' });
      expect(calls()).toBe(n);
      stored = { ...api.stage, ...change };
      caches.stageChanged('api0000000', lookup);
      await send(api, { path: '/p' }); // still with the old configuration: a fresh cache, filled again
      expect(calls()).toBe(n + 1);
    }
    await send(api, { path: '/p' });
    const n = calls();
    stored = undefined; // the stage was deleted
    caches.stageChanged('api0000000', lookup);
    await send(api, { path: '/p' });
    expect(calls()).toBe(n + 1);
  });
});

// ---- in process: the control plane reaches the cache ----------------------------------------

describe('through the app', () => {
  const cp = useControlPlane();
  let backend: Backend;
  let hits = 0;
  beforeAll(async () => {
    backend = await startBackend((_req, res) => {
      hits++;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ hit: hits }));
    });
  });
  afterAll(() => backend.close());

  const patch = (d: { apiId: string; stageName: string }, ops: { op: string; path: string; value?: string }[]) =>
    cp.http.patch(`/restapis/${d.apiId}/stages/${d.stageName}`).send({ patchOperations: ops });

  test('UpdateStage enables caching; FlushStageCache, a resize and a redeployment start the cache empty; other updates keep it', async () => {
    const d = await deployApi(cp.http, {
      resources: { '/pets': { GET: { integration: { type: 'HTTP_PROXY', httpMethod: 'GET', uri: `${backend.url}/pets` } } } },
    });
    const call = async () => (await request(cp.app).get(invokePath(d, '/pets'))).body.hit as number;
    expect(await call()).toBe(hits);
    expect(await call()).toBe(hits); // not cached yet: two calls
    const start = hits;

    const enabled = await patch(d, [
      { op: 'replace', path: '/cacheClusterEnabled', value: 'true' },
      { op: 'replace', path: '/*/*/caching/enabled', value: 'true' },
    ]);
    expect(enabled.status).toBe(200);
    expect(enabled.body).toMatchObject({ cacheClusterEnabled: true, cacheClusterStatus: 'AVAILABLE', cacheClusterSize: '0.5' });
    expect(await call()).toBe(start + 1);
    expect(await call()).toBe(start + 1);
    expect(hits).toBe(start + 1);

    expect((await cp.http.delete(`/restapis/${d.apiId}/stages/dev/cache/data`)).status).toBe(202);
    expect(await call()).toBe(start + 2);
    expect(await call()).toBe(start + 2);

    expect((await patch(d, [{ op: 'replace', path: '/description', value: 'still cached' }])).status).toBe(200);
    expect(await call()).toBe(start + 2);

    expect((await patch(d, [{ op: 'replace', path: '/cacheClusterSize', value: '1.6' }])).status).toBe(200);
    expect(await call()).toBe(start + 3);
    expect(await call()).toBe(start + 3);

    expect((await cp.http.post(`/restapis/${d.apiId}/deployments`).send({ stageName: 'dev' })).status).toBe(201);
    expect(await call()).toBe(start + 4);
    expect(await call()).toBe(start + 4);

    // An unsigned Cache-Control: max-age=0 is unauthorized: the cached answer, with AWS's warning header.
    const warned = await request(cp.app).get(invokePath(d, '/pets')).set('Cache-Control', 'max-age=0');
    expect(warned.body.hit).toBe(start + 4);
    expect(warned.headers.warning).toBe(UNAUTHORIZED_WARNING);
    expect((await request(cp.app).get(invokePath(d, '/pets'))).headers.warning).toBeUndefined();

    expect((await patch(d, [{ op: 'replace', path: '/*/*/caching/enabled', value: 'false' }])).status).toBe(200);
    expect(await call()).toBe(start + 5);
    expect(await call()).toBe(start + 6);
  });

  test('FlushStageCache on a stage that does not exist is AWS 404', async () => {
    const api = await cp.createApi();
    const res = await cp.http.delete(`/restapis/${api.id}/stages/nope/cache/data`);
    expect(res.status).toBe(404);
    expect(res.headers['x-amzn-errortype']).toBe('NotFoundException');
  });
});
