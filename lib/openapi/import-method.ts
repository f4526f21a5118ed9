/**
 * @module openapi/import-method
 * One OpenAPI operation → one API Gateway method (recorded
 * test_apigateway_import answers): `operationId` → `operationName`; path,
 * query and header parameters (of the path item and the operation, `$ref`s
 * followed) → `method.request.{path|querystring|header}.<name>` with their
 * `required` (path parameters always true); a Swagger `body` parameter or an
 * OpenAPI 3 `requestBody` with a model `$ref` → `requestModels` per content
 * type; each `[1-5]XX` response → a method response, its headers as
 * `method.response.header.<name>: false` and its model `$ref`s as
 * `responseModels`; `security` (see `security.ts`);
 * `x-amazon-apigateway-request-validator`; `x-amazon-apigateway-integration`.
 *
 * A reference to a model the document does not define is AWS's warning and
 * is dropped (`Empty` and `Error` are always accepted, as the methods group
 * accepts them). Inline (non-`$ref`) schemas define no model. Not supported
 * (warned): cookie and formData parameters, `$ref`s to other files.
 */
import type { Method, MethodResponse } from '../model';
import type { MethodDef } from './definition';
import { readIntegration, type Where } from './integration-ext';
import { X, malformed } from './extensions';
import { deref, isObj, modelNameOf, type Obj, type SpecVersion } from './parse';
import { applySecurity, type Schemes } from './security';
import type { ImportIssues } from './warnings';

const ALWAYS_MODELS = ['Empty', 'Error'];
const LOCATIONS: Record<string, string> = { path: 'path', query: 'querystring', header: 'header' };
const STATUS = /^[1-5]\d\d$/;

/** What every operation of a document is read against. */
export interface ReaderContext {
  doc: Obj;
  version: SpecVersion;
  schemes: Schemes;
  /** The document's `security` (operations without their own use it). */
  defaultSecurity: unknown;
  /** The document's `x-amazon-apigateway-request-validator`. */
  defaultValidator?: string;
  modelNames: Set<string>;
  validatorNames: Set<string>;
  issues: ImportIssues;
}

function modelRef(schema: unknown, c: ReaderContext): string | undefined {
  const name = modelNameOf(schema);
  if (name === undefined) {
    if (isObj(schema) && typeof schema.$ref === 'string') c.issues.warn(`Reference '${schema.$ref}' is not a model of this document. Ignoring.`); // our wording
    return undefined;
  }
  if (c.modelNames.has(name) || ALWAYS_MODELS.includes(name)) return name;
  c.issues.warn(`Reference to model '${name}' not found. Ignoring.`);
  return undefined;
}

/** The operation's parameters after the path item's, an operation parameter replacing one with the same name and place. */
function parameters(pathParams: unknown, op: Obj, c: ReaderContext): Obj[] {
  const out = new Map<string, Obj>();
  for (const list of [pathParams, op.parameters]) {
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) throw malformed('parameters');
    for (const raw of list) {
      const p = deref(c.doc, raw);
      if (!isObj(p) || typeof p.name !== 'string' || typeof p.in !== 'string') {
        c.issues.warn(`Parse issue: invalid parameter ${JSON.stringify(raw)}. Ignoring.`); // our wording
        continue;
      }
      out.set(`${p.in}:${p.name}`, p);
    }
  }
  return [...out.values()];
}

function contentTypes(list: unknown, fallback: unknown): string[] {
  const pick = Array.isArray(list) && list.length ? list : Array.isArray(fallback) && fallback.length ? fallback : ['application/json'];
  return pick.filter((t): t is string => typeof t === 'string');
}

