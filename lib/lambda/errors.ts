/**
 * @module lambda/errors
 * The Lambda Invoke API's answers that are not an invocation result, as AWS
 * Lambda sends them (REST-JSON): the status, `x-amzn-ErrorType: <type>` and a
 * body `{"Type": "User" | "Service", "message": "…"}`; and the payloads of
 * function errors (`X-Amz-Function-Error: Unhandled`) as the Node.js runtime
 * writes them: `{"errorType", "errorMessage", "trace"}`.
 */

export class LambdaApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = type;
  }

  /** `Service` for Lambda's own 5xx faults, `User` for everything the caller got wrong. */
  get kind(): 'User' | 'Service' {
    return this.status >= 500 ? 'Service' : 'User';
  }

  body(): Buffer {
    return Buffer.from(JSON.stringify({ Type: this.kind, message: this.message }));
  }
}

export const functionNotFound = (arn: string): LambdaApiError => new LambdaApiError(404, 'ResourceNotFoundException', `Function not found: ${arn}`);

/** What a function error payload holds. */
export interface FunctionErrorPayload {
  errorType: string;
  errorMessage: string;
  trace?: string[];
}

/** The payload the Node.js runtime sends for an error thrown (or passed to the callback) by a handler. */
export function errorPayloadOf(err: unknown): FunctionErrorPayload {
  if (err instanceof Error) {
    return { errorType: err.name || 'Error', errorMessage: err.message, trace: (err.stack ?? '').split('\n') };
  }
  if (err !== null && typeof err === 'object') {
    const e = err as Record<string, unknown>;
    const message = typeof e.message === 'string' ? e.message : safeJson(err);
    return { errorType: typeof e.name === 'string' ? e.name : 'object', errorMessage: message, trace: [] };
  }
  return { errorType: typeof err, errorMessage: String(err), trace: [] };
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/** `RequestId: … Error: …`, the message form of the errors the Lambda service itself reports for a function. */
export function serviceFunctionError(errorType: string, requestId: string, detail: string): FunctionErrorPayload {
  return { errorType, errorMessage: `RequestId: ${requestId} Error: ${detail}` };
}
