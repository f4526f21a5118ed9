/**
 * @module openapi/write
 * An `ApiDefinition` into the store, all or nothing (one transaction; any
 * import error or, with `failonwarnings`, any warning leaves the store as it
 * was). Three modes, as ImportRestApi and PutRestApi have them:
 * - `create` (ImportRestApi): a new API named by `info.title`; no default
 *   models (recorded: an import without models has none);
 * - `overwrite`: the API keeps its id, root resource and
 *   tags; its resources, methods, authorizers, validators, models and gateway
 *   responses become the document's; a resource whose path survives keeps its
 *   id (AWS does, per the recorded test's notes); name, description, version,
 *   binary media types, API key source, policy and compression come from the
 *   document (absent: cleared to AWS's defaults); endpoint settings change
 *   only when the document or the parameters give them;
 * - `merge` (PutRestApi's default, per the API Reference): the document's resources and methods are added, a method the
 *   document defines replaces the API's; binary media types are added to the
 *   API's (recorded test_put_rest_api_mode_binary_media_types[merge]); other
 *   settings change only where the document gives them.
 *
 * Resource paths are checked with the resource group's tree rules
 * ("Unable to create resource at path '/x': <rule>").
 */
import { BadRequestException } from '../aws/errors';
import { newResourceId, newRestApiId, newRootResourceId } from '../aws/ids';
import type { OperationContext } from '../control/context';
import { nowSeconds } from '../control/lookups';
import { checkPathPart, checkPlacement } from '../control/resource-tree';
import type { Method, Resource, RestApi } from '../model';
import type { ApiDefinition, MethodDef } from './definition';
import type { ImportIssues } from './warnings';
import { planDefinitions, withDefaultModels, type Definitions, type WriteMode } from './write-definitions';
import { writeDocumentationParts } from '../control/documentation-import';

export type { WriteMode };

export interface WriteRequest {
  mode: WriteMode;
  /** The API written over (overwrite, merge). */
  api?: RestApi;
  /** `endpointConfigurationTypes` from the import parameters. */
  endpointTypes?: string[];
}

const ENDPOINT_TYPES = ['EDGE', 'REGIONAL', 'PRIVATE'];

function endpointConfiguration(api: RestApi | undefined, def: ApiDefinition, req: WriteRequest): RestApi['endpointConfiguration'] {
  const current = api?.endpointConfiguration;
  const types = req.endpointTypes ?? def.settings.endpointTypes ?? current?.types ?? ['EDGE'];
  if (types.length !== 1) throw new BadRequestException('Cannot create an api with multiple Endpoint Types.');
  if (!ENDPOINT_TYPES.includes(types[0])) throw new BadRequestException(`Invalid EndpointTypes specified. Valid options are ${ENDPOINT_TYPES.join(',')}`);
  const sameType = current?.types?.[0] === types[0];
  const out: RestApi['endpointConfiguration'] = {
    ipAddressType: sameType && current?.ipAddressType ? current.ipAddressType : types[0] === 'PRIVATE' ? 'dualstack' : 'ipv4',
    types,
  };
  const vpce = def.settings.vpcEndpointIds ?? current?.vpcEndpointIds;
  if (vpce?.length) out.vpcEndpointIds = vpce;
  return out;
}

function setOrClear<K extends keyof RestApi>(api: RestApi, key: K, value: RestApi[K] | undefined, clear: boolean): void {
  if (value !== undefined) api[key] = value;
  else if (clear) delete api[key];
}

/** The RestApi document after the import. */
function plannedApi(def: ApiDefinition, req: WriteRequest, issues: ImportIssues): RestApi {
  const s = def.settings;
  if (req.mode === 'create') {
    if (def.title === undefined) issues.error('Unable to create API: the definition has no info.title to name it'); // our wording
    const api: RestApi = {
      id: newRestApiId(),
      name: def.title ?? '',
      createdDate: nowSeconds(),
      apiKeySource: s.apiKeySource ?? 'HEADER',
      endpointConfiguration: endpointConfiguration(undefined, def, req),
      disableExecuteApiEndpoint: s.disableExecuteApiEndpoint ?? false,
      rootResourceId: newRootResourceId(),
    };
    if (def.description !== undefined) api.description = def.description;
    if (def.version !== undefined) api.version = def.version;
    if (s.binaryMediaTypes?.length) api.binaryMediaTypes = s.binaryMediaTypes;
    if (s.minimumCompressionSize !== undefined) api.minimumCompressionSize = s.minimumCompressionSize;
    if (s.policy !== undefined) api.policy = s.policy;
    return api;
  }
  const api: RestApi = structuredClone(req.api!);
  delete api.tags;
  const overwrite = req.mode === 'overwrite';
  if (def.title !== undefined) api.name = def.title;
  setOrClear(api, 'description', def.description, overwrite);
  setOrClear(api, 'version', def.version, overwrite);
  setOrClear(api, 'policy', s.policy, overwrite);
  setOrClear(api, 'minimumCompressionSize', s.minimumCompressionSize, overwrite);
  api.apiKeySource = s.apiKeySource ?? (overwrite ? 'HEADER' : api.apiKeySource);
  const binary = overwrite ? (s.binaryMediaTypes ?? []) : [...new Set([...(api.binaryMediaTypes ?? []), ...(s.binaryMediaTypes ?? [])])];
  if (binary.length) api.binaryMediaTypes = binary;
  else delete api.binaryMediaTypes;
  api.endpointConfiguration = endpointConfiguration(api, def, req);
  if (s.disableExecuteApiEndpoint !== undefined) api.disableExecuteApiEndpoint = s.disableExecuteApiEndpoint;
  return api;
}

