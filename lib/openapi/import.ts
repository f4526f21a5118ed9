/**
 * @module openapi/import
 * An OpenAPI document (Swagger 2.0 or OpenAPI 3.0) → an `ApiDefinition`
 * ("Import a REST API into API Gateway"): `info` (title → name, description,
 * version), the API-level extensions, the models (`definitions` /
 * `components.schemas`), the security schemes and authorizers, and every
 * path's operations (`x-amazon-apigateway-any-method` is ANY).
 *
 * The `basepath` import parameter, as AWS applies it (recorded
 * test_apigateway_import answers): the base path is Swagger's `basePath`, or
 * the path of OpenAPI 3's first server URL (its `{variables}` replaced by
 * their defaults); `ignore` (the default) drops it, `prepend` puts it before
 * every path, `split` drops its first segment and prepends the rest
 * (`/base-url/part` + `/test` → `/part/test`).
 *
 * Problems go to `ImportIssues`; a document AWS cannot read at all throws.
 * `x-amazon-apigateway-documentation` becomes documentation parts (merged
 * or overwritten with the API) unless `ignore=documentation`.
 */
import { emptyDefinition, type ApiDefinition, type MethodDef, type ModelDef } from './definition';
import { X, malformed, readApiExtensions } from './extensions';
import { readOperation, type ReaderContext } from './import-method';
import { deref, isObj, type Obj, type OpenApiDocument } from './parse';
import { readSchemes } from './security';
import type { ImportIssues } from './warnings';
import { readDocumentationParts } from '../control/documentation-import';

export type BasePathMode = 'ignore' | 'prepend' | 'split';

export interface ImportOptions {
  basePath: BasePathMode;
  ignoreDocumentation: boolean;
}

const VERBS: Record<string, string> = {
  get: 'GET',
  put: 'PUT',
  post: 'POST',
  delete: 'DELETE',
  options: 'OPTIONS',
  head: 'HEAD',
  patch: 'PATCH',
  [`${X}any-method`]: 'ANY',
};
/** Path item fields that are not operations. */
const PATH_ITEM_FIELDS = new Set(['parameters', 'summary', 'description', 'servers', '$ref']);

function normalizePath(p: string): string {
  const trimmed = p.length > 1 ? p.replace(/\/+$/, '') : p;
  return trimmed === '' ? '/' : trimmed;
}

/** The document's base path ('' for none), before the mode is applied. */
export function documentBasePath(doc: Obj, version: OpenApiDocument['version']): string {
  let raw = '';
  if (version === 'swagger2') {
    if (typeof doc.basePath === 'string') raw = doc.basePath;
  } else if (Array.isArray(doc.servers) && isObj(doc.servers[0]) && typeof doc.servers[0].url === 'string') {
    const server = doc.servers[0];
    const vars = isObj(server.variables) ? server.variables : {};
    const url = (server.url as string).replace(/\{([^}]+)\}/g, (_m, name: string) => {
      const v = vars[name];
      return isObj(v) && v.default !== undefined ? String(v.default) : '';
    });
    const abs = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/]*(\/.*)?$/.exec(url);
    raw = abs ? (abs[1] ?? '') : url;
  }
  const path = ('/' + raw.replace(/^\/+/, '')).replace(/\/+$/, '');
  return path === '/' ? '' : path;
}

function prefixFor(doc: Obj, version: OpenApiDocument['version'], mode: BasePathMode): string {
  const base = documentBasePath(doc, version);
  if (mode === 'prepend') return base;
  if (mode === 'split') return base.replace(/^\/[^/]*/, '');
  return '';
}

function readModels(raw: unknown, def: ApiDefinition): void {
  if (raw === undefined || raw === null) return;
  if (!isObj(raw)) throw malformed('definitions');
  for (const [name, schema] of Object.entries(raw)) {
    if (!isObj(schema)) throw malformed(`model ${name}`);
    const model: ModelDef = { name, contentType: 'application/json', schema };
    if (typeof schema.description === 'string') model.description = schema.description;
    def.models.push(model);
  }
}

function readPaths(paths: Obj, c: ReaderContext, prefix: string, def: ApiDefinition): void {
  for (const [rawPath, rawItem] of Object.entries(paths)) {
    if (rawPath.startsWith('x-')) continue;
    if (!rawPath.startsWith('/')) {
      c.issues.warn(`Parse issue: attribute paths. Resource ${rawPath} should start with /`);
      continue;
    }
    const item = deref(c.doc, rawItem);
    if (!isObj(item)) throw malformed(`path ${rawPath}`);
    const path = normalizePath(prefix + rawPath);
    const methods: Record<string, MethodDef> = def.paths.get(path) ?? {};
    for (const [key, op] of Object.entries(item)) {
      const verb = VERBS[key];
      if (verb) methods[verb] = readOperation(op, item.parameters, { path, verb }, c);
      else if (key === 'trace') c.issues.warn(`Method TRACE at path '${path}' is not supported by API Gateway. Ignoring.`); // our wording
      else if (!PATH_ITEM_FIELDS.has(key) && key.startsWith(X)) c.issues.warn(`Ignoring unsupported extension ${key} at path '${path}'`); // our wording
    }
    def.paths.set(path, methods);
  }
}

/** Reads everything an import takes from the document (nothing is written here). */
export function readDefinition(parsed: OpenApiDocument, opts: ImportOptions, issues: ImportIssues): ApiDefinition {
  const { doc, version } = parsed;
  const def = emptyDefinition();
  if (isObj(doc.info)) {
    if (typeof doc.info.title === 'string' && doc.info.title.trim() !== '') def.title = doc.info.title;
    else issues.warn('Parse issue: attribute info.title is missing');
    if (typeof doc.info.description === 'string') def.description = doc.info.description;
    if (doc.info.version !== undefined && doc.info.version !== null) def.version = String(doc.info.version);
  } else {
    issues.warn('Parse issue: attribute info is missing');
  }
  readApiExtensions(doc, def, issues);
  const components = isObj(doc.components) ? doc.components : {};
  readModels(version === 'swagger2' ? doc.definitions : components.schemas, def);
  const schemes = readSchemes(version === 'swagger2' ? doc.securityDefinitions : components.securitySchemes, def.authorizers);
  if (doc[`${X}documentation`] !== undefined && !opts.ignoreDocumentation) {
    def.documentationParts = readDocumentationParts(doc[`${X}documentation`], issues);
  }
  const defaultValidator = doc[`${X}request-validator`];
  if (defaultValidator !== undefined && typeof defaultValidator !== 'string') throw malformed(`${X}request-validator`);
  const c: ReaderContext = {
    doc,
    version,
    schemes,
    defaultSecurity: doc.security,
    defaultValidator: typeof defaultValidator === 'string' ? defaultValidator : undefined,
    modelNames: new Set(def.models.map((m) => m.name)),
    validatorNames: new Set(def.validators.map((v) => v.name)),
    issues,
  };
  if (isObj(doc.paths)) readPaths(doc.paths, c, prefixFor(doc, version, opts.basePath), def);
  else issues.warn('Parse issue: attribute paths is missing');
  return def;
}
