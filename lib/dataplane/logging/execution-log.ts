/**
 * @module dataplane/logging/execution-log
 * API Gateway's execution log of one request: the lines TestInvokeMethod
 * answers in its `log` and a stage with `loggingLevel` INFO/ERROR writes to
 * `API-Gateway-Execution-Logs_{restApiId}/{stageName}` — one implementation
 * for both. The lines and their order follow AWS's recorded answers (a
 * recorded failed test invoke, console/CLI test invokes in the Developer
 * Guide and public issue threads):
 *
 *     Starting execution for request: {id}
 *     HTTP Method: GET, Resource Path: /pets/123          (the path invoked)
 *     Method request path: {petId=123}                     (data)
 *     Method request query string: {foo=bar}               (data)
 *     Method request headers: {Accept=application/json}    (data)
 *     Method request body before transformations: …        (data)
 *     Endpoint request URI: …                              (data; not for MOCK)
 *     Endpoint request headers: {…}                        (data)
 *     Endpoint request body after transformations: …       (data)
 *     Sending request to …
 *     Received response. Status: 200, Integration latency: 3 ms
 *     Endpoint response headers: {…}                       (data)
 *     Endpoint response body before transformations: …     (data)
 *     (what the steps logged: configuration errors, function errors …)
 *     Method response body after transformations: …        (data)
 *     Method response headers: {…}                         (data)
 *     Successfully completed execution                     (or the gateway response lines)
 *     Method completed with status: 200
 *
 * Each line knows whether it carries request/response data (written by a
 * stage only with `dataTraceEnabled`) and whether it reports a failure
 * (what a stage at ERROR level writes). The lines are built after the
 * request from what the InvocationContext kept (steps/integration records
 * when the integration was called), with the times they happened at.
 * Steps note configuration errors through the invocation's logger;
 * `capturingLogger` collects them for this request, so the pipeline needs
 * no hook.
 */
import type { Logger } from '../../log';
import type { InvocationContext } from '../context';
import type { GatewayError } from '../gateway-responses';
import { endpointFor } from '../integrations/http';
import { hostHeader } from '../http-client';
import { javaDate, javaMap, redactHeaders, truncated } from './java-format';

export interface LogLine {
  at: number;
  text: string;
  /** Reports a failure: written at ERROR level too. */
  error: boolean;
  /** Carries request/response data: written only with dataTraceEnabled. */
  data: boolean;
}

export class ExecutionLog {
  readonly lines: LogLine[] = [];

  constructor(readonly requestId: string) {}

  add(text: string, at: number = Date.now(), kind: { error?: boolean; data?: boolean } = {}): void {
    this.lines.push({ at, text: truncated(text), error: kind.error === true, data: kind.data === true });
  }

  /** TestInvokeMethod's `log`: every line, each after its Java timestamp, and a final newline. */
  toString(): string {
    return `Execution log for request ${this.requestId}\n${this.lines.map((l) => `${javaDate(l.at)} : ${l.text}`).join('\n')}\n`;
  }
}

/** A line a step logged about the request (its `describe()` prefix removed); warnings and errors are failures. */
export interface Note {
  text: string;
  error: boolean;
}

/** A logger that records what the steps log about this invocation and passes it on (at `passOn`'s level, or each line's own). */
export function capturingLogger(base: Logger, notes: Note[], prefix: () => string, passOn?: (msg: string) => void): Logger {
  const at = (error: boolean, forward: (msg: string) => void) => (msg: string) => {
    const p = prefix() + ': ';
    if (msg.startsWith(p)) notes.push({ text: msg.slice(p.length), error });
    (passOn ?? forward)(msg);
  };
  return { debug: at(false, base.debug), info: at(false, base.info), warn: at(true, base.warn), error: at(true, base.error) };
}

/** What the request came to: the answer as sent (or as TestInvokeMethod reports it) and why it failed, if it did. */
export interface ExecutionFacts {
  pathParams: Record<string, string>;
  notes: readonly Note[];
  failure?: GatewayError;
  answer: { statusCode: number; headers: Record<string, string | string[]>; body: string };
  endedAt: number;
  /** False when the request failed before its method ran (authorization, API key, throttling): no method request lines. */
  executed: boolean;
  /** Mask credentials in logged headers (deployed stages; TestInvokeMethod shows what it was given). */
  redact: boolean;
}

const DATA = { data: true };
const ERROR = { error: true };

