/**
 * @module dataplane/context
 * `InvocationContext`: the one object every pipeline step reads and enriches —
 * the method request as received, the route it matched, the integration
 * request built for the backend, the integration response, and the method
 * response that goes back to the client. `$context` (the template variable) is
 * built from it lazily, once, when a template or mapping first needs it.
 */
import type { CompiledStage, StageVariant } from './types';
import type { RouteMatch } from './router';
import { buildContextVars } from './context-vars';
import type { Logger } from '../log';
import type { LambdaInvoker } from '../lambda/invoker';
import type { CredentialStore, IamCaller } from '../aws/credentials';
import type { AdmittedKey, Traffic } from './traffic';
import type { AuthorizerResult, Authorizers } from './auth/authorizers';
import type { ApiCache } from './cache';
import type { ClientExchange } from './exchange';

/** How a request reached the data plane. */
export interface DataPlaneTarget {
  apiId: string;
  stageName: string;
  /** The path after the stage, starting with `/`, still percent-encoded. */
  path: string;
  /** The query string without `?` ('' when none). */
  rawQuery: string;
  /** `host` for `{id}.execute-api.…` requests, `path` for `/restapis/…/_user_request_/…` and `/_aws/execute-api/…`, `domain` for a custom domain name (custom-domains.ts). */
  via: 'host' | 'path' | 'domain';
  /** The region named by the Host (`{id}.execute-api.{region}.amazonaws.com`), or the custom domain name's region, if any. */
  region?: string;
  /** Custom domain names: the path as the client sent it (base path included), which `$context.path` and the proxy event's `path` show. */
  clientPath?: string;
  /** Why the request reaches no stage (a custom domain name with no matching base path mapping): answered 403 Forbidden. */
  refusal?: string;
}

/** The method request: what the client sent, in the maps templates and mappings read. */
export interface MethodRequest {
  httpMethod: string;
  path: string;
  querystring: Record<string, string>;
  multiQuerystring: Record<string, string[]>;
  /** Header names as the client sent them (last value of a repeated header). */
  header: Record<string, string>;
  multiHeader: Record<string, string[]>;
  /** Lowercased names, for the case-insensitive lookups mappings do. */
  headerLc: Record<string, string>;
  multiHeaderLc: Record<string, string[]>;
  body: Buffer;
  sourceIp: string;
}

/** What the integration step sends to the backend. */
export interface IntegrationRequest {
  httpMethod: string;
  /** Integration request path parameters (substituted into the URI). */
  path: Record<string, string>;
  /** Query parameters, each with one or more values, in order. */
  querystring: Map<string, string[]>;
  /** By lowercased name: the name as it will be sent, and its value(s). */
  headers: Map<string, { name: string; values: string[] }>;
  body: Buffer;
  /** The content type the request body was selected/mapped for (used as the default Content-Type for non-proxy HTTP). */
  contentType?: string;
}

/** What the backend answered (or the MOCK integration produced). */
export interface IntegrationResponseData {
  statusCode: number;
  /** The backend's headers as sent: name, value, name, value… (repeated headers repeated). */
  rawHeaders: string[];
  body: Buffer;
  /** AWS (Lambda): what selectionPatterns are matched against instead of the status code (the function error's errorMessage, '' on success). */
  selectionValue?: string;
  /** AWS_PROXY (Lambda): the body is already the method response payload (isBase64Encoded applied); no binary conversion. */
  payloadFinal?: boolean;
}

export interface MethodResponseData {
  statusCode: number;
  /** Header names as they will be written; repeated headers (Set-Cookie) as arrays. */
  headers: Record<string, string | string[]>;
  body: Buffer;
}

