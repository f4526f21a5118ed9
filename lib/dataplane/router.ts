/**
 * @module dataplane/router
 * Resource matching as API Gateway does it for REST APIs: a trie of path
 * segments where, at each level, a literal segment is tried before a
 * `{param}` segment, and that before a greedy `{proxy+}` (which takes one or
 * more remaining segments). A resource matches a request when it has the
 * request's method or `ANY` (the exact method wins over ANY). When a branch
 * has no such resource, matching backtracks to the next candidate, so a
 * `{proxy+}` catches what the more specific resources do not serve.
 *
 * Literal segments are case-sensitive. Path parameters are URL-decoded (a bad
 * escape is kept as sent); a greedy parameter keeps its inner slashes.
 * Empty segments (`//`, a trailing `/`) are ignored, as API Gateway does.
 * What a (method, path) matched is remembered (up to 1,000 of them, then
 * forgotten all at once): a deployment's routes never change.
 */
import type { CompiledMethod, CompiledResource } from './types';

interface Node {
  literals: Map<string, Node>;
  param?: { name: string; node: Node };
  greedy?: { name: string; resource: CompiledResource };
  resource?: CompiledResource;
}

export interface RouteMatch {
  resource: CompiledResource;
  method: CompiledMethod;
  pathParams: Record<string, string>;
}

const newNode = (): Node => ({ literals: new Map() });

export function decodeSegment(raw: string): string {
  if (raw.indexOf('%') === -1) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

const MEMO_SIZE = 1000;

interface Memo {
  resource: CompiledResource;
  method: CompiledMethod;
  /** Undefined when the route has no parameters. */
  params?: Record<string, string>;
}

export class Router {
  private readonly root: Node = newNode();
  private readonly memo = new Map<string, Memo | null>();

  constructor(resources: CompiledResource[]) {
    for (const r of resources) this.add(r);
  }

  private add(resource: CompiledResource): void {
    let node = this.root;
    const parts = resource.path.split('/').filter((p) => p !== '');
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i];
      if (part.startsWith('{') && part.endsWith('+}')) {
        // Greedy: always the last segment of a resource path.
        node.greedy = { name: part.slice(1, -2), resource };
        return;
      }
      if (part.startsWith('{') && part.endsWith('}')) {
        const name = part.slice(1, -1);
        node.param ??= { name, node: newNode() };
        node = node.param.node;
        continue;
      }
      let next = node.literals.get(part);
      if (!next) {
        next = newNode();
        node.literals.set(part, next);
      }
      node = next;
    }
    node.resource = resource;
  }

  /** The resource and method serving `httpMethod` on `path` (the path after the stage, still percent-encoded). */
  match(httpMethod: string, path: string): RouteMatch | undefined {
    const key = httpMethod + ' ' + path;
    let m = this.memo.get(key);
    if (m === undefined) {
      const found = this.find(httpMethod, path);
      m = found ? { resource: found.resource, method: found.method, params: hasKeys(found.pathParams) ? found.pathParams : undefined } : null;
      if (this.memo.size >= MEMO_SIZE) this.memo.clear();
      this.memo.set(key, m);
    }
    if (m === null) return undefined;
    // Each request gets its own parameters object (templates may change theirs).
    return { resource: m.resource, method: m.method, pathParams: m.params ? { ...m.params } : {} };
  }

  private find(httpMethod: string, path: string): RouteMatch | undefined {
    const segments = path.split('/').filter((s) => s !== '');
    const params: Record<string, string> = {};
    const trailingSlash = path.length > 1 && path.endsWith('/');
    const found = this.walk(this.root, segments, 0, httpMethod, params, trailingSlash);
    return found ? { resource: found.resource, method: found.method, pathParams: params } : undefined;
  }

  private walk(
    node: Node,
    segs: string[],
    i: number,
    httpMethod: string,
    params: Record<string, string>,
    trailingSlash: boolean,
  ): { resource: CompiledResource; method: CompiledMethod } | undefined {
    if (i === segs.length) {
      const m = node.resource && methodOf(node.resource, httpMethod);
      return m ? { resource: node.resource!, method: m } : undefined;
    }
    const seg = segs[i];
    const decoded = decodeSegment(seg);
    const literal = node.literals.get(decoded);
    if (literal) {
      const r = this.walk(literal, segs, i + 1, httpMethod, params, trailingSlash);
      if (r) return r;
    }
    if (node.param) {
      params[node.param.name] = decoded;
      const r = this.walk(node.param.node, segs, i + 1, httpMethod, params, trailingSlash);
      if (r) return r;
      delete params[node.param.name];
    }
    if (node.greedy) {
      const m = methodOf(node.greedy.resource, httpMethod);
      if (m) {
        let rest = decoded;
        for (let j = i + 1; j < segs.length; j++) rest += '/' + decodeSegment(segs[j]);
        params[node.greedy.name] = trailingSlash ? rest + '/' : rest;
        return { resource: node.greedy.resource, method: m };
      }
    }
    return undefined;
  }
}

function methodOf(resource: CompiledResource, httpMethod: string): CompiledMethod | undefined {
  return resource.methods.get(httpMethod) ?? resource.methods.get('ANY');
}

function hasKeys(o: Record<string, string>): boolean {
  for (const _ in o) return true;
  return false;
}
