/**
 * @module control/resource-tree
 * The rules of API Gateway's resource tree, as AWS enforces them on
 * CreateResource and UpdateResource: what a path part may look like, which
 * siblings it may have (one name once; at most one variable part `{x}` or
 * `{x+}` among siblings), that a greedy `{x+}` resource has no children, that
 * a resource is never moved under itself, and how `path` follows from the
 * parent's path. Messages are AWS's (recorded answers of test_apigateway_api).
 *
 * Not yet: AWS's limit on the number of resources per API (300 by default).
 */
import { BadRequestException, ConflictException } from '../aws/errors';
import type { Resource } from '../model';

/** Literal segment, or one `{name}` / `{name+}` variable spanning the whole part. */
const PATH_PART = /^(?:[a-zA-Z0-9._-]+|\{[a-zA-Z0-9._-]+\+?\})$/;

export function isVariablePart(pathPart: string | undefined): boolean {
  return pathPart !== undefined && pathPart.startsWith('{') && pathPart.endsWith('}');
}

export function isGreedyPart(pathPart: string | undefined): boolean {
  return pathPart !== undefined && pathPart.startsWith('{') && pathPart.endsWith('+}');
}

export function checkPathPart(pathPart: unknown): string {
  if (typeof pathPart !== 'string' || pathPart === '') throw new BadRequestException("Resource's path part must be specified");
  if (!PATH_PART.test(pathPart)) {
    throw new BadRequestException(
      "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end and an optional plus sign before the closing brace.",
    );
  }
  return pathPart;
}

/** A new child (or a moved/renamed resource, `self`) under `parent` with `pathPart`, next to `siblings`. */
export function checkPlacement(parent: Resource, pathPart: string, siblings: Resource[], selfId?: string): void {
  if (isGreedyPart(parent.pathPart)) {
    throw new BadRequestException(`Cannot create a child of a resource with a greedy path variable: ${parent.pathPart}`);
  }
  const others = siblings.filter((s) => s.id !== selfId);
  if (others.some((s) => s.pathPart === pathPart)) {
    throw new ConflictException(`Another resource with the same parent already has this name: ${pathPart}`);
  }
  if (isVariablePart(pathPart)) {
    const variable = others.find((s) => isVariablePart(s.pathPart));
    if (variable) {
      throw new BadRequestException(
        `A sibling (${variable.pathPart}) of this resource already has a variable path part -- only one is allowed`,
      );
    }
  }
}

export function childPath(parentPath: string, pathPart: string): string {
  return parentPath === '/' ? `/${pathPart}` : `${parentPath}/${pathPart}`;
}

/**
 * Recomputes `path` for a moved or renamed resource and all its descendants.
 * `subtree` is the resource first, then its descendants parents-first (as
 * the store's `subtree` returns them); returns the changed documents.
 */
export function repath(subtree: Resource[], newParentPath: string): Resource[] {
  const paths = new Map<string, string>();
  return subtree.map((r, i) => {
    const parentPath = i === 0 ? newParentPath : paths.get(r.parentId ?? '') ?? '/';
    const path = childPath(parentPath, r.pathPart ?? '');
    paths.set(r.id, path);
    return { ...r, path };
  });
}
