/**
 * @module control/documentation-import
 * ImportDocumentationParts (PUT /restapis/{id}/documentation/parts), and the
 * read/write halves an OpenAPI import uses for `x-amazon-apigateway-documentation`.
 *
 * Emulates (Developer Guide "Import API documentation"; recorded AWS answer
 * test_import_documentation_parts): the body is an OpenAPI 2.0/3.0 document
 * (JSON or YAML) whose `x-amazon-apigateway-documentation.documentationParts`
 * lists `{location, properties}` — a bare `{"documentationParts": [...]}`
 * is taken too; `mode=merge` (the default) adds new parts and, for a location
 * that already has a part, replaces the properties the import names and keeps
 * the others and the part id; `mode=overwrite` replaces every part of the API.
 * The answer is `{ids}` in document order, plus `warnings` when there are
 * any; `failonwarnings=true` turns warnings into a 400 and writes nothing.
 * Imported properties are stored as JSON text in Jackson's pretty-printed
 * form (`{\n  "description" : "…"\n}`), the form AWS's own JSON output has.
 *
 * Ours (not recorded): the warning text for a part that cannot be imported
 * (it is skipped), and the 400 texts for a body that is no documentation.
 */
import YAML from 'yaml';
import { AwsError, BadRequestException } from '../aws/errors';
import { newShortId } from '../aws/ids';
import { enumConstraint, throwIfInvalid } from '../aws/validation';
import type { HandlerTable, Input, OperationContext } from './context';
import { requireRestApi } from './lookups';
import { checkProperties, normalizeLocation } from './documentation-rules';
import { ImportIssues, INVALID_INPUT } from '../openapi/warnings';
import type { DocumentationPart, DocumentationPartLocation } from '../model';

export type DocumentationImportMode = 'merge' | 'overwrite';
const MODES: DocumentationImportMode[] = ['merge', 'overwrite'];
const EXTENSION = 'x-amazon-apigateway-documentation';

/** A part read from a document, checked, not yet written. */
export interface ImportedPart {
  location: DocumentationPartLocation;
  /** The properties as JSON text. */
  properties: string;
  /** The properties as a value, when the document gave an object (merge combines these key by key). */
  value?: unknown;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** JSON text as Jackson's default pretty printer writes it (AWS's JSON output). */
export function jacksonJson(v: unknown, indent = ''): string {
  if (Array.isArray(v)) return v.length ? `[ ${v.map((x) => jacksonJson(x, indent)).join(', ')} ]` : '[ ]';
  if (isObj(v)) {
    const entries = Object.entries(v).filter(([, x]) => x !== undefined);
    if (!entries.length) return '{ }';
    const inner = indent + '  ';
    return `{\n${entries.map(([k, x]) => `${inner}${JSON.stringify(k)} : ${jacksonJson(x, inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(v ?? null);
}

/**
 * Reads the `x-amazon-apigateway-documentation` value of a document: its
 * parts, each checked as CreateDocumentationPart checks one. A part that
 * fails is a warning on `issues` and is skipped; a value that is not
 * `{documentationParts: [...]}` is a 400.
 */
export function readDocumentationParts(extension: unknown, issues: ImportIssues): ImportedPart[] {
  const list = isObj(extension) ? extension.documentationParts : undefined;
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw new BadRequestException(`Invalid ${EXTENSION}: documentationParts must be a list`); // our wording
  const out: ImportedPart[] = [];
  list.forEach((raw: unknown, i) => {
    try {
      out.push(readPart(raw));
    } catch (e) {
      if (!(e instanceof AwsError)) throw e;
      issues.warn(`Unable to import documentation part ${i}: ${e.message}`); // our wording
    }
  });
  return out;
}

function readPart(raw: unknown): ImportedPart {
  if (!isObj(raw) || !isObj(raw.location)) throw new BadRequestException('location is missing'); // our wording
  const location = normalizeLocation(raw.location);
  if (isObj(raw.properties) || Array.isArray(raw.properties)) return { location, properties: jacksonJson(raw.properties), value: raw.properties };
  if (typeof raw.properties === 'string') return { location, properties: checkProperties(raw.properties) };
  throw new BadRequestException('properties are missing'); // our wording
}

function mergedProperties(existing: string | undefined, incoming: ImportedPart): string {
  if (existing === undefined || !isObj(incoming.value)) return incoming.properties;
  let current: unknown;
  try {
    current = JSON.parse(existing);
  } catch {
    return incoming.properties;
  }
  return isObj(current) ? jacksonJson({ ...current, ...incoming.value }) : incoming.properties;
}

/**
 * Writes imported parts (call inside the import's transaction). Overwrite
 * removes every part of the API first; merge updates a part already at a
 * location in place. Returns the ids, one per imported part, in order.
 */
export function writeDocumentationParts(ctx: OperationContext, restApiId: string, parts: ImportedPart[], mode: DocumentationImportMode): string[] {
  const store = ctx.store.documentationParts;
  if (mode === 'overwrite') store.deleteAll(ctx.scope, restApiId);
  return parts.map((p) => {
    const existing = store.atLocation(ctx.scope, restApiId, p.location);
    if (existing) {
      const updated: DocumentationPart = { ...existing, properties: mergedProperties(existing.properties, p) };
      store.update(ctx.scope, restApiId, updated);
      return existing.id;
    }
    const part: DocumentationPart = { id: newShortId(), location: p.location, properties: p.properties };
    store.insert(ctx.scope, restApiId, part);
    return part.id;
  });
}

/** The body as a document: JSON, else YAML; its documentation extension, or the body itself when it is `{documentationParts}`. */
function documentationOf(body: unknown): unknown {
  const text = (Buffer.isBuffer(body) ? body.toString('utf8') : typeof body === 'string' ? body : '').replace(/^\uFEFF/, '');
  if (text.trim() === '') throw new BadRequestException(INVALID_INPUT);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    try {
      doc = YAML.parse(text, { maxAliasCount: 1000, uniqueKeys: false });
    } catch {
      throw new BadRequestException(INVALID_INPUT);
    }
  }
  if (!isObj(doc)) throw new BadRequestException(INVALID_INPUT);
  if (doc[EXTENSION] !== undefined) return doc[EXTENSION];
  if (doc.documentationParts !== undefined) return doc;
  if (doc.swagger !== undefined || doc.openapi !== undefined) return undefined;
  throw new BadRequestException(INVALID_INPUT);
}

export const documentationImportHandlers: HandlerTable = {
  ImportDocumentationParts(input: Input, ctx) {
    const mode = (input.mode ?? 'merge') as DocumentationImportMode;
    if (!MODES.includes(mode)) throwIfInvalid([enumConstraint(input.mode, 'mode', MODES)]);
    requireRestApi(ctx, input.restApiId);
    const issues = new ImportIssues();
    let parts: ImportedPart[];
    try {
      parts = readDocumentationParts(documentationOf(input.body), issues);
    } catch (e) {
      if (e instanceof AwsError) throw e;
      throw new BadRequestException(INVALID_INPUT);
    }
    issues.throwIfFailed(input.failOnWarnings === true);
    const ids = ctx.store.transaction(() => writeDocumentationParts(ctx, input.restApiId, parts, mode));
    const out: { ids: string[]; warnings?: string[] } = { ids };
    if (issues.warnings.length) out.warnings = issues.warnings;
    return out;
  },
};
