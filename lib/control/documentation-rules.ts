/**
 * @module control/documentation-rules
 * What a documentation part is allowed to be, as the Developer Guide
 * ("Representation of API documentation in API Gateway", valid location
 * fields table) and the API Reference (DocumentationPartLocation) describe it:
 *
 * - `type` is one of twelve entity types; each type takes only some of
 *   `path`, `method`, `statusCode`, `name` ("It is an error to include an
 *   invalid field"); `name` is required for AUTHORIZER, MODEL,
 *   PATH_PARAMETER, QUERY_PARAMETER, REQUEST_HEADER and RESPONSE_HEADER.
 * - A valid field left out takes its default (`path` `/`, `method` and
 *   `statusCode` `*`) and is stored that way (AWS answers a RESOURCE part
 *   created without a path with `"path": "/"`, and the recorded import of
 *   `{"type": "METHOD", "method": "GET"}` lists `"path": "/"`).
 * - `properties` is a JSON string, kept as given.
 *
 * Wordings recorded from AWS: the enum ValidationException (its value order
 * is AWS's), and the 409 "Documentation part already exists for the
 * specified location: type 'API'." (Developer Guide; other types list their
 * fields the same way — our extension). The messages for a field a type does
 * not take, a missing name, a bad path or status code, and properties that are
 * not JSON are ours (AWS's are not recorded).
 */
import { BadRequestException, ConflictException } from '../aws/errors';
import { enumConstraint, notNullConstraint, throwIfInvalid } from '../aws/validation';
import type { DocumentationPartLocation } from '../model';

/** DocumentationPartType, in the order AWS's ValidationException lists it (recorded answer). */
export const PART_TYPES = [
  'RESPONSE_BODY',
  'RESPONSE',
  'METHOD',
  'MODEL',
  'AUTHORIZER',
  'RESPONSE_HEADER',
  'RESOURCE',
  'PATH_PARAMETER',
  'REQUEST_BODY',
  'QUERY_PARAMETER',
  'API',
  'REQUEST_HEADER',
] as const;

type Field = 'path' | 'method' | 'statusCode' | 'name';
const FIELDS: Field[] = ['path', 'method', 'statusCode', 'name'];

interface TypeRule {
  fields: Field[];
  nameRequired?: boolean;
  /** Whether more specific entities inherit this part's content (API Reference: not API, AUTHORIZER, METHOD, MODEL, REQUEST_BODY, RESOURCE). */
  inheritable?: boolean;
}

const TYPE_RULES: Record<string, TypeRule> = {
  API: { fields: [] },
  AUTHORIZER: { fields: ['name'], nameRequired: true },
  MODEL: { fields: ['name'], nameRequired: true },
  RESOURCE: { fields: ['path'] },
  METHOD: { fields: ['path', 'method'] },
  PATH_PARAMETER: { fields: ['path', 'method', 'name'], nameRequired: true, inheritable: true },
  QUERY_PARAMETER: { fields: ['path', 'method', 'name'], nameRequired: true, inheritable: true },
  REQUEST_HEADER: { fields: ['path', 'method', 'name'], nameRequired: true, inheritable: true },
  REQUEST_BODY: { fields: ['path', 'method', 'name'] },
  RESPONSE: { fields: ['path', 'method', 'statusCode'], inheritable: true },
  RESPONSE_HEADER: { fields: ['path', 'method', 'statusCode', 'name'], nameRequired: true, inheritable: true },
  RESPONSE_BODY: { fields: ['path', 'method', 'statusCode'], inheritable: true },
};

const DEFAULTS: Partial<Record<Field, string>> = { path: '/', method: '*', statusCode: '*' };

export function isInheritable(type: string): boolean {
  return TYPE_RULES[type]?.inheritable === true;
}

function present(v: unknown): v is string {
  return typeof v === 'string' && v !== '';
}

/**
 * The ValidationException checks of the input model: `location`, its `type`
 * (required, an enum) and `properties` (required). `at` is the input name
 * (`createDocumentationPartInput`).
 */
