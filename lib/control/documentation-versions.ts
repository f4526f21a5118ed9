/**
 * @module control/documentation-versions
 * CreateDocumentationVersion, GetDocumentationVersion,
 * GetDocumentationVersions, UpdateDocumentationVersion,
 * DeleteDocumentationVersion, and what stages and exports need of versions.
 *
 * Emulates (Developer Guide "Publish API documentation using the API Gateway
 * REST API"; API Reference): a version is a snapshot of the API's
 * documentation parts at the moment it is created, `{version, createdDate,
 * description}` on the wire (201); `stageName` associates it with that stage
 * at once (the stage must exist); only `/description` can be changed; Delete
 * answers 202. An unknown version is 404 "Invalid Documentation version
 * specified" (AWS's wording, which serverless-aws-documentation matches on).
 * Lists come in creation order, paged with `position`/`limit`.
 *
 * Ours (AWS's wording or behaviour not recorded): the 409 text for a version
 * that exists, the message for an empty version identifier; a version may be
 * created when the API has no parts; deleting a version a stage uses is
 * allowed and leaves the stage's `documentationVersion` as it was.
 */
import { BadRequestException, ConflictException, NotFoundException } from '../aws/errors';
import { pageByCursor } from '../aws/pagination';
import { PatchEngine } from '../aws/patch';
import { notNullConstraint, throwIfInvalid } from '../aws/validation';
import type { HandlerTable, Input, OperationContext } from './context';
import { nowSeconds, requireRestApi, requireStage } from './lookups';
import { DEFINITION_PATCH_MESSAGES } from './definitions';
import { exportedLocation } from './documentation-rules';
import type { DocumentationPartLocation, DocumentationVersion } from '../model';

const NOT_FOUND = 'Invalid Documentation version specified';

/** A stage's `documentationVersion` must name a version of the API (CreateStage, UpdateStage). */
export function requireDocumentationVersion(ctx: OperationContext, restApiId: string, version: string): DocumentationVersion {
  const v = version ? ctx.store.documentationVersions.get(ctx.scope, restApiId, version) : undefined;
  if (!v) throw new NotFoundException(NOT_FOUND);
  return v;
}

/** Get/Update: the version's NotFound also for an unknown API (as Get/UpdateDocumentationPart answer). */
function findVersion(ctx: OperationContext, restApiId: string, version: string): DocumentationVersion {
  if (!restApiId || !ctx.store.restApis.exists(ctx.scope, restApiId)) throw new NotFoundException(NOT_FOUND);
  return requireDocumentationVersion(ctx, restApiId, version);
}

const versionPatch = new PatchEngine<DocumentationVersion>(
  [
    {
      path: '/description',
      ops: ['replace'],
      get: (v) => v.description,
      set: (v, _p, value) => {
        if (value === undefined || value === '') delete v.description;
        else v.description = value;
      },
    },
  ],
  DEFINITION_PATCH_MESSAGES,
);

export const documentationVersionHandlers: HandlerTable = {
  CreateDocumentationVersion(input: Input, ctx) {
    if (input.documentationVersion === undefined || input.documentationVersion === null) {
      throwIfInvalid([notNullConstraint('createDocumentationVersionInput.documentationVersion')]);
    }
    return ctx.store.transaction(() => {
      const restApiId: string = input.restApiId;
      requireRestApi(ctx, restApiId);
      const version = String(input.documentationVersion);
      if (version.trim() === '') throw new BadRequestException('Documentation version must be non-empty'); // our wording
      const stage = input.stageName !== undefined && input.stageName !== '' ? requireStage(ctx, restApiId, input.stageName) : undefined;
      if (ctx.store.documentationVersions.exists(ctx.scope, restApiId, version)) {
        throw new ConflictException(`Documentation version already exists: ${version}`); // our wording
      }
      const doc: DocumentationVersion = { version, createdDate: nowSeconds() };
      if (typeof input.description === 'string' && input.description !== '') doc.description = input.description;
      ctx.store.documentationVersions.insert(ctx.scope, restApiId, doc, ctx.store.documentationParts.all(ctx.scope, restApiId));
      if (stage) {
        ctx.store.stages.update(ctx.scope, restApiId, { ...stage, documentationVersion: version, lastUpdatedDate: nowSeconds() });
      }
      return doc;
    });
  },

  GetDocumentationVersion(input: Input, ctx) {
    return findVersion(ctx, input.restApiId, input.documentationVersion);
  },

  GetDocumentationVersions(input: Input, ctx) {
    requireRestApi(ctx, input.restApiId);
    return pageByCursor(input, (after, limit) => ctx.store.documentationVersions.page(ctx.scope, input.restApiId, after, limit));
  },

  UpdateDocumentationVersion(input: Input, ctx) {
    return ctx.store.transaction(() => {
      const current = findVersion(ctx, input.restApiId, input.documentationVersion);
      const updated = versionPatch.apply(current, input.patchOperations);
      ctx.store.documentationVersions.update(ctx.scope, input.restApiId, updated);
      return updated;
    });
  },

  DeleteDocumentationVersion(input: Input, ctx) {
    ctx.store.transaction(() => {
      requireRestApi(ctx, input.restApiId);
      requireDocumentationVersion(ctx, input.restApiId, input.documentationVersion);
      ctx.store.documentationVersions.delete(ctx.scope, input.restApiId, input.documentationVersion);
    });
    return undefined;
  },
};

/** The `x-amazon-apigateway-documentation` object of an export (see `documentationExtension`). */
export interface DocumentationExtension {
  version: string;
  createdDate: string;
  documentationParts: { location: DocumentationPartLocation; properties: unknown }[];
}

/**
 * GetExport: the documentation of the version the stage is associated with
 * (Developer Guide "Download a documentation snapshot associated with a
 * stage"), in the shape the export examples show: `version`, `createdDate`
 * as ISO-8601 seconds, and each part with its location's default fields left
 * out and its properties as JSON. Undefined when the stage has no version
 * (or it was deleted).
 */
export function documentationExtension(ctx: OperationContext, restApiId: string, stageName: string): DocumentationExtension | undefined {
  const version = ctx.store.stages.get(ctx.scope, restApiId, stageName)?.documentationVersion;
  if (!version) return undefined;
  const v = ctx.store.documentationVersions.get(ctx.scope, restApiId, version);
  const parts = ctx.store.documentationVersions.parts(ctx.scope, restApiId, version);
  if (!v || !parts) return undefined;
  return {
    version: v.version,
    createdDate: new Date(v.createdDate * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    documentationParts: parts.map((p) => ({ location: exportedLocation(p.location), properties: parseProperties(p.properties) })),
  };
}

function parseProperties(properties: string | undefined): unknown {
  if (properties === undefined) return {};
  try {
    return JSON.parse(properties);
  } catch {
    return properties;
  }
}
