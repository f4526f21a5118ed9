/**
 * @module control/base-path-mappings
 * CreateBasePathMapping (201), GetBasePathMapping, GetBasePathMappings,
 * UpdateBasePathMapping, DeleteBasePathMapping (202) under a custom domain
 * name (a private one is named with `?domainNameId=`).
 *
 * Emulated: the empty base path is labelled `(none)` — created by omitting
 * `basePath` or giving `''` or `(none)`, and addressed as `(none)` in the
 * URL; multi-level base paths (`orders/v2`, sent URL-encoded in the label);
 * the characters AWS allows (letters, digits, `$-_.+!*'()` and `/` between
 * levels, at most 300 characters); the API must exist and the stage, when
 * given (and not `(none)`), must be one of its stages; one mapping per base
 * path (409); a mapping without a stage has no `stage` field; listings sorted
 * by base path. Patch paths: `/basePath`, `/restApiId`, `/stage` (replace).
 *
 * Messages: "Invalid domain name identifier specified" (404), "Base path
 * already exists for this domain name" (409), "Invalid REST API identifier
 * specified" and "Invalid stage identifier specified" (400), "Invalid base
 * path mapping identifier specified" (404). The invalid-base-path wording is
 * apigw-local's: we found no recorded AWS answer for it.
 * DeleteRestApi and DeleteStage are refused while a mapping points at the API
 * (the stage) with AWS's 400 "Deleting RestApi {id} failed. Please remove all
 * base path mappings related to the RestApi in your domains: {domain}" (the
 * stage's alike), as users quote it (serverless issue 3638, gcdt issue 373,
 * terraform-provider-aws issue 41651): `refuseDeleteWhileMapped`.
 * Every write emits `events.domainNamesChanged` (the data plane routes custom
 * domain hosts through these mappings: dataplane/custom-domains.ts).
 */
import { BadRequestException, ConflictException, NotFoundException } from '../aws/errors';
import { pageOf } from '../aws/pagination';
import { PatchEngine, type PatchRule } from '../aws/patch';
import { domainKey } from '../store/domain-names';
import type { HandlerTable, Input, OperationContext } from './context';
import { requireDomainName } from './domain-name-common';
import type { BasePathMapping } from '../model';

export const NONE = '(none)';
const MAPPING_NOT_FOUND = 'Invalid base path mapping identifier specified';
const BASE_PATH = /^[A-Za-z0-9$\-_.+!*'()]+(\/[A-Za-z0-9$\-_.+!*'()]+)*$/;

/** `(none)` for an absent or empty base path; otherwise checked against AWS's rules. */
export function checkBasePath(v: unknown): string {
  if (v === undefined || v === null || v === '' || v === NONE) return NONE;
  if (typeof v !== 'string' || v.length > 300 || !BASE_PATH.test(v)) {
    throw new BadRequestException(
      `Invalid base path specified: ${String(v)}. A base path may contain only letters, numbers, and the characters $-_.+!*'() separated by single slashes, at most 300 characters.`,
    );
  }
  return v;
}

/** The stage (undefined for none) after checking that the API has it. */
function checkMapping(ctx: OperationContext, restApiId: unknown, stage: unknown): { restApiId: string; stage?: string } {
  if (typeof restApiId !== 'string' || restApiId === '' || !ctx.store.restApis.exists(ctx.scope, restApiId)) {
    throw new BadRequestException('Invalid REST API identifier specified');
  }
  if (stage === undefined || stage === null || stage === '' || stage === NONE) return { restApiId };
  if (typeof stage !== 'string' || !ctx.store.stages.exists(ctx.scope, restApiId, stage)) {
    throw new BadRequestException('Invalid stage identifier specified');
  }
  return { restApiId, stage };
}

function requireMapping(ctx: OperationContext, key: string, basePath: unknown): BasePathMapping {
  const label = basePath === undefined || basePath === '' ? NONE : String(basePath);
  const m = ctx.store.domainNames.getMapping(ctx.scope, key, label);
  if (!m) throw new NotFoundException(MAPPING_NOT_FOUND);
  return m;
}

function mappingOf(basePath: string, target: { restApiId: string; stage?: string }): BasePathMapping {
  const m: BasePathMapping = { basePath, restApiId: target.restApiId };
  if (target.stage !== undefined) m.stage = target.stage;
  return m;
}

