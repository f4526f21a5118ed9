/**
 * @module control/stage-patch
 * UpdateStage's patch operations, declared as rules for the shared patch
 * engine, plus the canary promotion AWS does with `copy`.
 *
 * Emulated (recorded AWS answers in the canary and stage tests):
 * - `/description`, `/deploymentId` (a rollback), `/cacheClusterEnabled`,
 *   `/cacheClusterSize`, `/clientCertificateId`, `/documentationVersion`,
 *   `/tracingEnabled`, `/webAclArn`, `/accessLogSettings[/format|/destinationArn]`,
 *   `/variables/{name}`;
 * - `/canarySettings/{percentTraffic|deploymentId|useStageCache}` and
 *   `/canarySettings/stageVariableOverrides/{name}` (a stage without a canary
 *   gets one on the stage's deployment at 0.0%), remove `/canarySettings`;
 * - method settings `/{resourcePath}/{httpMethod}/{group}/{setting}`, keyed
 *   `{resourcePath}/{httpMethod}` as written (`~1pets/GET`, `*\/*`); a new
 *   setting starts from the `*\/*` setting when there is one, else from AWS's
 *   defaults; remove `/{resourcePath}/{httpMethod}` drops one;
 * - `copy` from `/canarySettings/deploymentId` to `/deploymentId` and from
 *   `/canarySettings/stageVariableOverrides` to `/variables` (promotion);
 * - AWS's messages: "Invalid method setting path: … Must be one of: […]",
 *   "Invalid add operation with path: …", "Cannot remove method setting … ".
 * Deployment ids are checked by the caller, which has the store.
 */
import { BadRequestException } from '../aws/errors';
import {
  PatchEngine,
  patchBoolean,
  patchInteger,
  patchNumber,
  scalarRule,
  type PatchMessages,
  type PatchOperation,
  type PatchRule,
} from '../aws/patch';
import {
  checkCacheClusterSize,
  checkPercentTraffic,
  checkVariable,
  defaultMethodSetting,
  setCacheCluster,
} from './stage-rules';
import type { CanarySettings, MethodSetting, Stage } from '../model';

/** The list AWS puts in its invalid-path message, verbatim (its missing commas included). */
const VALID_PATHS =
  '[/deploymentId, /description, /cacheClusterEnabled, /cacheClusterSize, /clientCertificateId, /accessLogSettings, ' +
  '/accessLogSettings/destinationArn, /accessLogSettings/format, /{resourcePath}/{httpMethod}/metrics/enabled, ' +
  '/{resourcePath}/{httpMethod}/logging/dataTrace, /{resourcePath}/{httpMethod}/logging/loglevel, ' +
  '/{resourcePath}/{httpMethod}/throttling/burstLimit/{resourcePath}/{httpMethod}/throttling/rateLimit' +
  '/{resourcePath}/{httpMethod}/caching/ttlInSeconds, /{resourcePath}/{httpMethod}/caching/enabled, ' +
  '/{resourcePath}/{httpMethod}/caching/dataEncrypted, /{resourcePath}/{httpMethod}/caching/requireAuthorizationForCacheControl, ' +
  '/{resourcePath}/{httpMethod}/caching/unauthorizedCacheControlHeaderStrategy, /*/*/metrics/enabled, /*/*/logging/dataTrace, ' +
  '/*/*/logging/loglevel, /*/*/throttling/burstLimit /*/*/throttling/rateLimit /*/*/caching/ttlInSeconds, /*/*/caching/enabled, ' +
  '/*/*/caching/dataEncrypted, /*/*/caching/requireAuthorizationForCacheControl, ' +
  '/*/*/caching/unauthorizedCacheControlHeaderStrategy, /variables/{variable_name}, /tracingEnabled]';

const invalidPath = (path: string): string => `Invalid method setting path: ${path}. Must be one of: ${VALID_PATHS}`;
const cannotRemove = (key: string): string =>
  `Cannot remove method setting ${key} because there is no method setting for this method `;

const STAGE_PATCH_MESSAGES: PatchMessages = {
  invalidPath: (path) => invalidPath(path),
  // AWS reads any two-segment remove as a method-setting key, and a remove-only path as unknown to other ops.
  invalidOp: (path, op, allowed) => {
    if (op === 'remove' && path.split('/').length === 3) return cannotRemove(path.slice(1));
    if (allowed.length === 1 && allowed[0] === 'remove') return invalidPath(path);
    return `Invalid ${op} operation with path: ${path}`;
  },
};

// ---- method settings --------------------------------------------------------------------------

const LOG_LEVELS = ['OFF', 'ERROR', 'INFO'];
const CACHE_CONTROL_STRATEGIES = ['FAIL_WITH_403', 'SUCCEED_WITH_RESPONSE_HEADER', 'SUCCEED_WITHOUT_RESPONSE_HEADER'];

function enumValue(allowed: string[], what: string) {
  return (v: string | undefined): string => {
    if (v === undefined || !allowed.includes(v)) {
      throw new BadRequestException(`Invalid ${what} specified: ${v}. Valid values are ${allowed.join(', ')}`);
    }
    return v;
  };
}

