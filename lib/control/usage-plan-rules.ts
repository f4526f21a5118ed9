/**
 * @module control/usage-plan-rules
 * What every usage plan operation shares: the lookups with AWS's NotFound
 * messages, the checks on names, throttles, quotas and API stages, the wire
 * form (tags on the way out), and removing a deleted API or stage from the
 * plans that name it (AWS drops the association with the stage: recreating
 * a stage disconnects it from its usage plans, hashicorp/terraform-provider-aws#14100).
 *
 * Recorded AWS answers and reports used here: unknown plan "Invalid Usage
 * Plan ID specified"; an API stage with an empty apiId or stage, or a stage
 * the API does not have, is AWS's 400 with the literal `%s` placeholders
 * (aws/aws-sdk#354, aws/aws-cdk#6169); an unknown API is 404 "Invalid API
 * identifier specified {account}:{apiId}" (aws/aws-cdk#12731); stage
 * throttles need a plan throttle (aws/aws-cdk#6411); quota offset defaults to 0.
 * Not verified against AWS (our wording): the name, throttle and quota
 * value messages.
 */
import { BadRequestException, NotFoundException } from '../aws/errors';
import { apiGatewayArn } from '../aws/arn';
import type { OperationContext } from './context';
import type { ApiStage, QuotaSettings, ThrottleSettings, UsagePlan } from '../model';

export const QUOTA_PERIODS = ['DAY', 'WEEK', 'MONTH'];
/** The highest quota offset per period (the day the period starts: WEEK 0–6, MONTH 0–27). */
const MAX_OFFSET: Record<string, number> = { DAY: 0, WEEK: 6, MONTH: 27 };
const METHOD_KEY = /^\/.*\/(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS|ANY|\*)$/;

export function usagePlanArn(region: string, id: string): string {
  return apiGatewayArn(region, `/usageplans/${id}`);
}

export function requireUsagePlan(ctx: OperationContext, id: unknown): UsagePlan {
  const plan = typeof id === 'string' && id !== '' ? ctx.store.usagePlans.get(ctx.scope, id) : undefined;
  if (!plan) throw new NotFoundException('Invalid Usage Plan ID specified');
  return plan;
}

/** The wire form: tags shown when there are any, or always (GetUsagePlan, UpdateUsagePlan answer `tags: {}`). */
export function presentUsagePlan(ctx: OperationContext, plan: UsagePlan, opts: { alwaysTags?: boolean } = {}): UsagePlan {
  const tags = ctx.store.tags.get(ctx.scope, usagePlanArn(ctx.scope.region, plan.id));
  const out: UsagePlan = { ...plan };
  if (Object.keys(tags).length || opts.alwaysTags) out.tags = tags;
  return out;
}

export function checkPlanName(name: unknown): string {
  if (typeof name !== 'string' || name.trim() === '') throw new BadRequestException('Usage Plan name must be non-empty');
  return name;
}

export function checkThrottle(t: ThrottleSettings, where = 'throttle'): ThrottleSettings {
  const out: ThrottleSettings = {};
  if (t.burstLimit !== undefined) {
    if (!Number.isInteger(t.burstLimit) || t.burstLimit < 0) {
      throw new BadRequestException(`Invalid ${where} burst limit: ${t.burstLimit}. Must be a non-negative integer`);
    }
    out.burstLimit = t.burstLimit;
  }
  if (t.rateLimit !== undefined) {
    if (!Number.isFinite(t.rateLimit) || t.rateLimit < 0) {
      throw new BadRequestException(`Invalid ${where} rate limit: ${t.rateLimit}. Must be a non-negative number`);
    }
    out.rateLimit = t.rateLimit;
  }
  return out;
}

/** A complete quota (limit and period required; offset defaults to 0, as AWS answers it). */
export function checkQuota(q: QuotaSettings): QuotaSettings {
  if (q.limit === undefined || !Number.isInteger(q.limit) || q.limit < 0) {
    throw new BadRequestException(`Invalid quota limit: ${q.limit}. Must be a non-negative integer`);
  }
  if (typeof q.period !== 'string' || !QUOTA_PERIODS.includes(q.period)) {
    throw new BadRequestException(`Invalid quota period: ${q.period}. Must be one of: [${QUOTA_PERIODS.join(', ')}]`);
  }
  const offset = q.offset ?? 0;
  if (!Number.isInteger(offset) || offset < 0 || offset > MAX_OFFSET[q.period]) {
    throw new BadRequestException(
      `Invalid quota offset: ${offset}. Must be between 0 and ${MAX_OFFSET[q.period]} for the ${q.period} period`,
    );
  }
  return { limit: q.limit, offset, period: q.period };
}

/** AWS's message for an API stage it cannot use, placeholders and all (aws/aws-sdk#354). */
export const INVALID_API_STAGE = 'Invalid API Stage {api: %s, stage: %s} specified for usageplan %s';

/** Checks that the API and its stage exist, with AWS's messages for CreateUsagePlan. */
export function requireApiStageForCreate(ctx: OperationContext, apiId: unknown, stage: unknown): void {
  if (typeof apiId !== 'string' || apiId === '' || typeof stage !== 'string' || stage === '') {
    throw new BadRequestException(INVALID_API_STAGE);
  }
  if (!ctx.store.restApis.exists(ctx.scope, apiId)) {
    throw new NotFoundException(`Invalid API identifier specified ${ctx.scope.account}:${apiId}`);
  }
  if (!ctx.store.stages.exists(ctx.scope, apiId, stage)) throw new BadRequestException(INVALID_API_STAGE);
}

export function checkStageThrottle(throttle: Record<string, ThrottleSettings> | undefined): Record<string, ThrottleSettings> | undefined {
  if (!throttle || Object.keys(throttle).length === 0) return undefined;
  const out: Record<string, ThrottleSettings> = {};
  for (const [key, t] of Object.entries(throttle)) {
    checkMethodKey(key);
    out[key] = checkThrottle(t ?? {}, `throttle for ${key}`);
  }
  return out;
}

/** A per-method throttle key is `{resourcePath}/{httpMethod}`, e.g. `/pets/GET` or `//GET` for the root. */
export function checkMethodKey(key: string): void {
  if (!METHOD_KEY.test(key)) {
    throw new BadRequestException(`Invalid method throttle key: ${key}. Must be of the form {resourcePath}/{httpMethod}`);
  }
}

/** Stage throttles need a plan-level throttle (recorded AWS message, aws/aws-cdk#6411). */
export function checkFineGrainThrottle(plan: UsagePlan): void {
  if (plan.throttle) return;
  if (plan.apiStages.some((s) => s.throttle && Object.keys(s.throttle).length)) {
    throw new BadRequestException('Can not define fine grain throttling if usage plan throttle is not defined.');
  }
}

export function stageId(s: ApiStage): string {
  return `${s.apiId}:${s.stage}`;
}

/**
 * Removes an API (every stage, or one stage) from the usage plans that name
 * it, as AWS does when the API or stage is deleted. Runs inside the caller's
 * transaction.
 */
export function removeApiFromUsagePlans(ctx: OperationContext, restApiId: string, stageName?: string): void {
  for (const plan of ctx.store.usagePlans.all(ctx.scope)) {
    const kept = plan.apiStages.filter((s) => s.apiId !== restApiId || (stageName !== undefined && s.stage !== stageName));
    if (kept.length !== plan.apiStages.length) ctx.store.usagePlans.update(ctx.scope, { ...plan, apiStages: kept });
  }
}
