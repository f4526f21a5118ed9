/**
 * @module dataplane/stage-cache
 * Compiled stages in memory. A request's (API id, Host region, stage) is
 * looked up in a Map; only on a miss does the store get read — the API's
 * account/region (data-plane requests carry no SigV4, so the id finds it),
 * the stage, the deployment snapshots — and compiled. Compiled deployments
 * are shared by every stage (and canary) pointing at them. `drop` forgets an
 * API's entries (the control plane calls it through `events.stageChanged`
 * after any write that changes what a stage serves; `*` forgets everything).
 *
 * Refusals, all answered 403 `{"message":"Forbidden"}` as AWS does for a
 * stage that does not exist: an unknown API id (on AWS, an unknown
 * `{id}.execute-api` host does not even resolve; we answer like an unknown
 * stage and log the reason), an unknown or undeployed stage, and an API
 * whose `disableExecuteApiEndpoint` is true (read when the stage is loaded,
 * so like AWS it takes effect once a stage changes or the API is redeployed;
 * requests through a custom domain name are not refused, as on AWS — the
 * stage is compiled once and the flag checked per request).
 * Unknown ids and stages are not cached, so a stage created later is found.
 */
import type { Logger } from '../log';
import type { Scope, Store } from '../store';
import type { Stage } from '../model';
import type { DataPlaneTarget } from './context';
import { compileDeployment } from './compile';
import { compileStageLogging } from './logging/stage-logging';
import { stageCacheConfig } from './cache/settings';
import type { CompiledDeployment, CompiledStage, StageVariant } from './types';

export type Resolution =
  | { stage: CompiledStage; refusal?: undefined; executeApiDisabled?: boolean }
  | { stage?: undefined; refusal: string; cacheable?: boolean; executeApiDisabled?: undefined };

export class StageCache {
  private readonly stages = new Map<string, Resolution>();
  private readonly deployments = new Map<string, CompiledDeployment>();

  constructor(
    private readonly store: Store,
    private readonly log: Logger,
  ) {}

  resolve(target: DataPlaneTarget): Resolution {
    const key = target.apiId + '\n' + (target.region ?? '') + '\n' + target.stageName;
    let r = this.stages.get(key);
    if (!r) {
      r = this.load(target);
      if (r.stage || r.cacheable) this.stages.set(key, r);
    }
    // The default endpoint only: custom domain names still reach the stage.
    if (r.executeApiDisabled && target.via !== 'domain') return { refusal: `REST API ${target.apiId} has disableExecuteApiEndpoint set` };
    return r;
  }

  /** Forgets what was compiled for `apiId` ('*' = everything). */
  drop(apiId: string): void {
    if (apiId === '*') {
      this.stages.clear();
      this.deployments.clear();
      return;
    }
    const prefix = apiId + '\n';
    for (const k of this.stages.keys()) if (k.startsWith(prefix)) this.stages.delete(k);
    for (const k of this.deployments.keys()) if (k.startsWith(prefix)) this.deployments.delete(k);
  }

  private load(target: DataPlaneTarget): Resolution {
    const { apiId, stageName } = target;
    let scopes = this.store.restApis.findScopes(apiId);
    if (target.region) scopes = scopes.filter((s) => s.region === target.region);
    if (scopes.length === 0) return { refusal: `no REST API ${apiId}${target.region ? ` in ${target.region}` : ''}` };
    let scope: Scope | undefined;
    let stage: Stage | undefined;
    for (const s of scopes) {
      stage = stageName ? this.store.stages.get(s, apiId, stageName) : undefined;
      if (stage) {
        scope = s;
        break;
      }
    }
    if (!scope || !stage) return { refusal: `REST API ${apiId} has no stage ${JSON.stringify(stageName)}` };
    const api = this.store.restApis.get(scope, apiId);
    if (!stage.deploymentId) return { refusal: `stage ${stageName} of REST API ${apiId} has no deployment` };
    const mainDeployment = this.deployment(scope, apiId, stage.deploymentId);
    if (!mainDeployment) return { refusal: `deployment ${stage.deploymentId} of REST API ${apiId} has no snapshot` };
    const variables = stage.variables ?? {};
    const main: StageVariant = { deployment: mainDeployment, variables, isCanary: false };
    const compiled: CompiledStage = { scope, apiId, stageName, main, methodSettings: stage.methodSettings ?? {}, cache: stageCacheConfig(stage) };
    const canary = stage.canarySettings;
    if (canary) {
      const d = this.deployment(scope, apiId, canary.deploymentId ?? stage.deploymentId);
      if (d) {
        compiled.canary = {
          deployment: d,
          variables: { ...variables, ...(canary.stageVariableOverrides ?? {}) },
          isCanary: true,
          percentTraffic: canary.percentTraffic ?? 0,
        };
      } else {
        this.warn(apiId, `stage ${stageName}: canary deployment ${canary.deploymentId} not found; the canary gets no traffic`);
      }
    }
    compiled.logging = compileStageLogging(apiId, stage, (m) => this.warn(apiId, m));
    return api?.disableExecuteApiEndpoint ? { stage: compiled, executeApiDisabled: true } : { stage: compiled };
  }

  private deployment(scope: Scope, apiId: string, deploymentId: string): CompiledDeployment | undefined {
    const key = `${apiId}\n${scope.account}\n${scope.region}\n${deploymentId}`;
    const hit = this.deployments.get(key);
    if (hit) return hit;
    const snapshot = this.store.deployments.snapshot(scope, apiId, deploymentId);
    if (!snapshot) return undefined;
    const compiled = compileDeployment(deploymentId, snapshot);
    for (const w of compiled.warnings) this.warn(apiId, `deployment ${deploymentId}: ${w}`);
    this.deployments.set(key, compiled);
    return compiled;
  }

  private warn(apiId: string, message: string): void {
    this.log.warn(`data plane: API ${apiId}: ${message}`);
  }
}
