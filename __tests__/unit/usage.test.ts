/**
 * Usage: the quota counters (store), the quota period arithmetic, GetUsage
 * and UpdateUsage. Expected shapes are AWS's API Reference: GetUsage answers
 * `{usagePlanId, startDate, endDate, values: {keyId: [[used, remaining], …]}}`
 * (the wire name is `values`; the SDKs map it to `items`), one pair per day;
 * UpdateUsage replaces `/remaining` and answers the current quota period.
 */
import { useControlPlane, expectAwsError } from '../helpers/app';
import { addDays, parseDay, quotaPeriod, remainingQuota, utcDay } from '../../lib/control/quota-period';

const cp = useControlPlane();
const scope = { account: '000000000000', region: 'us-east-1' };

async function planWithKey(quota?: Record<string, unknown>): Promise<{ planId: string; keyId: string }> {
  const planId = (await cp.http.post('/usageplans').send({ name: 'p', quota }).expect(201)).body.id;
  const keyId = (await cp.http.post('/apikeys').send({ name: 'k' }).expect(201)).body.id;
  await cp.http.post(`/usageplans/${planId}/keys`).send({ keyId, keyType: 'API_KEY' }).expect(201);
  return { planId, keyId };
}

function record(planId: string, keyId: string, day: string, used: number): void {
  cp.app.store.usage.addUsed([{ scope, usagePlanId: planId, keyId, day, used }]);
}

describe('quota periods', () => {
  it('parses only real yyyy-MM-dd days', () => {
    expect(parseDay('2024-02-29')).toBeDefined();
    expect(parseDay('2023-02-29')).toBeUndefined();
    expect(parseDay('2024-2-1')).toBeUndefined();
    expect(parseDay('2024-02-01T00:00:00Z')).toBeUndefined();
    expect(utcDay(new Date(Date.UTC(2024, 0, 31, 23, 59)))).toBe('2024-01-31');
    expect(addDays('2024-02-28', 2)).toBe('2024-03-01');
  });

  it('finds the period of a day: DAY, WEEK from its offset weekday (0 = Sunday), MONTH from offset + 1', () => {
    expect(quotaPeriod({ period: 'DAY' }, '2024-03-06')).toEqual({ start: '2024-03-06', end: '2024-03-06' });
    // 2024-03-06 is a Wednesday.
    expect(quotaPeriod({ period: 'WEEK', offset: 0 }, '2024-03-06')).toEqual({ start: '2024-03-03', end: '2024-03-09' });
    expect(quotaPeriod({ period: 'WEEK', offset: 3 }, '2024-03-06')).toEqual({ start: '2024-03-06', end: '2024-03-12' });
    expect(quotaPeriod({ period: 'MONTH', offset: 0 }, '2024-02-15')).toEqual({ start: '2024-02-01', end: '2024-02-29' });
    expect(quotaPeriod({ period: 'MONTH', offset: 9 }, '2024-03-06')).toEqual({ start: '2024-02-10', end: '2024-03-09' });
  });

  it('never lets the remaining quota go below 0', () => {
    expect(remainingQuota({ limit: 10, period: 'DAY' }, 4, 0)).toBe(6);
    expect(remainingQuota({ limit: 10, period: 'DAY' }, 12, 0)).toBe(0);
    expect(remainingQuota({ limit: 10, period: 'DAY' }, 12, 5)).toBe(3);
  });
});

describe('usage counters (store)', () => {
  it('adds batched increments to the same day row', () => {
    const usage = cp.app.store.usage;
    usage.addUsed([
      { scope, usagePlanId: 'p1', keyId: 'k1', day: '2024-03-01', used: 2 },
      { scope, usagePlanId: 'p1', keyId: 'k1', day: '2024-03-01', used: 3 },
      { scope, usagePlanId: 'p1', keyId: 'k2', day: '2024-03-02', used: 1 },
    ]);
    usage.grant(scope, 'p1', 'k1', '2024-03-01', 4);
    expect(usage.range(scope, 'p1', undefined, '2024-03-01', '2024-03-31')).toEqual([
      { keyId: 'k1', day: '2024-03-01', used: 5, granted: 4 },
      { keyId: 'k2', day: '2024-03-02', used: 1, granted: 0 },
    ]);
    expect(usage.totals(scope, 'p1', 'k1', '2024-03-01', '2024-03-01')).toEqual({ used: 5, granted: 4 });
    expect(usage.range({ ...scope, region: 'eu-west-1' }, 'p1', undefined, '2024-03-01', '2024-03-31')).toEqual([]);
  });
});