/** Appends the execution's lines, from "Starting execution" to "Method completed with status". */
export function describeExecution(log: ExecutionLog, inv: InvocationContext, f: ExecutionFacts): void {
  const hide = f.redact ? redactHeaders : (h: Record<string, string | string[]>) => h;
  if (f.executed) {
    const t = inv.startedAt;
    log.add(`Starting execution for request: ${inv.requestId}`, t);
    log.add(`HTTP Method: ${inv.request.httpMethod}, Resource Path: ${inv.request.path}`, t);
    log.add(`Method request path: ${javaMap(f.pathParams)}`, t, DATA);
    log.add(`Method request query string: ${javaMap(inv.request.querystring)}`, t, DATA);
    log.add(`Method request headers: ${javaMap(hide(inv.request.header))}`, t, DATA);
    log.add(`Method request body before transformations: ${inv.request.body.toString('utf8')}`, t, DATA);
  }
  const notes = [...f.notes];
  endpointLines(log, inv, hide);
  for (const n of notes) log.add(n.text, f.endedAt, n.error ? ERROR : undefined);

  const { statusCode, headers, body } = f.answer;
  if (!f.failure) {
    log.add(`Method response body after transformations: ${body}`, f.endedAt, DATA);
    log.add(`Method response headers: ${javaMap(headers)}`, f.endedAt, DATA);
    log.add('Successfully completed execution', f.endedAt);
  } else if (!notes.some((n) => n.text.startsWith('Execution failed'))) {
    log.add(`Gateway response type: ${f.failure.type} with status code: ${statusCode}`, f.endedAt, ERROR);
    log.add(`Gateway response body: ${body}`, f.endedAt, { error: true, data: true });
    log.add(`Gateway response headers: ${javaMap(headers)}`, f.endedAt, { error: true, data: true });
  }
  log.add(`Method completed with status: ${statusCode}`, f.endedAt, failed(f) ? ERROR : undefined);
}

/** Whether the request failed: a gateway response was sent, or a step reported an error or warning. */
export function failed(f: Pick<ExecutionFacts, 'failure' | 'notes'>): boolean {
  return f.failure !== undefined || f.notes.some((n) => n.error);
}

function endpointLines(log: ExecutionLog, inv: InvocationContext, hide: (h: Record<string, string | string[]>) => Record<string, string | string[]>): void {
  const integ = inv.route?.method.integration;
  const started = inv.integrationStartedAt;
  if (!integ || integ.type === 'MOCK' || started === undefined) return;
  const uri = endpointUri(inv);
  if (uri) log.add(`Endpoint request URI: ${uri}`, started, DATA);
  const ir = inv.integrationRequest;
  if (ir) {
    const sent: Record<string, string> = {};
    for (const { name, values } of ir.headers.values()) sent[name] = values.join(',');
    log.add(`Endpoint request headers: ${javaMap(hide(sent))}`, started, DATA);
    log.add(`Endpoint request body after transformations: ${ir.body.toString('utf8')}`, started, DATA);
  }
  if (uri) log.add(`Sending request to ${uri}`, started);

  const r = inv.integrationResponse;
  const ended = inv.integrationEndedAt;
  if (!r || ended === undefined) return;
  log.add(`Received response. Status: ${r.statusCode}, Integration latency: ${ended - started} ms`, ended);
  const got: Record<string, string> = {};
  for (let i = 0; i < r.rawHeaders.length; i += 2) {
    const k = r.rawHeaders[i];
    got[k] = got[k] === undefined ? r.rawHeaders[i + 1] : `${got[k]},${r.rawHeaders[i + 1]}`;
  }
  log.add(`Endpoint response headers: ${javaMap(got)}`, ended, DATA);
  log.add(`Endpoint response body before transformations: ${r.body.toString('utf8')}`, ended, DATA);
}

/** The URL API Gateway's log names for the integration endpoint. */
export function endpointUri(inv: InvocationContext): string | undefined {
  const integ = inv.route?.method.integration;
  if (!integ || !inv.integrationRequest) return undefined;
  if (integ.type === 'HTTP' || integ.type === 'HTTP_PROXY') {
    try {
      // The same URL the integration built, without noting its configuration error a second time.
      const quiet = Object.create(inv, { configurationError: { value: () => undefined } }) as InvocationContext;
      const { endpoint, path } = endpointFor(quiet, integ);
      return `${endpoint.protocol}//${hostHeader(endpoint)}${path}`;
    } catch {
      return undefined;
    }
  }
  // arn:aws:apigateway:{region}:{service}:path/{p} or :action/{Action}
  const arn = /^arn:aws[\w-]*:apigateway:([^:]+):([^:]+):(path|action)\/(.*)$/.exec(inv.route!.method.method.methodIntegration?.uri ?? '');
  if (!arn) return undefined;
  const [, region, service, kind, rest] = arn;
  const host = `https://${service.split('.')[0]}.${region}.amazonaws.com`;
  return kind === 'path' ? `${host}/${rest}` : `${host}/?Action=${rest}`;
}
