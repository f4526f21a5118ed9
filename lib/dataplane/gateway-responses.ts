/**
 * @module dataplane/gateway-responses
 * API Gateway's gateway responses: the 21 response types, their defaults, the
 * DEFAULT_4XX / DEFAULT_5XX fallback, and rendering an error through the API's
 * own (deployed) gateway responses.
 *
 * Emulates:
 * - default status codes per type (Developer Guide, "Gateway response types")
 *   and the default body template `{"message":$context.error.messageString}`;
 * - the fallback: a type the user did not put takes the response parameters,
 *   templates and (when set) status code of a put DEFAULT_4XX / DEFAULT_5XX of
 *   its status class; a DEFAULT_xXX without a status code leaves each type its
 *   own (recorded AWS answers: GetGatewayResponses after PutGatewayResponse
 *   DEFAULT_5XX 599 lists INTEGRATION_FAILURE etc. with 599);
 * - body templates with simple variable substitution only — AWS documents
 *   that gateway response templates are NOT processed by the VTL engine:
 *   `$context.x.y`, `$stageVariables.x`, `$method.request.header|path|querystring.x`,
 *   also as `${…}` / `$!…`; anything else (directives, `$util`) stays as text;
 * - `$context.error.message`, `.messageString` (the message as a JSON string),
 *   `.responseType`, `.validationErrorString`;
 * - headers from `gatewayresponse.header.X` mappings (`'literal'`,
 *   `method.request.header|path|querystring|multivalueheader|multivaluequerystring.X`,
 *   `stageVariables.X`, `context.X`), `Content-Type` of the chosen template,
 *   and the `x-amzn-ErrorType` header AWS sends with its gateway errors.
 *
 * Not emulated: `gatewayresponse.path.*` / `.querystring.*` mappings are
 * accepted by the control plane (AWS accepts them) but mean nothing on a
 * response and are not rendered.
 */
import type { GatewayResponse } from '../model';
import {
  PARAM_KEY,
  compileSubstitution,
  lookupCaseless,
  parseSource,
  renderSubstitution,
  resolveSource,
  type Segment,
  type ValueSource,
} from './gateway-response-mappings';

export { checkResponseParameter } from './gateway-response-mappings';

export type GatewayResponseType =
  | 'ACCESS_DENIED' | 'API_CONFIGURATION_ERROR' | 'AUTHORIZER_CONFIGURATION_ERROR' | 'AUTHORIZER_FAILURE'
  | 'BAD_REQUEST_PARAMETERS' | 'BAD_REQUEST_BODY' | 'DEFAULT_4XX' | 'DEFAULT_5XX' | 'EXPIRED_TOKEN'
  | 'INTEGRATION_FAILURE' | 'INTEGRATION_TIMEOUT' | 'INVALID_API_KEY' | 'INVALID_SIGNATURE'
  | 'MISSING_AUTHENTICATION_TOKEN' | 'QUOTA_EXCEEDED' | 'REQUEST_TOO_LARGE' | 'RESOURCE_NOT_FOUND' | 'THROTTLED'
  | 'UNAUTHORIZED' | 'UNSUPPORTED_MEDIA_TYPE' | 'WAF_FILTERED';

/**
 * The types in the order AWS enumerates them (its validation message lists the
 * enum in this order); GetGatewayResponses lists them so.
 */
export const GATEWAY_RESPONSE_TYPES: readonly GatewayResponseType[] = [
  'REQUEST_TOO_LARGE', 'RESOURCE_NOT_FOUND', 'AUTHORIZER_CONFIGURATION_ERROR', 'MISSING_AUTHENTICATION_TOKEN',
  'BAD_REQUEST_BODY', 'INVALID_SIGNATURE', 'INVALID_API_KEY', 'BAD_REQUEST_PARAMETERS', 'AUTHORIZER_FAILURE',
  'UNAUTHORIZED', 'INTEGRATION_TIMEOUT', 'ACCESS_DENIED', 'DEFAULT_4XX', 'DEFAULT_5XX', 'WAF_FILTERED',
  'QUOTA_EXCEEDED', 'THROTTLED', 'API_CONFIGURATION_ERROR', 'UNSUPPORTED_MEDIA_TYPE', 'INTEGRATION_FAILURE',
  'EXPIRED_TOKEN',
];

