/**
 * @module openapi/write-definitions
 * The API-level definitions an import ends with — authorizers, request
 * validators, models, gateway responses — as full sets, checked with the
 * control plane's own rules (an authorizer, validator or model those rules
 * refuse is an import error: "Unable to create model for 'Pet': Invalid
 * model specified: …", AWS's pattern).
 *
 * `create` and `overwrite` keep only what the document defines; `merge`
 * keeps the API's others. An item whose name the API already has keeps its
 * id, so methods elsewhere still point at it. Model schemas get their local
 * `$ref`s (`#/definitions/X`, `#/components/schemas/X`) rewritten to the
 * canonical model URL, as AWS stores them. A method that uses `Empty` or
 * `Error` without the document defining it gets AWS's default model of that
 * name (the methods group accepts those two names on every API).
 */
import { newShortId } from '../aws/ids';
import { BadRequestException } from '../aws/errors';
import { checkAuthorizer } from '../control/authorizer-rules';
import { checkModelSchema, canonicalModelUrl } from '../control/model-schema';
import { DEFAULT_MODELS } from '../control/models';
import type { Authorizer, GatewayResponse, Model, RequestValidator, Resource } from '../model';
import type { ApiDefinition } from './definition';
import type { ImportIssues } from './warnings';

export type WriteMode = 'create' | 'overwrite' | 'merge';

export interface Definitions {
  authorizers: Authorizer[];
  validators: RequestValidator[];
  models: Model[];
  gatewayResponses: GatewayResponse[];
}

/** Replaces by name (keeping the existing id) or appends, in a merge; only the new ones otherwise. */
function combine<T extends { id: string; name: string }>(existing: T[], incoming: Omit<T, 'id'>[], mode: WriteMode): T[] {
  const byName = new Map(existing.map((e) => [e.name, e]));
  const fresh = incoming.map((i) => ({ ...i, id: byName.get(i.name)?.id ?? newShortId() }) as T);
  if (mode !== 'merge') return fresh;
  const replaced = new Set(fresh.map((f) => f.name));
  return [...existing.filter((e) => !replaced.has(e.name)), ...fresh];
}

function rewriteRefs(node: unknown, apiId: string): unknown {
  if (Array.isArray(node)) return node.map((n) => rewriteRefs(n, apiId));
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    const local = k === '$ref' && typeof v === 'string' ? /^#\/(?:definitions|components\/schemas)\/([^/]+)$/.exec(v) : null;
    out[k] = local ? canonicalModelUrl(apiId, local[1]) : rewriteRefs(v, apiId);
  }
  return out;
}

function plannedModels(def: ApiDefinition, existing: Model[], mode: WriteMode, apiId: string, issues: ImportIssues): Model[] {
  const incoming = def.models.map((m) => {
    const model: Omit<Model, 'id'> = { name: m.name, contentType: m.contentType, schema: JSON.stringify(rewriteRefs(m.schema, apiId)) };
    if (m.description !== undefined) model.description = m.description;
    return model;
  });
  const models = combine<Model>(existing, incoming, mode);
  const names = new Set(models.map((m) => m.name));
  for (const m of def.models) {
    const model = models.find((x) => x.name === m.name)!;
    issues.attempt(`Unable to create model for '${m.name}'`, () => {
      if (!/^[A-Za-z0-9]+$/.test(m.name)) throw new BadRequestException(`Invalid model name specified: ${m.name}. Model names must be alphanumeric`);
      checkModelSchema(model.schema, apiId, (name) => names.has(name));
    });
  }
  return models;
}

/** The default `Empty`/`Error` models the methods use but nothing defines. */
function defaultModelsUsed(resources: Resource[], models: Model[]): Model[] {
  const used = new Set<string>();
  for (const r of resources) {
    for (const m of Object.values(r.resourceMethods ?? {})) {
      for (const name of Object.values(m.requestModels ?? {})) used.add(name);
      for (const resp of Object.values(m.methodResponses ?? {})) for (const name of Object.values(resp.responseModels ?? {})) used.add(name);
    }
  }
  return DEFAULT_MODELS.filter((d) => used.has(d.name) && !models.some((m) => m.name === d.name)).map((d) => ({ id: newShortId(), ...d }));
}

/** Authorizers, validators and models (without the defaults; see `withDefaultModels`). */
export function planDefinitions(
  def: ApiDefinition,
  existing: Definitions,
  mode: WriteMode,
  apiId: string,
  issues: ImportIssues,
): Definitions {
  const authorizers = combine<Authorizer>(existing.authorizers, def.authorizers, mode);
  for (const a of authorizers.filter((x) => def.authorizers.some((d) => d.name === x.name))) {
    issues.attempt(`Unable to create authorizer '${a.name}'`, () => checkAuthorizer(a));
  }
  const validators = combine<RequestValidator>(existing.validators, def.validators, mode);
  for (const v of def.validators) {
    if (v.name.trim() === '') issues.error(`Unable to create request validator '${v.name}': Request Validator name cannot be blank`);
  }
  const models = plannedModels(def, existing.models, mode, apiId, issues);
  const byType = new Map<string, GatewayResponse>();
  if (mode === 'merge') for (const g of existing.gatewayResponses) byType.set(g.responseType, g);
  for (const g of def.gatewayResponses) byType.set(g.responseType, g);
  return { authorizers, validators, models, gatewayResponses: [...byType.values()] };
}

export function withDefaultModels(models: Model[], resources: Resource[]): Model[] {
  return [...models, ...defaultModelsUsed(resources, models)];
}
