/**
 * @module lambda/worker
 * One execution environment of the built-in Lambda runtime: a worker thread
 * that loads one Node.js handler (CommonJS or ESM) on its first invocation and
 * serves invocations one at a time, as a Lambda execution environment does
 * (module state survives between warm invocations).
 *
 * Emulates the Node.js runtime's contract: `handler(event, context)` returning
 * a value or a promise, or `handler(event, context, callback)`; the `context`
 * object (functionName, functionVersion, invokedFunctionArn, memoryLimitInMB,
 * awsRequestId, logGroupName, logStreamName, getRemainingTimeInMillis,
 * callbackWaitsForEmptyEventLoop, clientContext, done/succeed/fail); function
 * errors as `{errorType, errorMessage, trace}`; Runtime.ImportModuleError,
 * Runtime.HandlerNotFound, Runtime.UserCodeSyntaxError and
 * Runtime.UnhandledPromiseRejection. `console.*` output goes to the server
 * log with the request id.
 *
 * Not emulated: with a callback-style handler the answer is sent when the
 * callback is called, whatever callbackWaitsForEmptyEventLoop says.
 *
 * This file must stay self-contained (Node built-ins only): it runs as the
 * worker's script, compiled, or transpiled on the fly when apigw-local runs
 * from its TypeScript sources.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';

interface WorkerInit {
  file: string;
  exportName: string;
  handler: string;
  functionName: string;
  functionVersion: string;
  memoryMb: number;
  logGroupName: string;
  logStreamName: string;
}

interface InvokeMessage {
  type: 'invoke';
  requestId: string;
  event: string;
  deadline: number;
  invokedFunctionArn: string;
  clientContext?: string;
}

interface ErrorPayload {
  errorType: string;
  errorMessage: string;
  trace: string[];
}

type Handler = (event: unknown, context: unknown, callback?: (err?: unknown, result?: unknown) => void) => unknown;

const port = parentPort!;
const init = workerData as WorkerInit;
let currentRequestId = '';

// console.* → the server log, with the request id (this worker's own console, nothing shared).
const LEVELS: [keyof Console, string][] = [
  ['log', 'INFO'],
  ['info', 'INFO'],
  ['warn', 'WARN'],
  ['error', 'ERROR'],
  ['debug', 'DEBUG'],
  ['trace', 'TRACE'],
];
for (const [method, level] of LEVELS) {
  (console as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
    port.postMessage({ type: 'log', requestId: currentRequestId, level, text: format(...args) });
  };
}

function errorOf(err: unknown, fallbackType = 'Error'): ErrorPayload {
  if (err instanceof Error) return { errorType: err.name || fallbackType, errorMessage: err.message, trace: (err.stack ?? '').split('\n') };
  if (err !== null && typeof err === 'object') {
    const e = err as Record<string, unknown>;
    let text: string;
    try {
      text = typeof e.message === 'string' ? e.message : JSON.stringify(err);
    } catch {
      text = String(err);
    }
    return { errorType: typeof e.name === 'string' ? e.name : 'object', errorMessage: text, trace: [] };
  }
  return { errorType: typeof err, errorMessage: String(err), trace: [] };
}

class RuntimeError extends Error {
  constructor(
    readonly errorType: string,
    message: string,
  ) {
    super(message);
  }
}

// TypeScript compiles `import()` to `require()` for CommonJS output: keep the real dynamic import.
const dynamicImport = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<Record<string, unknown>>;

let loaded: Promise<Handler> | undefined;

async function loadHandler(): Promise<Handler> {
  const { file, exportName, handler } = init;
  let mod: Record<string, unknown>;
  try {
    if (file.endsWith('.mjs')) {
      mod = await dynamicImport(pathToFileURL(file).href);
    } else {
      try {
        mod = createRequire(file)(file) as Record<string, unknown>;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ERR_REQUIRE_ESM') throw e;
        mod = await dynamicImport(pathToFileURL(file).href);
      }
    }
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err instanceof SyntaxError) throw new RuntimeError('Runtime.UserCodeSyntaxError', `${err.name}: ${err.message}`);
    if (err.code === 'MODULE_NOT_FOUND' || err.code === 'ERR_MODULE_NOT_FOUND') {
      throw new RuntimeError('Runtime.ImportModuleError', `Error: Cannot find module '${handler.slice(0, handler.lastIndexOf('.'))}'`);
    }
    throw e;
  }
  let fn = mod?.[exportName];
  const def = mod?.default as Record<string, unknown> | undefined;
  if (fn === undefined && def !== null && typeof def === 'object') fn = def[exportName];
  if (typeof fn !== 'function') throw new RuntimeError('Runtime.HandlerNotFound', `${handler} is undefined or not exported`);
  return fn as Handler;
}

function makeContext(msg: InvokeMessage, finish: (err: unknown, result?: unknown) => void): Record<string, unknown> {
  let clientContext: unknown;
  if (msg.clientContext) {
    try {
      clientContext = JSON.parse(msg.clientContext);
    } catch {
      clientContext = undefined;
    }
  }
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: init.functionName,
    functionVersion: init.functionVersion,
    invokedFunctionArn: msg.invokedFunctionArn,
    memoryLimitInMB: String(init.memoryMb),
    awsRequestId: msg.requestId,
    logGroupName: init.logGroupName,
    logStreamName: init.logStreamName,
    identity: undefined,
    clientContext,
    getRemainingTimeInMillis: () => Math.max(0, msg.deadline - Date.now()),
    done: (err?: unknown, result?: unknown) => finish(err, result),
    succeed: (result?: unknown) => finish(null, result),
    fail: (err?: unknown) => finish(err ?? 'handled'),
  };
}

function serialize(result: unknown): string {
  const text = JSON.stringify(result === undefined ? null : result);
  return text === undefined ? 'null' : text;
}

async function invoke(msg: InvokeMessage): Promise<void> {
  currentRequestId = msg.requestId;
  let handler: Handler;
  try {
    handler = await (loaded ??= loadHandler());
  } catch (e) {
    loaded = undefined;
    const err = e instanceof RuntimeError ? { errorType: e.errorType, errorMessage: e.message, trace: [] } : errorOf(e);
    // A failed init leaves no usable environment: the next invocation starts a fresh one.
    port.postMessage({ type: 'fatal', requestId: msg.requestId, error: err });
    return;
  }
  let settled = false;
  const finish = (err: unknown, result?: unknown): void => {
    if (settled) return;
    settled = true;
    if (err !== null && err !== undefined) {
      port.postMessage({ type: 'error', requestId: msg.requestId, error: errorOf(err) });
      return;
    }
    let payload: string;
    try {
      payload = serialize(result);
    } catch (e) {
      port.postMessage({
        type: 'error',
        requestId: msg.requestId,
        error: { errorType: 'Runtime.MarshalError', errorMessage: `Unable to stringify response body: ${(e as Error).message}`, trace: [] },
      });
      return;
    }
    port.postMessage({ type: 'done', requestId: msg.requestId, payload });
  };
  try {
    const event = JSON.parse(msg.event) as unknown;
    const context = makeContext(msg, finish);
    const out = handler.length >= 3 ? handler(event, context, (err, result) => finish(err, result)) : handler(event, context);
    if (out !== null && typeof out === 'object' && typeof (out as Promise<unknown>).then === 'function') {
      (out as Promise<unknown>).then(
        (result) => finish(null, result),
        (err) => finish(err ?? new Error('the handler rejected without a reason')),
      );
    } else if (handler.length < 3) {
      finish(null, out);
    }
  } catch (e) {
    finish(e);
  }
}

process.on('unhandledRejection', (reason) => {
  const e = errorOf(reason);
  port.postMessage({
    type: 'fatal',
    requestId: currentRequestId,
    error: { errorType: 'Runtime.UnhandledPromiseRejection', errorMessage: `${e.errorType}: ${e.errorMessage}`, trace: e.trace },
  });
});

port.on('message', (msg: InvokeMessage) => {
  if (msg.type === 'invoke') void invoke(msg);
});
