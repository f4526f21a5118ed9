/**
 * @module control/stage-rules
 * The Stage rules shared by CreateStage, UpdateStage and CreateDeployment
 * (which creates or repoints a stage): name and stage-variable validation,
 * cache cluster sizes, the defaults AWS fills into a new stage, a canary and a
 * method setting, the stage ARN (tags live there) and the wire form.
 *
 * Emulated: AWS's messages (recorded answers: "Invalid stage variable name:
 * x.  Please use names with only word characters.", "Deployment id does not
 * exist"), defaults as GetStage returns them (cacheClusterEnabled false,
 * cacheClusterStatus NOT_AVAILABLE, methodSettings {}, tracingEnabled false;
 * a canary's percentTraffic 0.0 and useStageCache false).
 * Not emulated: the cache cluster's provisioning delay (enabling answers
 * AVAILABLE at once, disabling NOT_AVAILABLE); the stages-per-API quota.
 */
import { BadRequestException } from '../aws/errors';
import { apiGatewayArn } from '../aws/arn';
import type { OperationContext } from './context';
import type { CanarySettings, MethodSetting, Stage } from '../model';

export const CACHE_CLUSTER_SIZES = ['0.5', '1.6', '6.1', '13.5', '28.4', '58.2', '118', '237'];

export function stageArn(region: string, restApiId: string, stageName: string): string {
  return apiGatewayArn(region, `/restapis/${restApiId}/stages/${stageName}`);
}

/** Stage names: letters, digits, hyphens and underscores, at most 128 characters (API Reference, Stage.stageName). */
export function checkStageName(name: unknown): string {
  if (typeof name !== 'string' || !/^[A-Za-z0-9_-]{1,128}$/.test(name)) {
    throw new BadRequestException('Stage name only allows a-zA-Z0-9_-');
  }
  return name;
}

/** Variable names are word characters; values match `[A-Za-z0-9-._~:/?#&=,]+` (and a space, as AWS's message lists it). */
export function checkVariable(name: string, value: unknown): string {
  if (!/^[A-Za-z0-9_]+$/.test(name)) {
    throw new BadRequestException(`Invalid stage variable name: ${name}.  Please use names with only word characters.`);
  }
  if (typeof value !== 'string' || !/^[A-Za-z0-9\-._~:/?#&=, ]{1,512}$/.test(value)) {
    throw new BadRequestException(
      `Invalid stage variable value: ${String(value ?? '')}.  Please use values with alphanumeric characters and the symbols ' ', -', '.', '_', ':', '/', '?', '&', '=', and ','.`,
    );
  }
  return value;
}

export function checkVariables(vars: Record<string, unknown> | undefined): Record<string, string> | undefined {
  if (vars === undefined || vars === null) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(vars)) out[k] = checkVariable(k, v);
  return out;
}

export function checkCacheClusterSize(size: unknown): string {
  if (typeof size !== 'string' || !CACHE_CLUSTER_SIZES.includes(size)) {
    throw new BadRequestException(`Invalid cache cluster size specified: ${String(size)}. Must be one of: [${CACHE_CLUSTER_SIZES.join(', ')}]`);
  }
  return size;
}

export function checkPercentTraffic(p: unknown): number {
  if (typeof p !== 'number' || !Number.isFinite(p) || p < 0 || p > 100) {
    throw new BadRequestException(`Invalid percentTraffic specified: ${String(p)}. Must be between 0.0 and 100.0`);
  }
  return p;
}

/** A canary's deployment must exist; AWS answers 400, not 404 (recorded AWS answer "bad-canary-deployment-id"). */
export function requireCanaryDeployment(ctx: OperationContext, restApiId: string, deploymentId: unknown): string {
  if (typeof deploymentId !== 'string' || !ctx.store.deployments.exists(ctx.scope, restApiId, deploymentId)) {
    throw new BadRequestException('Deployment id does not exist');
  }
  return deploymentId;
}

/** Sets cacheClusterEnabled and the status AWS reports with it (the size defaults to 0.5 GB when first enabled). */
export function setCacheCluster(stage: Stage, enabled: boolean): void {
  stage.cacheClusterEnabled = enabled;
  stage.cacheClusterStatus = enabled ? 'AVAILABLE' : 'NOT_AVAILABLE';
  if (enabled && stage.cacheClusterSize === undefined) stage.cacheClusterSize = '0.5';
}

/** A canary as AWS completes it: percentTraffic 0.0 and useStageCache false unless given; overrides only when given. */
export function makeCanary(deploymentId: string, given: Partial<CanarySettings> = {}): CanarySettings {
  const canary: CanarySettings = {
    deploymentId,
    percentTraffic: given.percentTraffic === undefined ? 0 : checkPercentTraffic(given.percentTraffic),
    useStageCache: given.useStageCache ?? false,
  };
  if (given.stageVariableOverrides !== undefined) canary.stageVariableOverrides = checkVariables(given.stageVariableOverrides) ?? {};
  return canary;
}

/** What AWS fills into a method setting created by setting one of its fields (recorded AWS answers; no loggingLevel). */
export function defaultMethodSetting(): MethodSetting {
  return {
    metricsEnabled: false,
    dataTraceEnabled: false,
    throttlingBurstLimit: 5000,
    throttlingRateLimit: 10000,
    cachingEnabled: false,
    cacheTtlInSeconds: 300,
    cacheDataEncrypted: false,
    requireAuthorizationForCacheControl: true,
    unauthorizedCacheControlHeaderStrategy: 'SUCCEED_WITH_RESPONSE_HEADER',
  };
}

export interface NewStage {
  stageName: string;
  deploymentId: string;
  description?: string;
  variables?: Record<string, string>;
  cacheClusterEnabled?: boolean;
  cacheClusterSize?: string;
  tracingEnabled?: boolean;
  documentationVersion?: string;
  canarySettings?: CanarySettings;
  now: number;
}

export function makeStage(s: NewStage): Stage {
  const stage: Stage = {
    deploymentId: s.deploymentId,
    stageName: s.stageName,
    cacheClusterEnabled: false,
    cacheClusterStatus: 'NOT_AVAILABLE',
    methodSettings: {},
    tracingEnabled: s.tracingEnabled ?? false,
    createdDate: s.now,
    lastUpdatedDate: s.now,
  };
  if (s.description !== undefined && s.description !== '') stage.description = s.description;
  if (s.cacheClusterSize !== undefined) stage.cacheClusterSize = checkCacheClusterSize(s.cacheClusterSize);
  if (s.cacheClusterEnabled) setCacheCluster(stage, true);
  if (s.variables && Object.keys(s.variables).length) stage.variables = s.variables;
  if (s.documentationVersion !== undefined && s.documentationVersion !== '') stage.documentationVersion = s.documentationVersion;
  if (s.canarySettings) stage.canarySettings = s.canarySettings;
  return stage;
}

/** The wire form: the stored document plus its tags when it has any (as GetStage shows them). */
export function presentStage(ctx: OperationContext, restApiId: string, stage: Stage): Stage {
  const tags = ctx.store.tags.get(ctx.scope, stageArn(ctx.scope.region, restApiId, stage.stageName));
  const out: Stage = { ...stage };
  if (Object.keys(tags).length) out.tags = tags;
  return out;
}
