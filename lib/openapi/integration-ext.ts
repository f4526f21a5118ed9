/**
 * @module openapi/integration-ext
 * `x-amazon-apigateway-integration` both ways ("x-amazon-apigateway-integration
 * object" in the Developer Guide): every field of an Integration, its
 * `responses` keyed by selection pattern (`default` = none), each with
 * `statusCode`, `responseParameters`, `responseTemplates`, `contentHandling`.
 *
 * Import: `type` and `passthroughBehavior` in any case (the guide writes
 * them lowercase); AWS's defaults as an imported integration shows them
 * (recorded test_apigateway_import answers): passthrough WHEN_NO_MATCH,
 * 29000 ms, `cacheKeyParameters` [], `connectionType` INTERNET for HTTP and
 * HTTP_PROXY only (AWS, AWS_PROXY and MOCK show none), `cacheNamespace` the
 * resource id (set when written). A value of the wrong type in a mapping is
 * AWS's warning and the entry is dropped; an integration that is not an
 * object, has no known `type` or a field of the wrong shape is AWS's
 * "malformed integration" error; an integration the control plane would
 * refuse (bad URI, timeout, mapping key …) is an import error.
 *
 * Export: as AWS writes it (recorded test_apigateway_extended answers):
 * lowercase `type` and `passthroughBehavior`, no defaults (29000 ms,
 * INTERNET, empty cache keys), `responses` keyed `default` or by pattern.
 */
import type { Integration, IntegrationResponse } from '../model';
import { INTEGRATION_TYPES, RESPONSE_PARAMETER, MAX_TIMEOUT, validateIntegration } from '../control/integration-rules';
import { checkMappingKey } from '../control/method-validation';
import { ValidationException, statusCodeConstraints } from '../aws/validation';
import { BadRequestException } from '../aws/errors';
import { isObj, type Obj } from './parse';
import { ImportIssues, invalidFormat, malformedIntegration } from './warnings';

/** Where an integration sits, for messages. */
export interface Where {
  path: string;
  verb: string;
}

class Malformed extends Error {}

function str(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new Malformed();
}

function int(v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined;
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw new Malformed();
  return n;
}

function obj(v: unknown): Obj | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObj(v)) throw new Malformed();
  return v;
}

/** A string map; entries that are not strings are AWS's "Invalid format" warning and dropped. */
function stringMap(v: unknown, field: string, where: Where, issues: ImportIssues, opts: { nullIsEmpty?: boolean } = {}) {
  const m = obj(v);
  if (!m) return undefined;
  const out: Record<string, string | null> = {};
  for (const [k, value] of Object.entries(m)) {
    if (typeof value === 'string') out[k] = opts.nullIsEmpty && value === '' ? null : value;
    else if (value === null && opts.nullIsEmpty) out[k] = null;
    else issues.warn(invalidFormat(field, k, where.path, where.verb, value));
  }
  return Object.keys(out).length ? out : undefined;
}

function readResponse(pattern: string, raw: unknown, where: Where, issues: ImportIssues): IntegrationResponse | undefined {
  const r = obj(raw);
  if (!r) throw new Malformed();
  const context = `Unable to put integration response on '${where.verb}' for resource at path '${where.path}'`;
  const statusCode = str(r.statusCode);
  if (statusCode === undefined) {
    issues.error(`${context}: Invalid response status code specified`); // our wording
    return undefined;
  }
  const out: IntegrationResponse = { statusCode };
  if (pattern !== 'default') out.selectionPattern = pattern;
  const params = stringMap(r.responseParameters, 'responseParameters', where, issues) as Record<string, string> | undefined;
  if (params) out.responseParameters = params;
  const templates = stringMap(r.responseTemplates, 'responseTemplates', where, issues, { nullIsEmpty: true });
  if (templates) out.responseTemplates = templates;
  const contentHandling = str(r.contentHandling);
  if (contentHandling !== undefined) out.contentHandling = contentHandling;
  const ok = issues.attempt(context, () => {
    const constraints = statusCodeConstraints(statusCode);
    if (constraints.length) throw new ValidationException(constraints);
    for (const key of Object.keys(params ?? {})) checkMappingKey(key, RESPONSE_PARAMETER);
    if (contentHandling !== undefined && !['CONVERT_TO_BINARY', 'CONVERT_TO_TEXT'].includes(contentHandling)) {
      throw new BadRequestException(`Invalid content handling specified: ${contentHandling}. Valid options are CONVERT_TO_BINARY,CONVERT_TO_TEXT`);
    }
    return true;
  });
  return ok ? out : undefined;
}

