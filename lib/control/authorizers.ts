/**
 * @module control/authorizers
 * CreateAuthorizer, GetAuthorizer, GetAuthorizers, UpdateAuthorizer,
 * DeleteAuthorizer. The checks themselves are in `authorizer-rules.ts`.
 *
 * Emulates: 201 with `authorizerResultTtlInSeconds` 300 unless given; AWS
 * checks the authorizer URI before it looks the API up, and answers an
 * unknown API with 409 ConflictException "Unable to complete operation due to
 * concurrent modification. Please try again later." (recorded AWS answer,
 * test_apigateway_api test_authorizer_crud_no_api); listing an unknown API is
 * the usual 404; an unknown authorizer is 404 "Invalid Authorizer identifier
 * specified"; UpdateAuthorizer replaces /name, /type, /authorizerUri,
 * /authorizerCredentials, /identitySource, /identityValidationExpression,
 * /authorizerResultTtlInSeconds, /authType and adds or removes
 * /providerARNs/{arn}, then re-checks the whole authorizer; DeleteAuthorizer
 * refuses while a method uses it (409 "Cannot delete authorizer, is
 * referenced in method: {METHOD}/{path}", as AWS words it).
 *
 * TestInvokeAuthorizer is in test-invoke.ts; the data plane runs authorizers
 * in steps/authorize.ts. Not yet: AWS's limit of 10 authorizers per API.
 */
import { ConflictException, NotFoundException } from '../aws/errors';
import { newShortId } from '../aws/ids';
import { PatchEngine, patchInteger, type PatchRule } from '../aws/patch';
import type { HandlerTable, Input, OperationContext } from './context';
import { requireRestApi } from './lookups';
import { DEFINITION_PATCH_MESSAGES, findUse, pageById } from './definitions';
import { DEFAULT_TTL, checkAuthorizer, checkAuthorizerUri, checkTtl, createConstraints } from './authorizer-rules';
import type { Authorizer } from '../model';

const NOT_FOUND = 'Invalid Authorizer identifier specified';

function findAuthorizer(ctx: OperationContext, restApiId: string, id: string): Authorizer {
  const a = restApiId && id && ctx.store.restApis.exists(ctx.scope, restApiId) ? ctx.store.authorizers.get(ctx.scope, restApiId, id) : undefined;
  if (!a) throw new NotFoundException(NOT_FOUND);
  return a;
}

type StringField = 'name' | 'type' | 'authorizerUri' | 'authorizerCredentials' | 'identitySource' | 'identityValidationExpression' | 'authType';

function stringRule(field: StringField): PatchRule<Authorizer> {
  return {
    path: `/${field}`,
    ops: ['replace'],
    get: (a) => a[field],
    set: (a, _p, value) => {
      if (field === 'name' || field === 'type') a[field] = value ?? '';
      else if (value === undefined || value === '') delete a[field];
      else a[field] = value;
    },
  };
}

const authorizerPatch = new PatchEngine<Authorizer>(
  [
    stringRule('name'),
    stringRule('type'),
    stringRule('authorizerUri'),
    stringRule('authorizerCredentials'),
    stringRule('identitySource'),
    stringRule('identityValidationExpression'),
    {
      path: '/authorizerResultTtlInSeconds',
      ops: ['replace'],
      get: (a) => a.authorizerResultTtlInSeconds,
      set: (a, _p, value, _op, path) => {
        a.authorizerResultTtlInSeconds = checkTtl(patchInteger(value, path));
      },
    },
    stringRule('authType'),
    {
      path: '/providerARNs/{arn+}',
      ops: ['add', 'remove'],
      get: (a, p) => (a.providerARNs?.includes(p.arn) ? p.arn : undefined),
      set: (a, p) => {
        a.providerARNs = [...(a.providerARNs ?? []).filter((x) => x !== p.arn), p.arn];
      },
      remove: (a, p) => {
        a.providerARNs = (a.providerARNs ?? []).filter((x) => x !== p.arn);
        if (!a.providerARNs.length) delete a.providerARNs;
      },
    },
  ],
  DEFINITION_PATCH_MESSAGES,
);

export const authorizerHandlers: HandlerTable = {
  CreateAuthorizer(input: Input, ctx) {
    createConstraints(input);
    const a: Authorizer = { id: newShortId(), name: String(input.name), type: input.type };
    if (Array.isArray(input.providerARNs) && input.providerARNs.length) a.providerARNs = input.providerARNs;
    if (input.authType !== undefined && input.authType !== '') a.authType = input.authType;
    if (input.authorizerUri !== undefined && input.authorizerUri !== '') a.authorizerUri = input.authorizerUri;
    if (input.authorizerCredentials !== undefined && input.authorizerCredentials !== '') a.authorizerCredentials = input.authorizerCredentials;
    if (input.identitySource !== undefined && input.identitySource !== '') a.identitySource = input.identitySource;
    if (input.identityValidationExpression !== undefined && input.identityValidationExpression !== '') {
      a.identityValidationExpression = input.identityValidationExpression;
    }
    a.authorizerResultTtlInSeconds = input.authorizerResultTtlInSeconds ?? DEFAULT_TTL;
    // Recorded AWS behaviour: the URI is checked first, then an unknown API is a 409.
    checkAuthorizerUri(a);
    return ctx.store.transaction(() => {
      if (!input.restApiId || !ctx.store.restApis.exists(ctx.scope, input.restApiId)) {
        throw new ConflictException('Unable to complete operation due to concurrent modification. Please try again later.');
      }
      checkAuthorizer(a);
      ctx.store.authorizers.insert(ctx.scope, input.restApiId, a);
      return a;
    });
  },

  GetAuthorizer(input: Input, ctx) {
    return findAuthorizer(ctx, input.restApiId, input.authorizerId);
  },

  GetAuthorizers(input: Input, ctx) {
    requireRestApi(ctx, input.restApiId);
    return pageById(input, (after, limit) => ctx.store.authorizers.page(ctx.scope, input.restApiId, after, limit));
  },

  UpdateAuthorizer(input: Input, ctx) {
    return ctx.store.transaction(() => {
      const current = findAuthorizer(ctx, input.restApiId, input.authorizerId);
      const updated = checkAuthorizer(authorizerPatch.apply(current, input.patchOperations));
      ctx.store.authorizers.update(ctx.scope, input.restApiId, updated);
      return updated;
    });
  },

  DeleteAuthorizer(input: Input, ctx) {
    ctx.store.transaction(() => {
      findAuthorizer(ctx, input.restApiId, input.authorizerId);
      const use = findUse(ctx, input.restApiId, (m) => m.authorizerId === input.authorizerId);
      if (use) throw new ConflictException(`Cannot delete authorizer, is referenced in method: ${use.method.httpMethod}/${use.resource.path}`);
      ctx.store.authorizers.delete(ctx.scope, input.restApiId, input.authorizerId);
    });
    return undefined;
  },
};
