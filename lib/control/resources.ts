/**
 * @module control/resources
 * CreateResource, GetResource, GetResources, UpdateResource, DeleteResource.
 *
 * Emulates AWS's shapes and rules: a created resource has `id`, `parentId`,
 * `pathPart`, `path` (the root only `id` and `path: "/"`); GetResources and
 * UpdateResource list the methods under `resourceMethods` as `{"GET": {}}`
 * stubs (as AWS CLI outputs show) unless GetResources has `embed=methods`;
 * GetResource always includes the full methods, with their responses and
 * integration (the API Reference: the method map "is included in the 200 OK
 * response of GET …/resources/{resource_id} or …?embed=methods"); UpdateResource accepts only `replace` of `/parentId` and
 * `/pathPart`, refuses cycles and the root, and recomputes the path of the
 * whole subtree; DeleteResource removes the subtree and refuses the root.
 * The tree rules themselves live in `resource-tree.ts`.
 *
 * GetResources answers in path order (AWS documents no order; its recorded
 * answers are compared sorted by path), paged with position/limit.
 */
import { BadRequestException, NotFoundException } from '../aws/errors';
import { newResourceId } from '../aws/ids';
import { decodePosition, encodePosition, pageLimit } from '../aws/pagination';
import { LISTING_PATCH_MESSAGES, PatchEngine, type PatchOperation, type PatchRule } from '../aws/patch';
import type { HandlerTable, Input, OperationContext } from './context';
import { requireRestApi } from './lookups';
import { checkPathPart, checkPlacement, childPath, repath } from './resource-tree';
import { findResource } from './method-validation';
import type { Method, Resource } from '../model';

/** The wire form: methods as stubs, or in full with `embed=methods`. */
export function presentResource(r: Resource, embedMethods: boolean): Resource {
  const out: Resource = { id: r.id, path: r.path };
  if (r.parentId !== undefined) out.parentId = r.parentId;
  if (r.pathPart !== undefined) out.pathPart = r.pathPart;
  const methods = r.resourceMethods ?? {};
  if (Object.keys(methods).length) {
    const shown: Record<string, Method> = {};
    for (const [verb, m] of Object.entries(methods)) shown[verb] = embedMethods ? m : ({} as Method);
    out.resourceMethods = shown;
  }
  return out;
}

function wantsMethods(embed: unknown): boolean {
  return Array.isArray(embed) && embed.includes('methods');
}

/** The patch targets: where the resource is to go. Applied to a draft, validated after all operations. */
interface ResourceDraft {
  parentId?: string;
  pathPart?: string;
  root: boolean;
}

const rootGuard = (field: 'parentId' | 'pathPart') => (draft: ResourceDraft) => {
  if (draft.root) throw new BadRequestException(`Root resource cannot update its ${field}.`);
};

const resourcePatch = new PatchEngine<ResourceDraft>(
  [
    {
      path: '/parentId',
      ops: ['replace'],
      get: (d) => d.parentId,
      set: (d, _p, value) => {
        rootGuard('parentId')(d);
        d.parentId = value ?? '';
      },
    } satisfies PatchRule<ResourceDraft>,
    {
      path: '/pathPart',
      ops: ['replace'],
      get: (d) => d.pathPart,
      set: (d, _p, value) => {
        rootGuard('pathPart')(d);
        d.pathPart = value ?? '';
      },
    } satisfies PatchRule<ResourceDraft>,
  ],
  LISTING_PATCH_MESSAGES,
);

function updateResource(ctx: OperationContext, restApiId: string, resource: Resource, operations: unknown): Resource {
  const draft = resourcePatch.apply({ parentId: resource.parentId, pathPart: resource.pathPart, root: resource.parentId === undefined }, operations as PatchOperation[] | undefined);
  if (draft.root || (draft.parentId === resource.parentId && draft.pathPart === resource.pathPart)) return resource;
  const pathPart = checkPathPart(draft.pathPart);
  const parentId = draft.parentId ?? '';
  const parent = parentId ? ctx.store.resources.get(ctx.scope, restApiId, parentId) : undefined;
  if (!parent) throw new NotFoundException('Invalid Resource identifier specified');
  const subtree = ctx.store.resources.subtree(ctx.scope, restApiId, resource.id);
  if (subtree.some((r) => r.id === parent.id)) throw new BadRequestException('Resources cannot be cyclical.');
  checkPlacement(parent, pathPart, ctx.store.resources.children(ctx.scope, restApiId, parent.id), resource.id);
  if (subtree.length > 1 && pathPart.endsWith('+}')) {
    throw new BadRequestException(`Cannot create a child of a resource with a greedy path variable: ${pathPart}`);
  }
  subtree[0] = { ...subtree[0], parentId: parent.id, pathPart };
  const moved = repath(subtree, parent.path);
  for (const r of moved) ctx.store.resources.update(ctx.scope, restApiId, r);
  return moved[0];
}

export const resourceHandlers: HandlerTable = {
  CreateResource(input: Input, ctx) {
    return ctx.store.transaction(() => {
      const parent = findResource(ctx, input.restApiId, input.parentId);
      const pathPart = checkPathPart(input.pathPart);
      checkPlacement(parent, pathPart, ctx.store.resources.children(ctx.scope, input.restApiId, parent.id));
      const resource: Resource = { id: newResourceId(), parentId: parent.id, pathPart, path: childPath(parent.path, pathPart) };
      ctx.store.resources.insert(ctx.scope, input.restApiId, resource);
      return presentResource(resource, false);
    });
  },

  GetResource(input: Input, ctx) {
    return presentResource(findResource(ctx, input.restApiId, input.resourceId), true);
  },

  GetResources(input: Input, ctx) {
    requireRestApi(ctx, input.restApiId);
    const limit = pageLimit(input.limit);
    const after = decodePosition(input.position);
    const all = ctx.store.resources
      .all(ctx.scope, input.restApiId)
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const start = after === undefined ? 0 : all.findIndex((r) => r.path > after);
    const from = start < 0 ? all.length : start;
    const page = all.slice(from, from + limit);
    const embed = wantsMethods(input.embed);
    const out: { item: Resource[]; position?: string } = { item: page.map((r) => presentResource(r, embed)) };
    if (from + limit < all.length) out.position = encodePosition(page[page.length - 1].path);
    return out;
  },

  UpdateResource(input: Input, ctx) {
    return ctx.store.transaction(() => {
      const resource = findResource(ctx, input.restApiId, input.resourceId);
      return presentResource(updateResource(ctx, input.restApiId, resource, input.patchOperations), false);
    });
  },

  DeleteResource(input: Input, ctx) {
    ctx.store.transaction(() => {
      const resource = findResource(ctx, input.restApiId, input.resourceId);
      if (resource.parentId === undefined) throw new BadRequestException('Root resource cannot be deleted.');
      for (const r of ctx.store.resources.subtree(ctx.scope, input.restApiId, resource.id)) {
        ctx.store.resources.delete(ctx.scope, input.restApiId, r.id);
      }
    });
    return undefined;
  },
};
