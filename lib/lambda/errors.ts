/**
 * @module lambda/errors
 * The Lambda Invoke API's answers that are not an invocation result, as AWS
 * Lambda sends them (REST-JSON): the status, `x-amzn-ErrorType: <type>` and a
 * body `{"Type": "User" | "Service", "message": "…"}`; and the shape of
 * function error payloads (`X-Amz-Function-Error: Unhandled`):
 * `{"errorType", "errorMessage", "trace"}` (the handler's own errors are
 * written by worker.ts, the service's — timeouts, exits — here).
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

/** `RequestId: … Error: …`, the message form of the errors the Lambda service itself reports for a function. */
export function serviceFunctionError(errorType: string, requestId: string, detail: string): FunctionErrorPayload {
  return { errorType, errorMessage: `RequestId: ${requestId} Error: ${detail}` };
}
