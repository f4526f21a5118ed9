/**
 * @module control/models
 * CreateModel, GetModel, GetModels, UpdateModel, DeleteModel,
 * GetModelTemplate, and the two models every new REST API starts with.
 *
 * Emulates (recorded AWS answers, test_apigateway_api TestApiGatewayApiModels
 * and test_put_method_model): models are addressed by name; names are
 * alphanumeric and unique per API (409 "Model name already exists for this
 * REST API"); an empty name is "Model name must be non-empty"; the schema is
 * checked as `model-schema.ts` describes and kept as the string given; an
 * empty description is not kept; on an unknown API, Create/GetModels answer
 * the usual 404 while Get/Update/Delete/GetModelTemplate answer 404 "Invalid
 * model name specified: {name}"; UpdateModel replaces /schema and
 * /description; DeleteModel is refused while a method request uses the model
 * (409 "Cannot delete model '{name}', is referenced in method request:
 * {path}/{METHOD}"), a method response uses it, or another model references it.
 * `Empty` and `Error` are created with every API, with AWS's exact schema text.
 *
 * Not yet: `flatten=true` output is our JSON serialization of the flattened
 * schema (AWS's own formatting is not recorded).
 */
import { BadRequestException, ConflictException, NotFoundException } from '../aws/errors';
import { newShortId } from '../aws/ids';
import { PatchEngine } from '../aws/patch';
import type { HandlerTable, Input, OperationContext } from './context';
import { requireRestApi } from './lookups';
import { DEFINITION_PATCH_MESSAGES, methodsOf, pageById } from './definitions';
import { notNullConstraint, throwIfInvalid } from '../aws/validation';
import { checkModelSchema, flattenSchema, referencedModels } from './model-schema';
import { modelTemplate } from './model-template';
import type { Model } from '../model';

/** AWS's default models, to the character (as GetModels answers for a new API). */
export const DEFAULT_MODELS: Omit<Model, 'id'>[] = [
  {
    name: 'Empty',
    description: 'This is a default empty schema model',
    contentType: 'application/json',
    schema: '{\n  "$schema": "http://json-schema.org/draft-04/schema#",\n  "title" : "Empty Schema",\n  "type" : "object"\n}',
  },
  {
    name: 'Error',
    description: 'This is a default error schema model',
    contentType: 'application/json',
    schema:
      '{\n  "$schema" : "http://json-schema.org/draft-04/schema#",\n  "title" : "Error Schema",\n  "type" : "object",\n  "properties" : {\n    "message" : { "type" : "string" }\n  }\n}',
  },
];

/** CreateRestApi: the API's `Empty` and `Error` models. */
export function createDefaultModels(ctx: OperationContext, restApiId: string): void {
  for (const m of DEFAULT_MODELS) ctx.store.models.insert(ctx.scope, restApiId, { id: newShortId(), ...m });
}

function findModel(ctx: OperationContext, restApiId: string, name: string): Model {
  const m = restApiId && name && ctx.store.restApis.exists(ctx.scope, restApiId) ? ctx.store.models.getByName(ctx.scope, restApiId, name) : undefined;
  if (!m) throw new NotFoundException(`Invalid model name specified: ${name}`);
  return m;
}

function checkSchema(ctx: OperationContext, restApiId: string, schema: string | undefined): void {
  checkModelSchema(schema, restApiId, (name) => ctx.store.models.getByName(ctx.scope, restApiId, name) !== undefined);
}

const modelPatch = new PatchEngine<Model>(
  [
    {
      path: '/description',
      ops: ['replace'],
      get: (m) => m.description,
      set: (m, _p, value) => {
        if (value === undefined || value === '') delete m.description;
        else m.description = value;
      },
    },
    {
      path: '/schema',
      ops: ['replace'],
      get: (m) => m.schema,
      set: (m, _p, value) => {
        m.schema = value ?? '';
      },
    },
  ],
  DEFINITION_PATCH_MESSAGES,
);

