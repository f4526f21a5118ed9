/**
 * @module control/gateway-responses
 * PutGatewayResponse, GetGatewayResponse, GetGatewayResponses,
 * UpdateGatewayResponse, DeleteGatewayResponse.
 *
 * Emulates (recorded AWS answers, test_apigateway_api TestApiGatewayGatewayResponse):
 * - a type never put answers its generated default (`defaultResponse: true`,
 *   `responseParameters: {}`, the default `application/json` template, the
 *   type's status code — none for DEFAULT_4XX/DEFAULT_5XX), or what it
 *   inherits from a put DEFAULT_4XX/DEFAULT_5XX of its class;
 * - Put replaces the whole response and fills what is missing with the
 *   type's own defaults (never the inherited ones);
 * - Update of a type never put starts from its own defaults and stores it;
 *   paths `/statusCode` (replace), `/responseParameters/{key}` and
 *   `/responseTemplates/{contentType}` (add, replace, remove);
 * - GetGatewayResponses lists all 21 types; the collection is not paged
 *   (AWS: "position/limit do not apply here");
 * - Delete of a type never put is 404 "Gateway response type not defined on api";
 * - an unknown response type or a status code not matching `[1-5]\d\d` is
 *   AWS's 400 ValidationException, checked before the API is looked up.
 *
 * Gateway responses reach a stage only through its next deployment, so these
 * writes do not notify the data plane.
 */
import { BadRequestException, NotFoundException } from '../aws/errors';
import { ValidationException, enumConstraint, patchOpConstraints, statusCodeConstraints } from '../aws/validation';
import { PatchEngine, type PatchMessages, type PatchRule } from '../aws/patch';
import type { HandlerTable, Input, OperationContext } from './context';
import { requireRestApi } from './lookups';
import {
  DEFAULT_TEMPLATE,
  GATEWAY_RESPONSE_TYPES,
  baseGatewayResponse,
  checkResponseParameter,
  effectiveGatewayResponse,
  isGatewayResponseType,
  type GatewayResponseType,
} from '../dataplane/gateway-responses';
import type { GatewayResponse } from '../model';

const STATUS_CODE = /^[1-5]\d\d$/;

function validationError(errors: string[]): ValidationException {
  return new ValidationException(errors);
}

/** The checks AWS's request validation makes before the operation runs (all errors in one message). */
function validateInput(input: Input, operation: string): GatewayResponseType {
  const errors: string[] = [];
  errors.push(...patchOpConstraints(input.patchOperations, `${operation}Input`));
  // AWS lists the enum in its own (hash) order in this message.
  if (!isGatewayResponseType(input.responseType)) errors.push(enumConstraint(input.responseType, 'responseType', GATEWAY_RESPONSE_TYPES));
  errors.push(...statusCodeConstraints(input.statusCode));
  if (errors.length) throw validationError(errors);
  return input.responseType as GatewayResponseType;
}

function checkParameters(params: Record<string, string>): void {
  for (const [key, value] of Object.entries(params)) {
    const problem = checkResponseParameter(key, value);
    if (problem) throw new BadRequestException(problem);
  }
}

function checkContentType(contentType: string): void {
  if (!/^[^\s/]+\/[^\s/]+$/.test(contentType)) {
    throw new BadRequestException(`Validation Result: warnings : [], errors : [Invalid content type specified: ${contentType}]`);
  }
}

function checkTemplates(templates: Record<string, string>): void {
  for (const contentType of Object.keys(templates)) checkContentType(contentType);
}

function putMap(ctx: OperationContext, restApiId: string): Map<string, GatewayResponse> {
  return new Map(ctx.store.gatewayResponses.all(ctx.scope, restApiId).map((r) => [r.responseType, r]));
}

// ---- UpdateGatewayResponse patch rules ------------------------------------------------------------

/** AWS answers "Invalid patch path <path>" both for an unknown path and for an op the path refuses. */
const GATEWAY_RESPONSE_PATCH_MESSAGES: PatchMessages = {
  invalidPath: (path) => `Invalid patch path ${path}`,
  invalidOp: (path) => `Invalid patch path ${path}`,
};

