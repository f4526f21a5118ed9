/**
 * @module openapi/export
 * GetExport's document: a stage's deployed snapshot as Swagger 2.0
 * (`swagger`) or OpenAPI 3.0.1 (`oas30`), as AWS exports it (recorded
 * test_apigateway_extended answers):
 * - `info`: title, description, and `version` = the API's version or, when
 *   it has none, the deployment's creation time (`2024-04-15T21:43:25Z`);
 * - Swagger: `host` `{id}.execute-api.{region}.amazonaws.com`, `basePath`
 *   `/{stage}`, `schemes: [https]`; OpenAPI 3: one server
 *   `https://{host}/{basePath}` with `basePath` defaulting to the stage;
 * - `paths` for every resource with methods (ANY as
 *   `x-amazon-apigateway-any-method`), `definitions` / `components.schemas`
 *   for the models (canonical `$ref`s made local again; an untouched default
 *   `Empty`/`Error` model nothing uses is left out), the security schemes;
 * - with `extensions=integrations`: the integrations; `authorizers`: the
 *   authorizer extensions; `apigateway`: both and the API-level extensions.
 *
 * Serialized as JSON, answered as `application/octet-stream` (AWS's recorded
 * answer to boto3, which sends `Accept: application/json`), or as YAML
 * (`application/yaml`, our content type: AWS's is not recorded), named
 * `{type}_{version}.{json|yaml}` in Content-Disposition.
 */
import YAML from 'yaml';
import type { ApiSnapshot, Method, Model, Resource } from '../model';
import { DEFAULT_MODELS } from '../control/models';
import { X, writeApiExtensions } from './extensions';
import { writeOperation, type MethodExportContext } from './export-method';
import type { Obj, SpecVersion } from './parse';
import { writeSchemes, type SnapshotAuthorizer } from './security';

export type ExportType = 'oas30' | 'swagger';

export interface ExportRequest {
  type: ExportType;
  stageName: string;
  region: string;
  /** The deployment's createdDate (epoch seconds). */
  deployedAt: number;
  snapshot: ApiSnapshot;
  extensions: Set<string>;
  /** `x-amazon-apigateway-documentation`: the stage's documentation version, when it has one. */
  documentation?: unknown;
}

const VERB_KEYS: Record<string, string> = { ANY: `${X}any-method` };

export function exportVersion(snapshot: ApiSnapshot, deployedAt: number): string {
  return snapshot.restApi.version ?? new Date(deployedAt * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function localRefs(node: unknown, apiId: string, version: SpecVersion): unknown {
  if (Array.isArray(node)) return node.map((n) => localRefs(n, apiId, version));
  if (typeof node !== 'object' || node === null) return node;
  const out: Obj = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === '$schema') continue;
    const canonical = k === '$ref' && typeof v === 'string' ? /^https:\/\/apigateway\.amazonaws\.com\/restapis\/([^/]+)\/models\/([^/#]+)$/.exec(v) : null;
    if (canonical && canonical[1] === apiId) out[k] = version === 'swagger2' ? `#/definitions/${canonical[2]}` : `#/components/schemas/${canonical[2]}`;
    else out[k] = localRefs(v, apiId, version);
  }
  return out;
}

function usesModel(methods: Method[], name: string): boolean {
  return methods.some(
    (m) =>
      Object.values(m.requestModels ?? {}).includes(name) ||
      Object.values(m.methodResponses ?? {}).some((r) => Object.values(r.responseModels ?? {}).includes(name)),
  );
}

function schemas(models: Model[], methods: Method[], apiId: string, version: SpecVersion): Obj | undefined {
  const out: Obj = {};
  for (const m of models) {
    const untouchedDefault = DEFAULT_MODELS.some((d) => d.name === m.name && d.schema === m.schema);
    if (untouchedDefault && !usesModel(methods, m.name)) continue;
    try {
      out[m.name] = localRefs(JSON.parse(m.schema ?? '{}'), apiId, version);
    } catch {
      out[m.name] = {};
    }
  }
  return Object.keys(out).length ? out : undefined;
}

function byPath(a: Resource, b: Resource): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

/** The export as a JSON object. */
export function exportDocument(req: ExportRequest): Obj {
  const { snapshot } = req;
  const api = snapshot.restApi;
  const version: SpecVersion = req.type === 'swagger' ? 'swagger2' : 'oas30';
  const authorizers = (snapshot.authorizers ?? []) as SnapshotAuthorizer[];
  const all = req.extensions.has('apigateway');
  const c: MethodExportContext = {
    version,
    authorizers,
    validators: snapshot.requestValidators ?? [],
    integrations: all || req.extensions.has('integrations'),
    validatorExtension: all,
  };
  const paths: Obj = {};
  const methods: Method[] = [];
  for (const r of [...snapshot.resources].sort(byPath)) {
    const ms = Object.values(r.resourceMethods ?? {});
    if (!ms.length) continue;
    const item: Obj = {};
    for (const m of ms) {
      item[VERB_KEYS[m.httpMethod] ?? m.httpMethod.toLowerCase()] = writeOperation(m, c);
      methods.push(m);
    }
    paths[r.path] = item;
  }
  const usedAuthorizers = authorizers.filter((a) => methods.some((m) => m.authorizerId === a.id));
  const securitySchemes = writeSchemes(methods, usedAuthorizers, all || req.extensions.has('authorizers'));
  const models = schemas(snapshot.models ?? [], methods, api.id, version);
  const host = `${api.id}.execute-api.${req.region}.amazonaws.com`;
  const infoVersion = exportVersion(snapshot, req.deployedAt);
  let doc: Obj;
  if (version === 'swagger2') {
    const info: Obj = {};
    if (api.description !== undefined) info.description = api.description;
    info.version = infoVersion;
    info.title = api.name;
    doc = { swagger: '2.0', info, host, basePath: `/${req.stageName}`, schemes: ['https'], paths };
    if (Object.keys(securitySchemes).length) doc.securityDefinitions = securitySchemes;
    if (models) doc.definitions = models;
  } else {
    const info: Obj = { title: api.name };
    if (api.description !== undefined) info.description = api.description;
    info.version = infoVersion;
    const servers = [{ url: `https://${host}/{basePath}`, variables: { basePath: { default: req.stageName } } }];
    const components: Obj = {};
    if (models) components.schemas = models;
    if (Object.keys(securitySchemes).length) components.securitySchemes = securitySchemes;
    doc = { openapi: '3.0.1', info, servers, paths, components };
  }
  if (all) Object.assign(doc, writeApiExtensions(api, snapshot));
  if (req.documentation !== undefined) doc[`${X}documentation`] = req.documentation;
  return doc;
}

export interface SerializedExport {
  body: string;
  contentType: string;
  contentDisposition: string;
}

/** The document in the format the Accept header asks for. */
export function serializeExport(req: ExportRequest, accept: string | undefined): SerializedExport {
  const doc = exportDocument(req);
  const wanted = (accept ?? '').split(',').map((s) => s.split(';')[0].trim().toLowerCase());
  const yaml = wanted.includes('application/yaml') || wanted.includes('application/x-yaml');
  const name = `${req.type}_${exportVersion(req.snapshot, req.deployedAt)}.${yaml ? 'yaml' : 'json'}`;
  return {
    body: yaml ? YAML.stringify(doc, { lineWidth: 0 }) : JSON.stringify(doc, null, 2),
    contentType: yaml ? 'application/yaml' : 'application/octet-stream',
    contentDisposition: `attachment; filename="${name}"`,
  };
}
