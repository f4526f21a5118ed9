/**
 * @module control/stages
 * CreateStage, GetStage, GetStages, UpdateStage, DeleteStage.
 *
 * Emulated: AWS's defaults and messages (recorded AWS answers: 409 "Stage
 * already exists", 404 "Invalid Stage identifier specified", 400
 * "Deployment id does not exist" for a canary on an unknown deployment),
 * GetStages' `deploymentId` filter (not paged, under `item`), tags kept under
 * the stage ARN and shown when there are any, every UpdateStage path AWS
 * documents (see stage-patch), and a `stageChanged` event after each write so
 * the data plane drops what it compiled for the stage.
 * `documentationVersion` must name a documentation version of the API (404
 * "Invalid Documentation version specified").
 * Not yet: the stages-per-API quota; checking `clientCertificateId` and
 * `webAclArn` against their resources.
 */
import { ConflictException, NotFoundException } from '../aws/errors';
import type { HandlerTable, Input, OperationContext } from './context';
import { nowSeconds, requireDeployment, requireRestApi, requireStage } from './lookups';
import { applyStagePatch } from './stage-patch';
import { refuseDeleteWhileMapped } from './base-path-mappings';
import {
  checkStageName,
  checkVariables,
  makeCanary,
  makeStage,
  presentStage,
  requireCanaryDeployment,
  stageArn,
} from './stage-rules';
import type { Stage } from '../model';
import { removeApiFromUsagePlans } from './usage-plan-rules';
import { requireDocumentationVersion } from './documentation-versions';

function createStage(input: Input, ctx: OperationContext): Stage {
  const restApiId: string = input.restApiId;
  requireRestApi(ctx, restApiId);
  const stageName = checkStageName(input.stageName);
  if (typeof input.deploymentId !== 'string' || input.deploymentId === '') {
    throw new NotFoundException('Invalid Deployment identifier specified');
  }
  requireDeployment(ctx, restApiId, input.deploymentId);
  if (ctx.store.stages.exists(ctx.scope, restApiId, stageName)) throw new ConflictException('Stage already exists');
  const canaryInput = input.canarySettings;
  const canary = canaryInput
    ? makeCanary(requireCanaryDeployment(ctx, restApiId, canaryInput.deploymentId ?? input.deploymentId), canaryInput)
    : undefined;
  if (input.documentationVersion) requireDocumentationVersion(ctx, restApiId, input.documentationVersion);
  return makeStage({
    stageName,
    deploymentId: input.deploymentId,
    description: input.description,
    variables: checkVariables(input.variables),
    cacheClusterEnabled: input.cacheClusterEnabled,
    cacheClusterSize: input.cacheClusterSize,
    tracingEnabled: input.tracingEnabled,
    documentationVersion: input.documentationVersion,
    canarySettings: canary,
    now: nowSeconds(),
  });
}

export const stageHandlers: HandlerTable = {
  CreateStage(input: Input, ctx) {
    const restApiId: string = input.restApiId;
    const stage = ctx.store.transaction(() => {
      const s = createStage(input, ctx);
      ctx.store.stages.insert(ctx.scope, restApiId, s);
      const tags: Record<string, string> = input.tags ?? {};
      if (Object.keys(tags).length) ctx.store.tags.set(ctx.scope, stageArn(ctx.scope.region, restApiId, s.stageName), tags);
      return s;
    });
    ctx.events.stageChanged(ctx.scope, restApiId, stage.stageName);
    return presentStage(ctx, restApiId, stage);
  },

  GetStage(input: Input, ctx) {
    return presentStage(ctx, input.restApiId, requireStage(ctx, input.restApiId, input.stageName));
  },

  GetStages(input: Input, ctx) {
    const restApiId: string = input.restApiId;
    requireRestApi(ctx, restApiId);
    const stages =
      input.deploymentId !== undefined
        ? ctx.store.stages.usingDeployment(ctx.scope, restApiId, input.deploymentId)
        : ctx.store.stages.all(ctx.scope, restApiId);
    return { item: stages.map((s) => presentStage(ctx, restApiId, s)) };
  },

  UpdateStage(input: Input, ctx) {
    const restApiId: string = input.restApiId;
    const updated = ctx.store.transaction(() => {
      const stage = requireStage(ctx, restApiId, input.stageName);
      const next = applyStagePatch(stage, input.patchOperations);
      // A rollback or a canary may only point at a deployment that exists.
      if (next.deploymentId !== stage.deploymentId) requireCanaryDeployment(ctx, restApiId, next.deploymentId);
      const canaryTarget = next.canarySettings?.deploymentId;
      if (canaryTarget !== undefined && canaryTarget !== stage.canarySettings?.deploymentId) {
        requireCanaryDeployment(ctx, restApiId, canaryTarget);
      }
      if (next.documentationVersion && next.documentationVersion !== stage.documentationVersion) {
        requireDocumentationVersion(ctx, restApiId, next.documentationVersion);
      }
      next.lastUpdatedDate = nowSeconds();
      ctx.store.stages.update(ctx.scope, restApiId, next);
      return next;
    });
    ctx.events.stageChanged(ctx.scope, restApiId, updated.stageName);
    return presentStage(ctx, restApiId, updated);
  },

  DeleteStage(input: Input, ctx) {
    const restApiId: string = input.restApiId;
    ctx.store.transaction(() => {
      const stage = requireStage(ctx, restApiId, input.stageName);
      refuseDeleteWhileMapped(ctx, restApiId, stage.stageName);
      ctx.store.stages.delete(ctx.scope, restApiId, stage.stageName);
      ctx.store.tags.deleteUnder(ctx.scope, stageArn(ctx.scope.region, restApiId, stage.stageName));
      removeApiFromUsagePlans(ctx, restApiId, stage.stageName);
    });
    ctx.events.stageChanged(ctx.scope, restApiId, input.stageName);
    return undefined;
  },
};
