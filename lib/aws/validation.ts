/**
 * @module aws/validation
 * AWS's model-level input validation, as API Gateway's front end (Coral)
 * answers it: 400 `ValidationException` with
 * `N validation error(s) detected: Value 'x' at 'putIntegrationInput.type'
 * failed to satisfy constraint: …`, several failures joined by `; `.
 *
 * The constraints every operation shares are checked here, before the
 * handler runs (`modelConstraints`): patch `op` values and the `statusCode`
 * pattern `[1-5]\d\d`. Operation-specific enums and required members are
 * checked by the handlers with the same helpers. Known difference: when a
 * shared and an operation-specific constraint fail in one request, AWS lists
 * both in one message and we list only the shared ones.
 */
import { AwsError } from './errors';

export class ValidationException extends AwsError {
  constructor(constraints: string[]) {
    const n = constraints.length;
    super('ValidationException', 400, `${n} validation error${n > 1 ? 's' : ''} detected: ${constraints.join('; ')}`);
  }
}

export function throwIfInvalid(constraints: string[]): void {
  if (constraints.length) throw new ValidationException(constraints);
}

export function enumConstraint(value: unknown, at: string, allowed: readonly string[]): string {
  return `Value '${String(value)}' at '${at}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(', ')}]`;
}

export function notNullConstraint(at: string): string {
  return `Value null at '${at}' failed to satisfy constraint: Member must not be null`;
}

export function patternConstraint(value: unknown, at: string, pattern: string): string {
  return `Value '${String(value)}' at '${at}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${pattern}`;
}

const STATUS_CODE = /^[1-5]\d\d$/;

/** A `statusCode` member (label of the *Response operations, body of PutGatewayResponse). */
export function statusCodeConstraints(statusCode: unknown): string[] {
  if (statusCode === undefined || (typeof statusCode === 'string' && STATUS_CODE.test(statusCode))) return [];
  return [patternConstraint(statusCode, 'statusCode', '[1-5]\\d\\d')];
}

/** The patch `op` enum, in the order AWS lists it. */
export const PATCH_OPS = ['add', 'remove', 'move', 'test', 'replace', 'copy'] as const;

/** Unknown `op` values, by 1-based position, as `<inputName>.patchOperations.N.member.op`. */
export function patchOpConstraints(operations: unknown, inputName: string): string[] {
  if (!Array.isArray(operations)) return [];
  const out: string[] = [];
  operations.forEach((o: unknown, i) => {
    const op = o && typeof o === 'object' ? (o as { op?: unknown }).op : undefined;
    if (op !== undefined && op !== null && !(PATCH_OPS as readonly unknown[]).includes(op)) {
      out.push(enumConstraint(op, `${inputName}.patchOperations.${i + 1}.member.op`, PATCH_OPS));
    }
  });
  return out;
}

/** `UpdateMethod` → `updateMethodInput`, the name AWS's messages use. */
export function inputName(operation: string): string {
  return operation.charAt(0).toLowerCase() + operation.slice(1) + 'Input';
}

/** The shared constraints of any operation's input (see the module comment). */
export function modelConstraints(operation: string, input: Record<string, unknown>): string[] {
  return [...patchOpConstraints(input.patchOperations, inputName(operation)), ...statusCodeConstraints(input.statusCode)];
}
