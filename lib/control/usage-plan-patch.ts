/**
 * @module control/usage-plan-patch
 * UpdateUsagePlan's patch paths, as AWS accepts them: `/name`,
 * `/description` (replace), `/productCode` (add, replace, remove),
 * `/throttle/burstLimit`, `/throttle/rateLimit`, `/quota/limit`,
 * `/quota/offset`, `/quota/period` (add, replace), `/throttle` and `/quota`
 * (remove), `/apiStages` (add, remove; value `apiId:stage`), and per-method
 * stage throttles `/apiStages/{apiId:stage}/throttle/{resourcePath}/{httpMethod}/burstLimit|rateLimit`
 * (add, replace) with `/apiStages/{apiId:stage}/throttle[/{resourcePath}/{httpMethod}]` (remove).
 * The method key may be sent as is (`…/throttle//pets/GET/rateLimit`, as
 * Terraform does) or escaped (`~1pets~1GET`).
 *
 * Messages: the remove list and "Invalid API Stage specified" are AWS's
 * (boto/boto3#2629); "API Stage not found: {apiId}:{stage}" for an add
 * (boto/boto3#825); the remove-of-unknown-stage wording as LocalStack
 * records it. The add/replace path lists are our reconstruction.
 */
import { BadRequestException, NotFoundException } from '../aws/errors';
import {
  PatchEngine,
  decodeSegment,
  encodeSegment,
  patchInteger,
  patchNumber,
  scalarRule,
  type PatchMessages,
  type PatchOperation,
  type PatchRule,
} from '../aws/patch';
import type { OperationContext } from './context';
import type { ApiStage, UsagePlan } from '../model';
import {
  checkFineGrainThrottle,
  checkMethodKey,
  checkPlanName,
  checkQuota,
  checkThrottle,
  stageId,
} from './usage-plan-rules';

const STAGE = '/apiStages/<apidId:stageName>';
const PATHS_BY_OP: Record<string, string[]> = {
  add: [
    '/apiStages',
    '/productCode',
    '/throttle/burstLimit',
    '/throttle/rateLimit',
    '/quota/limit',
    '/quota/offset',
    '/quota/period',
    `${STAGE}/throttle/<resourcePath>/<httpMethod>/burstLimit`,
    `${STAGE}/throttle/<resourcePath>/<httpMethod>/rateLimit`,
  ],
  // AWS's list, verbatim (boto/boto3#2629).
  remove: ['/apiStages', '/quota', '/throttle', '/productCode', `${STAGE}/throttle/<resourcePath>/<httpMethod>`, `${STAGE}/throttle`],
  replace: [
    '/name',
    '/description',
    '/productCode',
    '/throttle/burstLimit',
    '/throttle/rateLimit',
    '/quota/limit',
    '/quota/offset',
    '/quota/period',
    `${STAGE}/throttle/<resourcePath>/<httpMethod>/burstLimit`,
    `${STAGE}/throttle/<resourcePath>/<httpMethod>/rateLimit`,
  ],
};

function shown(path: string): string {
  return path.replace(/~1/g, '/').replace(/~0/g, '~');
}

const MESSAGES: PatchMessages = {
  invalidPath: (path, op) => {
    const paths = PATHS_BY_OP[op];
    if (!paths) return 'Invalid patch operation specified. Must be one of: [add, remove, replace]';
    return `Invalid patch path  '${shown(path)}' specified for op '${op}'. Must be one of: [${paths.join(', ')}]`;
  },
  invalidOp: (path, op) => MESSAGES.invalidPath(path, op, []),
};

function stageNotInPlan(plan: UsagePlan, apiId: string, stage: string): NotFoundException {
  return new NotFoundException(`Invalid API Stage {api: ${apiId}, stage: ${stage}} specified for usageplan ${plan.id}`);
}

function findStage(plan: UsagePlan, id: string): ApiStage {
  const s = plan.apiStages.find((x) => stageId(x) === id);
  if (!s) {
    const [apiId, stage] = id.split(':');
    throw stageNotInPlan(plan, apiId, stage ?? '');
  }
  return s;
}

function throttleField(prefix: string, field: 'burstLimit' | 'rateLimit'): PatchRule<UsagePlan> {
  return {
    path: `${prefix}/${field}`,
    ops: ['add', 'replace'],
    get: (plan) => plan.throttle?.[field],
    set: (plan, _p, value, _op, path) => {
      plan.throttle = { ...plan.throttle, [field]: field === 'burstLimit' ? patchInteger(value, path) : patchNumber(value, path) };
    },
  };
}

function quotaField(field: 'limit' | 'offset' | 'period'): PatchRule<UsagePlan> {
  return {
    path: `/quota/${field}`,
    ops: ['add', 'replace'],
    get: (plan) => plan.quota?.[field],
    set: (plan, _p, value, _op, path) => {
      plan.quota = { ...plan.quota, [field]: field === 'period' ? value : patchInteger(value, path) };
    },
  };
}

