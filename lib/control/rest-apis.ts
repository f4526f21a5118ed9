/**
 * @module control/rest-apis
 * CreateRestApi, GetRestApi, GetRestApis, UpdateRestApi, DeleteRestApi.
 *
 * Emulates: AWS's defaults (apiKeySource HEADER, EDGE endpoint with ipv4,
 * disableExecuteApiEndpoint false), the root resource created with the API,
 * `cloneFrom` (copies the source API's resources and methods), tags, and
 * AWS's validation messages. Not yet: `securityPolicy`/`endpointAccessMode`
 * are stored as given without checks against certificates.
 */
import { BadRequestException } from '../aws/errors';
import { newResourceId, newRestApiId, newRootResourceId } from '../aws/ids';
import { apiGatewayArn } from '../aws/arn';
import { pageByCursor } from '../aws/pagination';
import { PatchEngine, patchBoolean, scalarRule, stringSetRule, type PatchRule } from '../aws/patch';
import type { HandlerTable, Input, OperationContext } from './context';
import { nowSeconds, requireRestApi } from './lookups';
import type { EndpointConfiguration, Resource, RestApi } from '../model';
import { cloneDefinitions, deleteDefinitions } from './definitions';
import { createDefaultModels } from './models';
import { refuseDeleteWhileMapped } from './base-path-mappings';
import { removeApiFromUsagePlans } from './usage-plan-rules';

export const API_KEY_SOURCES = ['HEADER', 'AUTHORIZER'];
export const ENDPOINT_TYPES = ['EDGE', 'REGIONAL', 'PRIVATE'];
const MAX_COMPRESSION = 10485760;

export function restApiArn(region: string, id: string): string {
  return apiGatewayArn(region, `/restapis/${id}`);
}

function checkName(name: unknown): string {
  if (typeof name !== 'string' || name.trim() === '') throw new BadRequestException('Invalid REST API name specified: name must not be empty');
  if (name.length > 1024) throw new BadRequestException('Invalid REST API name specified: name must be at most 1024 characters');
  return name;
}

function checkCompression(v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > MAX_COMPRESSION) {
    throw new BadRequestException(`Invalid minimum compression size, must be between 0 and ${MAX_COMPRESSION}`);
  }
  return v;
}

function checkApiKeySource(v: unknown): string {
  if (typeof v !== 'string' || !API_KEY_SOURCES.includes(v)) {
    throw new BadRequestException(`Invalid API Key Source specified: ${v}. Must be one of: [${API_KEY_SOURCES.join(', ')}]`);
  }
  return v;
}

function checkEndpointConfiguration(ec: EndpointConfiguration | undefined): EndpointConfiguration {
  const types = ec?.types && ec.types.length ? ec.types : ['EDGE'];
  if (types.length !== 1) throw new BadRequestException('Cannot create an api with multiple Endpoint Types.');
  for (const t of types) {
    if (!ENDPOINT_TYPES.includes(t)) {
      throw new BadRequestException(`Invalid EndpointTypes specified. Valid options are ${ENDPOINT_TYPES.join(',')}`);
    }
  }
  const ipAddressType = ec?.ipAddressType ?? (types[0] === 'PRIVATE' ? 'dualstack' : 'ipv4');
  if (!['ipv4', 'dualstack'].includes(ipAddressType)) {
    throw new BadRequestException(`Invalid IpAddressType specified. Valid options are ipv4,dualstack`);
  }
  const out: EndpointConfiguration = { ipAddressType, types };
  if (ec?.vpcEndpointIds?.length) out.vpcEndpointIds = ec.vpcEndpointIds;
  return out;
}

function checkPolicy(v: unknown): string {
  if (typeof v !== 'string') throw new BadRequestException('Invalid policy document');
  try {
    JSON.parse(v);
  } catch {
    throw new BadRequestException('Invalid policy document. Please check the policy syntax and try again.');
  }
  return v;
}

/** The wire form: the stored document plus its tags. */
function present(ctx: OperationContext, api: RestApi, opts: { alwaysTags?: boolean } = {}): RestApi {
  const tags = ctx.store.tags.get(ctx.scope, restApiArn(ctx.scope.region, api.id));
  const out: RestApi = { ...api };
  if (Object.keys(tags).length || opts.alwaysTags) out.tags = tags;
  return out;
}

function cloneResources(ctx: OperationContext, fromApiId: string, toApiId: string, toRootId: string): void {
  const source = ctx.store.resources.all(ctx.scope, fromApiId);
  const idMap = new Map<string, string>();
  for (const r of source) idMap.set(r.id, r.parentId === undefined ? toRootId : newResourceId());
  for (const r of source) {
    const copy: Resource = structuredClone(r);
    copy.id = idMap.get(r.id)!;
    if (r.parentId !== undefined) copy.parentId = idMap.get(r.parentId);
    ctx.store.resources.insert(ctx.scope, toApiId, copy);
  }
}

