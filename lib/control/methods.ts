/**
 * @module control/methods
 * PutMethod, GetMethod, UpdateMethod, DeleteMethod and the method responses
 * (Put/Get/Update/DeleteMethodResponse).
 *
 * Emulates AWS's shapes and rules (recorded answers of test_apigateway_api):
 * `apiKeyRequired` defaults to false; `authorizerId` is kept only for CUSTOM
 * and COGNITO_USER_POOLS methods, which require a valid authorizer; request
 * parameters are `method.request.{path|querystring|header|multivalue…}.name`
 * with unique names across querystring, header and path; request and response
 * models must name an existing model; a method exists once (409); a method
 * response status code matches `[1-5]\d\d` (ValidationException) and exists
 * once (409). UpdateMethod and UpdateMethodResponse accept AWS's patch paths
 * with AWS's (non-listing) wording; removing or replacing an absent request or
 * response parameter or model is AWS's 404.
 *
 * Authorizers, request validators and models are checked against the API's
 * own (`method-validation.ts`).
 */
import { BadRequestException, ConflictException, NotFoundException } from '../aws/errors';
import { PatchEngine, type PatchRule } from '../aws/patch';
import { mapEntryRule, replaceRule, tidy } from './method-patch';
import type { HandlerTable, Input, OperationContext } from './context';
import {
  checkAuthorizer,
  checkHttpMethod,
  checkMappingKey,
  checkModel,
  checkRequestValidator,
  findMethod,
  findResource,
  lenientBoolean,
  notNullConstraint,
  patchOpConstraints,
  saveMethod,
  statusCodeConstraints,
  throwIfInvalid,
} from './method-validation';
import type { Method, MethodResponse, Resource } from '../model';

const AUTHORIZATION_TYPES = ['NONE', 'AWS_IAM', 'CUSTOM', 'COGNITO_USER_POOLS'];
const REQUEST_PARAMETER = /^method\.request\.(path|querystring|header|multivaluequerystring|multivalueheader)\.[^.\s][^\s]*$/;
const RESPONSE_PARAMETER = /^method\.response\.header\.[^\s]+$/;
const NEEDS_AUTHORIZER = (t: string) => t === 'CUSTOM' || t === 'COGNITO_USER_POOLS';

function checkAuthorizationType(t: unknown): string {
  if (typeof t !== 'string' || !AUTHORIZATION_TYPES.includes(t)) {
    throw new BadRequestException(`Invalid authorization type specified. Valid options are ${AUTHORIZATION_TYPES.join(',')}`);
  }
  return t;
}

function checkRequestParameters(params: Record<string, boolean>): void {
  const seen = new Map<string, string>();
  for (const key of Object.keys(params)) {
    checkMappingKey(key, REQUEST_PARAMETER);
    const [, , where, ...rest] = key.split('.');
    if (where.startsWith('multivalue')) continue;
    const name = rest.join('.');
    const other = seen.get(name);
    if (other !== undefined && other !== where) throw new BadRequestException('Parameter names must be unique across querystring, header and path');
    seen.set(name, where);
  }
}

/** Everything a method must satisfy, checked after Put and after every Update. */
function validateMethod(ctx: OperationContext, restApiId: string, m: Method): Method {
  checkAuthorizationType(m.authorizationType);
  if (NEEDS_AUTHORIZER(m.authorizationType)) checkAuthorizer(ctx, restApiId, m.authorizerId);
  else delete m.authorizerId;
  if (m.requestValidatorId !== undefined) checkRequestValidator(ctx, restApiId, m.requestValidatorId);
  if (m.requestParameters) checkRequestParameters(m.requestParameters);
  for (const model of Object.values(m.requestModels ?? {})) checkModel(ctx, restApiId, model);
  return m;
}

