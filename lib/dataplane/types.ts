/**
 * @module dataplane/types
 * The shapes of a compiled stage: what `compile.ts` builds once per deployment
 * from its frozen snapshot, and what the request path reads. Nothing here is
 * parsed or compiled per request.
 */
import type { Method, MethodSetting, RestApi } from '../model';
import type { Scope } from '../store';
import type { CompiledGatewayResponses } from './gateway-responses';
import type { CompiledTemplate } from './vtl';
import type { InvocationContext } from './context';

export type { Scope };

/** Where a request parameter mapping reads its value (parsed once from its expression). */
export type ParamSource =
  | { kind: 'literal'; value: string }
  | { kind: 'method'; location: 'path' | 'querystring' | 'header' | 'multivaluequerystring' | 'multivalueheader'; name: string }
  | { kind: 'methodBody'; path?: string }
  | { kind: 'context'; path: string[] }
  | { kind: 'stageVariable'; name: string }
  | { kind: 'integrationHeader'; name: string; multi: boolean }
  | { kind: 'integrationBody'; path?: string };

/** `integration.request.(path|querystring|header).name` ← source. */
export interface RequestParamMapping {
  location: 'path' | 'querystring' | 'header';
  name: string;
  source: ParamSource;
}

/** `method.response.header.name` ← source. */
export interface ResponseParamMapping {
  name: string;
  source: ParamSource;
}

/** Mapping templates by content type, as compiled once. */
export interface TemplateSet {
  /** Content types in the order the API declared them. */
  readonly types: string[];
  readonly byType: Map<string, CompiledTemplate>;
}

export type ContentHandling = 'CONVERT_TO_TEXT' | 'CONVERT_TO_BINARY' | undefined;

export interface CompiledIntegrationResponse {
  statusCode: string;
  status: number;
  /** The selection pattern as a full-match regex; undefined for the default response. */
  pattern?: RegExp;
  responseParameters: ResponseParamMapping[];
  templates: TemplateSet;
  contentHandling: ContentHandling;
}

/** One part of an integration URI: literal text, a `{path}` parameter, or `${stageVariables.x}`. */
export type UriPart = { kind: 'text'; text: string } | { kind: 'path'; name: string; greedy: boolean } | { kind: 'stageVariable'; name: string };

export interface CompiledIntegration {
  type: string;
  /** The registry entry that calls the backend (MOCK, HTTP, HTTP_PROXY, or the "not supported yet" one). */
  invoke: (ctx: InvocationContext) => void | Promise<void>;
  /** HTTP_PROXY/AWS_PROXY: no templates, no integration-response mapping. */
  proxy: boolean;
  httpMethod: string;
  uri: UriPart[];
  /**
   * When the URI's scheme, host and port have no placeholder: that origin
   * (parsed once) and the parts of the path that follow it.
   */
  staticOrigin?: { endpoint: import('./http-client').Endpoint; pathParts: UriPart[] };
  requestParameters: RequestParamMapping[];
  templates: TemplateSet;
  passthroughBehavior: 'WHEN_NO_MATCH' | 'WHEN_NO_TEMPLATES' | 'NEVER';
  contentHandling: ContentHandling;
  timeoutMs: number;
  responses: CompiledIntegrationResponse[];
  defaultResponse?: CompiledIntegrationResponse;
  /** Set when the integration cannot be served: the message for the 500 and the log. */
  unsupported?: string;
}

export interface CompiledMethod {
  httpMethod: string;
  resourceId: string;
  resourcePath: string;
  method: Method;
  integration?: CompiledIntegration;
  /** The method's request validator, compiled (validation/method.ts); undefined when requests are not validated. */
  validation?: import('./validation/method').MethodValidation;
}

export interface CompiledResource {
  id: string;
  path: string;
  methods: Map<string, CompiledMethod>;
}

/** A deployment's snapshot, compiled: served by every stage (and canary) that points at it. */
export interface CompiledDeployment {
  deploymentId: string;
  restApi: RestApi;
  router: import('./router').Router;
  gatewayResponses: CompiledGatewayResponses;
  /** Media types the API treats as binary (`binaryMediaTypes`, wildcards allowed). */
  binaryMediaTypes: string[];
  /** The API's resource policy (`restApi.policy`), compiled; undefined when it has none. */
  resourcePolicy?: import('./auth/resource-policy').CompiledPolicy;
  /** The API's Lambda and Cognito authorizers by id, compiled (auth/authorizer-config.ts). */
  authorizers?: Map<string, import('./auth/authorizer-config').CompiledAuthorizer>;
  /** What the compile step could not honour, each logged once. */
  warnings: string[];
}

/** One way a stage serves a request: its deployment and its stage variables. */
export interface StageVariant {
  deployment: CompiledDeployment;
  variables: Record<string, string>;
  isCanary: boolean;
}

export interface CompiledStage {
  scope: Scope;
  apiId: string;
  stageName: string;
  main: StageVariant;
  canary?: StageVariant & { percentTraffic: number };
  /** What the stage logs (access and execution logs, logging/stage-logging.ts); undefined when it logs nothing. */
  logging?: import('./logging/stage-logging').StageLogging;
  /** The stage's method settings (its throttles are read from them, see traffic/limits; its caching, see cache/settings). */
  methodSettings?: Record<string, MethodSetting>;
  /** The stage's cache cluster (cache/settings.ts); undefined is no cache. */
  cache?: import('./cache/settings').StageCacheConfig;
}