describe('GetUsage', () => {
  it('answers [used, remaining] per day for the keys with usage, remaining counted within each DAY period', async () => {
    const { planId, keyId } = await planWithKey({ limit: 10, period: 'DAY' });
    record(planId, keyId, '2024-03-01', 3);
    record(planId, keyId, '2024-03-03', 10);
    const res = await cp.http.get(`/usageplans/${planId}/usage?startDate=2024-03-01&endDate=2024-03-03`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      usagePlanId: planId,
      startDate: '2024-03-01',
      endDate: '2024-03-03',
      values: { [keyId]: [[3, 7], [0, 10], [10, 0]] },
    });
  });

  it('counts a WEEK quota from the start of its period, even before startDate', async () => {
    const { planId, keyId } = await planWithKey({ limit: 100, period: 'WEEK', offset: 0 });
    record(planId, keyId, '2024-03-04', 40); // Monday, same week as the range
    record(planId, keyId, '2024-03-06', 5);
    record(planId, keyId, '2024-03-10', 1); // Sunday: a new week
    const res = await cp.http.get(`/usageplans/${planId}/usage?startDate=2024-03-06&endDate=2024-03-10`);
    expect(res.body.values[keyId]).toEqual([[5, 55], [0, 55], [0, 55], [0, 55], [1, 99]]);
  });

  it('filters by keyId and leaves out keys without usage in the range', async () => {
    const { planId, keyId } = await planWithKey({ limit: 5, period: 'DAY' });
    const other = (await cp.http.post('/apikeys').send({}).expect(201)).body.id;
    await cp.http.post(`/usageplans/${planId}/keys`).send({ keyId: other, keyType: 'API_KEY' }).expect(201);
    record(planId, keyId, '2024-03-01', 1);
    record(planId, other, '2024-02-01', 1);
    const all = await cp.http.get(`/usageplans/${planId}/usage?startDate=2024-03-01&endDate=2024-03-01`);
    expect(Object.keys(all.body.values)).toEqual([keyId]);
    const one = await cp.http.get(`/usageplans/${planId}/usage?startDate=2024-02-01&endDate=2024-02-01&keyId=${other}`);
    expect(one.body.values).toEqual({ [other]: [[1, 4]] });
  });

  it('refuses missing or malformed dates, an end before the start and an unknown plan', async () => {
    const { planId } = await planWithKey();
    const get = (q: string) => cp.http.get(`/usageplans/${planId}/usage?${q}`);
    expectAwsError(await get('endDate=2024-03-01'), 400, 'BadRequestException');
    expectAwsError(await get('startDate=2024-03-01'), 400, 'BadRequestException');
    expectAwsError(await get('startDate=2024-3-1&endDate=2024-03-02'), 400, 'BadRequestException');
    expectAwsError(await get('startDate=2024-03-02&endDate=2024-03-01'), 400, 'BadRequestException');
    expectAwsError(
      await cp.http.get('/usageplans/nope00/usage?startDate=2024-03-01&endDate=2024-03-01'),
      404,
      'NotFoundException',
      'Invalid Usage Plan ID specified',
    );
  });
});

describe('UpdateUsage', () => {
  it('sets what remains of the current period and GetUsage shows it', async () => {
    const { planId, keyId } = await planWithKey({ limit: 100, period: 'DAY' });
    const today = utcDay();
    record(planId, keyId, today, 30);
    const res = await cp.http
      .patch(`/usageplans/${planId}/keys/${keyId}/usage`)
      .send({ patchOperations: [{ op: 'replace', path: '/remaining', value: '50' }] });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ usagePlanId: planId, startDate: today, endDate: today, values: { [keyId]: [[30, 50]] } });
    const usage = await cp.http.get(`/usageplans/${planId}/usage?startDate=${today}&endDate=${today}`);
    expect(usage.body.values).toEqual({ [keyId]: [[30, 50]] });
  });

  it('refuses other paths, negative or non-integer values, a plan without quota and a key not in the plan', async () => {
    const { planId, keyId } = await planWithKey({ limit: 10, period: 'MONTH' });
    const update = (plan: string, key: string, ...patchOperations: Record<string, string>[]) =>
      cp.http.patch(`/usageplans/${plan}/keys/${key}/usage`).send({ patchOperations });
    expectAwsError(await update(planId, keyId, { op: 'replace', path: '/used', value: '1' }), 400, 'BadRequestException', 'Invalid patch path /used');
    expectAwsError(await update(planId, keyId, { op: 'replace', path: '/remaining', value: '-1' }), 400, 'BadRequestException');
    expectAwsError(await update(planId, keyId, { op: 'replace', path: '/remaining', value: 'many' }), 400, 'BadRequestException');
    const noQuota = await planWithKey();
    expectAwsError(await update(noQuota.planId, noQuota.keyId, { op: 'replace', path: '/remaining', value: '1' }), 400, 'BadRequestException');
    expectAwsError(await update(planId, noQuota.keyId, { op: 'replace', path: '/remaining', value: '1' }), 404, 'NotFoundException');
  });
});
