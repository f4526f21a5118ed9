/**
 * @module control/method-validation
 * What the resource, method and integration operations share: the lookups
 * AWS performs for them (an unknown API is reported as an unknown resource at
 * this level, as AWS does), AWS's `ValidationException` for model-level
 * constraint failures (enum members, the `[1-5]\d\d` status code pattern,
 * patch `op` values — several are reported together, as AWS does), the
 * mapping-expression key checks, and the references a method makes to
 * authorizers, request validators and models.
 *
 * References are checked against the API's authorizers, request validators
 * and models (by name; every API starts with `Empty` and `Error`), with
 * AWS's messages (recorded answers, test_apigateway_api test_put_method_validation
 * and test_update_method_validation).
 */
import { AwsError, BadRequestException, NotFoundException } from '../aws/errors';
import type { OperationContext } from './context';
import type { Integration, Method, Resource } from '../model';

// AWS's ValidationException helpers live in lib/aws/validation.ts (shared by every operation).
export { enumConstraint, notNullConstraint, patchOpConstraints, statusCodeConstraints, throwIfInvalid } from '../aws/validation';

// ---- lookups ---------------------------------------------------------------------------------

export function findResource(ctx: OperationContext, restApiId: string, resourceId: string): Resource {
  const r = restApiId && resourceId && ctx.store.restApis.exists(ctx.scope, restApiId) ? ctx.store.resources.get(ctx.scope, restApiId, resourceId) : undefined;
  if (!r) throw new NotFoundException('Invalid Resource identifier specified');
  return r;
}

export function findMethod(ctx: OperationContext, restApiId: string, resourceId: string, httpMethod: string): { resource: Resource; method: Method } {
  const resource = findResource(ctx, restApiId, resourceId);
  const method = resource.resourceMethods?.[httpMethod];
  if (!method) throw new NotFoundException('Invalid Method identifier specified');
  return { resource, method };
}

export function findIntegration(
  ctx: OperationContext,
  restApiId: string,
  resourceId: string,
  httpMethod: string,
): { resource: Resource; method: Method; integration: Integration } {
  const { resource, method } = findMethod(ctx, restApiId, resourceId, httpMethod);
  if (!method.methodIntegration) throw new NotFoundException('Invalid Integration identifier specified');
  return { resource, method, integration: method.methodIntegration };
}

/** Stores `method` on its resource (replacing the one with the same HTTP method). */
export function saveMethod(ctx: OperationContext, restApiId: string, resource: Resource, method: Method): void {
  const updated: Resource = { ...resource, resourceMethods: { ...(resource.resourceMethods ?? {}), [method.httpMethod]: method } };
  ctx.store.resources.update(ctx.scope, restApiId, updated);
}

// ---- values ----------------------------------------------------------------------------------

export const HTTP_METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'ANY'];

export function checkHttpMethod(httpMethod: unknown): string {
  if (typeof httpMethod !== 'string' || !HTTP_METHODS.includes(httpMethod)) {
    throw new BadRequestException(`Invalid HttpMethod specified. Valid options are ${HTTP_METHODS.join(',')}`);
  }
  return httpMethod;
}

/** A mapping key (`method.request.querystring.q`, `method.response.header.X`, …) checked against its pattern. */
export function checkMappingKey(key: string, pattern: RegExp): void {
  if (!pattern.test(key)) {
    throw new BadRequestException(
      `Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression specified: ${key}]`,
    );
  }
}

/** Template maps: AWS stores an empty template as null. */
export function templateMap(m: Record<string, string | null | undefined>): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(m)) out[k] = v === undefined || v === null || v === '' ? null : v;
  return out;
}

/** Patch values for boolean fields, read as Java's Boolean.parseBoolean does (AWS accepts `"whatever"` as false). */
export function lenientBoolean(value: string | undefined): boolean {
  return typeof value === 'string' && value.toLowerCase() === 'true';
}

// ---- references to other aggregates ----------------------------------------------------------

const AUTHORIZER_REQUIRED =
  'Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer.';

export function checkAuthorizer(ctx: OperationContext, restApiId: string, authorizerId: string | undefined): void {
  if (authorizerId === undefined || authorizerId === '' || !ctx.store.authorizers.get(ctx.scope, restApiId, authorizerId)) {
    throw new BadRequestException(AUTHORIZER_REQUIRED);
  }
}

export function checkRequestValidator(ctx: OperationContext, restApiId: string, validatorId: string): void {
  if (!ctx.store.requestValidators.get(ctx.scope, restApiId, validatorId)) {
    throw new BadRequestException('Invalid Request Validator identifier specified');
  }
}

export function checkModel(ctx: OperationContext, restApiId: string, name: string): void {
  if (!ctx.store.models.getByName(ctx.scope, restApiId, name)) {
    throw new BadRequestException(`Invalid model identifier specified: ${name}`);
  }
}
