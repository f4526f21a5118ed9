/**
 * @module dataplane/logging/access-log
 * A stage's access log format (`accessLogSettings.format`), compiled once
 * into literal text and `$context.*` variables, and rendered per request
 * after its answer was sent (Developer Guide, "Variables for access logging").
 *
 * Rendering, as AWS renders (facts from recorded REST API access log lines,
 * e.g. DataBiosphere/azul#4348, whose JSON format names ~50 variables):
 * - a variable with no value, an unknown one (`$context.routeKey`,
 *   `$context.authorizer.claims.property` without such a claim,
 *   `$context.dataProcessed`) or a whole object renders `-`;
 * - numbers and booleans as text (`"responseLatency": "124"`,
 *   `"requestTimeEpoch": "1720635321799"`);
 * - `"` and `\` inside a value are escaped with `\`, so a JSON format stays
 *   JSON (the 2024 line of that thread shows a user agent with quotes and
 *   backslashes escaped);
 * - one trailing newline of the format is dropped (AWS allows a newline only
 *   there).
 * Variables: everything `$context` has for templates (context-vars.ts:
 * identity.*, requestTime, requestTimeEpoch, path, protocol, stage,
 * authorizer.*, requestOverride/responseOverride …) plus what only the
 * finished request knows: `status`, `responseLength` (body bytes),
 * `responseLatency`, `integrationLatency` / `integration.latency`,
 * `integrationStatus` / `integration.integrationStatus` (for Lambda proxy
 * integrations the Invoke API's status, 200), `integration.status` (the
 * backend's / the function's status), `integration.error` /
 * `integrationErrorMessage` (the failure of the integration call),
 * `integration.requestId` / `awsEndpointRequestId` (a Lambda invocation's
 * request id), `error.message`, `error.messageString`, `error.responseType`,
 * `error.validationErrorString`, `responseOverride.status`. MOCK
 * integrations have no integration latency or status (`-`).
 * Not rendered (`-`): `authorize.*`, `authenticate.*`, `authorizer.latency`,
 * `authorizer.status`, `authorizer.integrationStatus`, `authorizer.error`,
 * `authorizer.requestId`, `customDomain.basePathMatched`, `waf.*`,
 * `identity.clientCert.*`.
 */
import type { InvocationContext } from '../context';
import type { GatewayError } from '../gateway-responses';

/** What the access log line is rendered from. */
export interface AccessRecord {
  inv: InvocationContext;
  /** The gateway error the request was answered with, if any. */
  failure?: GatewayError;
  status: number;
  /** Bytes of the response body sent. */
  responseLength: number;
  /** When the answer was written. */
  sentAt: number;
}

type Resolver = (r: AccessRecord) => unknown;

export interface CompiledAccessLogFormat {
  /** The `$context.` variables the format uses, in order (without `$context.`). */
  readonly variables: readonly string[];
  render(r: AccessRecord): string;
}

/** `$context.x.y…`; override header names may contain `-`. */
const VARIABLE = /\$context\.((?:requestOverride|responseOverride)\.header\.[A-Za-z0-9_-]+|[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*)/g;

export function compileAccessLogFormat(format: string): CompiledAccessLogFormat {
  const text = format.replace(/\r?\n$/, '');
  const literals: string[] = [];
  const resolvers: Resolver[] = [];
  const variables: string[] = [];
  let at = 0;
  for (const m of text.matchAll(VARIABLE)) {
    literals.push(text.slice(at, m.index));
    resolvers.push(resolverFor(m[1]));
    variables.push(m[1]);
    at = m.index! + m[0].length;
  }
  literals.push(text.slice(at));
  return {
    variables,
    render(r: AccessRecord): string {
      let out = literals[0];
      for (let i = 0; i < resolvers.length; i++) out += show(resolvers[i](r)) + literals[i + 1];
      return out;
    },
  };
}

/** How a value is written into the line. */
export function show(v: unknown): string {
  if (v === undefined || v === null || v === '') return '-';
  if (typeof v === 'string') return v.replace(/[\\"]/g, '\\$&');
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return '-';
}

function integrationCalled(inv: InvocationContext): boolean {
  return inv.integrationStartedAt !== undefined && inv.integrationEndedAt !== undefined && inv.route?.method.integration?.type !== 'MOCK';
}

const integrationLatency: Resolver = ({ inv }) => (integrationCalled(inv) ? inv.integrationEndedAt! - inv.integrationStartedAt! : undefined);

/** The status the integration endpoint answered: for Lambda proxy integrations, the Invoke API's (200 when the function answered). */
const integrationStatus: Resolver = ({ inv }) => {
  if (!integrationCalled(inv) || !inv.integrationResponse) return undefined;
  return inv.route?.method.integration?.type === 'AWS_PROXY' ? 200 : inv.integrationResponse.statusCode;
};

const backendStatus: Resolver = ({ inv }) => (integrationCalled(inv) ? inv.integrationResponse?.statusCode : undefined);

/** The integration call's failure: the request failed in the integration step. */
const integrationError: Resolver = ({ inv, failure }) => (failure && inv.failedStep === 'integration' ? failure.message : undefined);

/** A Lambda invocation's request id (the Invoke API's `x-amzn-RequestId`). */
const endpointRequestId: Resolver = ({ inv }) => {
  const type = inv.route?.method.integration?.type;
  if ((type !== 'AWS' && type !== 'AWS_PROXY') || !integrationCalled(inv)) return undefined;
  const v = inv.integrationHeader('x-amzn-requestid');
  return Array.isArray(v) ? v[0] : v;
};

const FIXED: Record<string, Resolver> = {
  status: (r) => r.status,
  responseLength: (r) => r.responseLength,
  responseLatency: (r) => r.sentAt - r.inv.startedAt,
  integrationLatency,
  'integration.latency': integrationLatency,
  integrationStatus,
  'integration.integrationStatus': integrationStatus,
  'integration.status': backendStatus,
  'integration.error': integrationError,
  integrationErrorMessage: integrationError,
  'integration.requestId': endpointRequestId,
  awsEndpointRequestId: endpointRequestId,
  'error.message': ({ failure }) => failure?.message,
  'error.messageString': ({ failure }) => (failure ? JSON.stringify(failure.message) : undefined),
  'error.responseType': ({ failure }) => failure?.type,
  'error.validationErrorString': ({ failure }) => failure?.opts?.validationErrorString,
  'responseOverride.status': ({ inv }) => (inv.hasContextVars() ? (inv.contextVars().responseOverride as { status?: unknown }).status : undefined),
  // $context.authorizer.claims is documented to return null; only its properties have values.
  'authorizer.claims': () => undefined,
};

function resolverFor(path: string): Resolver {
  const fixed = FIXED[path];
  if (fixed) return fixed;
  const keys = path.split('.');
  return ({ inv }) => {
    let v: unknown = inv.contextVars();
    for (const k of keys) {
      if (v === null || typeof v !== 'object') return undefined;
      v = Object.prototype.hasOwnProperty.call(v, k) ? (v as Record<string, unknown>)[k] : undefined;
    }
    return v;
  };
}