/** Default status code (none for the two fallbacks) and the `x-amzn-ErrorType` AWS sends. */
const CATALOGUE: Record<GatewayResponseType, { status?: number; errorType: string }> = {
  ACCESS_DENIED: { status: 403, errorType: 'AccessDeniedException' },
  API_CONFIGURATION_ERROR: { status: 500, errorType: 'InternalServerErrorException' },
  AUTHORIZER_CONFIGURATION_ERROR: { status: 500, errorType: 'AuthorizerConfigurationException' },
  AUTHORIZER_FAILURE: { status: 500, errorType: 'AuthorizerFailureException' },
  BAD_REQUEST_PARAMETERS: { status: 400, errorType: 'BadRequestException' },
  BAD_REQUEST_BODY: { status: 400, errorType: 'BadRequestException' },
  DEFAULT_4XX: { errorType: 'BadRequestException' },
  DEFAULT_5XX: { errorType: 'InternalServerErrorException' },
  EXPIRED_TOKEN: { status: 403, errorType: 'ExpiredTokenException' },
  INTEGRATION_FAILURE: { status: 504, errorType: 'InternalServerErrorException' },
  INTEGRATION_TIMEOUT: { status: 504, errorType: 'InternalServerErrorException' },
  INVALID_API_KEY: { status: 403, errorType: 'ForbiddenException' },
  INVALID_SIGNATURE: { status: 403, errorType: 'InvalidSignatureException' },
  MISSING_AUTHENTICATION_TOKEN: { status: 403, errorType: 'MissingAuthenticationTokenException' },
  QUOTA_EXCEEDED: { status: 429, errorType: 'LimitExceededException' },
  REQUEST_TOO_LARGE: { status: 413, errorType: 'RequestTooLargeException' },
  RESOURCE_NOT_FOUND: { status: 404, errorType: 'ResourceNotFoundException' },
  THROTTLED: { status: 429, errorType: 'TooManyRequestsException' },
  UNAUTHORIZED: { status: 401, errorType: 'UnauthorizedException' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, errorType: 'BadRequestException' },
  WAF_FILTERED: { status: 403, errorType: 'WafFilteredException' },
};

export const DEFAULT_TEMPLATE = '{"message":$context.error.messageString}';

/**
 * Errors raised in the integration layer (a backend or Lambda failure, a
 * timeout, a configuration error such as no matching integration response)
 * come out of an untouched default template with a space after the colon,
 * `{"message": "Internal server error"}`, `{"message": "Endpoint request timed
 * out"}`, while the errors the gateway raises before the integration
 * (`{"message":"Missing Authentication Token"}`, `{"message":"Forbidden"}`)
 * have none. A customised template renders as written either way.
 */
const SPACED_DEFAULT_BODY: ReadonlySet<GatewayResponseType> = new Set(['INTEGRATION_FAILURE', 'INTEGRATION_TIMEOUT', 'API_CONFIGURATION_ERROR']);

export function isGatewayResponseType(v: unknown): v is GatewayResponseType {
  return typeof v === 'string' && Object.prototype.hasOwnProperty.call(CATALOGUE, v);
}

/** The type's default status code as AWS writes it ("403"), undefined for DEFAULT_4XX / DEFAULT_5XX. */
export function defaultStatusCode(type: GatewayResponseType): string | undefined {
  const s = CATALOGUE[type].status;
  return s === undefined ? undefined : String(s);
}

/** What PutGatewayResponse stores when given nothing but the type: own status, no parameters, the default template. */
export function baseGatewayResponse(type: GatewayResponseType, defaultResponse: boolean): GatewayResponse {
  const r: GatewayResponse = {
    defaultResponse,
    responseParameters: {},
    responseTemplates: { 'application/json': DEFAULT_TEMPLATE },
    responseType: type,
  };
  const status = defaultStatusCode(type);
  if (status !== undefined) r.statusCode = status;
  return r;
}

/**
 * The response AWS answers for `type` given the responses the user put:
 * the put one, else the put DEFAULT_4XX/DEFAULT_5XX of its class (still
 * `defaultResponse: true`), else the generated default.
 */
export function effectiveGatewayResponse(type: GatewayResponseType, put: ReadonlyMap<string, GatewayResponse>): GatewayResponse {
  const own = put.get(type);
  if (own) return structuredClone(own);
  const status = CATALOGUE[type].status;
  const parent = status === undefined ? undefined : put.get(status >= 500 ? 'DEFAULT_5XX' : 'DEFAULT_4XX');
  if (!parent) return baseGatewayResponse(type, true);
  const r: GatewayResponse = {
    defaultResponse: true,
    responseParameters: { ...parent.responseParameters },
    responseTemplates: { ...parent.responseTemplates },
    responseType: type,
  };
  const code = parent.statusCode ?? defaultStatusCode(type);
  if (code !== undefined) r.statusCode = code;
  return r;
}

// ---- errors and rendering ------------------------------------------------------------------------

/** Thrown by any data-plane step; `message` becomes $context.error.message. */
export class GatewayError extends Error {
  constructor(
    readonly type: GatewayResponseType,
    message: string,
    readonly opts?: {
      statusCode?: number;
      validationErrorString?: string;
      /** The `x-amzn-ErrorType` AWS sends for this failure when it is not the type's usual one (IncompleteSignatureException…). */
      errorType?: string;
      /**
       * IAM's access-denied answers are `{"Message":…}` (capital M, recorded AWS answers) while the
       * response's template is still the default one; a customized template renders as usual.
       */
      capitalMessage?: boolean;
      /** The message is null (`{"message":null}`): AuthorizerConfigurationException answers, as AWS sends them. */
      nullMessage?: boolean;
    },
  ) {
    super(message);
    this.name = 'GatewayError';
  }
}

