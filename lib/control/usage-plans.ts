/**
 * @module control/usage-plans
 * CreateUsagePlan (201), GetUsagePlan, GetUsagePlans, UpdateUsagePlan,
 * DeleteUsagePlan (202); with the plan-key operations (usage-plan-keys) and
 * GetUsage/UpdateUsage (usage) it makes up `usagePlanHandlers`.
 *
 * Emulates (recorded AWS answers): `apiStages` always present (`[]` when
 * none); `quota.offset` defaulting to 0; `tags` on create only when given, on
 * GetUsagePlan and UpdateUsagePlan always (`{}`), in listings only when
 * there are any; GetUsagePlans' `keyId` filter; API stages checked to exist
 * with AWS's messages; a plan that still has API stages cannot be deleted
 * (400 "Cannot delete Usage Plan … because there are API Stages associated
 * with it, including …", aws/aws-sdk-js#3841). Deleting a plan drops its
 * keys, usage counters and tags.
 * Not yet: checking per-method throttle keys against the API's methods;
 * the usage-plans-per-account quota.
 */
import { BadRequestException } from '../aws/errors';
import { newShortId } from '../aws/ids';
import { pageByCursor, pageOf } from '../aws/pagination';
import type { HandlerTable, Input, OperationContext } from './context';
import { validateTags } from './tags';
import {
  checkFineGrainThrottle,
  checkPlanName,
  checkQuota,
  checkStageThrottle,
  checkThrottle,
  presentUsagePlan,
  requireApiStageForCreate,
  requireUsagePlan,
  stageId,
  usagePlanArn,
} from './usage-plan-rules';
import { applyUsagePlanPatch } from './usage-plan-patch';
import { usagePlanKeyHandlers } from './usage-plan-keys';
import { usageHandlers } from './usage';
import type { ApiStage, UsagePlan } from '../model';

function apiStagesOf(ctx: OperationContext, input: unknown): ApiStage[] {
  if (input === undefined || input === null) return [];
  const out: ApiStage[] = [];
  for (const s of input as ApiStage[]) {
    requireApiStageForCreate(ctx, s?.apiId, s?.stage);
    if (out.some((o) => stageId(o) === stageId(s))) {
      throw new BadRequestException(`Duplicate API Stage ${stageId(s)} specified for the usage plan`);
    }
    const stage: ApiStage = { apiId: s.apiId, stage: s.stage };
    const throttle = checkStageThrottle(s.throttle);
    if (throttle) stage.throttle = throttle;
    out.push(stage);
  }
  return out;
}

const planHandlers: HandlerTable = {
  CreateUsagePlan(input: Input, ctx) {
    const name = checkPlanName(input.name);
    const tags = input.tags === undefined ? {} : validateTags(input.tags);
    return ctx.store.transaction(() => {
      const plan: UsagePlan = { id: newShortId(), name, apiStages: apiStagesOf(ctx, input.apiStages) };
      if (typeof input.description === 'string' && input.description !== '') plan.description = input.description;
      if (input.throttle !== undefined) plan.throttle = checkThrottle(input.throttle);
      if (input.quota !== undefined) plan.quota = checkQuota(input.quota);
      checkFineGrainThrottle(plan);
      ctx.store.usagePlans.insert(ctx.scope, plan);
      if (Object.keys(tags).length) ctx.store.tags.set(ctx.scope, usagePlanArn(ctx.scope.region, plan.id), tags);
      ctx.events.usagePlansChanged?.(ctx.scope);
      return presentUsagePlan(ctx, plan);
    });
  },

  GetUsagePlan(input: Input, ctx) {
    return presentUsagePlan(ctx, requireUsagePlan(ctx, input.usagePlanId), { alwaysTags: true });
  },

  GetUsagePlans(input: Input, ctx) {
    if (typeof input.keyId === 'string' && input.keyId !== '') {
      const plans = ctx.store.usagePlans
        .plansOfKey(ctx.scope, input.keyId)
        .map((id) => ctx.store.usagePlans.get(ctx.scope, id))
        .filter((p): p is UsagePlan => p !== undefined);
      const page = pageOf(plans, (p) => p.id, input);
      return { ...page, item: page.item.map((p) => presentUsagePlan(ctx, p)) };
    }
    return pageByCursor(input, (after, limit) => {
      const page = ctx.store.usagePlans.page(ctx.scope, after, limit);
      return { items: page.items.map((p) => presentUsagePlan(ctx, p)), next: page.next };
    });
  },

  UpdateUsagePlan(input: Input, ctx) {
    return ctx.store.transaction(() => {
      const plan = requireUsagePlan(ctx, input.usagePlanId);
      const updated = applyUsagePlanPatch(ctx, plan, input.patchOperations);
      ctx.store.usagePlans.update(ctx.scope, updated);
      ctx.events.usagePlansChanged?.(ctx.scope);
      return presentUsagePlan(ctx, updated, { alwaysTags: true });
    });
  },

  DeleteUsagePlan(input: Input, ctx) {
    // The data plane's pending counts go in first, so none is written for the plan after its usage is deleted.
    ctx.events.flushUsage?.();
    ctx.store.transaction(() => {
      const plan = requireUsagePlan(ctx, input.usagePlanId);
      if (plan.apiStages.length) {
        throw new BadRequestException(
          `Cannot delete Usage Plan ${plan.id} because there are API Stages associated with it, including ${stageId(plan.apiStages[0])}`,
        );
      }
      ctx.store.usagePlans.delete(ctx.scope, plan.id);
      ctx.store.usage.deleteForPlan(ctx.scope, plan.id);
      ctx.store.tags.deleteUnder(ctx.scope, usagePlanArn(ctx.scope.region, plan.id));
    });
    ctx.events.usagePlansChanged?.(ctx.scope);
    return undefined;
  },
};

export const usagePlanHandlers: HandlerTable = { ...planHandlers, ...usagePlanKeyHandlers, ...usageHandlers };
