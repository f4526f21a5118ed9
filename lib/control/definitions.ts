/**
 * @module control/definitions
 * What the API-level definitions a method refers to (authorizers, request
 * validators, models) share: id-ordered paging, the scan for methods that
 * use one (AWS refuses to delete an authorizer or a model still in use),
 * and their part of CreateRestApi `cloneFrom` and DeleteRestApi.
 *
 * A clone copies the source's models (new ids, same names), request
 * validators and authorizers (same ids, so the cloned methods' references
 * stay valid).
 */
import { BadRequestException } from '../aws/errors';
import { LISTING_PATCH_MESSAGES, type PatchMessages } from '../aws/patch';
import { decodePosition, encodePosition, pageLimit, type PageRequest } from '../aws/pagination';
import { newShortId } from '../aws/ids';
import type { OperationContext } from './context';
import type { Method, Resource } from '../model';

/**
 * Update* wording for these resources (recorded AWS answers for models and
 * validators): AWS's listing message, except that an op no path accepts is
 * "Please choose supported operations" whatever the path.
 */
export const DEFINITION_PATCH_MESSAGES: PatchMessages = {
  invalidPath: (path, op, paths) =>
    paths.length ? LISTING_PATCH_MESSAGES.invalidPath(path, op, paths) : LISTING_PATCH_MESSAGES.invalidOp(path, op, []),
  invalidOp: LISTING_PATCH_MESSAGES.invalidOp,
};

/** GetAuthorizers / GetRequestValidators / GetModels paging: `position` is the last id returned. */
export function pageById<T>(
  req: PageRequest,
  fetch: (afterId: string, limit: number) => { items: T[]; next?: string },
): { item: T[]; position?: string } {
  const limit = pageLimit(req.limit);
  const after = decodePosition(req.position) ?? '';
  if (after !== '' && !/^[A-Za-z0-9]+$/.test(after)) throw new BadRequestException('Invalid position parameter');
  const page = fetch(after, limit);
  const out: { item: T[]; position?: string } = { item: page.items };
  if (page.next !== undefined) out.position = encodePosition(page.next);
  return out;
}

export interface MethodUse {
  resource: Resource;
  method: Method;
}

/** Every method of the API, resources in path order. */
export function methodsOf(ctx: OperationContext, restApiId: string): MethodUse[] {
  const resources = ctx.store.resources.all(ctx.scope, restApiId).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return resources.flatMap((resource) => Object.values(resource.resourceMethods ?? {}).map((method) => ({ resource, method })));
}

/** The first method that satisfies `uses`, if any. */
export function findUse(ctx: OperationContext, restApiId: string, uses: (m: Method) => boolean): MethodUse | undefined {
  return methodsOf(ctx, restApiId).find((u) => uses(u.method));
}

/** CreateRestApi `cloneFrom`: the source API's definitions, copied into the new API. */
export function cloneDefinitions(ctx: OperationContext, fromApiId: string, toApiId: string): void {
  const { store, scope } = ctx;
  for (const m of store.models.all(scope, fromApiId)) store.models.insert(scope, toApiId, { ...structuredClone(m), id: newShortId() });
  for (const v of store.requestValidators.all(scope, fromApiId)) store.requestValidators.insert(scope, toApiId, structuredClone(v));
  for (const a of store.authorizers.all(scope, fromApiId)) store.authorizers.insert(scope, toApiId, structuredClone(a));
}

/** DeleteRestApi: the API's definitions go with it. */
export function deleteDefinitions(ctx: OperationContext, restApiId: string): void {
  ctx.store.authorizers.deleteAll(ctx.scope, restApiId);
  ctx.store.requestValidators.deleteAll(ctx.scope, restApiId);
  ctx.store.models.deleteAll(ctx.scope, restApiId);
}