const mappingPatch = new PatchEngine<BasePathMapping>(
  (['basePath', 'restApiId', 'stage'] as const).map(
    (field): PatchRule<BasePathMapping> => ({
      path: `/${field}`,
      ops: ['replace'],
      get: (m) => m[field],
      set: (m, _p, value) => {
        if (field === 'stage' && (value === undefined || value === '' || value === NONE)) delete m.stage;
        else m[field] = value ?? '';
      },
    }),
  ),
);

/** AWS's refusal to delete an API (or one of its stages, given `stageName`) that a base path mapping points at. */
export function refuseDeleteWhileMapped(ctx: OperationContext, restApiId: string, stageName?: string): void {
  const hits = ctx.store.domainNames.mappingsOfApi(ctx.scope, restApiId).filter((h) => stageName === undefined || h.mapping.stage === stageName);
  if (hits.length === 0) return;
  // A private domain name's key is `name+domainNameId`; the message names the domain.
  const domains = [...new Set(hits.map((h) => h.key.split('+')[0]))].join(', ');
  throw new BadRequestException(
    stageName === undefined
      ? `Deleting RestApi ${restApiId} failed. Please remove all base path mappings related to the RestApi in your domains: ${domains}`
      : `Deleting stage ${stageName} failed. Please remove all base path mappings related to the stage in your domains: ${domains}`,
  );
}

export const basePathMappingHandlers: HandlerTable = {
  CreateBasePathMapping(input: Input, ctx) {
    const basePath = checkBasePath(input.basePath);
    return ctx.store.transaction(() => {
      const d = requireDomainName(ctx, input.domainName, input.domainNameId);
      const key = domainKey(d.domainName, d.domainNameId);
      const m = mappingOf(basePath, checkMapping(ctx, input.restApiId, input.stage));
      if (ctx.store.domainNames.mappingExists(ctx.scope, key, basePath)) {
        throw new ConflictException('Base path already exists for this domain name');
      }
      ctx.store.domainNames.insertMapping(ctx.scope, key, m);
      ctx.events.domainNamesChanged?.();
      return m;
    });
  },

  GetBasePathMapping(input: Input, ctx) {
    const d = requireDomainName(ctx, input.domainName, input.domainNameId);
    return requireMapping(ctx, domainKey(d.domainName, d.domainNameId), input.basePath);
  },

  GetBasePathMappings(input: Input, ctx) {
    const d = requireDomainName(ctx, input.domainName, input.domainNameId);
    const all = ctx.store.domainNames.allMappings(ctx.scope, domainKey(d.domainName, d.domainNameId));
    all.sort((a, b) => (a.basePath < b.basePath ? -1 : a.basePath > b.basePath ? 1 : 0));
    return pageOf(all, (m) => m.basePath, input);
  },

  UpdateBasePathMapping(input: Input, ctx) {
    return ctx.store.transaction(() => {
      const d = requireDomainName(ctx, input.domainName, input.domainNameId);
      const key = domainKey(d.domainName, d.domainNameId);
      const current = requireMapping(ctx, key, input.basePath);
      const patched = mappingPatch.apply(current, input.patchOperations);
      const updated = mappingOf(checkBasePath(patched.basePath), checkMapping(ctx, patched.restApiId, patched.stage));
      if (updated.basePath !== current.basePath && ctx.store.domainNames.mappingExists(ctx.scope, key, updated.basePath)) {
        throw new ConflictException('Base path already exists for this domain name');
      }
      ctx.store.domainNames.deleteMapping(ctx.scope, key, current.basePath);
      ctx.store.domainNames.insertMapping(ctx.scope, key, updated);
      ctx.events.domainNamesChanged?.();
      return updated;
    });
  },

  DeleteBasePathMapping(input: Input, ctx) {
    ctx.store.transaction(() => {
      const d = requireDomainName(ctx, input.domainName, input.domainNameId);
      const key = domainKey(d.domainName, d.domainNameId);
      ctx.store.domainNames.deleteMapping(ctx.scope, key, requireMapping(ctx, key, input.basePath).basePath);
    });
    ctx.events.domainNamesChanged?.();
    return undefined;
  },
};
