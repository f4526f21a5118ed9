/**
 * @module control/snapshot
 * What a deployment freezes: the RestApi document and every resource with
 * its methods, integrations and their responses, read in one go and stored
 * as JSON with the deployment, so later edits to the API do not reach it
 * (as on AWS, where a stage serves its deployment until redeployed).
 *
 * Also the deployability checks AWS applies at CreateDeployment and the
 * `apiSummary` view GetDeployment embeds on request.
 *
 * Also the gateway responses the user put (the data plane applies the defaults).
 * Also the API's authorizers, request validators and models.
 * Not yet in the snapshot: documentation.
 */
import { BadRequestException } from '../aws/errors';
import type { OperationContext } from './context';
import { requireRestApi } from './lookups';
import type { ApiSnapshot, Deployment } from '../model';

export function buildSnapshot(ctx: OperationContext, restApiId: string): ApiSnapshot {
  const restApi = requireRestApi(ctx, restApiId);
  const resources = ctx.store.resources.all(ctx.scope, restApiId);
  const gatewayResponses = ctx.store.gatewayResponses.all(ctx.scope, restApiId); // the ones the user put
  const authorizers = ctx.store.authorizers.all(ctx.scope, restApiId);
  const requestValidators = ctx.store.requestValidators.all(ctx.scope, restApiId);
  const models = ctx.store.models.all(ctx.scope, restApiId);
  // structuredClone: the snapshot shares nothing with documents a caller may go on editing.
  return structuredClone({ restApi, resources, gatewayResponses, authorizers, requestValidators, models });
}

/**
 * AWS refuses to deploy an API without any method (400 "The REST API doesn't
 * contain any methods") or with a method that has no integration (400 "No
 * integration defined for method").
 */
export function assertDeployable(snapshot: ApiSnapshot): void {
  const methods = snapshot.resources.flatMap((r) => Object.values(r.resourceMethods ?? {}));
  if (methods.length === 0) throw new BadRequestException("The REST API doesn't contain any methods");
  if (methods.some((m) => !m.methodIntegration)) throw new BadRequestException('No integration defined for method');
}

/** GetDeployment `embed=apisummary`: `{path: {METHOD: {authorizationType, apiKeyRequired}}}` for every method. */
export function apiSummary(snapshot: ApiSnapshot): NonNullable<Deployment['apiSummary']> {
  const out: NonNullable<Deployment['apiSummary']> = {};
  const byPath = [...snapshot.resources].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const r of byPath) {
    const methods = Object.values(r.resourceMethods ?? {});
    if (methods.length === 0) continue;
    const entry: Record<string, { authorizationType?: string; apiKeyRequired?: boolean }> = {};
    for (const m of methods) entry[m.httpMethod] = { authorizationType: m.authorizationType, apiKeyRequired: m.apiKeyRequired };
    out[r.path] = entry;
  }
  return out;
}