function parentPath(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

/** The API's resources after the import, keyed by path (undefined entry: a path that could not be created). */
function plannedResources(def: ApiDefinition, api: RestApi, existing: Resource[], mode: WriteMode, issues: ImportIssues): Map<string, Resource> {
  const byPath = new Map(existing.map((r) => [r.path, r]));
  const out = new Map<string, Resource>();
  if (mode === 'merge') for (const r of existing) out.set(r.path, structuredClone(r));
  else out.set('/', { id: api.rootResourceId, path: '/' });
  const failed = new Set<string>();
  const ensure = (path: string): Resource | undefined => {
    const have = out.get(path);
    if (have) return have;
    if (failed.has(path)) return undefined;
    const parent = ensure(parentPath(path));
    if (!parent) {
      failed.add(path);
      return undefined;
    }
    const pathPart = path.slice(path.lastIndexOf('/') + 1);
    const siblings = [...out.values()].filter((r) => r.parentId === parent.id);
    const ok = issues.attempt(`Unable to create resource at path '${path}'`, () => {
      checkPathPart(pathPart);
      checkPlacement(parent, pathPart, siblings);
      return true;
    });
    if (!ok) {
      failed.add(path);
      return undefined;
    }
    const reuse = mode === 'overwrite' ? byPath.get(path)?.id : undefined;
    const r: Resource = { id: reuse ?? newResourceId(), parentId: parent.id, pathPart, path };
    out.set(path, r);
    return r;
  };
  for (const path of [...def.paths.keys()].sort()) ensure(path);
  return out;
}

function resolveMethod(d: MethodDef, resource: Resource, defs: Definitions): Method {
  const m = structuredClone(d.method);
  if (d.authorizerName !== undefined) m.authorizerId = defs.authorizers.find((a) => a.name === d.authorizerName)?.id;
  if (d.validatorName !== undefined) m.requestValidatorId = defs.validators.find((v) => v.name === d.validatorName)?.id;
  if (m.methodIntegration && m.methodIntegration.cacheNamespace === undefined) m.methodIntegration.cacheNamespace = resource.id;
  return m;
}

/**
 * Checks everything, then writes the API (throws AWS's 400 and writes
 * nothing when the import has errors, or warnings with `failOnWarnings`).
 * Returns the RestApi as stored.
 */
export function writeDefinition(ctx: OperationContext, def: ApiDefinition, req: WriteRequest, issues: ImportIssues, failOnWarnings: boolean): RestApi {
  const { store, scope } = ctx;
  return store.transaction(() => {
    const api = plannedApi(def, req, issues);
    const existingResources = req.api ? store.resources.all(scope, api.id) : [];
    const existing: Definitions = req.api
      ? {
          authorizers: store.authorizers.all(scope, api.id),
          validators: store.requestValidators.all(scope, api.id),
          models: store.models.all(scope, api.id),
          gatewayResponses: store.gatewayResponses.all(scope, api.id),
        }
      : { authorizers: [], validators: [], models: [], gatewayResponses: [] };
    const defs = planDefinitions(def, existing, req.mode, api.id, issues);
    const resources = plannedResources(def, api, existingResources, req.mode, issues);
    for (const [path, methods] of def.paths) {
      const resource = resources.get(path);
      if (!resource) continue;
      for (const [verb, d] of Object.entries(methods)) {
        resource.resourceMethods = { ...(resource.resourceMethods ?? {}), [verb]: resolveMethod(d, resource, defs) };
      }
    }
    const finalResources = [...resources.values()];
    const models = withDefaultModels(defs.models, finalResources);
    issues.throwIfFailed(failOnWarnings);

    if (req.mode === 'create') store.restApis.insert(scope, api);
    else store.restApis.update(scope, api);
    store.resources.deleteAll(scope, api.id);
    for (const r of finalResources) store.resources.insert(scope, api.id, r);
    store.gatewayResponses.deleteAll(scope, api.id);
    for (const g of defs.gatewayResponses) store.gatewayResponses.put(scope, api.id, g);
    store.authorizers.deleteAll(scope, api.id);
    for (const a of defs.authorizers) store.authorizers.insert(scope, api.id, a);
    store.requestValidators.deleteAll(scope, api.id);
    for (const v of defs.validators) store.requestValidators.insert(scope, api.id, v);
    store.models.deleteAll(scope, api.id);
    for (const m of models) store.models.insert(scope, api.id, m);
    if (def.documentationParts) writeDocumentationParts(ctx, api.id, def.documentationParts, req.mode === 'merge' ? 'merge' : 'overwrite');
    return api;
  });
}
