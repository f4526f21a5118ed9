/**
 * @module control/lookups
 * The "must exist" reads every operation group shares, each raising AWS's
 * NotFoundException with AWS's message.
 */
import { NotFoundException } from '../aws/errors';
import type { OperationContext } from './context';
import type { Resource, RestApi, Method, Stage, Deployment } from '../model';

export function requireRestApi(ctx: OperationContext, restApiId: string): RestApi {
  const api = restApiId ? ctx.store.restApis.get(ctx.scope, restApiId) : undefined;
  if (!api) throw new NotFoundException(`Invalid API identifier specified ${ctx.scope.account}:${restApiId}`);
  return api;
}

export function requireResource(ctx: OperationContext, restApiId: string, resourceId: string): Resource {
  requireRestApi(ctx, restApiId);
  const r = resourceId ? ctx.store.resources.get(ctx.scope, restApiId, resourceId) : undefined;
  if (!r) throw new NotFoundException('Invalid Resource identifier specified');
  return r;
}

export function requireMethod(ctx: OperationContext, restApiId: string, resourceId: string, httpMethod: string): { resource: Resource; method: Method } {
  const resource = requireResource(ctx, restApiId, resourceId);
  const method = resource.resourceMethods?.[httpMethod];
  if (!method) throw new NotFoundException('Invalid Method identifier specified');
  return { resource, method };
}

export function requireStage(ctx: OperationContext, restApiId: string, stageName: string): Stage {
  requireRestApi(ctx, restApiId);
  const s = stageName ? ctx.store.stages.get(ctx.scope, restApiId, stageName) : undefined;
  if (!s) throw new NotFoundException('Invalid Stage identifier specified');
  return s;
}

export function requireDeployment(ctx: OperationContext, restApiId: string, deploymentId: string): Deployment {
  requireRestApi(ctx, restApiId);
  const d = deploymentId ? ctx.store.deployments.get(ctx.scope, restApiId, deploymentId) : undefined;
  if (!d) throw new NotFoundException('Invalid Deployment identifier specified');
  return d;
}

/** Epoch seconds, the wire form of API Gateway timestamps. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