function readRequest(m: Method, params: Obj[], op: Obj, where: Where, c: ReaderContext): void {
  const requestParameters: Record<string, boolean> = {};
  const requestModels: Record<string, string> = {};
  for (const p of params) {
    const place = LOCATIONS[p.in as string];
    if (place) {
      requestParameters[`method.request.${place}.${p.name as string}`] = place === 'path' ? true : p.required === true;
    } else if (p.in === 'body' && c.version === 'swagger2') {
      const model = modelRef(p.schema, c);
      if (model) for (const ct of contentTypes(op.consumes, c.doc.consumes)) requestModels[ct] = model;
    } else if (p.in === 'cookie' || p.in === 'formData') {
      c.issues.warn(`Parameter '${p.name as string}' in ${p.in as string} of method '${where.verb}' at path '${where.path}' is not supported. Ignoring.`); // our wording
    }
  }
  if (c.version === 'oas30' && op.requestBody !== undefined) {
    const body = deref(c.doc, op.requestBody);
    if (isObj(body) && isObj(body.content)) {
      for (const [ct, media] of Object.entries(body.content)) {
        const model = isObj(media) ? modelRef(media.schema, c) : undefined;
        if (model) requestModels[ct] = model;
      }
    }
  }
  if (Object.keys(requestParameters).length) m.requestParameters = requestParameters;
  if (Object.keys(requestModels).length) m.requestModels = requestModels;
}

function readResponses(m: Method, op: Obj, where: Where, c: ReaderContext): void {
  if (op.responses === undefined || op.responses === null) return;
  if (!isObj(op.responses)) throw malformed('responses');
  const out: Record<string, MethodResponse> = {};
  for (const [code, raw] of Object.entries(op.responses)) {
    if (code.startsWith('x-') || code === 'default') continue;
    if (!STATUS.test(code)) {
      c.issues.warn(`Invalid response status code '${code}' for method '${where.verb}' at path '${where.path}'. Ignoring.`); // our wording
      continue;
    }
    const r = deref(c.doc, raw);
    const response: MethodResponse = { statusCode: code };
    if (isObj(r)) {
      if (isObj(r.headers) && Object.keys(r.headers).length) {
        response.responseParameters = {};
        for (const h of Object.keys(r.headers)) response.responseParameters[`method.response.header.${h}`] = false;
      }
      const models: Record<string, string> = {};
      if (c.version === 'swagger2') {
        const model = modelRef(r.schema, c);
        if (model) for (const ct of contentTypes(op.produces, c.doc.produces)) models[ct] = model;
      } else if (isObj(r.content)) {
        for (const [ct, media] of Object.entries(r.content)) {
          const model = isObj(media) ? modelRef(media.schema, c) : undefined;
          if (model) models[ct] = model;
        }
      }
      if (Object.keys(models).length) response.responseModels = models;
    }
    out[code] = response;
  }
  if (Object.keys(out).length) m.methodResponses = out;
}

/** The method an operation defines at `where` (its authorizer and validator still by name). */
export function readOperation(op: unknown, pathParams: unknown, where: Where, c: ReaderContext): MethodDef {
  if (!isObj(op)) throw malformed(`operation '${where.verb}' at path '${where.path}'`);
  const method: Method = { httpMethod: where.verb, authorizationType: 'NONE', apiKeyRequired: false };
  const def: MethodDef = { method };
  if (typeof op.operationId === 'string' && op.operationId !== '') method.operationName = op.operationId;
  readRequest(method, parameters(pathParams, op, c), op, where, c);
  readResponses(method, op, where, c);
  const authorizer = applySecurity(method, op.security !== undefined ? op.security : c.defaultSecurity, c.schemes, where, c.issues);
  if (authorizer !== undefined) def.authorizerName = authorizer;
  const validator = op[`${X}request-validator`] ?? c.defaultValidator;
  if (validator !== undefined && typeof validator !== 'string') throw malformed(`${X}request-validator`);
  if (validator !== undefined && validator !== '') {
    if (c.validatorNames.has(validator)) def.validatorName = validator;
    else c.issues.error(`Unable to put method '${where.verb}' on resource at path '${where.path}': Invalid Request Validator identifier specified`);
  }
  if (op[`${X}integration`] !== undefined) {
    const integration = readIntegration(op[`${X}integration`], where, c.issues);
    if (integration) method.methodIntegration = integration;
  }
  return def;
}
