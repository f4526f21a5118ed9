/**
 * @module dataplane/traffic/limits
 * Which throttle applies where, read once from the configuration:
 * - a stage's `methodSettings` (`throttlingRateLimit`/`throttlingBurstLimit`):
 *   the entry for the method (`{resourcePath}/{httpMethod}`, the path written
 *   with or without its leading `/` and `~1` escapes, `*` for any method),
 *   else the stage default (the `*` `/` `*` entry). Each method gets its own bucket: the
 *   Developer Guide applies stage limits "at the API method level";
 * - a usage plan's per-method throttle for an API stage
 *   (`apiStages[].throttle`, keyed `/pets/GET`, `//GET` for the root).
 *
 * A throttle needs its rate: without `rateLimit` there is no bucket; without
 * `burstLimit` the bucket holds one second's worth of the rate (at least 1).
 * A burst of 0 refuses every request, as on AWS.
 */
import type { ApiStage, MethodSetting, ThrottleSettings } from '../../model';
import type { ThrottleLimit } from './token-bucket';

/** A limit from a rate and a burst as configured (undefined when there is no rate). */
export function limitOf(rate: number | undefined, burst: number | undefined): ThrottleLimit | undefined {
  if (rate === undefined || rate === null || !Number.isFinite(rate) || rate < 0) return undefined;
  const b = burst === undefined || burst === null || !Number.isFinite(burst) || burst < 0 ? Math.max(1, Math.ceil(rate)) : burst;
  return { rate, burst: b };
}

export function throttleLimit(t: ThrottleSettings | undefined): ThrottleLimit | undefined {
  return t ? limitOf(t.rateLimit, t.burstLimit) : undefined;
}

/** `~1pets~1{id}/GET`, `/pets/{id}/GET`, `pets/{id}/GET` → `pets/{id}` and `GET` (the root's path is ''). */
export function splitMethodKey(key: string): { path: string; method: string } | undefined {
  const decoded = key.replace(/~1/g, '/').replace(/~0/g, '~');
  const cut = decoded.lastIndexOf('/');
  if (cut < 0) return undefined;
  return { path: normalizePath(decoded.slice(0, cut)), method: decoded.slice(cut + 1).toUpperCase() };
}

/** A resource path without its leading slashes: `/pets` → `pets`, `/` → ''. */
export function normalizePath(path: string): string {
  let i = 0;
  while (i < path.length && path[i] === '/') i++;
  return path.slice(i);
}

/** A stage's throttles by method, compiled from its `methodSettings`. */
export class StageThrottles {
  private readonly byMethod = new Map<string, ThrottleLimit>();
  private readonly stageDefault?: ThrottleLimit;

  constructor(methodSettings: Record<string, MethodSetting> | undefined) {
    for (const [key, s] of Object.entries(methodSettings ?? {})) {
      const limit = limitOf(s.throttlingRateLimit, s.throttlingBurstLimit);
      if (!limit) continue;
      if (key === '*/*') {
        this.stageDefault = limit;
        continue;
      }
      const k = splitMethodKey(key);
      if (k) this.byMethod.set(k.path + ' ' + k.method, limit);
    }
  }

  /** The throttle for a method of this stage: its own setting, else the path's `*` method, else the stage default. */
  limitFor(resourcePath: string, httpMethod: string): ThrottleLimit | undefined {
    const path = normalizePath(resourcePath);
    return this.byMethod.get(path + ' ' + httpMethod.toUpperCase()) ?? this.byMethod.get(path + ' *') ?? this.stageDefault;
  }
}

/** A usage plan's per-method throttle for one of its API stages (`/pets/GET`, then `/pets/*`). */
export function planMethodLimit(apiStage: ApiStage, resourcePath: string, httpMethod: string): ThrottleLimit | undefined {
  const t = apiStage.throttle;
  if (!t) return undefined;
  const base = resourcePath === '/' ? '/' : resourcePath;
  return throttleLimit(t[`${base}/${httpMethod.toUpperCase()}`]) ?? throttleLimit(t[`${base}/*`]);
}