/** `{group}/{setting}` → the MethodSetting field and its value parser. */
const SETTINGS: Record<string, { field: keyof MethodSetting; parse: (v: string | undefined, path: string) => MethodSetting[keyof MethodSetting] }> = {
  'metrics/enabled': { field: 'metricsEnabled', parse: patchBoolean },
  'logging/loglevel': { field: 'loggingLevel', parse: enumValue(LOG_LEVELS, 'logging level') },
  'logging/dataTrace': { field: 'dataTraceEnabled', parse: patchBoolean },
  'throttling/burstLimit': { field: 'throttlingBurstLimit', parse: patchInteger },
  'throttling/rateLimit': { field: 'throttlingRateLimit', parse: patchNumber },
  'caching/enabled': { field: 'cachingEnabled', parse: patchBoolean },
  'caching/ttlInSeconds': {
    field: 'cacheTtlInSeconds',
    parse: (v, p) => {
      const n = patchInteger(v, p);
      if (n < 0 || n > 3600) throw new BadRequestException(`Invalid cache TTL specified: ${n}. Must be between 0 and 3600`);
      return n;
    },
  },
  'caching/dataEncrypted': { field: 'cacheDataEncrypted', parse: patchBoolean },
  'caching/requireAuthorizationForCacheControl': { field: 'requireAuthorizationForCacheControl', parse: patchBoolean },
  'caching/unauthorizedCacheControlHeaderStrategy': {
    field: 'unauthorizedCacheControlHeaderStrategy',
    parse: enumValue(CACHE_CONTROL_STRATEGIES, 'unauthorized cache control header strategy'),
  },
};

/** The field order AWS answers in. */
const SETTING_ORDER: (keyof MethodSetting)[] = [
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
];

function ordered(ms: MethodSetting): MethodSetting {
  const out: Record<string, unknown> = {};
  for (const k of SETTING_ORDER) if (ms[k] !== undefined) out[k] = ms[k];
  return out as MethodSetting;
}

/** `/a/b/...` → `a/b`, the key as the path wrote it (`~1pets/GET`). */
const settingKey = (path: string): string => path.split('/').slice(1, 3).join('/');

const methodSettingRule: PatchRule<Stage> = {
  path: '/{resourcePath}/{httpMethod}/{group}/{setting}',
  ops: ['replace'],
  set: (stage, p, value, _op, path) => {
    const spec = SETTINGS[`${p.group}/${p.setting}`];
    if (!spec) throw new BadRequestException(invalidPath(path));
    const key = settingKey(path);
    const current = stage.methodSettings[key] ?? (key !== '*/*' && stage.methodSettings['*/*'] ? { ...stage.methodSettings['*/*'] } : defaultMethodSetting());
    stage.methodSettings[key] = ordered({ ...current, [spec.field]: spec.parse(value, path) });
  },
};

const methodSettingRemoveRule: PatchRule<Stage> = {
  path: '/{resourcePath}/{httpMethod}',
  ops: ['add', 'replace', 'remove'],
  set: (_stage, _p, _value, _op, path) => {
    throw new BadRequestException(invalidPath(path));
  },
  remove: (stage, _p, path) => {
    const key = settingKey(path);
    if (!stage.methodSettings[key]) throw new BadRequestException(cannotRemove(key));
    delete stage.methodSettings[key];
  },
};

// ---- canary ----------------------------------------------------------------------------------

/** A stage without a canary gets one on its own deployment at 0.0% (recorded AWS answer "update-stage-with-percent"). */
function canaryOf(stage: Stage): CanarySettings {
  if (!stage.canarySettings) stage.canarySettings = { deploymentId: stage.deploymentId, percentTraffic: 0, useStageCache: false };
  return stage.canarySettings;
}

function canaryRule(path: string, set: (c: CanarySettings, value: string | undefined, path: string) => void): PatchRule<Stage> {
  return {
    path,
    ops: ['replace'],
    get: (stage) => (stage.canarySettings as Record<string, unknown> | undefined)?.[path.split('/')[2]],
    set: (stage, _p, value, _op, p) => set(canaryOf(stage), value, p),
  };
}

function variableRule(prefix: string, mapOf: (s: Stage, create: boolean) => Record<string, string> | undefined, tidy: (s: Stage) => void): PatchRule<Stage> {
  return {
    path: `${prefix}/{name}`,
    ops: ['add', 'replace', 'remove'],
    get: (s, p) => mapOf(s, false)?.[p.name],
    set: (s, p, value) => {
      mapOf(s, true)![p.name] = checkVariable(p.name, value);
    },
    remove: (s, p) => {
      const m = mapOf(s, false);
      if (m) delete m[p.name];
      tidy(s);
    },
  };
}

// ---- access log settings ---------------------------------------------------------------------