function stageThrottleField(field: 'burstLimit' | 'rateLimit'): PatchRule<UsagePlan> {
  return {
    path: `/apiStages/{stage}/throttle/{key}/${field}`,
    ops: ['add', 'replace'],
    get: (plan, p) => findStage(plan, p.stage).throttle?.[p.key]?.[field],
    set: (plan, p, value, _op, path) => {
      const s = findStage(plan, p.stage);
      checkMethodKey(p.key);
      const n = field === 'burstLimit' ? patchInteger(value, path) : patchNumber(value, path);
      s.throttle = { ...s.throttle, [p.key]: { ...s.throttle?.[p.key], [field]: n } };
    },
  };
}

const engine = new PatchEngine<UsagePlan>(
  [
    scalarRule('/name', 'name', { parse: (v) => checkPlanName(v) }),
    scalarRule('/description', 'description'),
    scalarRule('/productCode', 'productCode', { ops: ['add', 'remove', 'replace'] }),
    throttleField('/throttle', 'burstLimit'),
    throttleField('/throttle', 'rateLimit'),
    { path: '/throttle', ops: ['remove'], remove: (plan) => delete plan.throttle },
    quotaField('limit'),
    quotaField('offset'),
    quotaField('period'),
    { path: '/quota', ops: ['remove'], remove: (plan) => delete plan.quota },
    stageThrottleField('burstLimit'),
    stageThrottleField('rateLimit'),
    {
      path: '/apiStages/{stage}/throttle/{key}',
      ops: ['remove'],
      remove: (plan, p) => {
        const s = findStage(plan, p.stage);
        if (s.throttle) delete s.throttle[p.key];
        if (s.throttle && Object.keys(s.throttle).length === 0) delete s.throttle;
      },
    },
    { path: '/apiStages/{stage}/throttle', ops: ['remove'], remove: (plan, p) => delete findStage(plan, p.stage).throttle },
  ],
  MESSAGES,
);

/** Escapes the method key of a stage-throttle path into one segment, so `//pets/GET` and `~1pets~1GET` both match. */
function normalizeStageThrottlePath(path: string): string {
  const m = /^\/apiStages\/([^/]+)\/throttle\/(.+)$/.exec(path);
  if (!m) return path;
  let rest = m[2];
  let field = '';
  const f = /\/(burstLimit|rateLimit)$/.exec(rest);
  if (f) {
    field = `/${f[1]}`;
    rest = rest.slice(0, f.index);
  }
  if (rest === '') return path;
  const key = rest.split('/').map(decodeSegment).join('/');
  return `/apiStages/${m[1]}/throttle/${encodeSegment(key)}${field}`;
}

function parseStageValue(value: unknown): { apiId: string; stage: string } {
  if (typeof value !== 'string') throw new BadRequestException('Invalid API Stage specified');
  const parts = value.split(':');
  if (parts.length !== 2 || parts[0] === '' || parts[1] === '') throw new BadRequestException('Invalid API Stage specified');
  return { apiId: parts[0], stage: parts[1] };
}

/** `add` / `remove` on `/apiStages`: the value names the stage, which must exist (add) or be in the plan (remove). */
function applyApiStagesOp(ctx: OperationContext, plan: UsagePlan, op: PatchOperation): UsagePlan {
  const draft = structuredClone(plan);
  if (op.op === 'add') {
    const { apiId, stage } = parseStageValue(op.value);
    if (!ctx.store.restApis.exists(ctx.scope, apiId) || !ctx.store.stages.exists(ctx.scope, apiId, stage)) {
      throw new NotFoundException(`API Stage not found: ${apiId}:${stage}`);
    }
    if (!draft.apiStages.some((s) => s.apiId === apiId && s.stage === stage)) draft.apiStages.push({ apiId, stage });
    return draft;
  }
  if (op.op === 'remove') {
    const { apiId, stage } = parseStageValue(op.value);
    const at = draft.apiStages.findIndex((s) => s.apiId === apiId && s.stage === stage);
    if (at < 0) throw stageNotInPlan(draft, apiId, stage);
    draft.apiStages.splice(at, 1);
    return draft;
  }
  throw new BadRequestException(MESSAGES.invalidPath('/apiStages', (op.op ?? '') as 'add', []));
}

/** Applies the operations in order to a copy of the plan and checks the result; the plan itself is untouched. */
export function applyUsagePlanPatch(ctx: OperationContext, plan: UsagePlan, operations: PatchOperation[] | undefined): UsagePlan {
  let draft = structuredClone(plan);
  if (operations !== undefined && operations !== null && !Array.isArray(operations)) {
    throw new BadRequestException('patchOperations must be a list');
  }
  for (const op of operations ?? []) {
    if (op && typeof op === 'object' && op.path === '/apiStages' && ['add', 'remove', 'replace'].includes(op.op ?? '')) {
      draft = applyApiStagesOp(ctx, draft, op);
    } else {
      const path = op && typeof op === 'object' && typeof op.path === 'string' ? normalizeStageThrottlePath(op.path) : undefined;
      draft = engine.apply(draft, [path === undefined ? op : { ...op, path }]);
    }
  }
  if (draft.throttle) draft.throttle = checkThrottle(draft.throttle);
  if (draft.quota) draft.quota = checkQuota(draft.quota);
  for (const s of draft.apiStages) {
    for (const [key, t] of Object.entries(s.throttle ?? {})) s.throttle![key] = checkThrottle(t, `throttle for ${key}`);
  }
  checkFineGrainThrottle(draft);
  return draft;
}
