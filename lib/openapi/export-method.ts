/**
 * @module openapi/export-method
 * One deployed method → one OpenAPI operation, as AWS's export writes it
 * (recorded test_apigateway_extended answers, Swagger 2.0 and OpenAPI 3.0.1):
 * `operationId`; Swagger `consumes`/`produces` from the request models and
 * request templates / response models and integration response templates;
 * request parameters as `path`/`query`/`header` parameters of type string
 * (`required` as declared; OpenAPI 3 omits `required: false`); the request
 * model as a `body` parameter named after the model (Swagger) or a required
 * `requestBody` (OpenAPI 3); each method response as "<code> response" with
 * its headers (type string) and model `$ref`; `security`; and, when asked,
 * `x-amazon-apigateway-request-validator` and `x-amazon-apigateway-integration`.
 */
import type { Method } from '../model';
import { X } from './extensions';
import { writeIntegration } from './integration-ext';
import type { Obj, SpecVersion } from './parse';
import { writeSecurity, type SnapshotAuthorizer } from './security';

export interface MethodExportContext {
  version: SpecVersion;
  authorizers: SnapshotAuthorizer[];
  validators: { id: string; name: string }[];
  integrations: boolean;
  validatorExtension: boolean;
}

const PLACES: Record<string, string> = {
  path: 'path',
  querystring: 'query',
  multivaluequerystring: 'query',
  header: 'header',
  multivalueheader: 'header',
};

function ref(version: SpecVersion, model: string): Obj {
  return { $ref: version === 'swagger2' ? `#/definitions/${model}` : `#/components/schemas/${model}` };
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}

function parameters(m: Method, version: SpecVersion): Obj[] {
  const out: Obj[] = [];
  for (const [key, required] of Object.entries(m.requestParameters ?? {})) {
    const match = /^method\.request\.([a-z]+)\.(.+)$/.exec(key);
    const place = match ? PLACES[match[1]] : undefined;
    if (!match || !place) continue;
    const p: Obj = { name: match[2], in: place };
    if (version === 'swagger2') {
      p.required = place === 'path' ? true : required;
      p.type = 'string';
    } else {
      if (place === 'path' || required) p.required = true;
      p.schema = { type: 'string' };
    }
    out.push(p);
  }
  return out;
}

function responses(m: Method, version: SpecVersion): Obj {
  const out: Obj = {};
  const codes = Object.keys(m.methodResponses ?? {}).sort();
  for (const code of codes) {
    const r = m.methodResponses![code];
    const entry: Obj = { description: `${code} response` };
    const headers = Object.keys(r.responseParameters ?? {})
      .filter((k) => k.startsWith('method.response.header.'))
      .map((k) => k.slice('method.response.header.'.length));
    const models = Object.entries(r.responseModels ?? {});
    if (version === 'swagger2') {
      if (models.length) entry.schema = ref(version, models[0][1]);
      if (headers.length) entry.headers = Object.fromEntries(headers.map((h) => [h, { type: 'string' }]));
    } else {
      if (headers.length) entry.headers = Object.fromEntries(headers.map((h) => [h, { schema: { type: 'string' } }]));
      entry.content = Object.fromEntries(models.map(([ct, model]) => [ct, { schema: ref(version, model) }]));
    }
    out[code] = entry;
  }
  return out;
}

/** The operation object for a method. */
export function writeOperation(m: Method, c: MethodExportContext): Obj {
  const op: Obj = {};
  if (m.operationName !== undefined) op.operationId = m.operationName;
  const requestModels = Object.entries(m.requestModels ?? {});
  if (c.version === 'swagger2') {
    const consumes = unique([...requestModels.map(([ct]) => ct), ...Object.keys(m.methodIntegration?.requestTemplates ?? {})]);
    const produces = unique([
      ...Object.values(m.methodResponses ?? {}).flatMap((r) => Object.keys(r.responseModels ?? {})),
      ...Object.values(m.methodIntegration?.integrationResponses ?? {}).flatMap((r) => Object.keys(r.responseTemplates ?? {})),
    ]);
    if (consumes.length) op.consumes = consumes;
    if (produces.length) op.produces = produces;
  }
  const params = parameters(m, c.version);
  if (c.version === 'swagger2' && requestModels.length) {
    params.push({ in: 'body', name: requestModels[0][1], required: true, schema: ref(c.version, requestModels[0][1]) });
  }
  if (params.length) op.parameters = params;
  if (c.version === 'oas30' && requestModels.length) {
    op.requestBody = { content: Object.fromEntries(requestModels.map(([ct, model]) => [ct, { schema: ref(c.version, model) }])), required: true };
  }
  op.responses = responses(m, c.version);
  const security = writeSecurity(m, c.authorizers);
  if (security) op.security = security;
  if (c.validatorExtension && m.requestValidatorId) {
    const v = c.validators.find((x) => x.id === m.requestValidatorId);
    if (v) op[`${X}request-validator`] = v.name;
  }
  if (c.integrations && m.methodIntegration) op[`${X}integration`] = writeIntegration(m.methodIntegration);
  return op;
}
