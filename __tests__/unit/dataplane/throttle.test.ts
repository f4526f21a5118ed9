/**
 * Throttling: token buckets (burst = bucket size, rate = tokens per second;
 * Developer Guide, "Throttle requests to your REST APIs"), counted on a clock
 * the test moves by hand, at every level AWS has — usage plan per method,
 * usage plan (per API key), stage method settings, account — where the most
 * restrictive wins, and the 429 answer AWS gives: THROTTLED,
 * `{"message":"Too Many Requests"}`, x-amzn-ErrorType TooManyRequestsException.
 */
import { BucketTable, TokenBucket } from '../../../lib/dataplane/traffic/token-bucket';
import { StageThrottles, limitOf, planMethodLimit, splitMethodKey } from '../../../lib/dataplane/traffic/limits';
import { route } from '../../../lib/dataplane/steps/route';
import { apiKey, apiKeyFromAuthorizer } from '../../../lib/dataplane/steps/api-key';
import { throttle } from '../../../lib/dataplane/steps/throttle';
import { snapshot } from './helpers';
import { addKey, addPlan, closeRigs, burst, manualClock, rendered, rig, runSteps, SCOPE } from './traffic-fixtures';

afterEach(closeRigs);

const STEPS = [route, apiKey, apiKeyFromAuthorizer, throttle];
const MOCK = { type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } };

describe('token bucket', () => {
  test('burst is the bucket size: rate 50, burst 100 and 300 requests at once → 100 pass', () => {
    const clock = manualClock();
    const table = new BucketTable(clock.now);
    const spec = { key: 'b', rate: 50, burst: 100 };
    let passed = 0;
    for (let i = 0; i < 300; i++) if (table.takeAll([spec]) < 0) passed++;
    expect(passed).toBe(100);
  });

  test('rate is the refill per second, and an idle bucket fills up to its burst only', () => {
    const clock = manualClock();
    const table = new BucketTable(clock.now);
    const spec = { key: 'b', rate: 50, burst: 100 };
    while (table.takeAll([spec]) < 0);
    clock.advance(1000);
    let passed = 0;
    while (table.takeAll([spec]) < 0) passed++;
    expect(passed).toBe(50);
    clock.advance(20);
    expect(table.takeAll([spec])).toBe(-1); // 20 ms at 50 rps is one token
    expect(table.takeAll([spec])).toBe(0);
    clock.advance(3_600_000);
    expect(table.available(spec)).toBe(100);
  });

  test('a burst of 0 refuses every request (AWS: a 0 limit blocks the method)', () => {
    const b = new TokenBucket(1000, 0, 0);
    expect(b.has(0)).toBe(false);
    expect(b.has(60_000)).toBe(false);
  });

  test('several buckets: all or nothing — a refused request takes no token anywhere', () => {
    const clock = manualClock();
    const table = new BucketTable(clock.now);
    const wide = { key: 'wide', rate: 0, burst: 10 };
    const narrow = { key: 'narrow', rate: 0, burst: 2 };
    expect(table.takeAll([wide, narrow])).toBe(-1);
    expect(table.takeAll([wide, narrow])).toBe(-1);
    expect(table.takeAll([wide, narrow])).toBe(1); // the narrow one refuses
    expect(table.available(wide)).toBe(8);
  });

  test('new limits for a bucket in use keep its tokens, up to the new burst', () => {
    const clock = manualClock();
    const table = new BucketTable(clock.now);
    for (let i = 0; i < 3; i++) table.takeAll([{ key: 'b', rate: 0, burst: 10 }]);
    expect(table.available({ key: 'b', rate: 0, burst: 20 })).toBe(7);
    expect(table.available({ key: 'b', rate: 0, burst: 5 })).toBe(5);
  });
});

