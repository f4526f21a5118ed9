/**
 * @module lambda/runtime
 * The built-in Lambda runtime: runs the Node.js handlers of the `--functions`
 * directory (functions.ts) in worker threads (pool.ts), behind the semantics
 * of Lambda's Invoke operation:
 * - `RequestResponse` answers 200 with the function's result, or with its
 *   error payload and `FunctionError: Unhandled`; `Event` answers 202 at once
 *   and runs the function in the background (no retries, no destinations);
 *   `DryRun` answers 204;
 * - payload limits: 6 MB (6,291,456 bytes) for synchronous requests, 1 MB for
 *   asynchronous ones (413 RequestEntityTooLargeException); a result over
 *   6,291,556 bytes is the function error `Function.ResponseSizeTooLarge`;
 * - a payload that is not JSON is 400 InvalidRequestContentException; an
 *   empty one is the event `{}`;
 * - an unknown function is 404 ResourceNotFoundException; any qualifier
 *   (version or alias) runs the one local code, reported as `$LATEST`;
 * - `LogType: Tail` returns the last 4 KB of the invocation's log lines.
 * Every line a function logs goes to the server log with the function name
 * and request id.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../log';
import { FUNCTION_NAME_PATTERN, functionArn, parseFunctionName } from './arn';
import { LambdaApiError, functionNotFound, type FunctionErrorPayload } from './errors';
import { FunctionCatalog, type FunctionSpec } from './functions';
import { FunctionPool, type Outcome, type PoolHooks } from './pool';

export const MAX_SYNC_PAYLOAD = 6 * 1024 * 1024;
export const MAX_ASYNC_PAYLOAD = 1024 * 1024;
export const MAX_RESPONSE_PAYLOAD = 6291556;
const MAX_TAIL = 4096;

export type InvocationType = 'RequestResponse' | 'Event' | 'DryRun';

export interface RuntimeInvocation {
  /** The FunctionName as the caller wrote it (name, partial or full ARN, optionally `:qualifier`). */
  functionName: string;
  qualifier?: string;
  invocationType?: string;
  logType?: string;
  /** Base64 of a JSON object, as X-Amz-Client-Context carries it. */
  clientContext?: string;
  payload: Buffer;
}

export interface RuntimeResult {
  statusCode: 200 | 202 | 204;
  requestId: string;
  payload: Buffer;
  functionError?: 'Unhandled';
  executedVersion?: string;
  logResult?: string;
}

export interface RuntimeOptions {
  dir?: string;
  region: string;
  accountId: string;
  log: Logger;
  /** Concurrent executions per function (further invocations wait). Default 10. */
  maxConcurrency?: number;
  /** How long a warm environment waits for its next invocation. Default 5 minutes. */
  idleMs?: number;
}

