/**
 * @module control/integrations
 * PutIntegration, GetIntegration, UpdateIntegration, DeleteIntegration and
 * the integration responses (Put/Get/Update/DeleteIntegrationResponse).
 *
 * Emulates AWS's defaults (recorded answers of test_apigateway_api and
 * test_apigateway_integrations; the checks are in `integration-rules.ts`):
 * timeout 29000 ms; `passthroughBehavior` WHEN_NO_MATCH, `cacheNamespace` the
 * resource id and `cacheKeyParameters` [] by default; `connectionType`
 * INTERNET by default except for MOCK. Putting an integration again replaces
 * it (with its integration responses). Empty mapping templates are stored as
 * null, as AWS does. Integration responses are put (and re-put) by status code.
 *
 * Not checked yet: VPC link ids (VPC links are not supported), the values of
 * request/response parameter mappings, the content types of templates.
 */
import { BadRequestException, NotFoundException } from '../aws/errors';
import { PatchEngine, patchInteger, type PatchRule } from '../aws/patch';
import type { HandlerTable, Input, OperationContext } from './context';
import {
  checkMappingKey,
  findIntegration,
  findMethod,
  findResource,
  lenientBoolean,
  patchOpConstraints,
  saveMethod,
  statusCodeConstraints,
  templateMap,
  throwIfInvalid,
} from './method-validation';
import { CONTENT_HANDLING, MAX_TIMEOUT, RESPONSE_PARAMETER, inputConstraints, validateIntegration } from './integration-rules';
import { mapEntryRule, replaceRule, tidy } from './method-patch';
import type { Integration, IntegrationResponse, Method, Resource } from '../model';

function buildIntegration(input: Input, resource: Resource): Integration {
  const type: string = input.type;
  const i: Integration = {
    type,
    passthroughBehavior: input.passthroughBehavior ?? 'WHEN_NO_MATCH',
    timeoutInMillis: input.timeoutInMillis ?? MAX_TIMEOUT,
    cacheNamespace: input.cacheNamespace ?? resource.id,
    cacheKeyParameters: Array.isArray(input.cacheKeyParameters) ? input.cacheKeyParameters : [],
  };
  if (input.integrationHttpMethod !== undefined && input.integrationHttpMethod !== '') i.httpMethod = input.integrationHttpMethod;
  if (input.uri !== undefined && input.uri !== '') i.uri = input.uri;
  const connectionType = input.connectionType ?? (type === 'MOCK' ? undefined : 'INTERNET');
  if (connectionType !== undefined) i.connectionType = connectionType;
  if (input.connectionId !== undefined && input.connectionId !== '') i.connectionId = input.connectionId;
  if (input.credentials !== undefined && input.credentials !== '') i.credentials = input.credentials;
  if (input.requestParameters && Object.keys(input.requestParameters).length) i.requestParameters = input.requestParameters;
  if (input.requestTemplates && Object.keys(input.requestTemplates).length) i.requestTemplates = templateMap(input.requestTemplates);
  if (input.contentHandling !== undefined) i.contentHandling = input.contentHandling;
  if (input.tlsConfig && Object.keys(input.tlsConfig).length) i.tlsConfig = input.tlsConfig;
  if (input.responseTransferMode !== undefined) i.responseTransferMode = input.responseTransferMode;
  if (input.integrationTarget !== undefined) (i as Integration & { integrationTarget?: string }).integrationTarget = input.integrationTarget;
  return i;
}

const stringValue = (v: string | undefined) => v ?? '';

