/**
 * @module dataplane/logging/stage-execution
 * The execution log events a deployed stage writes for one request: the
 * lines only deployed stages have (before the method runs), then the shared
 * execution lines (execution-log.ts), filtered by the method's level. Each
 * event's message is `({requestId}) {line}`, as in
 * `API-Gateway-Execution-Logs_{restApiId}/{stageName}`.
 *
 * The preamble (AWS Knowledge Center, "How can I use API Gateway logs to
 * troubleshoot", and recorded execution logs):
 *
 *     Extended Request Id: {extendedRequestId}
 *     Starting authorizer: {authorizerId} for request: {id}     (Lambda authorizers)
 *     Successfully completed authorizer execution               (or: Unauthorized request: {id})
 *     Verifying Usage Plan for request: {id}. API Key: {key} API Stage: {apiId}/{stage}
 *     API Key {key} authorized because method 'GET /' does not require API Key. Request will not contribute to throttle or quota limits
 *     Usage Plan check succeeded for API Key {key} and API Stage {apiId}/{stage}
 *
 * (the key masked; empty when there is none, hence AWS's double spaces).
 * Levels: INFO writes every line but the data lines, which
 * `dataTraceEnabled` adds; ERROR writes only for failed requests (a gateway
 * response, or a step that reported an error), and only their failure
 * lines. A cached Lambda authorizer result still logs the authorizer lines.
 */
import type { InvocationContext } from '../context';
import type { GatewayError } from '../gateway-responses';
import { PIPELINE } from '../pipeline';
import { ExecutionLog, describeExecution, failed, type ExecutionFacts } from './execution-log';
import { mask } from './java-format';
import type { MethodLogging } from './stage-logging';

export interface LogEvent {
  timestamp: number;
  message: string;
}

const STEP_INDEX = new Map(PIPELINE.map((s, i) => [s.name, i]));
const at = (name: string): number => STEP_INDEX.get(name) ?? -1;

/** Appends the preamble; answers whether the method ran (the request passed authorization, API keys and throttling). */
function preamble(log: ExecutionLog, inv: InvocationContext, failure: GatewayError | undefined): boolean {
  const t = inv.startedAt;
  log.add(`Extended Request Id: ${inv.extendedRequestId}`, t);
  const failedAt = inv.failedStep === undefined ? Infinity : at(inv.failedStep);
  const passed = (step: string): boolean => failedAt > at(step);
  const route = inv.route;
  if (!route) return false;
  const method = route.method.method;
  if (method.authorizationType === 'CUSTOM' && failedAt >= at('authorize')) {
    log.add(`Starting authorizer: ${method.authorizerId ?? ''} for request: ${inv.requestId}`, t);
    if (passed('authorize')) log.add('Successfully completed authorizer execution', t);
    else if (failure?.type === 'UNAUTHORIZED') log.add(`Unauthorized request: ${inv.requestId}`, t, { error: true });
  }
  if (failedAt >= at('throttle/quota')) {
    const key = inv.apiKey ? mask(inv.apiKey.keyValue) : '';
    const apiStage = `${inv.stage.apiId}/${inv.stage.stageName}`;
    log.add(`Verifying Usage Plan for request: ${inv.requestId}. API Key: ${key} API Stage: ${apiStage}`, t);
    if (!method.apiKeyRequired) {
      log.add(
        `API Key ${key} authorized because method '${inv.request.httpMethod} ${route.resource.path}' does not require API Key. ` +
          'Request will not contribute to throttle or quota limits',
        t,
      );
    }
    if (passed('throttle/quota')) log.add(`Usage Plan check succeeded for API Key ${key} and API Stage ${apiStage}`, t);
  }
  return passed('throttle/quota');
}

/** The events to write for a request at the method's level (none at ERROR for a request that did not fail). */
export function stageExecutionEvents(
  inv: InvocationContext,
  settings: MethodLogging,
  facts: Omit<ExecutionFacts, 'executed' | 'redact' | 'pathParams'>,
): LogEvent[] {
  if (settings.level === 'ERROR' && !failed(facts)) return [];
  const log = new ExecutionLog(inv.requestId);
  const executed = preamble(log, inv, facts.failure);
  describeExecution(log, inv, { ...facts, pathParams: inv.route?.pathParams ?? {}, executed, redact: true });
  const prefix = `(${inv.requestId}) `;
  const events: LogEvent[] = [];
  for (const l of log.lines) {
    if (l.data && !settings.dataTrace) continue;
    if (settings.level === 'ERROR' && !l.error) continue;
    events.push({ timestamp: l.at, message: prefix + l.text });
  }
  return events;
}