const methodPatch = new PatchEngine<Method>([
  replaceRule<Method>('/authorizationType', 'authorizationType', (v) => checkAuthorizationType(v)),
  replaceRule<Method>('/authorizerId', 'authorizerId'),
  replaceRule<Method>('/apiKeyRequired', 'apiKeyRequired', (v) => lenientBoolean(v)),
  replaceRule<Method>('/operationName', 'operationName'),
  replaceRule<Method>('/requestValidatorId', 'requestValidatorId'),
  mapEntryRule<Method>('/requestParameters', 'requestParameters', 'Invalid parameter name specified', (v) => lenientBoolean(v)),
  mapEntryRule<Method>('/requestModels', 'requestModels', 'Content-Type specified was not found', (v) => v ?? ''),
  {
    path: '/authorizationScopes',
    ops: ['add', 'remove'],
    set: (m, _p, value) => {
      if (value === undefined || value === '') throw new BadRequestException('Invalid null or empty value in authorizationScopes');
      m.authorizationScopes = [...(m.authorizationScopes ?? []).filter((s) => s !== value), value];
    },
    remove: (m) => {
      delete m.authorizationScopes;
    },
  } satisfies PatchRule<Method>,
  {
    path: '/authorizationScopes/{scope}',
    ops: ['add', 'remove'],
    set: (m, p) => {
      m.authorizationScopes = [...(m.authorizationScopes ?? []).filter((s) => s !== p.scope), p.scope];
    },
    remove: (m, p) => {
      m.authorizationScopes = (m.authorizationScopes ?? []).filter((s) => s !== p.scope);
    },
  } satisfies PatchRule<Method>,
]);

const methodResponsePatch = new PatchEngine<MethodResponse>([
  mapEntryRule<MethodResponse>('/responseParameters', 'responseParameters', 'Invalid parameter name specified', (v, key) => {
    checkMappingKey(key, RESPONSE_PARAMETER);
    return lenientBoolean(v);
  }),
  mapEntryRule<MethodResponse>('/responseModels', 'responseModels', 'Content-Type specified was not found', (v) => v ?? ''),
]);

function checkResponseParameters(params: Record<string, boolean> | undefined): void {
  for (const key of Object.keys(params ?? {})) checkMappingKey(key, RESPONSE_PARAMETER);
}

function findMethodResponse(ctx: OperationContext, input: Input): { resource: Resource; method: Method; response: MethodResponse } {
  const { resource, method } = findMethod(ctx, input.restApiId, input.resourceId, input.httpMethod);
  const response = method.methodResponses?.[input.statusCode];
  if (!response) throw new NotFoundException('Invalid Response status code specified');
  return { resource, method, response };
}

function withResponse(method: Method, response: MethodResponse | undefined, statusCode: string): Method {
  const responses = { ...(method.methodResponses ?? {}) };
  if (response) responses[statusCode] = response;
  else delete responses[statusCode];
  const out: Method = { ...method, methodResponses: responses };
  if (!Object.keys(responses).length) delete out.methodResponses;
  return out;
}

