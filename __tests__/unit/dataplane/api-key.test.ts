/**
 * API keys on the data plane: a method with `apiKeyRequired` admits a request
 * only with an enabled key that is in a usage plan with this API stage;
 * every other case is AWS's 403 `{"message":"Forbidden"}` with
 * x-amzn-ErrorType ForbiddenException (INVALID_API_KEY; "Choose an API key
 * source": otherwise "the caller receives a 403 Forbidden response"; the
 * "Test usage plans" page: a missing or incorrect key is 403 Forbidden).
 * The key comes from `x-api-key` (apiKeySource HEADER) or from the Lambda
 * authorizer's `usageIdentifierKey` (AUTHORIZER), and fills
 * `$context.identity.apiKey` / `apiKeyId`.
 */
import { route } from '../../../lib/dataplane/steps/route';
import { apiKey, apiKeyFromAuthorizer } from '../../../lib/dataplane/steps/api-key';
import { throttle } from '../../../lib/dataplane/steps/throttle';
import { PIPELINE } from '../../../lib/dataplane/pipeline';
import { snapshot } from './helpers';
import { addKey, addPlan, closeRigs, rendered, rig, runSteps, SCOPE, type Rig } from './traffic-fixtures';

afterEach(closeRigs);

const STEPS = [route, apiKey, apiKeyFromAuthorizer, throttle];
const MOCK = { type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } };
const GOOD = 'good-key-0123456789abcdef';
const snap = snapshot({
  '/keyed': { GET: { apiKeyRequired: true, integration: MOCK } },
  '/open': { GET: { integration: MOCK } },
});

function planned(r: Rig): void {
  addKey(r.store, 'goodkey001', GOOD);
  addKey(r.store, 'offkey0001', 'disabled-key-0123456789', false);
  addKey(r.store, 'lonely0001', 'no-plan-key-0123456789');
  addKey(r.store, 'elsewhere1', 'other-stage-key-0123456789');
  addPlan(r.store, { id: 'plan01' }, ['goodkey001', 'offkey0001']);
  addPlan(r.store, { id: 'plan02', apiStages: [{ apiId: 'api0000000', stage: 'prod' }] }, ['elsewhere1']);
}

const FORBIDDEN = {
  statusCode: 403,
  headers: { 'Content-Type': 'application/json', 'x-amzn-ErrorType': 'ForbiddenException' },
  body: '{"message":"Forbidden"}',
};

describe('apiKeySource HEADER', () => {
  test.each([
    ['no x-api-key header', undefined],
    ['an empty x-api-key', ''],
    ['an unknown key', 'not-a-key-0123456789abc'],
    ['a disabled key', 'disabled-key-0123456789'],
    ['a key in no usage plan', 'no-plan-key-0123456789'],
    ['a key whose plan has another stage of the API', 'other-stage-key-0123456789'],
  ])('%s: 403 {"message":"Forbidden"} (INVALID_API_KEY)', async (_what, value) => {
    const r = rig(snap);
    planned(r);
    const ctx = r.ctx({ path: '/keyed', headers: value === undefined ? {} : { 'x-api-key': value } });
    const err = await runSteps(ctx, ...STEPS);
    expect(err?.type).toBe('INVALID_API_KEY');
    expect(err?.message).toBe('Forbidden');
    expect(rendered(ctx, err!)).toEqual(FORBIDDEN);
  });

  test('an enabled key in a plan with this stage is admitted and fills $context.identity', async () => {
    const r = rig(snap);
    planned(r);
    const ctx = r.ctx({ path: '/keyed', headers: { 'X-API-Key': GOOD } });
    expect(await runSteps(ctx, ...STEPS)).toBeUndefined();
    expect(ctx.apiKey).toMatchObject({ keyId: 'goodkey001', keyValue: GOOD, plan: { id: 'plan01' } });
    expect(ctx.contextVars().identity).toMatchObject({ apiKey: GOOD, apiKeyId: 'goodkey001' });
  });

  test('a method that does not require a key is not checked, and $context.identity.apiKey stays null', async () => {
    const r = rig(snap);
    planned(r);
    const sent: Record<string, string>[] = [{}, { 'x-api-key': 'not-a-key-0123456789abc' }, { 'x-api-key': GOOD }];
    for (const headers of sent) {
      const ctx = r.ctx({ path: '/open', headers });
      expect(await runSteps(ctx, ...STEPS)).toBeUndefined();
      expect(ctx.contextVars().identity).toMatchObject({ apiKey: null, apiKeyId: null });
    }
  });

  test('a key from an authorizer does not count when the source is HEADER', async () => {
    const r = rig(snap);
    planned(r);
    const ctx = r.ctx({ path: '/keyed' });
    ctx.usageIdentifierKey = GOOD;
    expect((await runSteps(ctx, ...STEPS))?.type).toBe('INVALID_API_KEY');
  });

  test('a customized INVALID_API_KEY gateway response is what the client gets', async () => {
    const custom = snapshot({ '/keyed': { GET: { apiKeyRequired: true, integration: MOCK } } });
    custom.gatewayResponses = [
      {
        responseType: 'INVALID_API_KEY',
        statusCode: '401',
        responseParameters: { 'gatewayresponse.header.WWW-Authenticate': "'ApiKey'" },
        responseTemplates: { 'application/json': '{"error":"$context.error.responseType"}' },
        defaultResponse: false,
      },
    ];
    const r = rig(custom);
    const ctx = r.ctx({ path: '/keyed' });
    const err = await runSteps(ctx, ...STEPS);
    expect(rendered(ctx, err!)).toEqual({
      statusCode: 401,
      headers: { 'Content-Type': 'application/json', 'WWW-Authenticate': 'ApiKey', 'x-amzn-ErrorType': 'ForbiddenException' },
      body: '{"error":"INVALID_API_KEY"}',
    });
  });
});

