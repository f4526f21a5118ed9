/**
 * @module dataplane/validation/messages
 * The messages API Gateway's body validation reports, word for word: those of
 * the Java json-schema-validator (draft 4) that API Gateway runs, which reach
 * the client through `$context.error.validationErrorString` — e.g.
 * `[instance type (string) does not match any allowed primitive type (allowed: ["integer","number"])]`,
 * `[object has missing required properties (["price","type"])]`,
 * `[numeric instance is lower than the required minimum (minimum: 1262300400000, found: 1)]`,
 * `[instance value ("AB") not found in enum (possible values: ["AF","AL",…])]`,
 * `[instance failed to match exactly one schema (matched 0 out of 9)]`
 * (answers of real APIs, recorded in public test suites). JSON arguments are
 * compact JSON (`toJson`), strings are inserted as they are.
 */
import { toJson, type JNumber, type JValue } from './json';

const list = (items: string[]): string => `[${items.map((s) => JSON.stringify(s)).join(',')}]`;

export const MESSAGES = {
  additionalItems: (allowed: number, found: number) => `schema only allows ${allowed} elements in array but instance has ${found} elements`,
  additionalProperties: (unwanted: string[]) => `object instance has properties which are not allowed by the schema: ${list(unwanted)}`,
  allOf: (matched: number, total: number) => `instance failed to match all required schemas (matched only ${matched} out of ${total})`,
  anyOf: (total: number) => `instance failed to match at least one required schema among ${total}`,
  oneOf: (matched: number, total: number) => `instance failed to match exactly one schema (matched ${matched} out of ${total})`,
  not: () => 'instance matched a schema which it should not have',
  dependencies: (property: string, required: string[], missing: string[]) =>
    `property "${property}" of object has missing property dependencies (schema requires ${list(required)}; missing: ${list(missing)})`,
  enum: (value: JValue, possible: JValue[]) => `instance value (${toJson(value)}) not found in enum (possible values: ${toJson(possible)})`,
  maxItems: (max: number, found: number) => `array is too long: must have at most ${max} elements but instance has ${found} elements`,
  minItems: (min: number, found: number) => `array is too short: must have at least ${min} elements but instance has ${found} elements`,
  maxLength: (value: string, length: number, max: number) => `string "${value}" is too long (length: ${length}, maximum allowed: ${max})`,
  minLength: (value: string, length: number, min: number) => `string "${value}" is too short (length: ${length}, required minimum: ${min})`,
  maxProperties: (found: number, max: number) => `object has too many properties (found ${found} but schema requires at most ${max})`,
  minProperties: (found: number, min: number) => `object has too few properties (found ${found} but schema requires at least ${min})`,
  maximum: (max: JNumber, found: JNumber) => `numeric instance is greater than the required maximum (maximum: ${max}, found: ${found})`,
  maximumExclusive: (max: JNumber) => `numeric instance is not strictly lower than the required maximum ${max}`,
  minimum: (min: JNumber, found: JNumber) => `numeric instance is lower than the required minimum (minimum: ${min}, found: ${found})`,
  minimumExclusive: (min: JNumber) => `numeric instance is not strictly greater than the required minimum ${min}`,
  multipleOf: (value: JNumber, divisor: JNumber) => `remainder of division is not zero (${value} / ${divisor})`,
  pattern: (regex: string, value: string) => `ECMA 262 regex "${regex}" does not match input string "${value}"`,
  required: (missing: string[]) => `object has missing required properties (${list(missing)})`,
  type: (found: string, allowed: string[]) => `instance type (${found}) does not match any allowed primitive type (allowed: ${list(allowed)})`,
  uniqueItems: () => 'array must not contain duplicate elements',
  // format attributes
  dateTime: (value: string) => `string "${value}" is invalid against requested date format(s) ${list(["yyyy-MM-dd'T'HH:mm:ssZ", "yyyy-MM-dd'T'HH:mm:ss.[0-9]{1,12}Z"])}`,
  email: (value: string) => `string "${value}" is not a valid email address`,
  hostname: (value: string) => `string "${value}" is not a valid hostname`,
  ipv4: (value: string) => `string "${value}" is not a valid IPv4 address`,
  ipv6: (value: string) => `string "${value}" is not a valid IPv6 address`,
  regex: (value: string) => `string "${value}" is not a valid ECMA 262 regular expression`,
  uri: (value: string) => `string "${value}" is not a valid URI`,
};

/**
 * `$context.error.validationErrorString`: the messages as a Java list prints
 * them (`[a, b]`), escaped for a JSON string — AWS's templates put it between
 * quotes (`{"message": "$context.error.validationErrorString"}`) and the
 * answer is valid JSON with `[\"price\",\"type\"]` inside.
 */
export function validationErrorString(messages: string[]): string {
  return jsonEscaped(`[${messages.join(', ')}]`);
}

/** `s` escaped as the inside of a JSON string. */
export function jsonEscaped(s: string): string {
  return JSON.stringify(s).slice(1, -1);
}