export const methodHandlers: HandlerTable = {
  PutMethod(input: Input, ctx) {
    if (input.authorizationType === undefined) throwIfInvalid([notNullConstraint('putMethodInput.authorizationType')]);
    return ctx.store.transaction(() => {
      const resource = findResource(ctx, input.restApiId, input.resourceId);
      const httpMethod = checkHttpMethod(input.httpMethod);
      const method: Method = {
        httpMethod,
        authorizationType: checkAuthorizationType(input.authorizationType),
        apiKeyRequired: input.apiKeyRequired ?? false,
      };
      if (input.authorizerId !== undefined && input.authorizerId !== '') method.authorizerId = input.authorizerId;
      if (input.requestValidatorId !== undefined && input.requestValidatorId !== '') method.requestValidatorId = input.requestValidatorId;
      if (input.operationName !== undefined) method.operationName = input.operationName;
      if (input.requestParameters && Object.keys(input.requestParameters).length) method.requestParameters = input.requestParameters;
      if (input.requestModels && Object.keys(input.requestModels).length) method.requestModels = input.requestModels;
      if (Array.isArray(input.authorizationScopes) && input.authorizationScopes.length) method.authorizationScopes = input.authorizationScopes;
      validateMethod(ctx, input.restApiId, method);
      if (resource.resourceMethods?.[httpMethod]) throw new ConflictException('Method already exists for this resource');
      saveMethod(ctx, input.restApiId, resource, method);
      return method;
    });
  },

  GetMethod(input: Input, ctx) {
    return findMethod(ctx, input.restApiId, input.resourceId, input.httpMethod).method;
  },

  UpdateMethod(input: Input, ctx) {
    throwIfInvalid(patchOpConstraints(input.patchOperations, 'updateMethodInput'));
    return ctx.store.transaction(() => {
      const { resource, method } = findMethod(ctx, input.restApiId, input.resourceId, input.httpMethod);
      const updated = validateMethod(ctx, input.restApiId, tidy(methodPatch.apply(method, input.patchOperations), ['requestParameters', 'requestModels', 'authorizationScopes']));
      saveMethod(ctx, input.restApiId, resource, updated);
      return updated;
    });
  },

  DeleteMethod(input: Input, ctx) {
    ctx.store.transaction(() => {
      const { resource } = findMethod(ctx, input.restApiId, input.resourceId, input.httpMethod);
      const methods = { ...(resource.resourceMethods ?? {}) };
      delete methods[input.httpMethod];
      const updated: Resource = { ...resource, resourceMethods: methods };
      if (!Object.keys(methods).length) delete updated.resourceMethods;
      ctx.store.resources.update(ctx.scope, input.restApiId, updated);
    });
    return undefined;
  },

  PutMethodResponse(input: Input, ctx) {
    throwIfInvalid(statusCodeConstraints(input.statusCode));
    return ctx.store.transaction(() => {
      const { resource, method } = findMethod(ctx, input.restApiId, input.resourceId, input.httpMethod);
      const response: MethodResponse = { statusCode: input.statusCode };
      if (input.responseParameters !== undefined) {
        checkResponseParameters(input.responseParameters);
        response.responseParameters = input.responseParameters;
      }
      if (input.responseModels !== undefined) {
        for (const model of Object.values(input.responseModels as Record<string, string>)) checkModel(ctx, input.restApiId, model);
        response.responseModels = input.responseModels;
      }
      if (method.methodResponses?.[input.statusCode]) throw new ConflictException('Response already exists for this resource');
      saveMethod(ctx, input.restApiId, resource, withResponse(method, response, input.statusCode));
      return response;
    });
  },

  GetMethodResponse(input: Input, ctx) {
    throwIfInvalid(statusCodeConstraints(input.statusCode));
    return findMethodResponse(ctx, input).response;
  },

  UpdateMethodResponse(input: Input, ctx) {
    throwIfInvalid([...patchOpConstraints(input.patchOperations, 'updateMethodResponseInput'), ...statusCodeConstraints(input.statusCode)]);
    return ctx.store.transaction(() => {
      const { resource, method, response } = findMethodResponse(ctx, input);
      const updated = tidy(methodResponsePatch.apply(response, input.patchOperations), ['responseParameters', 'responseModels']);
      for (const model of Object.values(updated.responseModels ?? {})) checkModel(ctx, input.restApiId, model);
      saveMethod(ctx, input.restApiId, resource, withResponse(method, updated, input.statusCode));
      return updated;
    });
  },

  DeleteMethodResponse(input: Input, ctx) {
    throwIfInvalid(statusCodeConstraints(input.statusCode));
    ctx.store.transaction(() => {
      const { resource, method } = findMethodResponse(ctx, input);
      saveMethod(ctx, input.restApiId, resource, withResponse(method, undefined, input.statusCode));
    });
    return undefined;
  },
};