const integrationPatch = new PatchEngine<Integration>([
  replaceRule<Integration>('/httpMethod', 'httpMethod'),
  replaceRule<Integration>('/uri', 'uri'),
  replaceRule<Integration>('/credentials', 'credentials'),
  replaceRule<Integration>('/connectionType', 'connectionType'),
  replaceRule<Integration>('/connectionId', 'connectionId'),
  replaceRule<Integration>('/passthroughBehavior', 'passthroughBehavior'),
  replaceRule<Integration>('/contentHandling', 'contentHandling'),
  replaceRule<Integration>('/cacheNamespace', 'cacheNamespace'),
  replaceRule<Integration>('/responseTransferMode', 'responseTransferMode'),
  {
    path: '/timeoutInMillis',
    ops: ['replace'],
    get: (i) => i.timeoutInMillis,
    set: (i, _p, value, _op, path) => {
      i.timeoutInMillis = patchInteger(value, path);
    },
  } satisfies PatchRule<Integration>,
  {
    path: '/tlsConfig/insecureSkipVerification',
    ops: ['replace'],
    get: (i) => i.tlsConfig?.insecureSkipVerification,
    set: (i, _p, value) => {
      i.tlsConfig = { ...(i.tlsConfig ?? {}), insecureSkipVerification: lenientBoolean(value) };
    },
  } satisfies PatchRule<Integration>,
  mapEntryRule<Integration>('/requestParameters', 'requestParameters', 'Invalid parameter name specified', stringValue),
  mapEntryRule<Integration>('/requestTemplates', 'requestTemplates', 'Content-Type specified was not found', (v) => (v ? v : null)),
  {
    path: '/cacheKeyParameters/{param}',
    ops: ['add', 'remove'],
    get: (i, p) => (i.cacheKeyParameters?.includes(p.param) ? p.param : undefined),
    set: (i, p) => {
      i.cacheKeyParameters = [...(i.cacheKeyParameters ?? []).filter((c) => c !== p.param), p.param];
    },
    remove: (i, p) => {
      i.cacheKeyParameters = (i.cacheKeyParameters ?? []).filter((c) => c !== p.param);
    },
  } satisfies PatchRule<Integration>,
]);

const integrationResponsePatch = new PatchEngine<IntegrationResponse>([
  replaceRule<IntegrationResponse>('/selectionPattern', 'selectionPattern', stringValue),
  replaceRule<IntegrationResponse>('/contentHandling', 'contentHandling'),
  mapEntryRule<IntegrationResponse>('/responseParameters', 'responseParameters', 'Invalid parameter name specified', (v, key) => {
    checkMappingKey(key, RESPONSE_PARAMETER);
    return stringValue(v);
  }),
  mapEntryRule<IntegrationResponse>('/responseTemplates', 'responseTemplates', 'Content-Type specified was not found', (v) => (v ? v : null)),
]);

function withIntegration(method: Method, integration: Integration | undefined): Method {
  const out: Method = { ...method };
  if (integration) out.methodIntegration = integration;
  else delete out.methodIntegration;
  return out;
}

function withIntegrationResponse(integration: Integration, statusCode: string, response: IntegrationResponse | undefined): Integration {
  const responses = { ...(integration.integrationResponses ?? {}) };
  if (response) responses[statusCode] = response;
  else delete responses[statusCode];
  const out: Integration = { ...integration, integrationResponses: responses };
  if (!Object.keys(responses).length) delete out.integrationResponses;
  return out;
}

/** DeleteIntegrationResponse reports a missing method as a missing integration (recorded AWS answer); the others as a missing method. */
function findIntegrationResponse(ctx: OperationContext, input: Input, opts: { methodAsIntegration?: boolean } = {}) {
  if (opts.methodAsIntegration) {
    const resource = findResource(ctx, input.restApiId, input.resourceId);
    if (!resource.resourceMethods?.[input.httpMethod]) throw new NotFoundException('Invalid Integration identifier specified');
  }
  const found = findIntegration(ctx, input.restApiId, input.resourceId, input.httpMethod);
  const response = found.integration.integrationResponses?.[input.statusCode];
  if (!response) throw new NotFoundException('Invalid Response status code specified');
  return { ...found, response };
}

