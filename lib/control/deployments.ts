/**
 * @module control/deployments
 * CreateDeployment, GetDeployment, GetDeployments, UpdateDeployment,
 * DeleteDeployment.
 *
 * Emulated: a deployment freezes the API (see snapshot) and is refused for an
 * API without methods or with a method without integration; `stageName`
 * creates the stage or points the existing one at the new deployment;
 * `canarySettings` (with an existing stage) puts a canary on that stage for
 * the new deployment while the stage keeps its own; `embed=apisummary`;
 * deleting a deployment a stage or a stage's canary uses is refused. Messages
 * are AWS's (recorded answers in the canary and deployment tests).
 * Knowingly simplified: on an existing stage, `variables` are merged into the
 * stage's variables and `cacheClusterEnabled`/`cacheClusterSize`/
 * `tracingEnabled` applied when given; `stageDescription` only describes a
 * stage the deployment creates. UpdateDeployment accepts `/description` only.
 */
import { BadRequestException } from '../aws/errors';
import { newDeploymentId } from '../aws/ids';
import { pageByCursor } from '../aws/pagination';
import { PatchEngine, scalarRule } from '../aws/patch';
import type { HandlerTable, Input, OperationContext } from './context';
import { nowSeconds, requireDeployment, requireRestApi } from './lookups';
import { apiSummary, assertDeployable, buildSnapshot } from './snapshot';
import {
  checkCacheClusterSize,
  checkStageName,
  checkVariables,
  makeCanary,
  makeStage,
  setCacheCluster,
} from './stage-rules';
import type { Deployment, Stage } from '../model';

const deploymentPatch = new PatchEngine<Deployment>([scalarRule('/description', 'description')]);

const CANARY_PREFIX = 'Invalid deployment content specified.';

/** Checks the stage side of the request before anything is written; returns the stage to update, if it exists. */
function stageTarget(input: Input, ctx: OperationContext): Stage | undefined {
  const { restApiId, stageName, canarySettings } = input;
  if (canarySettings !== undefined && (stageName === undefined || stageName === '')) {
    throw new BadRequestException(
      `${CANARY_PREFIX}Non null and non empty stageName must be provided for canary deployment. Provided value is ${stageName ?? 'null'}`,
    );
  }
  // An empty stageName creates no stage.
  if (stageName === undefined || stageName === '') return undefined;
  checkStageName(stageName);
  const existing = ctx.store.stages.get(ctx.scope, restApiId, stageName);
  if (canarySettings !== undefined && !existing) {
    throw new BadRequestException(`${CANARY_PREFIX}Stage ${stageName} must already be created before making a canary release deployment`);
  }
  return existing;
}

/** Creates the stage, points it at the deployment, or gives it a canary on the deployment. */
function deployToStage(input: Input, ctx: OperationContext, deploymentId: string, existing: Stage | undefined): void {
  const { restApiId, stageName } = input;
  const variables = checkVariables(input.variables);
  const now = nowSeconds();
  if (!existing) {
    const stage = makeStage({
      stageName,
      deploymentId,
      description: input.stageDescription,
      variables,
      cacheClusterEnabled: input.cacheClusterEnabled,
      cacheClusterSize: input.cacheClusterSize,
      tracingEnabled: input.tracingEnabled,
      now,
    });
    ctx.store.stages.insert(ctx.scope, restApiId, stage);
    return;
  }
  const stage = structuredClone(existing);
  if (input.canarySettings !== undefined) {
    stage.canarySettings = makeCanary(deploymentId, input.canarySettings);
  } else {
    stage.deploymentId = deploymentId;
    if (variables && Object.keys(variables).length) stage.variables = { ...stage.variables, ...variables };
    if (input.cacheClusterSize !== undefined) stage.cacheClusterSize = checkCacheClusterSize(input.cacheClusterSize);
    if (input.cacheClusterEnabled !== undefined) setCacheCluster(stage, input.cacheClusterEnabled);
    if (input.tracingEnabled !== undefined) stage.tracingEnabled = input.tracingEnabled;
  }
  stage.lastUpdatedDate = now;
  ctx.store.stages.update(ctx.scope, restApiId, stage);
}

export const deploymentHandlers: HandlerTable = {
  CreateDeployment(input: Input, ctx) {
    const restApiId: string = input.restApiId;
    const deployment = ctx.store.transaction(() => {
      requireRestApi(ctx, restApiId);
      const existing = stageTarget(input, ctx);
      if (input.cacheClusterSize !== undefined) checkCacheClusterSize(input.cacheClusterSize);
      checkVariables(input.variables);
      const snapshot = buildSnapshot(ctx, restApiId);
      assertDeployable(snapshot);
      const d: Deployment = { id: newDeploymentId(), createdDate: nowSeconds() };
      if (input.description !== undefined && input.description !== '') d.description = input.description;
      ctx.store.deployments.insert(ctx.scope, restApiId, d, snapshot);
      if (input.stageName) deployToStage(input, ctx, d.id, existing);
      return d;
    });
    if (input.stageName) ctx.events.stageChanged(ctx.scope, restApiId, input.stageName);
    return deployment;
  },

  GetDeployment(input: Input, ctx) {
    const d = requireDeployment(ctx, input.restApiId, input.deploymentId);
    const embed: string[] = input.embed ?? [];
    if (!embed.some((e) => e.toLowerCase() === 'apisummary')) return d;
    const snapshot = ctx.store.deployments.snapshot(ctx.scope, input.restApiId, d.id);
    return { ...d, apiSummary: snapshot ? apiSummary(snapshot) : {} };
  },

  GetDeployments(input: Input, ctx) {
    requireRestApi(ctx, input.restApiId);
    return pageByCursor(input, (after, limit) => ctx.store.deployments.page(ctx.scope, input.restApiId, after, limit));
  },

  UpdateDeployment(input: Input, ctx) {
    return ctx.store.transaction(() => {
      const d = requireDeployment(ctx, input.restApiId, input.deploymentId);
      const updated = deploymentPatch.apply(d, input.patchOperations);
      ctx.store.deployments.update(ctx.scope, input.restApiId, updated);
      return updated;
    });
  },

  DeleteDeployment(input: Input, ctx) {
    ctx.store.transaction(() => {
      const d = requireDeployment(ctx, input.restApiId, input.deploymentId);
      const inUse = ctx.store.stages
        .all(ctx.scope, input.restApiId)
        .some((s) => s.deploymentId === d.id || s.canarySettings?.deploymentId === d.id);
      if (inUse) throw new BadRequestException('Active stages pointing to this deployment must be moved or deleted');
      ctx.store.deployments.delete(ctx.scope, input.restApiId, d.id);
    });
    return undefined;
  },
};
