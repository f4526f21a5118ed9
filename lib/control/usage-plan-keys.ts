/**
 * @module control/usage-plan-keys
 * CreateUsagePlanKey (201), GetUsagePlanKey, GetUsagePlanKeys, DeleteUsagePlanKey (202).
 *
 * Emulates (recorded AWS answers): a plan key shows the API key's `id`,
 * `name`, `type: API_KEY` and `value`; GetUsagePlanKeys lists newest first,
 * `name` is a case-sensitive prefix filter, and an unknown plan id answers an
 * empty list rather than 404; deleting the API key drops it from its plans.
 * An API key may not be in two plans that share an API stage (409).
 * Not verified against AWS (our wording): the 409 for a key already in the
 * plan and the 400 for a key type other than API_KEY.
 */
import { BadRequestException, ConflictException, NotFoundException } from '../aws/errors';
import { decodePosition, encodePosition, pageLimit } from '../aws/pagination';
import type { HandlerTable, Input, OperationContext } from './context';
import { requireApiKey } from './api-key-rules';
import { requireUsagePlan, stageId } from './usage-plan-rules';
import type { ApiKey, UsagePlan, UsagePlanKey } from '../model';

export const KEY_TYPES = ['API_KEY'];

export function presentPlanKey(key: ApiKey): UsagePlanKey {
  const out: UsagePlanKey = { id: key.id, type: 'API_KEY', value: key.value };
  if (key.name !== undefined) out.name = key.name;
  return out;
}

/** Adds an API key to a plan, with AWS's conflicts (already in the plan; another plan with a shared stage). */
export function addKeyToPlan(ctx: OperationContext, plan: UsagePlan, key: ApiKey): void {
  if (ctx.store.usagePlans.hasKey(ctx.scope, plan.id, key.id)) throw new ConflictException('Usage Plan Key already exists');
  const stages = new Set(plan.apiStages.map(stageId));
  for (const otherId of ctx.store.usagePlans.plansOfKey(ctx.scope, key.id)) {
    const other = ctx.store.usagePlans.get(ctx.scope, otherId);
    const shared = other?.apiStages.map(stageId).find((s) => stages.has(s));
    if (shared !== undefined) {
      throw new ConflictException(
        `Usage Plan ${plan.id} cannot be added because API Key ${key.id} cannot reference multiple Usage Plans with the same API Stage: ${shared}`,
      );
    }
  }
  ctx.store.usagePlans.addKey(ctx.scope, plan.id, { id: key.id, type: 'API_KEY' });
}

/** The plan and the API key of a plan key, with the NotFound messages AWS gives for each miss. */
export function requirePlanKey(ctx: OperationContext, planId: unknown, keyId: unknown): { plan: UsagePlan; key: ApiKey } {
  const plan = requireUsagePlan(ctx, planId);
  const key = requireApiKey(ctx, keyId);
  if (!ctx.store.usagePlans.hasKey(ctx.scope, plan.id, key.id)) throw new NotFoundException('Invalid Usage Plan ID specified');
  return { plan, key };
}

export const usagePlanKeyHandlers: HandlerTable = {
  CreateUsagePlanKey(input: Input, ctx) {
    return ctx.store.transaction(() => {
      const plan = requireUsagePlan(ctx, input.usagePlanId);
      if (typeof input.keyType !== 'string' || !KEY_TYPES.includes(input.keyType)) {
        throw new BadRequestException(`Invalid key type specified: ${input.keyType}. Must be one of: [${KEY_TYPES.join(', ')}]`);
      }
      const key = requireApiKey(ctx, input.keyId);
      addKeyToPlan(ctx, plan, key);
      ctx.events.usagePlansChanged?.(ctx.scope);
      return presentPlanKey(key);
    });
  },

  GetUsagePlanKey(input: Input, ctx) {
    return presentPlanKey(requirePlanKey(ctx, input.usagePlanId, input.keyId).key);
  },

  GetUsagePlanKeys(input: Input, ctx) {
    const limit = pageLimit(input.limit);
    const decoded = decodePosition(input.position);
    const before = decoded === undefined ? 0 : Number(decoded);
    if (!Number.isInteger(before) || before < 0) throw new BadRequestException('Invalid position parameter');
    const prefix: string | undefined = input.nameQuery;
    const items: UsagePlanKey[] = [];
    let lastRid = 0;
    let position: string | undefined;
    // Recorded AWS answer: an unknown plan id lists nothing (200), it is not a 404.
    const planId = typeof input.usagePlanId === 'string' ? input.usagePlanId : '';
    for (const { rid, row } of ctx.store.usagePlans.keysNewestFirst(ctx.scope, planId, before)) {
      const key = ctx.store.apiKeys.get(ctx.scope, row.id);
      if (!key || (prefix && !(key.name ?? '').startsWith(prefix))) continue;
      if (items.length === limit) {
        position = encodePosition(lastRid);
        break;
      }
      items.push(presentPlanKey(key));
      lastRid = rid;
    }
    return position ? { item: items, position } : { item: items };
  },

  DeleteUsagePlanKey(input: Input, ctx) {
    ctx.store.transaction(() => {
      const plan = requireUsagePlan(ctx, input.usagePlanId);
      const keyId = typeof input.keyId === 'string' ? input.keyId : '';
      if (!ctx.store.usagePlans.removeKey(ctx.scope, plan.id, keyId)) {
        throw new NotFoundException('Invalid API Key identifier specified');
      }
    });
    ctx.events.usagePlansChanged?.(ctx.scope);
    return undefined;
  },
};