export class InvocationContext {
  route?: RouteMatch;
  integrationRequest?: IntegrationRequest;
  integrationResponse?: IntegrationResponseData;
  response?: MethodResponseData;
  /** How Lambda integrations invoke functions (set by the data plane). */
  lambda?: LambdaInvoker;
  /** The IAM credentials AWS_IAM methods accept (set by the data plane). */
  credentials?: CredentialStore;
  /** Who signed the request, once an AWS_IAM method verified its signature (steps/iam-auth); `$context.identity.*`. */
  iamCaller?: IamCaller;
  /** API keys, throttles and quotas (set by the data plane; the steps do nothing without it). */
  traffic?: Traffic;
  /** The API key value a Lambda authorizer returned as `usageIdentifierKey` (set by the authorize step), for apiKeySource AUTHORIZER. */
  usageIdentifierKey?: string;
  /** Lambda/Cognito authorizer caches and settings (set by the data plane; steps/authorize). */
  authorizers?: Authorizers;
  /** What the method's Lambda or Cognito authorizer granted (steps/authorize): `$context.authorizer`, the proxy event's `requestContext.authorizer`. */
  authorizer?: AuthorizerResult;
  /** The API key the request was admitted with, and its usage plan (methods with apiKeyRequired; steps/api-key). */
  apiKey?: AdmittedKey;
  /** When the integration was called and when it answered or failed (steps/integration): latencies and the execution log. */
  integrationStartedAt?: number;
  integrationEndedAt?: number;
  /** The pipeline step that threw, when one did (pipeline.ts): which checks the request passed, for the execution log. */
  failedStep?: string;
  /** The stage API caches (set by the data plane; steps/cached-integration). */
  apiCache?: ApiCache;
  /** An unauthorized `Cache-Control: max-age=0` was ignored and the answer carries AWS's warning header (steps/cached-integration). */
  apiCacheWarning?: boolean;
  private vars?: Record<string, unknown>;
  private bodyJson?: { value: unknown };
  private integrationJson?: { value: unknown };
  private integrationHeaders?: Record<string, string | string[]>;

  constructor(
    /** The client's request and answer, whichever HTTP server received it (exchange.ts). */
    readonly client: ClientExchange,
    readonly target: DataPlaneTarget,
    readonly stage: CompiledStage,
    readonly variant: StageVariant,
    readonly request: MethodRequest,
    readonly requestId: string,
    readonly extendedRequestId: string,
    readonly traceId: string,
    readonly startedAt: number,
    readonly log: Logger,
  ) {}

  /** `GET /pets (api abc123 stage dev, request …)`, for log lines. */
  describe(): string {
    return `${this.request.httpMethod} ${this.request.path} (api ${this.stage.apiId} stage ${this.stage.stageName}, request ${this.requestId})`;
  }

  /** Logs what API Gateway's execution log says for a configuration error (the client gets a 500). */
  configurationError(detail: string): void {
    this.log.warn(`${this.describe()}: Execution failed due to configuration error: ${detail}`);
  }

  get stageVariables(): Record<string, string> {
    return this.variant.variables;
  }

  /** `$context` for templates and `context.*` mappings; built once per request. */
  contextVars(): Record<string, unknown> {
    return (this.vars ??= buildContextVars(this));
  }

  /** True when `$context` was built (its overrides may then have been set by a template). */
  hasContextVars(): boolean {
    return this.vars !== undefined;
  }

  /** The method request body parsed as JSON (undefined when it is not JSON); parsed once. */
  requestBodyJson(): unknown {
    if (!this.bodyJson) {
      this.bodyJson = { value: parseJson(this.request.body) };
    }
    return this.bodyJson.value;
  }

  /** An integration response header by lowercased name (all values of a repeated header); built once. */
  integrationHeader(lc: string): string | string[] | undefined {
    if (!this.integrationHeaders) {
      const map: Record<string, string | string[]> = {};
      const raw = this.integrationResponse?.rawHeaders ?? [];
      for (let i = 0; i < raw.length; i += 2) {
        const k = raw[i].toLowerCase();
        const prev = map[k];
        map[k] = prev === undefined ? raw[i + 1] : Array.isArray(prev) ? [...prev, raw[i + 1]] : [prev, raw[i + 1]];
      }
      this.integrationHeaders = map;
    }
    return this.integrationHeaders[lc];
  }

  /** The integration response body parsed as JSON (undefined when it is not JSON); parsed once. */
  integrationBodyJson(): unknown {
    if (!this.integrationJson) this.integrationJson = { value: parseJson(this.integrationResponse?.body) };
    return this.integrationJson.value;
  }
}

function parseJson(body: Buffer | undefined): unknown {
  if (!body || body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}
