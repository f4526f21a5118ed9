/**
 * @module sdk/spec
 * A deployment snapshot → the SdkSpec the generators read: one operation per
 * resource and method, in path order, named as AWS's generated SDKs name
 * them — the path's segments camel-cased (braces, `+` and other
 * non-alphanumerics dropped, each later word capitalized), then the verb
 * (`/pets/{petId}` GET → `petsPetIdGet`, `/` GET → `rootGet`,
 * `/my-items` POST → `myItemsPost`). A name that would start with a digit
 * gets a leading `_`; a name two operations would share gets a numeric
 * suffix on the later one.
 *
 * Query string and header parameters are the method's declared
 * `requestParameters` (`method.request.querystring.x` / `.header.x`, the
 * boolean being "required"); path parameters come from the resource path.
 */
import type { ApiSnapshot, Method, Resource } from '../model';
import type { SdkOperation, SdkParam, SdkSpec } from './types';

export interface SpecOptions {
  stageName: string;
  region: string;
  invokeUrl: string;
}

export function buildSdkSpec(snapshot: ApiSnapshot, opts: SpecOptions): SdkSpec {
  const api = snapshot.restApi;
  const resources = [...(snapshot.resources ?? [])].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const used = new Set<string>();
  const operations: SdkOperation[] = [];
  for (const r of resources) {
    const verbs = Object.keys(r.resourceMethods ?? {}).sort();
    for (const verb of verbs) operations.push(operationOf(r, r.resourceMethods![verb], used));
  }
  const models: Record<string, string> = {};
  for (const m of snapshot.models ?? []) if (m.schema) models[m.name] = m.schema;
  const spec: SdkSpec = {
    apiId: api.id,
    apiName: api.name,
    stageName: opts.stageName,
    region: opts.region,
    invokeUrl: opts.invokeUrl,
    awsInvokeUrl: `https://${api.id}.execute-api.${opts.region}.amazonaws.com/${opts.stageName}`,
    models,
    operations,
  };
  if (api.description) spec.description = api.description;
  return spec;
}

function operationOf(r: Resource, m: Method, used: Set<string>): SdkOperation {
  const pathParams: string[] = [];
  let greedyParam: string | undefined;
  for (const seg of r.path.split('/')) {
    const match = /^\{(.+?)(\+)?\}$/.exec(seg);
    if (!match) continue;
    pathParams.push(match[1]);
    if (match[2]) greedyParam = match[1];
  }
  const queryParams: SdkParam[] = [];
  const headerParams: SdkParam[] = [];
  for (const [key, required] of Object.entries(m.requestParameters ?? {})) {
    const q = /^method\.request\.querystring\.(.+)$/.exec(key);
    if (q) queryParams.push({ name: q[1], required: required === true });
    const h = /^method\.request\.header\.(.+)$/.exec(key);
    if (h) headerParams.push({ name: h[1], required: required === true });
  }
  const op: SdkOperation = {
    name: uniqueName(operationName(r.path, m.httpMethod), used),
    httpMethod: m.httpMethod,
    path: r.path,
    pathParams,
    queryParams,
    headerParams,
    authorizationType: m.authorizationType,
    apiKeyRequired: m.apiKeyRequired === true,
    requestModels: { ...(m.requestModels ?? {}) },
  };
  if (greedyParam) op.greedyParam = greedyParam;
  if (m.operationName) op.operationName = m.operationName;
  return op;
}

const capitalize = (s: string): string => (s ? s[0].toUpperCase() + s.slice(1) : s);

/** AWS's generated-SDK method name for `verb` on `path`. */
export function operationName(path: string, verb: string): string {
  const words = path
    .split('/')
    .flatMap((seg) => seg.split(/[^A-Za-z0-9]+/))
    .filter((w) => w !== '');
  let base = words.length === 0 ? 'root' : words.map((w, i) => (i === 0 ? w[0].toLowerCase() + w.slice(1) : capitalize(w))).join('');
  if (/^[0-9]/.test(base)) base = '_' + base;
  return base + capitalize(verb.toLowerCase());
}

function uniqueName(name: string, used: Set<string>): string {
  let out = name;
  for (let n = 2; used.has(out); n++) out = `${name}${n}`;
  used.add(out);
  return out;
}