function accessLogRule(field: 'format' | 'destinationArn'): PatchRule<Stage> {
  return {
    path: `/accessLogSettings/${field}`,
    ops: ['replace', 'remove'],
    get: (s) => s.accessLogSettings?.[field],
    set: (s, _p, value) => {
      s.accessLogSettings = { ...s.accessLogSettings };
      if (value === undefined || value === '') delete s.accessLogSettings[field];
      else s.accessLogSettings[field] = value;
      if (Object.keys(s.accessLogSettings).length === 0) delete s.accessLogSettings;
    },
    remove: (s) => {
      if (s.accessLogSettings) delete s.accessLogSettings[field];
      if (s.accessLogSettings && Object.keys(s.accessLogSettings).length === 0) delete s.accessLogSettings;
    },
  };
}

const stagePatch = new PatchEngine<Stage>(
  [
    scalarRule('/description', 'description'),
    scalarRule('/deploymentId', 'deploymentId', {
      parse: (v) => {
        if (!v) throw new BadRequestException('Deployment id does not exist');
        return v;
      },
    }),
    {
      path: '/cacheClusterEnabled',
      ops: ['replace'],
      get: (s) => s.cacheClusterEnabled,
      set: (s, _p, v, _op, path) => setCacheCluster(s, patchBoolean(v, path)),
    },
    scalarRule('/cacheClusterSize', 'cacheClusterSize', { parse: (v) => checkCacheClusterSize(v) }),
    scalarRule('/clientCertificateId', 'clientCertificateId', { ops: ['replace', 'remove'] }),
    scalarRule('/documentationVersion', 'documentationVersion', { ops: ['replace', 'remove'] }),
    scalarRule('/tracingEnabled', 'tracingEnabled', { parse: (v, p) => patchBoolean(v, p) }),
    scalarRule('/webAclArn', 'webAclArn', { ops: ['replace', 'remove'] }),
    {
      path: '/accessLogSettings',
      ops: ['remove'],
      remove: (s) => {
        delete s.accessLogSettings;
      },
    },
    accessLogRule('format'),
    accessLogRule('destinationArn'),
    variableRule(
      '/variables',
      (s, create) => (create ? (s.variables ??= {}) : s.variables),
      (s) => {
        if (s.variables && Object.keys(s.variables).length === 0) delete s.variables;
      },
    ),
    {
      path: '/canarySettings',
      ops: ['remove'],
      remove: (s) => {
        delete s.canarySettings;
      },
    },
    canaryRule('/canarySettings/percentTraffic', (c, v, p) => {
      c.percentTraffic = checkPercentTraffic(patchNumber(v, p));
    }),
    canaryRule('/canarySettings/deploymentId', (c, v) => {
      if (!v) throw new BadRequestException('Deployment id does not exist');
      c.deploymentId = v;
    }),
    canaryRule('/canarySettings/useStageCache', (c, v, p) => {
      c.useStageCache = patchBoolean(v, p);
    }),
    variableRule(
      '/canarySettings/stageVariableOverrides',
      (s, create) => (create ? (canaryOf(s).stageVariableOverrides ??= {}) : s.canarySettings?.stageVariableOverrides),
      () => undefined,
    ),
    methodSettingRule,
    methodSettingRemoveRule,
  ],
  STAGE_PATCH_MESSAGES,
);

// ---- promotion (copy) ------------------------------------------------------------------------

const COPY_PAIRS: Record<string, string> = {
  '/deploymentId': '/canarySettings/deploymentId',
  '/variables': '/canarySettings/stageVariableOverrides',
};

function promote(stage: Stage, op: PatchOperation): void {
  const path = op.path ?? '';
  const from = op.from ?? '';
  if (COPY_PAIRS[path] === undefined || COPY_PAIRS[path] !== from) {
    throw new BadRequestException(
      `Invalid copy operation with path: ${op.path ?? null} and from ${op.from ?? null}. Valid copy:path are [/deploymentId, /variables] ` +
        'and valid copy:from are [/canarySettings/deploymentId, /canarySettings/stageVariableOverrides]',
    );
  }
  const canary = stage.canarySettings;
  if (!canary) throw new BadRequestException('Promotion not available. Canary does not exist.');
  if (path === '/deploymentId') {
    if (canary.deploymentId) stage.deploymentId = canary.deploymentId;
  } else if (canary.stageVariableOverrides && Object.keys(canary.stageVariableOverrides).length) {
    // Overrides win over, and add to, the stage's variables (recorded AWS answer "update-stage-with-copy-2").
    stage.variables = { ...stage.variables, ...canary.stageVariableOverrides };
  }
}

/** Applies UpdateStage's operations in order to a copy of `stage`; `stage` is untouched. */
export function applyStagePatch(stage: Stage, operations: PatchOperation[] | undefined): Stage {
  let draft = structuredClone(stage);
  if (!Array.isArray(operations)) return stagePatch.apply(draft, operations);
  for (const op of operations) {
    if (op && typeof op === 'object' && op.op === 'copy') promote(draft, op);
    else draft = stagePatch.apply(draft, [op]);
  }
  return draft;
}