function build(raw: Obj, where: Where, issues: ImportIssues): Integration | undefined {
  const type = str(raw.type)?.toUpperCase();
  if (type === undefined || !INTEGRATION_TYPES.includes(type)) throw new Malformed();
  const i: Integration = {
    type,
    passthroughBehavior: str(raw.passthroughBehavior)?.toUpperCase() ?? 'WHEN_NO_MATCH',
    timeoutInMillis: int(raw.timeoutInMillis) ?? MAX_TIMEOUT,
    cacheKeyParameters: [],
  };
  const httpMethod = str(raw.httpMethod);
  if (httpMethod !== undefined && httpMethod !== '') i.httpMethod = httpMethod.toUpperCase();
  const uri = str(raw.uri);
  if (uri !== undefined && uri !== '') i.uri = uri;
  const connectionType = str(raw.connectionType)?.toUpperCase() ?? (type === 'HTTP' || type === 'HTTP_PROXY' ? 'INTERNET' : undefined);
  if (connectionType !== undefined) i.connectionType = connectionType;
  for (const field of ['connectionId', 'credentials', 'contentHandling', 'cacheNamespace', 'integrationTarget', 'responseTransferMode'] as const) {
    const v = str(raw[field]);
    if (v !== undefined && v !== '') (i as unknown as Record<string, string>)[field] = v;
  }
  if (raw.cacheKeyParameters !== undefined && raw.cacheKeyParameters !== null) {
    if (!Array.isArray(raw.cacheKeyParameters)) throw new Malformed();
    i.cacheKeyParameters = raw.cacheKeyParameters.map((k) => str(k) ?? '');
  }
  const requestParameters = stringMap(raw.requestParameters, 'requestParameters', where, issues);
  if (requestParameters) i.requestParameters = requestParameters as Record<string, string>;
  const requestTemplates = stringMap(raw.requestTemplates, 'requestTemplates', where, issues, { nullIsEmpty: true });
  if (requestTemplates) i.requestTemplates = requestTemplates;
  const tls = obj(raw.tlsConfig);
  if (tls) {
    i.tlsConfig = {};
    if (tls.insecureSkipVerification !== undefined) i.tlsConfig.insecureSkipVerification = tls.insecureSkipVerification === true;
    const sni = str(tls.serverNameToVerify);
    if (sni !== undefined) i.tlsConfig.serverNameToVerify = sni;
  }
  const responses = obj(raw.responses);
  if (responses) {
    const out: Record<string, IntegrationResponse> = {};
    for (const [pattern, r] of Object.entries(responses)) {
      const response = readResponse(pattern, r, where, issues);
      if (response) out[response.statusCode] = response;
    }
    if (Object.keys(out).length) i.integrationResponses = out;
  }
  const valid = issues.attempt(`Unable to put integration on '${where.verb}' for resource at path '${where.path}'`, () => validateIntegration(i));
  return valid ? i : undefined;
}

/** The Integration an operation's extension defines (undefined when it had errors, recorded in `issues`). */
export function readIntegration(raw: unknown, where: Where, issues: ImportIssues): Integration | undefined {
  try {
    if (!isObj(raw)) throw new Malformed();
    return build(raw, where, issues);
  } catch (e) {
    if (e instanceof Malformed) throw malformedIntegration(where.path);
    throw e;
  }
}

function templatesOut(m: Record<string, string | null> | undefined): Record<string, string> | undefined {
  if (!m || !Object.keys(m).length) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(m)) out[k] = v ?? '';
  return out;
}

/** The extension object for an integration, as AWS exports it. */
export function writeIntegration(i: Integration): Obj {
  const out: Obj = { type: i.type.toLowerCase() };
  if (i.httpMethod !== undefined) out.httpMethod = i.httpMethod;
  if (i.uri !== undefined) out.uri = i.uri;
  if (i.credentials !== undefined) out.credentials = i.credentials;
  if (i.connectionType === 'VPC_LINK') out.connectionType = 'VPC_LINK';
  if (i.connectionId !== undefined) out.connectionId = i.connectionId;
  const integrationTarget = (i as Integration & { integrationTarget?: string }).integrationTarget;
  if (integrationTarget !== undefined) out.integrationTarget = integrationTarget;
  const responses = Object.values(i.integrationResponses ?? {});
  if (responses.length) {
    const rs: Obj = {};
    for (const r of responses) {
      const entry: Obj = { statusCode: r.statusCode };
      if (r.responseParameters && Object.keys(r.responseParameters).length) entry.responseParameters = r.responseParameters;
      const templates = templatesOut(r.responseTemplates);
      if (templates) entry.responseTemplates = templates;
      if (r.contentHandling !== undefined) entry.contentHandling = r.contentHandling;
      rs[r.selectionPattern === undefined || r.selectionPattern === '' ? 'default' : r.selectionPattern] = entry;
    }
    out.responses = rs;
  }
  if (i.requestParameters && Object.keys(i.requestParameters).length) out.requestParameters = i.requestParameters;
  const templates = templatesOut(i.requestTemplates);
  if (templates) out.requestTemplates = templates;
  if (i.passthroughBehavior !== undefined) out.passthroughBehavior = i.passthroughBehavior.toLowerCase();
  if (i.contentHandling !== undefined) out.contentHandling = i.contentHandling;
  if (i.timeoutInMillis !== undefined && i.timeoutInMillis !== MAX_TIMEOUT) out.timeoutInMillis = i.timeoutInMillis;
  if (i.cacheKeyParameters?.length) {
    out.cacheNamespace = i.cacheNamespace;
    out.cacheKeyParameters = i.cacheKeyParameters;
  }
  if (i.tlsConfig && Object.keys(i.tlsConfig).length) out.tlsConfig = i.tlsConfig;
  if (i.responseTransferMode !== undefined) out.responseTransferMode = i.responseTransferMode;
  return out;
}