export function checkPartInput(location: unknown, properties: unknown, at: string): void {
  const problems: string[] = [];
  if (location === undefined || location === null) problems.push(notNullConstraint(`${at}.location`));
  else {
    const type = (location as { type?: unknown }).type;
    if (type === undefined || type === null) problems.push(notNullConstraint(`${at}.location.type`));
    else if (!(PART_TYPES as readonly unknown[]).includes(type)) problems.push(enumConstraint(type, `${at}.location.type`, PART_TYPES));
  }
  if (properties === undefined || properties === null) problems.push(notNullConstraint(`${at}.properties`));
  throwIfInvalid(problems);
}

/** A location checked against its type's rules, with its defaults filled in (what AWS stores and answers). */
export function normalizeLocation(raw: Record<string, unknown>): DocumentationPartLocation {
  const type = String(raw.type);
  const rule = TYPE_RULES[type];
  if (!rule) throw new BadRequestException(`Invalid documentation part location type: ${type}`); // our wording (the enum check runs first)
  const loc: DocumentationPartLocation = { type };
  for (const f of FIELDS) {
    const v = typeof raw[f] === 'number' ? String(raw[f]) : raw[f]; // YAML `statusCode: 200`, as Jackson coerces it
    if (v !== undefined && v !== null && typeof v !== 'string') {
      throw new BadRequestException(`Invalid location: ${f} must be a string`); // our wording
    }
    if (!present(v)) continue;
    if (!rule.fields.includes(f)) {
      throw new BadRequestException(`Invalid location: '${f}' is not a valid location field for type '${type}'`); // our wording
    }
    loc[f] = v;
  }
  if (rule.nameRequired && loc.name === undefined) {
    throw new BadRequestException(`Invalid location: 'name' is required for type '${type}'`); // our wording
  }
  if (loc.path !== undefined && !loc.path.startsWith('/')) {
    throw new BadRequestException(`Invalid location: path must start with '/': ${loc.path}`); // our wording
  }
  if (loc.statusCode !== undefined && loc.statusCode !== '*' && !/^[1-5]\d\d$/.test(loc.statusCode)) {
    throw new BadRequestException(`Invalid location: statusCode must be '*' or an HTTP status code: ${loc.statusCode}`); // our wording
  }
  for (const f of rule.fields) {
    const d = DEFAULTS[f];
    if (loc[f] === undefined && d !== undefined) loc[f] = d;
  }
  return ordered(loc);
}

/** The location's fields in one order (type, path, method, statusCode, name), so stored documents compare equal. */
function ordered(loc: DocumentationPartLocation): DocumentationPartLocation {
  const out: DocumentationPartLocation = { type: loc.type };
  for (const f of FIELDS) if (loc[f] !== undefined) out[f] = loc[f];
  return out;
}

/** AWS's 409 for a second part at a location. */
export function duplicateLocation(loc: DocumentationPartLocation): ConflictException {
  const fields = [`type '${loc.type}'`, ...FIELDS.filter((f) => loc[f] !== undefined).map((f) => `${f} '${loc[f]}'`)];
  return new ConflictException(`Documentation part already exists for the specified location: ${fields.join(', ')}.`);
}

/** `properties` must parse as JSON; the string is kept as given. */
export function checkProperties(properties: unknown): string {
  if (typeof properties !== 'string') throw new BadRequestException('Invalid properties: must be a JSON string'); // our wording
  try {
    JSON.parse(properties);
  } catch {
    throw new BadRequestException('Invalid properties: not a valid JSON string'); // our wording
  }
  return properties;
}

/** Whether a part has content (GetDocumentationParts `locationStatus`): properties that are more than an empty object/array/string. */
export function isDocumented(properties: string | undefined): boolean {
  if (properties === undefined) return false;
  let v: unknown;
  try {
    v = JSON.parse(properties);
  } catch {
    return properties.trim() !== '';
  }
  if (v === null || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v as object).length > 0;
  return true;
}

/** The location as an export writes it: fields at their default value are left out (Developer Guide export examples). */
export function exportedLocation(loc: DocumentationPartLocation): DocumentationPartLocation {
  const out: DocumentationPartLocation = { type: loc.type };
  for (const f of FIELDS) if (loc[f] !== undefined && loc[f] !== DEFAULTS[f]) out[f] = loc[f];
  return out;
}