describe('apiKeySource AUTHORIZER', () => {
  const fromAuthorizer = snapshot({ '/keyed': { GET: { apiKeyRequired: true, authorizationType: 'CUSTOM', integration: MOCK } } }, { apiKeySource: 'AUTHORIZER' });

  test('the key is the usageIdentifierKey the authorizer returned, checked after the authorizer', async () => {
    const r = rig(fromAuthorizer);
    planned(r);
    const ctx = r.ctx({ path: '/keyed' });
    await runSteps(ctx, route, apiKey); // before the authorizer: nothing to check yet
    expect(ctx.apiKey).toBeUndefined();
    ctx.contextVars(); // an authorizer may have built $context already
    ctx.usageIdentifierKey = GOOD; // what the authorizer returned
    expect(await runSteps(ctx, apiKeyFromAuthorizer, throttle)).toBeUndefined();
    expect(ctx.apiKey?.keyId).toBe('goodkey001');
    expect(ctx.contextVars().identity).toMatchObject({ apiKey: GOOD, apiKeyId: 'goodkey001' });
  });

  test('x-api-key is ignored; no key from the authorizer is 403 Forbidden', async () => {
    const r = rig(fromAuthorizer);
    planned(r);
    const ctx = r.ctx({ path: '/keyed', headers: { 'x-api-key': GOOD } });
    const err = await runSteps(ctx, ...STEPS);
    expect(err?.type).toBe('INVALID_API_KEY');
    expect(rendered(ctx, err!)).toEqual(FORBIDDEN);
  });

  test('in the pipeline, the authorizer-sourced check comes after the header check and before throttling', () => {
    const names = PIPELINE.map((s) => s.name);
    expect(names.indexOf('api key')).toBeLessThan(names.indexOf('api key (authorizer)'));
    expect(names.indexOf('api key (authorizer)')).toBeLessThan(names.indexOf('throttle/quota'));
  });
});

describe('the key index', () => {
  test('is built once per scope: checking keys reads no SQL', async () => {
    const r = rig(snap);
    planned(r);
    const pages = jest.spyOn(r.store.apiKeys, 'page');
    const plans = jest.spyOn(r.store.usagePlans, 'all');
    for (let i = 0; i < 20; i++) await runSteps(r.ctx({ path: '/keyed', headers: { 'x-api-key': i % 2 ? GOOD : 'nope-0123456789abcdefg' } }), ...STEPS);
    expect(pages).toHaveBeenCalledTimes(1);
    expect(plans).toHaveBeenCalledTimes(1);
  });

  test('usagePlansChanged drops it: a key disabled, moved out of the plan, or added is seen at once', async () => {
    const r = rig(snap);
    planned(r);
    const call = async (value: string) => (await runSteps(r.ctx({ path: '/keyed', headers: { 'x-api-key': value } }), ...STEPS))?.type ?? 'OK';
    expect(await call(GOOD)).toBe('OK');
    r.store.apiKeys.update(SCOPE, { ...r.store.apiKeys.get(SCOPE, 'goodkey001')!, enabled: false });
    r.traffic.usagePlansChanged(SCOPE);
    expect(await call(GOOD)).toBe('INVALID_API_KEY');

    addKey(r.store, 'newkey0001', 'new-key-0123456789abcdef');
    r.store.usagePlans.addKey(SCOPE, 'plan01', { id: 'newkey0001', type: 'API_KEY' });
    r.traffic.usagePlansChanged(SCOPE);
    expect(await call('new-key-0123456789abcdef')).toBe('OK');

    r.store.usagePlans.removeKey(SCOPE, 'plan01', 'newkey0001');
    r.traffic.usagePlansChanged(SCOPE);
    expect(await call('new-key-0123456789abcdef')).toBe('INVALID_API_KEY');
  });

  test('keys and plans of another account or region do not admit', async () => {
    const r = rig(snap);
    const elsewhere = { account: '123456789012', region: 'eu-west-1' };
    r.store.apiKeys.insert(elsewhere, { id: 'euKey00001', value: GOOD, enabled: true, createdDate: 0, lastUpdatedDate: 0, stageKeys: [] });
    r.store.usagePlans.insert(elsewhere, { id: 'euplan', name: 'eu', apiStages: [{ apiId: 'api0000000', stage: 'dev' }] });
    r.store.usagePlans.addKey(elsewhere, 'euplan', { id: 'euKey00001', type: 'API_KEY' });
    expect((await runSteps(r.ctx({ path: '/keyed', headers: { 'x-api-key': GOOD } }), ...STEPS))?.type).toBe('INVALID_API_KEY');
  });
});