const EMPTY = Buffer.alloc(0);
const LOG_METHODS: Record<string, keyof Logger> = { DEBUG: 'debug', TRACE: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' };
/** Server environment variables a function sees, as Lambda gives credentials and endpoints to its functions. */
const PASSED_ENV = /^(PATH|LANG|HOME|NODE_OPTIONS|NODE_EXTRA_CA_CERTS|AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN|AWS_ENDPOINT_URL(_[A-Z0-9_]+)?)$/;

export class LocalRuntime {
  readonly catalog: FunctionCatalog;
  private readonly pools = new Map<string, FunctionPool>();
  private readonly tails = new Map<string, string[]>();
  private readonly background = new Set<Promise<unknown>>();
  private closed = false;

  constructor(private readonly opts: RuntimeOptions) {
    this.catalog = new FunctionCatalog(opts.dir);
  }

  /** Worker threads alive now, over every function. */
  get workers(): number {
    let n = 0;
    for (const p of this.pools.values()) n += p.size;
    return n;
  }

  async invoke(inv: RuntimeInvocation): Promise<RuntimeResult> {
    if (this.closed) throw new LambdaApiError(503, 'ServiceException', 'apigw-local is shutting down');
    const ref = parseFunctionName(inv.functionName);
    if (typeof ref === 'string') {
      throw new LambdaApiError(
        400,
        'ValidationException',
        `1 validation error detected: Value '${inv.functionName}' at 'functionName' failed to satisfy constraint: ` +
          `Member must satisfy regular expression pattern: ${FUNCTION_NAME_PATTERN}`,
      );
    }
    if (inv.qualifier !== undefined && ref.qualifier !== undefined && inv.qualifier !== ref.qualifier) {
      throw new LambdaApiError(400, 'InvalidParameterValueException', 'The derived qualifier from the function name does not match the specified qualifier.');
    }
    const qualifier = inv.qualifier ?? ref.qualifier;
    const type = inv.invocationType ?? 'RequestResponse';
    if (type !== 'RequestResponse' && type !== 'Event' && type !== 'DryRun') {
      throw new LambdaApiError(
        400,
        'ValidationException',
        `1 validation error detected: Value '${type}' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]`,
      );
    }
    const limit = type === 'Event' ? MAX_ASYNC_PAYLOAD : MAX_SYNC_PAYLOAD;
    if (inv.payload.length > limit) {
      throw new LambdaApiError(413, 'RequestEntityTooLargeException', `Request must be smaller than ${limit} bytes for the InvokeFunction operation`);
    }
    const event = eventText(inv.payload);
    const clientContext = clientContextText(inv.clientContext);
    const arn = functionArn(ref.region ?? this.opts.region, ref.account ?? this.opts.accountId, ref.name, qualifier);
    const spec = this.catalog.lookup(ref.name);
    if (!spec) {
      this.opts.log.debug(`lambda: no function ${ref.name} in ${this.opts.dir ?? '(no --functions directory)'}`);
      throw functionNotFound(arn);
    }
    const requestId = randomUUID();
    if (type === 'DryRun') return { statusCode: 204, requestId, payload: EMPTY };
    if (type === 'Event') {
      const run = this.run(spec, requestId, event, arn, clientContext)
        .then((o) => {
          if (o.kind === 'error') this.opts.log.warn(`lambda ${spec.name} ${requestId}: asynchronous invocation failed: ${o.error.errorType}: ${o.error.errorMessage}`);
        })
        .catch((e: unknown) => this.opts.log.error(`lambda ${spec.name} ${requestId}: asynchronous invocation failed: ${String(e)}`))
        .finally(() => this.background.delete(run));
      this.background.add(run);
      return { statusCode: 202, requestId, payload: EMPTY };
    }
    const tail = inv.logType === 'Tail' ? [] : undefined;
    if (tail) this.tails.set(requestId, tail);
    let outcome: Outcome;
    try {
      outcome = await this.run(spec, requestId, event, arn, clientContext);
    } finally {
      this.tails.delete(requestId);
    }
    const result: RuntimeResult = { statusCode: 200, requestId, payload: EMPTY, executedVersion: '$LATEST' };
    if (outcome.kind === 'done' && Buffer.byteLength(outcome.payload) > MAX_RESPONSE_PAYLOAD) {
      outcome = {
        kind: 'error',
        error: {
          errorType: 'Function.ResponseSizeTooLarge',
          errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_RESPONSE_PAYLOAD} bytes).`,
        },
      };
    }
    if (outcome.kind === 'done') {
      result.payload = Buffer.from(outcome.payload);
    } else {
      result.functionError = 'Unhandled';
      result.payload = Buffer.from(JSON.stringify(outcome.error));
    }
    if (tail) result.logResult = Buffer.from(tailText(tail)).toString('base64');
    return result;
  }

  private async run(spec: FunctionSpec, requestId: string, event: string, arn: string, clientContext?: string): Promise<Outcome> {
    const log = this.opts.log;
    const started = Date.now();
    this.logLine(spec.name, requestId, '', `START RequestId: ${requestId} Version: $LATEST`);
    let pool = this.pools.get(spec.name);
    if (!pool) {
      pool = new FunctionPool(this.hooks, { maxConcurrency: this.opts.maxConcurrency ?? 10, idleMs: this.opts.idleMs ?? 300_000 });
      this.pools.set(spec.name, pool);
    }
    let outcome: Outcome;
    try {
      outcome = await pool.invoke(spec, { requestId, event, invokedFunctionArn: arn, clientContext });
    } catch (e) {
      outcome = { kind: 'error', error: { errorType: 'Runtime.Unknown', errorMessage: (e as Error).message } };
    }
    if (outcome.kind === 'error') logFunctionError(log, spec.name, requestId, outcome.error);
    const ms = Date.now() - started;
    this.logLine(spec.name, requestId, '', `END RequestId: ${requestId}`);
    this.logLine(spec.name, requestId, '', `REPORT RequestId: ${requestId}\tDuration: ${ms} ms\tMemory Size: ${spec.memoryMb} MB`);
    return outcome;
  }

  private readonly hooks: PoolHooks = {
    onLog: (fn, requestId, level, text) => this.logLine(fn, requestId, level, text),
    environment: (spec, logStreamName) => this.environment(spec, logStreamName),
  };

  /** A line of a function's log; `level` '' for the runtime's own START/END/REPORT lines (logged at debug). */
  private logLine(fn: string, requestId: string | undefined, level: string, text: string): void {
    const method = level === '' ? 'debug' : (LOG_METHODS[level] ?? 'info');
    this.opts.log[method](`lambda ${fn}${requestId ? ' ' + requestId : ''}${level ? ' ' + level : ''} ${text}`);
    const tail = requestId ? this.tails.get(requestId) : undefined;
    if (tail) tail.push(level ? `${new Date().toISOString()}\t${requestId}\t${level}\t${text}\n` : `${text}\n`);
  }

  private environment(spec: FunctionSpec, logStreamName: string): Record<string, string> {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && PASSED_ENV.test(k)) env[k] = v;
    Object.assign(env, spec.environment);
    Object.assign(env, {
      AWS_REGION: this.opts.region,
      AWS_DEFAULT_REGION: this.opts.region,
      AWS_EXECUTION_ENV: `AWS_Lambda_nodejs${process.versions.node.split('.')[0]}.x`,
      AWS_LAMBDA_FUNCTION_NAME: spec.name,
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(spec.memoryMb),
      AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${spec.name}`,
      AWS_LAMBDA_LOG_STREAM_NAME: logStreamName,
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      LAMBDA_TASK_ROOT: spec.root,
      _HANDLER: spec.handler,
    });
    return env;
  }

  /** Ends every environment; invocations still running end with a function error. */
  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.pools.values()) p.close();
    this.pools.clear();
    await Promise.allSettled([...this.background]);
  }
}

