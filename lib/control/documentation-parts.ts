/**
 * @module control/documentation-parts
 * CreateDocumentationPart, GetDocumentationPart, GetDocumentationParts,
 * UpdateDocumentationPart, DeleteDocumentationPart.
 *
 * Emulates (recorded AWS answers, localstack test_apigateway_api
 * TestApiGatewayApiDocumentationPart): 201 with `{id, location, properties}`;
 * an unknown API is "Invalid API identifier specified …" for Create,
 * GetDocumentationParts and Delete, but "Invalid Documentation part
 * identifier specified" for Get and Update; UpdateDocumentationPart replaces
 * `/properties` only, with AWS's listing patch messages; Delete answers 202.
 * Location rules and the 409 for a taken location: documentation-rules.
 * GetDocumentationParts filters by `type`, `name` (nameQuery, a prefix of
 * the location name), `path` (exact) and `locationStatus` (DOCUMENTED: the
 * properties hold something; UNDOCUMENTED: empty), lists in creation order
 * and pages with `position`/`limit`.
 *
 * Not checked (as far as AWS's documentation says, AWS does not either): that
 * a location names a resource, method or model that exists.
 */
import { NotFoundException } from '../aws/errors';
import { newShortId } from '../aws/ids';
import { PatchEngine } from '../aws/patch';
import { pageOf } from '../aws/pagination';
import { enumConstraint, throwIfInvalid } from '../aws/validation';
import type { HandlerTable, Input, OperationContext } from './context';
import { requireRestApi } from './lookups';
import { DEFINITION_PATCH_MESSAGES } from './definitions';
import { PART_TYPES, checkPartInput, checkProperties, duplicateLocation, isDocumented, normalizeLocation } from './documentation-rules';
import type { DocumentationPart } from '../model';

const LOCATION_STATUSES = ['DOCUMENTED', 'UNDOCUMENTED'];

/** Get/Update: AWS answers the part's NotFound even when the API is unknown (recorded). */
function findPart(ctx: OperationContext, restApiId: string, partId: string): DocumentationPart {
  const part =
    restApiId && partId && ctx.store.restApis.exists(ctx.scope, restApiId)
      ? ctx.store.documentationParts.get(ctx.scope, restApiId, partId)
      : undefined;
  if (!part) throw new NotFoundException('Invalid Documentation part identifier specified');
  return part;
}

const partPatch = new PatchEngine<DocumentationPart>(
  [
    {
      path: '/properties',
      ops: ['replace'],
      get: (p) => p.properties,
      set: (p, _params, value) => {
        p.properties = checkProperties(value ?? '');
      },
    },
  ],
  DEFINITION_PATCH_MESSAGES,
);

export const documentationPartHandlers: HandlerTable = {
  CreateDocumentationPart(input: Input, ctx) {
    checkPartInput(input.location, input.properties, 'createDocumentationPartInput');
    return ctx.store.transaction(() => {
      requireRestApi(ctx, input.restApiId);
      const location = normalizeLocation(input.location);
      const properties = checkProperties(input.properties);
      if (ctx.store.documentationParts.atLocation(ctx.scope, input.restApiId, location)) throw duplicateLocation(location);
      const part: DocumentationPart = { id: newShortId(), location, properties };
      ctx.store.documentationParts.insert(ctx.scope, input.restApiId, part);
      return part;
    });
  },

  GetDocumentationPart(input: Input, ctx) {
    return findPart(ctx, input.restApiId, input.documentationPartId);
  },

  GetDocumentationParts(input: Input, ctx) {
    const problems: string[] = [];
    if (input.type !== undefined && !(PART_TYPES as readonly string[]).includes(input.type)) problems.push(enumConstraint(input.type, 'type', PART_TYPES));
    if (input.locationStatus !== undefined && !LOCATION_STATUSES.includes(input.locationStatus)) {
      problems.push(enumConstraint(input.locationStatus, 'locationStatus', LOCATION_STATUSES));
    }
    throwIfInvalid(problems);
    requireRestApi(ctx, input.restApiId);
    const nameQuery: string | undefined = input.nameQuery || undefined;
    const path: string | undefined = input.path || undefined;
    const parts = ctx.store.documentationParts.all(ctx.scope, input.restApiId).filter((p) => {
      if (input.type !== undefined && p.location.type !== input.type) return false;
      if (nameQuery !== undefined && !(p.location.name ?? '').startsWith(nameQuery)) return false;
      if (path !== undefined && p.location.path !== path) return false;
      if (input.locationStatus !== undefined && isDocumented(p.properties) !== (input.locationStatus === 'DOCUMENTED')) return false;
      return true;
    });
    return pageOf(parts, (p) => p.id, input);
  },

  UpdateDocumentationPart(input: Input, ctx) {
    return ctx.store.transaction(() => {
      const part = findPart(ctx, input.restApiId, input.documentationPartId);
      const updated = partPatch.apply(part, input.patchOperations);
      ctx.store.documentationParts.update(ctx.scope, input.restApiId, updated);
      return updated;
    });
  },

  DeleteDocumentationPart(input: Input, ctx) {
    ctx.store.transaction(() => {
      requireRestApi(ctx, input.restApiId);
      if (!input.documentationPartId || !ctx.store.documentationParts.delete(ctx.scope, input.restApiId, input.documentationPartId)) {
        throw new NotFoundException('Invalid Documentation part identifier specified');
      }
    });
    return undefined;
  },
};
