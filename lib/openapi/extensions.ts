/**
 * @module openapi/extensions
 * The API-level `x-amazon-apigateway-*` extensions both ways ("Working with
 * API Gateway extensions to OpenAPI"): `-binary-media-types`,
 * `-api-key-source`, `-policy`, `-minimum-compression-size`,
 * `-endpoint-configuration`, `-gateway-responses`, `-request-validators`
 * (and the document's default `-request-validator`). Integrations are in
 * `integration-ext.ts`, authorizers and auth types in `security.ts`.
 *
 * Import checks each extension's shape and values with the control plane's
 * rules and messages; a value of the wrong JSON type is a 400 whose wording
 * ("Unable to parse API definition because of a malformed <extension>.")
 * follows AWS's malformed-integration message (AWS's own for these is not
 * recorded). An `x-amazon-apigateway-*` extension we do not know is a
 * warning naming it, never silence.
 */
import { BadRequestException } from '../aws/errors';
import { ValidationException, enumConstraint, statusCodeConstraints } from '../aws/validation';
import { GATEWAY_RESPONSE_TYPES, baseGatewayResponse, checkResponseParameter, isGatewayResponseType, DEFAULT_TEMPLATE } from '../dataplane/gateway-responses';
import type { ApiSnapshot, GatewayResponse, RestApi } from '../model';
import type { ApiDefinition, ValidatorDef } from './definition';
import { isObj, type Obj } from './parse';
import type { ImportIssues } from './warnings';

export const X = 'x-amazon-apigateway-';
const MAX_COMPRESSION = 10485760;
const API_KEY_SOURCES = ['HEADER', 'AUTHORIZER'];
const ENDPOINT_TYPES = ['EDGE', 'REGIONAL', 'PRIVATE'];

/** Extensions read elsewhere (or informational), so not reported as unknown here. */
const HANDLED_ELSEWHERE = new Set([
  `${X}integration`,
  `${X}any-method`,
  `${X}authorizer`,
  `${X}authtype`,
  `${X}request-validator`,
  `${X}documentation`,
  `${X}importexport-version`,
]);

export function malformed(extension: string): BadRequestException {
  return new BadRequestException(`Unable to parse API definition because of a malformed ${extension}.`);
}

function stringList(v: unknown, name: string): string[] {
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) throw malformed(name);
  return v as string[];
}

function stringRecord(v: unknown, name: string): Record<string, string> {
  if (v === undefined || v === null) return {};
  if (!isObj(v) || Object.values(v).some((s) => typeof s !== 'string')) throw malformed(name);
  return v as Record<string, string>;
}

function readEndpointConfiguration(v: unknown, def: ApiDefinition): void {
  const name = `${X}endpoint-configuration`;
  if (!isObj(v)) throw malformed(name);
  if (v.types !== undefined) {
    const types = stringList(v.types, name).map((t) => t.toUpperCase());
    for (const t of types) {
      if (!ENDPOINT_TYPES.includes(t)) throw new BadRequestException(`Invalid EndpointTypes specified. Valid options are ${ENDPOINT_TYPES.join(',')}`);
    }
    def.settings.endpointTypes = types;
  }
  if (v.vpcEndpointIds !== undefined) def.settings.vpcEndpointIds = stringList(v.vpcEndpointIds, name);
  if (v.disableExecuteApiEndpoint !== undefined) {
    if (typeof v.disableExecuteApiEndpoint !== 'boolean') throw malformed(name);
    def.settings.disableExecuteApiEndpoint = v.disableExecuteApiEndpoint;
  }
}

function readGatewayResponses(v: unknown, def: ApiDefinition, issues: ImportIssues): void {
  const name = `${X}gateway-responses`;
  if (!isObj(v)) throw malformed(name);
  for (const [type, raw] of Object.entries(v)) {
    if (!isObj(raw)) throw malformed(name);
    const put = issues.attempt(`Unable to put gateway response '${type}'`, () => {
      if (!isGatewayResponseType(type)) throw new ValidationException([enumConstraint(type, 'responseType', GATEWAY_RESPONSE_TYPES)]);
      const r = baseGatewayResponse(type, false);
      if (raw.statusCode !== undefined && raw.statusCode !== null) {
        const code = String(raw.statusCode);
        const constraints = statusCodeConstraints(code);
        if (constraints.length) throw new ValidationException(constraints);
        r.statusCode = code;
      }
      const params = stringRecord(raw.responseParameters, name);
      for (const [key, value] of Object.entries(params)) {
        const problem = checkResponseParameter(key, value);
        if (problem) throw new BadRequestException(problem);
      }
      r.responseParameters = { ...params };
      const templates = stringRecord(raw.responseTemplates, name);
      r.responseTemplates = Object.keys(templates).length ? { ...templates } : { 'application/json': DEFAULT_TEMPLATE };
      return r;
    });
    if (put) def.gatewayResponses.push(put);
  }
}