const restApiPatch = new PatchEngine<RestApi>([
  scalarRule('/name', 'name', { parse: (v) => checkName(v) }),
  scalarRule('/description', 'description'),
  scalarRule('/version', 'version'),
  scalarRule('/policy', 'policy', { parse: (v) => (v === undefined || v === '' ? undefined : checkPolicy(v)) }),
  scalarRule('/apiKeySource', 'apiKeySource', { parse: (v) => checkApiKeySource(v) }),
  scalarRule('/minimumCompressionSize', 'minimumCompressionSize', {
    parse: (v) => {
      if (v === undefined || v === '') return undefined;
      if (!/^-?\d+$/.test(v)) checkCompression(v);
      return checkCompression(Number(v));
    },
  }),
  scalarRule('/disableExecuteApiEndpoint', 'disableExecuteApiEndpoint', { parse: (v, p) => patchBoolean(v, p) }),
  stringSetRule('/binaryMediaTypes', 'binaryMediaTypes'),
  {
    path: '/endpointConfiguration/types/{type}',
    ops: ['replace'],
    get: (api, p) => (api.endpointConfiguration.types?.includes(p.type) ? p.type : undefined),
    set: (api, p, value) => {
      if (!api.endpointConfiguration.types?.includes(p.type)) {
        throw new BadRequestException(`Invalid EndpointTypes specified. Valid options are ${ENDPOINT_TYPES.join(',')}`);
      }
      api.endpointConfiguration = checkEndpointConfiguration({ ...api.endpointConfiguration, types: [value ?? ''] });
    },
  } satisfies PatchRule<RestApi>,
  {
    path: '/endpointConfiguration/ipAddressType',
    ops: ['replace'],
    get: (api) => api.endpointConfiguration.ipAddressType,
    set: (api, _p, value) => {
      api.endpointConfiguration = checkEndpointConfiguration({ ...api.endpointConfiguration, ipAddressType: value });
    },
  } satisfies PatchRule<RestApi>,
]);

export const restApiHandlers: HandlerTable = {
  CreateRestApi(input: Input, ctx) {
    const name = checkName(input.name);
    if (input.description === '') throw new BadRequestException('Description cannot be an empty string');
    if (input.cloneFrom !== undefined) requireRestApi(ctx, input.cloneFrom);
    const api: RestApi = {
      id: newRestApiId(),
      name,
      createdDate: nowSeconds(),
      apiKeySource: input.apiKeySource === undefined ? 'HEADER' : checkApiKeySource(input.apiKeySource),
      endpointConfiguration: checkEndpointConfiguration(input.endpointConfiguration),
      disableExecuteApiEndpoint: input.disableExecuteApiEndpoint ?? false,
      rootResourceId: newRootResourceId(),
    };
    if (input.description !== undefined) api.description = input.description;
    if (input.version !== undefined && input.version !== '') api.version = input.version;
    if (Array.isArray(input.binaryMediaTypes) && input.binaryMediaTypes.length) api.binaryMediaTypes = input.binaryMediaTypes;
    if (input.minimumCompressionSize !== undefined) api.minimumCompressionSize = checkCompression(input.minimumCompressionSize);
    if (input.policy !== undefined && input.policy !== '') api.policy = checkPolicy(input.policy);
    if (input.securityPolicy !== undefined) (api as RestApi & { securityPolicy?: string }).securityPolicy = input.securityPolicy;
    if (input.endpointAccessMode !== undefined) (api as RestApi & { endpointAccessMode?: string }).endpointAccessMode = input.endpointAccessMode;
    const tags: Record<string, string> = input.tags ?? {};
    ctx.store.transaction(() => {
      ctx.store.restApis.insert(ctx.scope, api);
      if (input.cloneFrom !== undefined) {
        cloneResources(ctx, input.cloneFrom, api.id, api.rootResourceId);
        cloneDefinitions(ctx, input.cloneFrom, api.id);
      } else {
        ctx.store.resources.insert(ctx.scope, api.id, { id: api.rootResourceId, path: '/' });
        createDefaultModels(ctx, api.id);
      }
      if (Object.keys(tags).length) ctx.store.tags.set(ctx.scope, restApiArn(ctx.scope.region, api.id), tags);
    });
    return present(ctx, api);
  },

  GetRestApi(input: Input, ctx) {
    return present(ctx, requireRestApi(ctx, input.restApiId));
  },

  GetRestApis(input: Input, ctx) {
    return pageByCursor(input, (after, limit) => {
      const page = ctx.store.restApis.page(ctx.scope, after, limit);
      return { items: page.items.map((a) => present(ctx, a)), next: page.next };
    });
  },

  UpdateRestApi(input: Input, ctx) {
    return ctx.store.transaction(() => {
      const api = requireRestApi(ctx, input.restApiId);
      const updated = restApiPatch.apply(api, input.patchOperations);
      ctx.store.restApis.update(ctx.scope, updated);
      return present(ctx, updated, { alwaysTags: true });
    });
  },

  DeleteRestApi(input: Input, ctx) {
    ctx.store.transaction(() => {
      requireRestApi(ctx, input.restApiId);
      refuseDeleteWhileMapped(ctx, input.restApiId);
      deleteRestApiCascade(ctx, input.restApiId);
    });
    ctx.events.stageChanged(ctx.scope, input.restApiId);
    return undefined;
  },
};

/** Removes an API and everything under it. Later aggregates (authorizers, models, …) add their rows here. */
export function deleteRestApiCascade(ctx: OperationContext, restApiId: string): void {
  const { store, scope } = ctx;
  store.restApis.delete(scope, restApiId);
  store.resources.deleteAll(scope, restApiId);
  store.deployments.deleteAll(scope, restApiId);
  store.stages.deleteAll(scope, restApiId);
  store.gatewayResponses.deleteAll(scope, restApiId);
  deleteDefinitions(ctx, restApiId);
  store.documentationParts.deleteAll(scope, restApiId);
  store.documentationVersions.deleteAll(scope, restApiId);
  store.tags.deleteUnder(scope, restApiArn(scope.region, restApiId));
  removeApiFromUsagePlans(ctx, restApiId);
}
