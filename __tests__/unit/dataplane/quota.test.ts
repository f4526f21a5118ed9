/**
 * Usage plan quotas on the data plane: the (limit+1)-th request of a period
 * is refused with 429 `{"message":"Limit Exceeded"}` (QUOTA_EXCEEDED,
 * x-amzn-ErrorType LimitExceededException); periods DAY, WEEK and MONTH with
 * their `offset` (the day the period starts; API Reference, QuotaSettings)
 * in UTC, as GetUsage counts them; counts kept in memory and written in
 * batches (no SQL per request), read back on first use so they survive a
 * restart; UpdateUsage's `remaining` is what is enforced.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Store } from '../../../lib/store';
import { route } from '../../../lib/dataplane/steps/route';
import { apiKey, apiKeyFromAuthorizer } from '../../../lib/dataplane/steps/api-key';
import { throttle } from '../../../lib/dataplane/steps/throttle';
import { snapshot } from './helpers';
import { addKey, addPlan, burst, closeRigs, rendered, rig, runSteps, SCOPE, type Rig } from './traffic-fixtures';
import { useControlPlane } from '../../helpers/app';
import type { QuotaSettings, ThrottleSettings } from '../../../lib/model';

afterEach(closeRigs);

const STEPS = [route, apiKey, apiKeyFromAuthorizer, throttle];
const MOCK = { type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } };
const snap = snapshot({ '/keyed': { GET: { apiKeyRequired: true, integration: MOCK } } });
const KEY = 'quota-key-0123456789abcdef';
const call = { path: '/keyed', headers: { 'x-api-key': KEY } };

function withPlan(r: Rig, quota: QuotaSettings, throttle?: ThrottleSettings): Rig {
  addKey(r.store, 'qkey000001', KEY);
  addPlan(r.store, { id: 'qplan1', quota, throttle }, ['qkey000001']);
  return r;
}

describe('the quota step', () => {
  test('the (limit+1)-th request of the day is refused: 429 {"message":"Limit Exceeded"}', async () => {
    const r = withPlan(rig(snap), { limit: 3, offset: 0, period: 'DAY' });
    expect(await burst(r, 3, call, STEPS)).toEqual({ OK: 3 });
    const ctx = r.ctx(call);
    const err = await runSteps(ctx, ...STEPS);
    expect(err?.type).toBe('QUOTA_EXCEEDED');
    expect(rendered(ctx, err!)).toEqual({
      statusCode: 429,
      headers: { 'Content-Type': 'application/json', 'x-amzn-ErrorType': 'LimitExceededException' },
      body: '{"message":"Limit Exceeded"}',
    });
  });

  test('a limit of 0 refuses the first request; a plan without a quota never refuses', async () => {
    const r = withPlan(rig(snap), { limit: 0, offset: 0, period: 'MONTH' });
    expect(await burst(r, 1, call, STEPS)).toEqual({ QUOTA_EXCEEDED: 1 });
    const free = rig(snap);
    addKey(free.store, 'k', KEY);
    addPlan(free.store, { id: 'noquota' }, ['k']);
    expect(await burst(free, 50, call, STEPS)).toEqual({ OK: 50 });
  });

  test('throttled requests do not spend quota, and refused ones take no token', async () => {
    const r = withPlan(rig(snap), { limit: 3, offset: 0, period: 'DAY' }, { rateLimit: 10, burstLimit: 2 });
    expect(await burst(r, 5, call, STEPS)).toEqual({ OK: 2, THROTTLED: 3 });
    r.clock.advance(1000);
    expect(await burst(r, 5, call, STEPS)).toEqual({ OK: 1, QUOTA_EXCEEDED: 4 });
  });

  test('a new period starts afresh: DAY at 00:00 UTC', async () => {
    const r = withPlan(rig(snap, { wallStart: Date.UTC(2026, 10, 21, 23, 59, 59) }), { limit: 2, offset: 0, period: 'DAY' });
    expect(await burst(r, 3, call, STEPS)).toEqual({ OK: 2, QUOTA_EXCEEDED: 1 });
    r.wall.advance(1000);
    expect(await burst(r, 3, call, STEPS)).toEqual({ OK: 2, QUOTA_EXCEEDED: 1 });
  });

  test('WEEK with offset 1 starts on Monday; with offset 0 on Sunday', async () => {
    const sunday = Date.UTC(2026, 10, 22, 12); // 2026-11-22 is a Sunday
    const monday = Date.UTC(2026, 10, 23, 0, 0, 1) - sunday;
    const fromMonday = withPlan(rig(snap, { wallStart: sunday }), { limit: 1, offset: 1, period: 'WEEK' });
    expect(await burst(fromMonday, 2, call, STEPS)).toEqual({ OK: 1, QUOTA_EXCEEDED: 1 });
    fromMonday.wall.advance(monday);
    expect(await burst(fromMonday, 2, call, STEPS)).toEqual({ OK: 1, QUOTA_EXCEEDED: 1 });

    const fromSunday = withPlan(rig(snap, { wallStart: sunday }), { limit: 1, offset: 0, period: 'WEEK' });
    expect(await burst(fromSunday, 1, call, STEPS)).toEqual({ OK: 1 });
    fromSunday.wall.advance(monday);
    expect(await burst(fromSunday, 1, call, STEPS)).toEqual({ QUOTA_EXCEEDED: 1 });
  });

  test('MONTH with offset 14 runs from the 15th to the 14th', async () => {
    const r = withPlan(rig(snap, { wallStart: Date.UTC(2026, 10, 14, 12) }), { limit: 1, offset: 14, period: 'MONTH' });
    expect(await burst(r, 2, call, STEPS)).toEqual({ OK: 1, QUOTA_EXCEEDED: 1 });
    r.wall.advance(86_400_000); // the 15th
    expect(await burst(r, 2, call, STEPS)).toEqual({ OK: 1, QUOTA_EXCEEDED: 1 });
    r.wall.advance(20 * 86_400_000); // December 5th: same period
    expect(await burst(r, 1, call, STEPS)).toEqual({ QUOTA_EXCEEDED: 1 });
  });

  test('counts made earlier in the period (in the store) are honoured, so is what UpdateUsage granted', async () => {
    const r = rig(snap, { wallStart: Date.UTC(2026, 10, 21, 12) });
    withPlan(r, { limit: 10, offset: 0, period: 'WEEK' });
    r.store.usage.addUsed([{ scope: SCOPE, usagePlanId: 'qplan1', keyId: 'qkey000001', day: '2026-11-15', used: 7 }]); // Sunday: this week
    r.store.usage.addUsed([{ scope: SCOPE, usagePlanId: 'qplan1', keyId: 'qkey000001', day: '2026-11-14', used: 9 }]); // last week
    r.store.usage.grant(SCOPE, 'qplan1', 'qkey000001', '2026-11-20', 1);
    expect(await burst(r, 6, call, STEPS)).toEqual({ OK: 4, QUOTA_EXCEEDED: 2 });
  });
});

describe('counting without SQL per request', () => {
  test('counts stay in memory until flushed, then go in one batch per key and day', async () => {
    const r = withPlan(rig(snap), { limit: 1000, offset: 0, period: 'DAY' });
    const addUsed = jest.spyOn(r.store.usage, 'addUsed');
    const totals = jest.spyOn(r.store.usage, 'totals');
    expect(await burst(r, 50, call, STEPS)).toEqual({ OK: 50 });
    expect(addUsed).not.toHaveBeenCalled();
    expect(totals).toHaveBeenCalledTimes(1); // the first use read the period's counts, once
    expect(r.traffic.quotas.pendingRequests).toBe(50);
    r.traffic.flush();
    expect(addUsed).toHaveBeenCalledTimes(1);
    expect(addUsed.mock.calls[0][0]).toEqual([{ scope: SCOPE, usagePlanId: 'qplan1', keyId: 'qkey000001', day: '2026-11-21', used: 50 }]);
    expect(r.store.usage.totals(SCOPE, 'qplan1', 'qkey000001', '2026-11-21', '2026-11-21')).toEqual({ used: 50, granted: 0 });
  });

  test('a batch is written as soon as flushEvery counts are pending', async () => {
    const r = withPlan(rig(snap, { flushEvery: 10 }), { limit: 1000, offset: 0, period: 'DAY' });
    const addUsed = jest.spyOn(r.store.usage, 'addUsed');
    await burst(r, 25, call, STEPS);
    expect(addUsed).toHaveBeenCalledTimes(2);
    expect(r.traffic.quotas.pendingRequests).toBe(5);
  });

  test('pending counts are written by the timer (100 ms)', async () => {
    jest.useFakeTimers();
    try {
      const r = withPlan(rig(snap), { limit: 1000, offset: 0, period: 'DAY' });
      const addUsed = jest.spyOn(r.store.usage, 'addUsed');
      await burst(r, 3, call, STEPS);
      expect(addUsed).not.toHaveBeenCalled();
      jest.advanceTimersByTime(100);
      expect(addUsed).toHaveBeenCalledTimes(1);
      expect(r.traffic.quotas.pendingRequests).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('counts survive a restart', () => {
  let dir: string;
  beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-quota-'))));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('the (limit+1)-th request is refused after a restart too', async () => {
    const file = path.join(dir, 'state.db');
    const first = rig(snap, { store: Store.open(file) });
    withPlan(first, { limit: 5, offset: 0, period: 'DAY' });
    expect(await burst(first, 3, call, STEPS)).toEqual({ OK: 3 });
    closeRigs(); // closing flushes the pending counts

    const second = rig(snap, { store: Store.open(file) });
    expect(await burst(second, 3, call, STEPS)).toEqual({ OK: 2, QUOTA_EXCEEDED: 1 });
    closeRigs();

    const third = rig(snap, { store: Store.open(file) });
    expect(await burst(third, 1, call, STEPS)).toEqual({ QUOTA_EXCEEDED: 1 });
  });
});

describe('with the control plane (GetUsage, UpdateUsage, DeleteApiKey)', () => {
  const cp = useControlPlane();
  const today = new Date().toISOString().slice(0, 10);

  async function setup(limit: number): Promise<{ url: string; planId: string; keyId: string; value: string }> {
    const api = await cp.createApi({ name: 'quota' });
    const res = (await cp.http.post(`/restapis/${api.id}/resources/${api.rootResourceId}`).send({ pathPart: 'q' })).body;
    const m = `/restapis/${api.id}/resources/${res.id}/methods/GET`;
    expect((await cp.http.put(m).send({ authorizationType: 'NONE', apiKeyRequired: true })).status).toBe(201);
    await cp.http.put(`${m}/responses/200`).send({});
    await cp.http.put(`${m}/integration`).send(MOCK);
    await cp.http.put(`${m}/integration/responses/200`).send({ responseTemplates: { 'application/json': '{"ok": true}' } });
    expect((await cp.http.post(`/restapis/${api.id}/deployments`).send({ stageName: 'dev' })).status).toBe(201);
    const key = (await cp.http.post('/apikeys').send({ name: 'k', enabled: true })).body;
    const plan = (
      await cp.http.post('/usageplans').send({ name: 'p', apiStages: [{ apiId: api.id, stage: 'dev' }], quota: { limit, period: 'DAY' } })
    ).body;
    expect((await cp.http.post(`/usageplans/${plan.id}/keys`).send({ keyId: key.id, keyType: 'API_KEY' })).status).toBe(201);
    return { url: `/restapis/${api.id}/dev/_user_request_/q`, planId: plan.id, keyId: key.id, value: key.value };
  }

  const statuses = async (url: string, value: string, n: number): Promise<number[]> => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push((await cp.http.get(url).set('x-api-key', value)).status);
    return out;
  };

  test('GetUsage shows the counts at once; UpdateUsage replace /remaining is what the data plane enforces next', async () => {
    const s = await setup(3);
    expect(await statuses(s.url, s.value, 4)).toEqual([200, 200, 200, 429]);
    const usage = await cp.http.get(`/usageplans/${s.planId}/usage`).query({ startDate: today, endDate: today });
    expect(usage.body.values).toEqual({ [s.keyId]: [[3, 0]] });

    const updated = await cp.http
      .patch(`/usageplans/${s.planId}/keys/${s.keyId}/usage`)
      .send({ patchOperations: [{ op: 'replace', path: '/remaining', value: '2' }] });
    expect(updated.status).toBe(200);
    expect(updated.body.values).toEqual({ [s.keyId]: [[3, 2]] });
    const answers = await statuses(s.url, s.value, 3);
    expect(answers).toEqual([200, 200, 429]);
    const last = await cp.http.get(s.url).set('x-api-key', s.value);
    expect(last.body).toEqual({ message: 'Limit Exceeded' });
  });

  test('requests counted just before DeleteApiKey leave no usage behind', async () => {
    const s = await setup(100);
    expect(await statuses(s.url, s.value, 2)).toEqual([200, 200]);
    expect((await cp.http.delete(`/apikeys/${s.keyId}`)).status).toBe(202);
    // GetUsage writes what the data plane holds: the two counts went in before the key's usage was deleted, not after.
    const usage = await cp.http.get(`/usageplans/${s.planId}/usage`).query({ startDate: today, endDate: today });
    expect(usage.body.values).toEqual({});
  });
});

describe('POST /_apigw/reset', () => {
  test('counts not yet written when the state is reset are dropped, not written into the new state', async () => {
    const r = withPlan(rig(snap), { limit: 10, offset: 0, period: 'DAY' });
    expect(await burst(r, 2, call, STEPS)).toEqual({ OK: 2 });
    r.store.reset(); // what the admin endpoint does, then it announces stageChanged('*')
    r.traffic.stageChanged('*');
    r.traffic.flush();
    expect(r.store.usage.range(SCOPE, 'qplan1', undefined, '2000-01-01', '2100-01-01')).toEqual([]);
  });
});