/** Why a model cannot be deleted: the first method or model that uses it. */
function usedBy(ctx: OperationContext, restApiId: string, name: string): string | undefined {
  const uses = methodsOf(ctx, restApiId);
  const request = uses.find((u) => Object.values(u.method.requestModels ?? {}).includes(name));
  if (request) return `method request: ${request.resource.path}/${request.method.httpMethod}`;
  for (const u of uses) {
    for (const r of Object.values(u.method.methodResponses ?? {})) {
      if (Object.values(r.responseModels ?? {}).includes(name)) {
        return `method response: ${u.resource.path}/${u.method.httpMethod}/${r.statusCode}`;
      }
    }
  }
  const model = ctx.store.models.all(ctx.scope, restApiId).find((m) => m.name !== name && referencedModels(m.schema, restApiId).includes(name));
  if (model) return `model: ${model.name}`;
  return undefined;
}

export const modelHandlers: HandlerTable = {
  CreateModel(input: Input, ctx) {
    const missing = [];
    if (input.name === undefined || input.name === null) missing.push(notNullConstraint('createModelInput.name'));
    if (input.contentType === undefined || input.contentType === null) missing.push(notNullConstraint('createModelInput.contentType'));
    throwIfInvalid(missing);
    return ctx.store.transaction(() => {
      requireRestApi(ctx, input.restApiId);
      const name = String(input.name);
      if (name === '') throw new BadRequestException('Model name must be non-empty');
      if (!/^[A-Za-z0-9]+$/.test(name)) throw new BadRequestException(`Invalid model name specified: ${name}. Model names must be alphanumeric`);
      if (ctx.store.models.getByName(ctx.scope, input.restApiId, name)) throw new ConflictException('Model name already exists for this REST API');
      checkSchema(ctx, input.restApiId, input.schema);
      const model: Model = { id: newShortId(), name, contentType: input.contentType };
      if (input.description !== undefined && input.description !== '') model.description = input.description;
      model.schema = input.schema;
      ctx.store.models.insert(ctx.scope, input.restApiId, model);
      return model;
    });
  },

  GetModel(input: Input, ctx) {
    const model = findModel(ctx, input.restApiId, input.modelName);
    if (input.flatten !== true || model.schema === undefined) return model;
    const flat = flattenSchema(model.schema, input.restApiId, (n) => ctx.store.models.getByName(ctx.scope, input.restApiId, n)?.schema);
    return { ...model, schema: JSON.stringify(flat) };
  },

  GetModels(input: Input, ctx) {
    requireRestApi(ctx, input.restApiId);
    return pageById(input, (after, limit) => ctx.store.models.page(ctx.scope, input.restApiId, after, limit));
  },

  UpdateModel(input: Input, ctx) {
    return ctx.store.transaction(() => {
      const current = findModel(ctx, input.restApiId, input.modelName);
      const updated = modelPatch.apply(current, input.patchOperations);
      if (updated.schema !== current.schema) checkSchema(ctx, input.restApiId, updated.schema);
      ctx.store.models.update(ctx.scope, input.restApiId, updated);
      return updated;
    });
  },

  DeleteModel(input: Input, ctx) {
    ctx.store.transaction(() => {
      const model = findModel(ctx, input.restApiId, input.modelName);
      const use = usedBy(ctx, input.restApiId, model.name);
      if (use) throw new ConflictException(`Cannot delete model '${model.name}', is referenced in ${use}`);
      ctx.store.models.delete(ctx.scope, input.restApiId, model.id);
    });
    return undefined;
  },

  GetModelTemplate(input: Input, ctx) {
    const model = findModel(ctx, input.restApiId, input.modelName);
    let schema;
    try {
      schema = flattenSchema(model.schema ?? '{}', input.restApiId, (n) => ctx.store.models.getByName(ctx.scope, input.restApiId, n)?.schema);
    } catch {
      throw new BadRequestException(`Model ${model.name} does not have a valid JSON schema to generate a template from`);
    }
    return { value: modelTemplate(schema) };
  },
};