function readValidators(v: unknown, def: ApiDefinition): void {
  const name = `${X}request-validators`;
  if (!isObj(v)) throw malformed(name);
  for (const [validatorName, raw] of Object.entries(v)) {
    if (!isObj(raw)) throw malformed(name);
    const flag = (f: unknown) => {
      if (f !== undefined && typeof f !== 'boolean') throw malformed(name);
      return f === true;
    };
    const validator: ValidatorDef = {
      name: validatorName,
      validateRequestBody: flag(raw.validateRequestBody),
      validateRequestParameters: flag(raw.validateRequestParameters),
    };
    def.validators.push(validator);
  }
}

/** Reads the document-level extensions into `def.settings`, gateway responses and validators. */
export function readApiExtensions(doc: Obj, def: ApiDefinition, issues: ImportIssues): void {
  for (const [key, v] of Object.entries(doc)) {
    if (!key.startsWith(X)) continue;
    switch (key.slice(X.length)) {
      case 'binary-media-types':
        def.settings.binaryMediaTypes = stringList(v, key);
        break;
      case 'api-key-source': {
        const source = typeof v === 'string' ? v.toUpperCase() : v;
        if (typeof source !== 'string' || !API_KEY_SOURCES.includes(source)) {
          throw new BadRequestException(`Invalid API Key Source specified: ${String(v)}. Must be one of: [${API_KEY_SOURCES.join(', ')}]`);
        }
        def.settings.apiKeySource = source;
        break;
      }
      case 'policy':
        if (typeof v === 'string') def.settings.policy = v;
        else if (isObj(v)) def.settings.policy = JSON.stringify(v);
        else throw malformed(key);
        break;
      case 'minimum-compression-size':
        if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > MAX_COMPRESSION) {
          throw new BadRequestException(`Invalid minimum compression size, must be between 0 and ${MAX_COMPRESSION}`);
        }
        def.settings.minimumCompressionSize = v;
        break;
      case 'endpoint-configuration':
        readEndpointConfiguration(v, def);
        break;
      case 'gateway-responses':
        readGatewayResponses(v, def, issues);
        break;
      case 'request-validators':
        readValidators(v, def);
        break;
      default:
        if (!HANDLED_ELSEWHERE.has(key)) issues.warn(`Ignoring unsupported extension ${key}`); // our wording
    }
  }
}

// ---- export ----------------------------------------------------------------------------------

interface SnapshotValidator {
  id: string;
  name?: string;
  validateRequestBody?: boolean;
  validateRequestParameters?: boolean;
}

function gatewayResponsesOut(responses: GatewayResponse[]): Obj | undefined {
  if (!responses.length) return undefined;
  const out: Obj = {};
  for (const r of responses) {
    const entry: Obj = {};
    if (r.statusCode !== undefined) entry.statusCode = r.statusCode;
    if (r.responseParameters && Object.keys(r.responseParameters).length) entry.responseParameters = r.responseParameters;
    if (r.responseTemplates && Object.keys(r.responseTemplates).length) entry.responseTemplates = r.responseTemplates;
    out[r.responseType] = entry;
  }
  return out;
}

/** The API-level extensions an `extensions=apigateway` export carries. */
export function writeApiExtensions(api: RestApi, snapshot: ApiSnapshot): Obj {
  const out: Obj = {};
  const gateway = gatewayResponsesOut(snapshot.gatewayResponses ?? []);
  if (gateway) out[`${X}gateway-responses`] = gateway;
  const validators = (snapshot.requestValidators as SnapshotValidator[] | undefined) ?? [];
  if (validators.length) {
    const vs: Obj = {};
    for (const v of validators) {
      vs[v.name ?? v.id] = { validateRequestBody: v.validateRequestBody ?? false, validateRequestParameters: v.validateRequestParameters ?? false };
    }
    out[`${X}request-validators`] = vs;
  }
  if (api.binaryMediaTypes?.length) out[`${X}binary-media-types`] = api.binaryMediaTypes;
  if (api.apiKeySource && api.apiKeySource !== 'HEADER') out[`${X}api-key-source`] = api.apiKeySource;
  if (api.minimumCompressionSize !== undefined) out[`${X}minimum-compression-size`] = api.minimumCompressionSize;
  if (api.policy) {
    try {
      out[`${X}policy`] = JSON.parse(api.policy);
    } catch {
      out[`${X}policy`] = api.policy;
    }
  }
  const ec: Obj = {};
  if (api.endpointConfiguration.vpcEndpointIds?.length) ec.vpcEndpointIds = api.endpointConfiguration.vpcEndpointIds;
  if (api.disableExecuteApiEndpoint) ec.disableExecuteApiEndpoint = true;
  if (Object.keys(ec).length) out[`${X}endpoint-configuration`] = ec;
  return out;
}
