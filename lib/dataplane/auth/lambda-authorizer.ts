/**
 * @module dataplane/auth/lambda-authorizer
 * Calling a Lambda authorizer (TOKEN or REQUEST) through the one Lambda
 * invocation path integrations use, and reading its answer ("Output from an
 * API Gateway Lambda authorizer"):
 * - the function fails with the message `Unauthorized` (`throw new
 *   Error('Unauthorized')`, `callback('Unauthorized')`): 401 Unauthorized;
 * - any other function error, no answer within the authorizer timeout, an
 *   unreachable endpoint, an unknown function: AuthorizerConfigurationException
 *   (500), as API Gateway answers them;
 * - an answer must be a JSON object with `principalId` (a string, or a
 *   number turned into one) and a `policyDocument` (policy-eval.ts); optional
 *   `context`, whose values may only be strings, numbers or booleans (an
 *   object or a list there is a configuration error: "you cannot set a JSON
 *   object or array as a valid value of any key in the context map"), and
 *   `usageIdentifierKey` (the API key, for apiKeySource AUTHORIZER);
 *   anything else is a configuration error too ("Could not parse policy").
 * The events themselves: `tokenEvent` here; the REQUEST event is built from
 * the request by the caller (steps/authorize, control/test-invoke).
 */
import type { LambdaInvoker } from '../../lambda/invoker';
import type { LambdaFunction } from './authorizer-config';
import { compileAuthorizerPolicy, type AuthorizerPolicy } from './policy-eval';

/** How long API Gateway waits for an authorizer function. */
export const AUTHORIZER_TIMEOUT_MS = 10_000;

export type ContextValue = string | number | boolean;

export interface LambdaGrant {
  principalId: string;
  policy: AuthorizerPolicy;
  /** The policy document as the function returned it. */
  policyDocument: unknown;
  context: Record<string, ContextValue>;
  usageIdentifierKey?: string;
}

export type LambdaAuthorizerOutcome =
  | { kind: 'grant'; grant: LambdaGrant; latencyMs: number }
  | { kind: 'unauthorized'; reason: string; latencyMs: number }
  | { kind: 'error'; reason: string; latencyMs: number };

export function tokenEvent(token: string, methodArn: string): Record<string, unknown> {
  return { type: 'TOKEN', methodArn, authorizationToken: token };
}

function functionErrorMessage(payload: Buffer): string {
  try {
    const v = JSON.parse(payload.toString('utf8')) as unknown;
    if (v !== null && typeof v === 'object' && typeof (v as { errorMessage?: unknown }).errorMessage === 'string') {
      return (v as { errorMessage: string }).errorMessage;
    }
    return typeof v === 'string' ? v : '';
  } catch {
    return payload.toString('utf8');
  }
}

/** Reads the function's answer; a string is why it is not a valid authorizer output. */
export function parseAuthorizerOutput(payload: Buffer): LambdaGrant | string {
  let v: unknown;
  try {
    v = JSON.parse(payload.toString('utf8'));
  } catch {
    return payload.length === 0 ? 'the function returned nothing' : 'the function did not return JSON';
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return `the function returned ${v === null ? 'null' : Array.isArray(v) ? 'a list' : `a ${typeof v}`}, not an object`;
  const o = v as Record<string, unknown>;
  const pid = o.principalId;
  if (typeof pid !== 'string' && !(typeof pid === 'number' && Number.isFinite(pid))) return 'principalId is missing or not a string';
  const policy = compileAuthorizerPolicy(o.policyDocument);
  if (typeof policy === 'string') return `Could not parse policy: ${policy}`;
  const context: Record<string, ContextValue> = {};
  if (o.context !== undefined && o.context !== null) {
    if (typeof o.context !== 'object' || Array.isArray(o.context)) return 'context is not an object';
    for (const [k, val] of Object.entries(o.context as Record<string, unknown>)) {
      if (val === null || val === undefined) continue;
      if (typeof val === 'string' || typeof val === 'boolean' || (typeof val === 'number' && Number.isFinite(val))) context[k] = val;
      else return `context.${k} is ${Array.isArray(val) ? 'a list' : 'an object'}; context values must be strings, numbers or booleans`;
    }
  }
  const grant: LambdaGrant = { principalId: String(pid), policy, policyDocument: o.policyDocument, context };
  if (o.usageIdentifierKey !== undefined && o.usageIdentifierKey !== null) {
    if (typeof o.usageIdentifierKey !== 'string') return 'usageIdentifierKey is not a string';
    grant.usageIdentifierKey = o.usageIdentifierKey;
  }
  return grant;
}

/** Invokes the authorizer function with `event` and reads its answer. */
export async function invokeLambdaAuthorizer(
  invoker: LambdaInvoker | undefined,
  fn: LambdaFunction,
  event: Record<string, unknown>,
  timeoutMs = AUTHORIZER_TIMEOUT_MS,
): Promise<LambdaAuthorizerOutcome> {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  if (!invoker) return { kind: 'error', reason: 'no Lambda invoker is configured', latencyMs: 0 };
  const where = `authorizer function ${fn.functionId} at ${invoker.endpointName}`;
  const outcome = await invoker.invoke({
    functionId: fn.functionId,
    region: fn.region,
    payload: Buffer.from(JSON.stringify(event)),
    timeoutMs,
  });
  const latencyMs = elapsed();
  switch (outcome.kind) {
    case 'timeout':
      return { kind: 'error', reason: `no answer within ${timeoutMs} ms from ${where}`, latencyMs };
    case 'unreachable':
      return { kind: 'error', reason: `Lambda endpoint unreachable invoking ${where}: ${outcome.message}`, latencyMs };
    case 'service':
      return { kind: 'error', reason: `Lambda invocation failed with status ${outcome.status} (${outcome.errorType}: ${outcome.message}) invoking ${where}`, latencyMs };
    case 'result':
      break;
  }
  if (outcome.functionError) {
    const message = functionErrorMessage(outcome.payload);
    if (message === 'Unauthorized') return { kind: 'unauthorized', reason: `${where} answered Unauthorized`, latencyMs };
    return { kind: 'error', reason: `${where} failed: ${message || outcome.functionError}`, latencyMs };
  }
  const grant = parseAuthorizerOutput(outcome.payload);
  if (typeof grant === 'string') {
    const body = outcome.payload.toString('utf8', 0, Math.min(outcome.payload.length, 1000));
    return { kind: 'error', reason: `Invalid authorizer response from ${where} (${grant}): ${body}`, latencyMs };
  }
  return { kind: 'grant', grant, latencyMs };
}