describe('limits from the configuration', () => {
  test('a throttle needs a rate; a missing burst holds one second of it', () => {
    expect(limitOf(undefined, 10)).toBeUndefined();
    expect(limitOf(2.5, undefined)).toEqual({ rate: 2.5, burst: 3 });
    expect(limitOf(0, 0)).toEqual({ rate: 0, burst: 0 });
  });

  test('method settings keys as the control plane stores them (~1 escapes, with or without the leading slash)', () => {
    expect(splitMethodKey('~1pets~1{id}/GET')).toEqual({ path: 'pets/{id}', method: 'GET' });
    expect(splitMethodKey('pets/{id}/GET')).toEqual({ path: 'pets/{id}', method: 'GET' });
    expect(splitMethodKey('~1/GET')).toEqual({ path: '', method: 'GET' });
    const t = new StageThrottles({
      '*/*': { throttlingRateLimit: 100, throttlingBurstLimit: 200 },
      '~1pets/GET': { throttlingRateLimit: 1, throttlingBurstLimit: 2 },
      'pets/*': { throttlingRateLimit: 3, throttlingBurstLimit: 4 },
      '~1/POST': { throttlingRateLimit: 5, throttlingBurstLimit: 6 },
      'orders/GET': { metricsEnabled: true },
    });
    expect(t.limitFor('/pets', 'GET')).toEqual({ rate: 1, burst: 2 });
    expect(t.limitFor('/pets', 'DELETE')).toEqual({ rate: 3, burst: 4 });
    expect(t.limitFor('/', 'POST')).toEqual({ rate: 5, burst: 6 });
    expect(t.limitFor('/orders', 'GET')).toEqual({ rate: 100, burst: 200 }); // no throttle of its own: the stage default
    expect(new StageThrottles({}).limitFor('/pets', 'GET')).toBeUndefined();
  });

  test('usage plan method throttles are keyed {resourcePath}/{httpMethod}, //GET for the root', () => {
    const stage = { apiId: 'a', stage: 's', throttle: { '/pets/GET': { rateLimit: 1, burstLimit: 1 }, '//GET': { rateLimit: 2, burstLimit: 2 } } };
    expect(planMethodLimit(stage, '/pets', 'GET')).toEqual({ rate: 1, burst: 1 });
    expect(planMethodLimit(stage, '/', 'GET')).toEqual({ rate: 2, burst: 2 });
    expect(planMethodLimit(stage, '/pets', 'POST')).toBeUndefined();
  });
});