function mapRule(
  field: 'responseParameters' | 'responseTemplates',
  notFound: string,
  check: (key: string, value: string) => void,
): PatchRule<GatewayResponse> {
  const map = (doc: GatewayResponse): Record<string, string> => (doc[field] ??= {});
  return {
    path: `/${field}/{key}`,
    ops: ['add', 'replace', 'remove'],
    get: (doc, p) => map(doc)[p.key],
    set: (doc, p, value, op) => {
      if (value === undefined || value === null || value === '') throw new BadRequestException(`Invalid null or empty value in ${field}`);
      if (op === 'replace' && !Object.hasOwn(map(doc), p.key)) throw new NotFoundException(notFound);
      check(p.key, value);
      map(doc)[p.key] = value;
    },
    remove: (doc, p) => {
      if (!Object.hasOwn(map(doc), p.key)) throw new NotFoundException(notFound);
      delete map(doc)[p.key];
    },
  };
}

const gatewayResponsePatch = new PatchEngine<GatewayResponse>(
  [
    {
      path: '/statusCode',
      ops: ['replace'],
      get: (doc) => doc.statusCode,
      set: (doc, _p, value) => {
        if (value === undefined || value === null || value === '') {
          delete doc.statusCode; // AWS: resetting DEFAULT_xXX's status code to null reverts the others to their own
          return;
        }
        if (!STATUS_CODE.test(value)) throw validationError(statusCodeConstraints(value));
        doc.statusCode = value;
      },
    },
    mapRule('responseParameters', 'Invalid parameter name specified', (key, value) => checkParameters({ [key]: value })),
    mapRule('responseTemplates', 'Content-Type specified was not found', (key) => checkContentType(key)),
  ],
  GATEWAY_RESPONSE_PATCH_MESSAGES,
);

/** Wire order as AWS sends it. */
function present(r: GatewayResponse): GatewayResponse {
  const out: GatewayResponse = {
    defaultResponse: r.defaultResponse,
    responseParameters: r.responseParameters ?? {},
    responseTemplates: r.responseTemplates ?? {},
    responseType: r.responseType,
  };
  if (r.statusCode !== undefined) out.statusCode = r.statusCode;
  return out;
}

export const gatewayResponseHandlers: HandlerTable = {
  PutGatewayResponse(input: Input, ctx) {
    const type = validateInput(input, 'putGatewayResponse');
    const params: Record<string, string> = input.responseParameters ?? {};
    const templates: Record<string, string> | undefined = input.responseTemplates;
    return ctx.store.transaction(() => {
      requireRestApi(ctx, input.restApiId);
      checkParameters(params);
      if (templates) checkTemplates(templates);
      const r = baseGatewayResponse(type, false);
      if (input.statusCode !== undefined) r.statusCode = String(input.statusCode);
      r.responseParameters = { ...params };
      r.responseTemplates = templates && Object.keys(templates).length ? { ...templates } : { 'application/json': DEFAULT_TEMPLATE };
      ctx.store.gatewayResponses.put(ctx.scope, input.restApiId, r);
      return present(r);
    });
  },

  GetGatewayResponse(input: Input, ctx) {
    const type = validateInput(input, 'getGatewayResponse');
    requireRestApi(ctx, input.restApiId);
    return present(effectiveGatewayResponse(type, putMap(ctx, input.restApiId)));
  },

  GetGatewayResponses(input: Input, ctx) {
    requireRestApi(ctx, input.restApiId);
    const put = putMap(ctx, input.restApiId);
    return { item: GATEWAY_RESPONSE_TYPES.map((t) => present(effectiveGatewayResponse(t, put))) };
  },

  UpdateGatewayResponse(input: Input, ctx) {
    const type = validateInput(input, 'updateGatewayResponse');
    return ctx.store.transaction(() => {
      requireRestApi(ctx, input.restApiId);
      const current = ctx.store.gatewayResponses.get(ctx.scope, input.restApiId, type) ?? baseGatewayResponse(type, false);
      const updated = gatewayResponsePatch.apply(current, input.patchOperations);
      updated.defaultResponse = false;
      ctx.store.gatewayResponses.put(ctx.scope, input.restApiId, updated);
      return present(updated);
    });
  },

  DeleteGatewayResponse(input: Input, ctx) {
    const type = validateInput(input, 'deleteGatewayResponse');
    ctx.store.transaction(() => {
      requireRestApi(ctx, input.restApiId);
      if (!ctx.store.gatewayResponses.delete(ctx.scope, input.restApiId, type)) {
        throw new NotFoundException('Gateway response type not defined on api');
      }
    });
    return undefined;
  },
};
