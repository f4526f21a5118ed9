/**
 * @module aws/pagination
 * API Gateway's `position`/`limit` paging: `limit` defaults to 25 and may be
 * 1–500; `position` is an opaque token handed back with the page when more
 * items follow. Our token encodes the key of the last item returned (keyset
 * paging, so a page costs an index range scan, not a count of what came before).
 */
import { BadRequestException } from './errors';

export const DEFAULT_LIMIT = 25;
export const MAX_LIMIT = 500;

export interface PageRequest {
  position?: string;
  limit?: number;
}

export function pageLimit(limit: number | undefined): number {
  if (limit === undefined || limit === null) return DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new BadRequestException(`Invalid limit value: ${limit}. Limit must be between 1 and ${MAX_LIMIT}`);
  }
  return limit;
}

export function encodePosition(key: string | number): string {
  return Buffer.from(String(key), 'utf8').toString('base64url');
}

export function decodePosition(position: string | undefined): string | undefined {
  if (position === undefined || position === '') return undefined;
  if (!/^[A-Za-z0-9_-]+$/.test(position)) throw new BadRequestException('Invalid position parameter');
  return Buffer.from(position, 'base64url').toString('utf8');
}

/** Pages an in-memory list that is already in its stable order, keyed by `keyOf`. */
export function pageOf<T>(items: T[], keyOf: (item: T) => string, req: PageRequest): { item: T[]; position?: string } {
  const limit = pageLimit(req.limit);
  const after = decodePosition(req.position);
  let start = 0;
  if (after !== undefined) {
    const idx = items.findIndex((it) => keyOf(it) === after);
    start = idx < 0 ? items.length : idx + 1;
  }
  const page = items.slice(start, start + limit);
  const out: { item: T[]; position?: string } = { item: page };
  if (start + limit < items.length && page.length > 0) out.position = encodePosition(keyOf(page[page.length - 1]));
  return out;
}

/** Pages a store listing by its rowid cursor: `fetch(after, limit)` returns the items and the cursor of the last when more follow. */
export function pageByCursor<T>(
  req: PageRequest,
  fetch: (after: number, limit: number) => { items: T[]; next?: number },
): { item: T[]; position?: string } {
  const limit = pageLimit(req.limit);
  const decoded = decodePosition(req.position);
  const after = decoded === undefined ? 0 : Number(decoded);
  if (!Number.isInteger(after) || after < 0) throw new BadRequestException('Invalid position parameter');
  const page = fetch(after, limit);
  const out: { item: T[]; position?: string } = { item: page.items };
  if (page.next !== undefined) out.position = encodePosition(page.next);
  return out;
}