function eventText(payload: Buffer): string {
  if (payload.length === 0) return '{}';
  const text = payload.toString('utf8');
  try {
    JSON.parse(text);
  } catch (e) {
    throw new LambdaApiError(
      400,
      'InvalidRequestContentException',
      `Could not parse request body into json: Could not parse payload into json: ${(e as Error).message}`,
    );
  }
  return text;
}

function clientContextText(b64: string | undefined): string | undefined {
  if (!b64) return undefined;
  if (b64.length > 3583) throw new LambdaApiError(400, 'InvalidParameterValueException', 'Client context must be 3583 bytes or less');
  const text = Buffer.from(b64, 'base64').toString('utf8');
  try {
    JSON.parse(text);
  } catch {
    throw new LambdaApiError(400, 'InvalidRequestContentException', 'Client context must be a valid Base64-encoded JSON object.');
  }
  return text;
}

function tailText(lines: string[]): string {
  let text = lines.join('');
  if (Buffer.byteLength(text) > MAX_TAIL) text = Buffer.from(text).subarray(-MAX_TAIL).toString('utf8');
  return text;
}

function logFunctionError(log: Logger, fn: string, requestId: string, error: FunctionErrorPayload): void {
  log.warn(`lambda ${fn} ${requestId} ERROR Invoke Error ${JSON.stringify({ errorType: error.errorType, errorMessage: error.errorMessage })}`);
}