describe('the throttle step', () => {
  const snap = snapshot({
    '/open': { GET: { integration: MOCK }, POST: { integration: MOCK } },
    '/keyed': { GET: { apiKeyRequired: true, integration: MOCK }, POST: { apiKeyRequired: true, integration: MOCK } },
  });

  test('stage method settings: rate 50 burst 100, 300 requests at once → 100 pass, 200 get 429 Too Many Requests', async () => {
    const r = rig(snap, { methodSettings: { '*/*': { throttlingRateLimit: 50, throttlingBurstLimit: 100 } } });
    expect(await burst(r, 300, { path: '/open' }, STEPS)).toEqual({ OK: 100, THROTTLED: 200 });
    const ctx = r.ctx({ path: '/open' });
    const err = await runSteps(ctx, ...STEPS);
    expect(rendered(ctx, err!)).toEqual({
      statusCode: 429,
      headers: { 'Content-Type': 'application/json', 'x-amzn-ErrorType': 'TooManyRequestsException' },
      body: '{"message":"Too Many Requests"}',
    });
  });

  test('stage limits are per method: the default applies to each method on its own', async () => {
    const r = rig(snap, { methodSettings: { '*/*': { throttlingRateLimit: 0, throttlingBurstLimit: 3 } } });
    expect(await burst(r, 5, { path: '/open' }, STEPS)).toEqual({ OK: 3, THROTTLED: 2 });
    expect(await burst(r, 5, { path: '/open', method: 'POST' }, STEPS)).toEqual({ OK: 3, THROTTLED: 2 });
  });

  test('a method setting overrides the stage default', async () => {
    const r = rig(snap, {
      methodSettings: { '*/*': { throttlingRateLimit: 0, throttlingBurstLimit: 10 }, '~1open/POST': { throttlingRateLimit: 0, throttlingBurstLimit: 1 } },
    });
    expect(await burst(r, 12, { path: '/open' }, STEPS)).toEqual({ OK: 10, THROTTLED: 2 });
    expect(await burst(r, 3, { path: '/open', method: 'POST' }, STEPS)).toEqual({ OK: 1, THROTTLED: 2 });
  });

  test('the account level (GetAccount throttleSettings) applies to every method and stage of the account', async () => {
    const r = rig(snap);
    r.store.accountSettings.put(SCOPE, { throttleSettings: { rateLimit: 0, burstLimit: 4 }, features: ['UsagePlans'], apiKeyVersion: '4' });
    expect(await burst(r, 3, { path: '/open' }, STEPS)).toEqual({ OK: 3 });
    expect(await burst(r, 3, { path: '/open', method: 'POST' }, STEPS)).toEqual({ OK: 1, THROTTLED: 2 });
  });

  test('the default account limits are 10,000 rps with a burst of 5,000', async () => {
    const r = rig(snap);
    expect(await burst(r, 5001, { path: '/open' }, [route, throttle])).toEqual({ OK: 5000, THROTTLED: 1 });
    r.clock.advance(100); // 1,000 tokens back
    expect(await burst(r, 1001, { path: '/open' }, [route, throttle])).toEqual({ OK: 1000, THROTTLED: 1 });
  });

  describe('usage plans (methods that require an API key)', () => {
    const KEY_A = 'a'.repeat(30);
    const KEY_B = 'b'.repeat(30);
    const withKey = (value: string, method = 'GET') => ({ path: '/keyed', method, headers: { 'x-api-key': value } });

    test('the plan throttle is per API key', async () => {
      const r = rig(snap);
      addKey(r.store, 'keyA', KEY_A);
      addKey(r.store, 'keyB', KEY_B);
      addPlan(r.store, { id: 'plan1', throttle: { rateLimit: 50, burstLimit: 100 } }, ['keyA', 'keyB']);
      expect(await burst(r, 300, withKey(KEY_A), STEPS)).toEqual({ OK: 100, THROTTLED: 200 });
      expect(await burst(r, 150, withKey(KEY_B), STEPS)).toEqual({ OK: 100, THROTTLED: 50 });
      r.clock.advance(100); // 5 tokens each
      expect(await burst(r, 10, withKey(KEY_A), STEPS)).toEqual({ OK: 5, THROTTLED: 5 });
    });

    test('the plan throttle is shared by every method and every stage of the plan', async () => {
      const r = rig(snap);
      addKey(r.store, 'keyA', KEY_A);
      addPlan(
        r.store,
        { id: 'plan1', throttle: { rateLimit: 0, burstLimit: 4 }, apiStages: [{ apiId: 'api0000000', stage: 'dev' }, { apiId: 'other00000', stage: 'prod' }] },
        ['keyA'],
      );
      expect(await burst(r, 3, withKey(KEY_A), STEPS)).toEqual({ OK: 3 });
      expect(await burst(r, 3, withKey(KEY_A, 'POST'), STEPS)).toEqual({ OK: 1, THROTTLED: 2 });
      const plan = r.store.usagePlans.get(SCOPE, 'plan1')!;
      const key = { keyId: 'keyA', keyValue: KEY_A, plan, apiStage: plan.apiStages[1], buckets: new Map() };
      const other = { ...r.ctx().stage, apiId: 'other00000', stageName: 'prod' };
      const method = r.deployment.router.match('GET', '/keyed')!.method;
      expect(r.traffic.throttle(other, method, key)?.level).toBe('usage plan');
    });

    test('a per-method throttle in the plan narrows one method; the plan throttle still counts it', async () => {
      const r = rig(snap);
      addKey(r.store, 'keyA', KEY_A);
      addPlan(
        r.store,
        {
          id: 'plan1',
          throttle: { rateLimit: 0, burstLimit: 10 },
          apiStages: [{ apiId: 'api0000000', stage: 'dev', throttle: { '/keyed/POST': { rateLimit: 0, burstLimit: 2 } } }],
        },
        ['keyA'],
      );
      expect(await burst(r, 4, withKey(KEY_A, 'POST'), STEPS)).toEqual({ OK: 2, THROTTLED: 2 });
      expect(await burst(r, 10, withKey(KEY_A), STEPS)).toEqual({ OK: 8, THROTTLED: 2 });
    });

    test('the most restrictive level wins: a stage limit below the plan limit', async () => {
      const r = rig(snap, { methodSettings: { '*/*': { throttlingRateLimit: 0, throttlingBurstLimit: 3 } } });
      addKey(r.store, 'keyA', KEY_A);
      addPlan(r.store, { id: 'plan1', throttle: { rateLimit: 1000, burstLimit: 1000 } }, ['keyA']);
      expect(await burst(r, 5, withKey(KEY_A), STEPS)).toEqual({ OK: 3, THROTTLED: 2 });
    });

    test('a method that does not require a key bypasses the usage plan throttle, whatever key it carries', async () => {
      const r = rig(snap);
      addKey(r.store, 'keyA', KEY_A);
      addPlan(r.store, { id: 'plan1', throttle: { rateLimit: 0, burstLimit: 1 } }, ['keyA']);
      expect(await burst(r, 5, { path: '/open', headers: { 'x-api-key': KEY_A } }, STEPS)).toEqual({ OK: 5 });
    });

    test('a customized THROTTLED gateway response is what the client gets', async () => {
      const custom = snapshot(
        { '/keyed': { GET: { apiKeyRequired: true, integration: MOCK } } },
      );
      custom.gatewayResponses = [
        { responseType: 'THROTTLED', statusCode: '503', responseParameters: {}, responseTemplates: { 'application/json': '{"slowDown":$context.error.messageString}' }, defaultResponse: false },
      ];
      const r = rig(custom);
      addKey(r.store, 'keyA', KEY_A);
      addPlan(r.store, { id: 'plan1', throttle: { rateLimit: 0, burstLimit: 0 } }, ['keyA']);
      const ctx = r.ctx(withKey(KEY_A));
      const err = await runSteps(ctx, ...STEPS);
      expect(err?.type).toBe('THROTTLED');
      expect(rendered(ctx, err!)).toMatchObject({ statusCode: 503, body: '{"slowDown":"Too Many Requests"}' });
    });
  });
});
