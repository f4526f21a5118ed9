/**
 * @module control/request-validators
 * CreateRequestValidator, GetRequestValidator, GetRequestValidators,
 * UpdateRequestValidator, DeleteRequestValidator.
 *
 * Emulates (recorded AWS answers, test_apigateway_api
 * TestApiGatewayApiRequestValidator): `validateRequestBody` and
 * `validateRequestParameters` default to false; creating on an unknown API is
 * 400 "Invalid REST API identifier specified" while listing is the usual 404;
 * Get/Update/Delete on an unknown API or validator are 404 "Invalid Request
 * Validator identifier specified"; UpdateRequestValidator replaces `/name`,
 * `/validateRequestParameters`, `/validateRequestBody` (a replace without a
 * value is false) with AWS's listing wording for other paths and ops; a blank
 * name is "Request Validator name cannot be blank". Names are unique per API
 * ("Request Validator name must be unique", as AWS answers deployment tools).
 *
 * Not checked: AWS's limit of 20 validators per API. Deleting a validator a
 * method still names is allowed (no recorded AWS refusal to copy).
 */
import { BadRequestException, NotFoundException } from '../aws/errors';
import { newShortId } from '../aws/ids';
import { PatchEngine, type PatchRule } from '../aws/patch';
import type { HandlerTable, Input, OperationContext } from './context';
import { requireRestApi } from './lookups';
import { DEFINITION_PATCH_MESSAGES, pageById } from './definitions';
import { lenientBoolean } from './method-validation';
import type { RequestValidator } from '../model';

const NOT_FOUND = 'Invalid Request Validator identifier specified';

function checkName(name: unknown): string {
  if (typeof name !== 'string' || name.trim() === '') throw new BadRequestException('Request Validator name cannot be blank');
  return name;
}

function checkUnique(ctx: OperationContext, restApiId: string, v: RequestValidator): void {
  const clash = ctx.store.requestValidators.all(ctx.scope, restApiId).some((o) => o.id !== v.id && o.name === v.name);
  if (clash) throw new BadRequestException('Request Validator name must be unique');
}

function findValidator(ctx: OperationContext, restApiId: string, id: string): RequestValidator {
  const v = restApiId && id && ctx.store.restApis.exists(ctx.scope, restApiId) ? ctx.store.requestValidators.get(ctx.scope, restApiId, id) : undefined;
  if (!v) throw new NotFoundException(NOT_FOUND);
  return v;
}

function flagRule(path: string, field: 'validateRequestBody' | 'validateRequestParameters'): PatchRule<RequestValidator> {
  return {
    path,
    ops: ['replace'],
    get: (v) => v[field],
    set: (v, _p, value) => {
      v[field] = lenientBoolean(value);
    },
  };
}

const validatorPatch = new PatchEngine<RequestValidator>(
  [
    {
      path: '/name',
      ops: ['replace'],
      get: (v) => v.name,
      set: (v, _p, value) => {
        v.name = checkName(value);
      },
    },
    flagRule('/validateRequestParameters', 'validateRequestParameters'),
    flagRule('/validateRequestBody', 'validateRequestBody'),
  ],
  DEFINITION_PATCH_MESSAGES,
);

export const requestValidatorHandlers: HandlerTable = {
  CreateRequestValidator(input: Input, ctx) {
    return ctx.store.transaction(() => {
      if (!input.restApiId || !ctx.store.restApis.exists(ctx.scope, input.restApiId)) {
        throw new BadRequestException('Invalid REST API identifier specified');
      }
      const v: RequestValidator = {
        id: newShortId(),
        name: checkName(input.name),
        validateRequestBody: input.validateRequestBody === true,
        validateRequestParameters: input.validateRequestParameters === true,
      };
      checkUnique(ctx, input.restApiId, v);
      ctx.store.requestValidators.insert(ctx.scope, input.restApiId, v);
      return v;
    });
  },

  GetRequestValidator(input: Input, ctx) {
    return findValidator(ctx, input.restApiId, input.requestValidatorId);
  },

  GetRequestValidators(input: Input, ctx) {
    requireRestApi(ctx, input.restApiId);
    return pageById(input, (after, limit) => ctx.store.requestValidators.page(ctx.scope, input.restApiId, after, limit));
  },

  UpdateRequestValidator(input: Input, ctx) {
    return ctx.store.transaction(() => {
      const current = findValidator(ctx, input.restApiId, input.requestValidatorId);
      const updated = validatorPatch.apply(current, input.patchOperations);
      checkUnique(ctx, input.restApiId, updated);
      ctx.store.requestValidators.update(ctx.scope, input.restApiId, updated);
      return updated;
    });
  },

  DeleteRequestValidator(input: Input, ctx) {
    ctx.store.transaction(() => {
      findValidator(ctx, input.restApiId, input.requestValidatorId);
      ctx.store.requestValidators.delete(ctx.scope, input.restApiId, input.requestValidatorId);
    });
    return undefined;
  },
};
