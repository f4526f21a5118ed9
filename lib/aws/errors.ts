/**
 * @module aws/errors
 * The AWS error family as API Gateway puts it on the wire: an HTTP status, the
 * `x-amzn-ErrorType` header (the exception name) and a `{"message": …}` body.
 * One class per exception the apigateway API declares.
 */

export class AwsError extends Error {
  constructor(
    /** The exception name, sent as `x-amzn-ErrorType`. */
    readonly type: string,
    readonly status: number,
    message: string,
    /** Extra headers (Retry-After on 429s). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = type;
  }
}

export class BadRequestException extends AwsError {
  constructor(message: string) { super('BadRequestException', 400, message); }
}
export class UnauthorizedException extends AwsError {
  constructor(message: string) { super('UnauthorizedException', 401, message); }
}
export class NotFoundException extends AwsError {
  constructor(message: string) { super('NotFoundException', 404, message); }
}
export class ConflictException extends AwsError {
  constructor(message: string) { super('ConflictException', 409, message); }
}
export class LimitExceededException extends AwsError {
  constructor(message: string) { super('LimitExceededException', 429, message, { 'retry-after': '1' }); }
}
export class TooManyRequestsException extends AwsError {
  constructor(message: string) { super('TooManyRequestsException', 429, message, { 'retry-after': '1' }); }
}
export class ServiceUnavailableException extends AwsError {
  constructor(message: string) { super('ServiceUnavailableException', 503, message, { 'retry-after': '1' }); }
}
/** Not an AWS exception: what this emulator answers for an operation it does not support yet. */
export class NotImplementedException extends AwsError {
  constructor(message: string) { super('NotImplementedException', 501, message); }
}
/** The answer for a request that names no apigateway operation. */
export class UnknownOperationException extends AwsError {
  constructor(message: string) { super('UnknownOperationException', 404, message); }
}

/** The exceptions the apigateway API declares, by name (the guard test checks this list against the SDK). */
export const AWS_EXCEPTIONS = {
  BadRequestException,
  ConflictException,
  LimitExceededException,
  NotFoundException,
  ServiceUnavailableException,
  TooManyRequestsException,
  UnauthorizedException,
} as const;

/** Any thrown value as an AwsError; unexpected errors become a 500 that says so, never a hang. */
export function toAwsError(err: unknown): AwsError {
  if (err instanceof AwsError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new AwsError('InternalFailure', 500, `Internal server error: ${message}`);
}