export interface GatewayResponseScope {
  /** $context (the renderer sets context.error = {message, messageString, responseType, validationErrorString}). */
  context: Record<string, unknown>;
  stageVariables: Record<string, string>;
  request: { path: Record<string, string>; querystring: Record<string, string>; header: Record<string, string> };
}
export interface RenderedGatewayResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}
export interface CompiledGatewayResponses {
  render(err: GatewayError, scope: GatewayResponseScope): RenderedGatewayResponse;
}

interface CompiledEntry {
  /** The status the configuration fixes (a put response, or an inherited DEFAULT_xXX status); else the error decides. */
  status?: number;
  headers: [string, ValueSource][];
  templates: Map<string, Segment[]>;
  templateOrder: string[];
  /** Content types whose template is the untouched default `{"message":$context.error.messageString}`. */
  defaultTemplates: Set<string>;
}

/** The status the user's configuration fixes for `type`: its own put response's, else a put DEFAULT_xXX's of its class. */
function configuredStatus(type: GatewayResponseType, put: ReadonlyMap<string, GatewayResponse>): number | undefined {
  const own = put.get(type);
  const status = CATALOGUE[type].status;
  const parent = own ?? (status === undefined ? undefined : put.get(status >= 500 ? 'DEFAULT_5XX' : 'DEFAULT_4XX'));
  return parent?.statusCode === undefined ? undefined : Number(parent.statusCode);
}

function compileEntry(r: GatewayResponse, status: number | undefined): CompiledEntry {
  const headers: [string, ValueSource][] = [];
  for (const [key, value] of Object.entries(r.responseParameters ?? {})) {
    const m = PARAM_KEY.exec(key);
    const src = parseSource(value);
    if (m && m[1] === 'header' && src) headers.push([m[2], src]);
  }
  const templates = new Map<string, Segment[]>();
  const defaultTemplates = new Set<string>();
  for (const [type, source] of Object.entries(r.responseTemplates ?? {})) {
    templates.set(type.toLowerCase(), compileSubstitution(source ?? ''));
    if (source === DEFAULT_TEMPLATE) defaultTemplates.add(type.toLowerCase());
  }
  return { status, headers, templates, templateOrder: [...templates.keys()], defaultTemplates };
}

/** The template for the request's Accept header: an exact media type match, else application/json, else the first. */
function chooseTemplate(entry: CompiledEntry, accept: string | undefined): [string, Segment[]] {
  for (const part of (accept ?? '').split(',')) {
    const type = part.split(';')[0].trim().toLowerCase();
    const t = type ? entry.templates.get(type) : undefined;
    if (t) return [type, t];
  }
  const json = entry.templates.get('application/json');
  if (json) return ['application/json', json];
  const first = entry.templateOrder[0];
  if (first !== undefined) return [first, entry.templates.get(first)!];
  return ['application/json', compileSubstitution(DEFAULT_TEMPLATE)];
}

function setHeader(headers: Record<string, string>, name: string, value: string): void {
  const lower = name.toLowerCase();
  for (const k of Object.keys(headers)) if (k.toLowerCase() === lower) delete headers[k];
  headers[name] = value;
}

/** Compiles the gateway responses frozen in a deployment snapshot (the ones the user put), once per stage. */
export function compileGatewayResponses(configured: GatewayResponse[] | undefined): CompiledGatewayResponses {
  const put = new Map((configured ?? []).map((r) => [r.responseType, r]));
  const entries = new Map<GatewayResponseType, CompiledEntry>();
  for (const type of GATEWAY_RESPONSE_TYPES) {
    entries.set(type, compileEntry(effectiveGatewayResponse(type, put), configuredStatus(type, put)));
  }
  return {
    render(err, scope) {
      const type: GatewayResponseType = isGatewayResponseType(err.type) ? err.type : 'DEFAULT_5XX';
      const entry = entries.get(type)!;
      const messageString = err.opts?.nullMessage ? 'null' : JSON.stringify(err.message);
      scope.context.error = {
        message: err.message,
        messageString,
        responseType: type,
        validationErrorString: err.opts?.validationErrorString ?? '',
      };
      const statusCode = entry.status ?? err.opts?.statusCode ?? CATALOGUE[type].status ?? (type === 'DEFAULT_5XX' ? 500 : 400);
      const [contentType, template] = chooseTemplate(entry, lookupCaseless(scope.request.header ?? {}, 'accept'));
      const untouched = entry.templates.size === 0 || entry.defaultTemplates.has(contentType);
      const body = !untouched
        ? renderSubstitution(template, scope)
        : err.opts?.capitalMessage
          ? `{"Message":${JSON.stringify(err.message)}}`
          : SPACED_DEFAULT_BODY.has(type)
            ? `{"message": ${messageString}}`
            : renderSubstitution(template, scope);
      const headers: Record<string, string> = { 'Content-Type': contentType };
      for (const [name, src] of entry.headers) {
        const v = resolveSource(src, scope);
        if (v !== undefined) setHeader(headers, name, v);
      }
      if (lookupCaseless(headers, 'x-amzn-ErrorType') === undefined) headers['x-amzn-ErrorType'] = err.opts?.errorType ?? CATALOGUE[type].errorType;
      return { statusCode, headers, body };
    },
  };
}