export const integrationHandlers: HandlerTable = {
  PutIntegration(input: Input, ctx) {
    throwIfInvalid(inputConstraints(input, 'putIntegrationInput'));
    return ctx.store.transaction(() => {
      const { resource, method } = findMethod(ctx, input.restApiId, input.resourceId, input.httpMethod);
      const integration = validateIntegration(buildIntegration(input, resource));
      saveMethod(ctx, input.restApiId, resource, withIntegration(method, integration));
      return integration;
    });
  },

  GetIntegration(input: Input, ctx) {
    return findIntegration(ctx, input.restApiId, input.resourceId, input.httpMethod).integration;
  },

  UpdateIntegration(input: Input, ctx) {
    throwIfInvalid(patchOpConstraints(input.patchOperations, 'updateIntegrationInput'));
    return ctx.store.transaction(() => {
      const { resource, method, integration } = findIntegration(ctx, input.restApiId, input.resourceId, input.httpMethod);
      const patched = tidy(integrationPatch.apply(integration, input.patchOperations), ['requestParameters', 'requestTemplates']);
      const updated = validateIntegration(patched);
      saveMethod(ctx, input.restApiId, resource, withIntegration(method, updated));
      return updated;
    });
  },

  DeleteIntegration(input: Input, ctx) {
    ctx.store.transaction(() => {
      const { resource, method } = findIntegration(ctx, input.restApiId, input.resourceId, input.httpMethod);
      saveMethod(ctx, input.restApiId, resource, withIntegration(method, undefined));
    });
    return undefined;
  },

  PutIntegrationResponse(input: Input, ctx) {
    throwIfInvalid([...statusCodeConstraints(input.statusCode), ...inputConstraints(input, 'putIntegrationResponseInput')]);
    return ctx.store.transaction(() => {
      const { resource, method, integration } = findIntegration(ctx, input.restApiId, input.resourceId, input.httpMethod);
      const response: IntegrationResponse = { statusCode: input.statusCode };
      if (input.selectionPattern !== undefined) response.selectionPattern = input.selectionPattern;
      if (input.responseParameters !== undefined) {
        for (const key of Object.keys(input.responseParameters)) checkMappingKey(key, RESPONSE_PARAMETER);
        response.responseParameters = input.responseParameters;
      }
      if (input.responseTemplates !== undefined) response.responseTemplates = templateMap(input.responseTemplates);
      if (input.contentHandling !== undefined) response.contentHandling = input.contentHandling;
      saveMethod(ctx, input.restApiId, resource, withIntegration(method, withIntegrationResponse(integration, input.statusCode, response)));
      return response;
    });
  },

  GetIntegrationResponse(input: Input, ctx) {
    throwIfInvalid(statusCodeConstraints(input.statusCode));
    return findIntegrationResponse(ctx, input).response;
  },

  UpdateIntegrationResponse(input: Input, ctx) {
    throwIfInvalid([...patchOpConstraints(input.patchOperations, 'updateIntegrationResponseInput'), ...statusCodeConstraints(input.statusCode)]);
    return ctx.store.transaction(() => {
      const { resource, method, integration, response } = findIntegrationResponse(ctx, input);
      const updated = tidy(integrationResponsePatch.apply(response, input.patchOperations), ['responseParameters', 'responseTemplates']);
      if (updated.contentHandling !== undefined && !CONTENT_HANDLING.includes(updated.contentHandling)) {
        throw new BadRequestException(`Invalid content handling specified: ${updated.contentHandling}. Valid options are ${CONTENT_HANDLING.join(',')}`);
      }
      saveMethod(ctx, input.restApiId, resource, withIntegration(method, withIntegrationResponse(integration, input.statusCode, updated)));
      return updated;
    });
  },

  DeleteIntegrationResponse(input: Input, ctx) {
    throwIfInvalid(statusCodeConstraints(input.statusCode));
    ctx.store.transaction(() => {
      const { resource, method, integration } = findIntegrationResponse(ctx, input, { methodAsIntegration: true });
      saveMethod(ctx, input.restApiId, resource, withIntegration(method, withIntegrationResponse(integration, input.statusCode, undefined)));
    });
    return undefined;
  },
};
