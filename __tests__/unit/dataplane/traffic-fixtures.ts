/**
 * Fixtures for the API key, throttle and quota tests: an in-memory store with
 * API keys and usage plans written the way the control plane stores them, a
 * clock the test moves by hand, a Traffic service on both, and contexts for
 * requests to stage `dev` of API `api0000000` (the helpers' compiled stage)
 * in account 123456789012, us-east-1.
 */
import { Store } from '../../../lib/store';
import type { ApiKey, ApiSnapshot, MethodSetting, UsagePlan } from '../../../lib/model';
import { Traffic } from '../../../lib/dataplane/traffic';
import { GatewayError } from '../../../lib/dataplane/gateway-responses';
import type { InvocationContext } from '../../../lib/dataplane/context';
import { compileDeployment } from '../../../lib/dataplane/compile';
import type { CompiledDeployment } from '../../../lib/dataplane/types';
import { context, silent, type RequestSpec } from './helpers';

export const SCOPE = { account: '123456789012', region: 'us-east-1' };
export const API_ID = 'api0000000';

export interface ManualClock {
  now(): number;
  advance(ms: number): void;
}

/** A clock that only moves when told to. */
export function manualClock(start = 0): ManualClock {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

export function addKey(store: Store, id: string, value: string, enabled = true): ApiKey {
  const key: ApiKey = { id, value, enabled, createdDate: 0, lastUpdatedDate: 0, stageKeys: [] };
  store.apiKeys.insert(SCOPE, key);
  return key;
}

/** A usage plan on `api0000000:dev` (unless `apiStages` says otherwise) holding `keyIds`. */
export function addPlan(store: Store, plan: Partial<UsagePlan> & { id: string }, keyIds: string[]): UsagePlan {
  const full: UsagePlan = { name: plan.id, apiStages: [{ apiId: API_ID, stage: 'dev' }], ...plan };
  store.usagePlans.insert(SCOPE, full);
  for (const id of keyIds) store.usagePlans.addKey(SCOPE, full.id, { id, type: 'API_KEY' });
  return full;
}

export interface Rig {
  store: Store;
  clock: ManualClock;
  wall: ManualClock;
  traffic: Traffic;
  deployment: CompiledDeployment;
  /** A request context on stage dev with the rig's traffic service and the stage's method settings. */
  ctx(spec?: RequestSpec): InvocationContext;
  methodSettings: Record<string, MethodSetting>;
}

const open: Rig[] = [];

/** Closes the stores of the rigs made so far (afterEach). */
export function closeRigs(): void {
  for (const r of open.splice(0)) {
    r.traffic.close();
    r.store.close();
  }
}

/** A store, clocks and a Traffic service for `snap` deployed on stage dev (closed by `closeRigs`). */
export function rig(
  snap: ApiSnapshot,
  opts: { store?: Store; wallStart?: number; methodSettings?: Record<string, MethodSetting>; flushEvery?: number } = {},
): Rig {
  const store = opts.store ?? Store.open(':memory:');
  const clock = manualClock(1000);
  const wall = manualClock(opts.wallStart ?? Date.UTC(2026, 10, 21, 12));
  const traffic = new Traffic(store, silent, { clock: clock.now, quota: { now: wall.now, flushIntervalMs: 100, flushEvery: opts.flushEvery ?? 1000 } });
  const deployment = compileDeployment('dep001', snap);
  const r: Rig = {
    store,
    clock,
    wall,
    traffic,
    deployment,
    methodSettings: opts.methodSettings ?? {},
    ctx(spec = {}) {
      const c = context(deployment, spec);
      (c.stage as { methodSettings?: Record<string, MethodSetting> }).methodSettings = r.methodSettings;
      c.traffic = traffic;
      return c;
    },
  };
  open.push(r);
  return r;
}

/** Runs the steps in order; the GatewayError one threw, or undefined. */
export async function runSteps(ctx: InvocationContext, ...steps: ((c: InvocationContext) => void | Promise<void>)[]): Promise<GatewayError | undefined> {
  try {
    for (const s of steps) await s(ctx);
    return undefined;
  } catch (e) {
    if (e instanceof GatewayError) return e;
    throw e;
  }
}

/** The answer the data plane would write for `err` (status, headers, body), through the deployment's gateway responses. */
export function rendered(ctx: InvocationContext, err: GatewayError): { statusCode: number; headers: Record<string, string>; body: string } {
  return ctx.variant.deployment.gatewayResponses.render(err, {
    context: ctx.contextVars(),
    stageVariables: ctx.stageVariables,
    request: { path: ctx.route?.pathParams ?? {}, querystring: ctx.request.querystring, header: ctx.request.header },
  });
}

/** Counts the outcomes of `n` requests made one after another on the same clock instant. */
export async function burst(r: Rig, n: number, spec: RequestSpec, steps: ((c: InvocationContext) => void | Promise<void>)[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    const err = await runSteps(r.ctx(spec), ...steps);
    const k = err ? err.type : 'OK';
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}
