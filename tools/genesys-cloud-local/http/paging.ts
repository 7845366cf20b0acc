/**
 * Genesys's page-number paging: `pageSize` (default 25) and `pageNumber` (default 1) in, an
 * `...EntityListing` out with `total`, `pageCount` and the first/self/next/previous/last URIs.
 */
import type { EntityListing } from '../models.js';
import { invalidField } from './genesys-error.js';

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 500;

function positiveInteger(query: URLSearchParams, name: string, fallback: number, max: number): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw invalidField(name, 'invalid.value', `${name} must be an integer from 1 to ${max}`);
  }
  return value;
}

export function paginate<T>(items: readonly T[], query: URLSearchParams, path: string): EntityListing<T> {
  const pageSize = positiveInteger(query, 'pageSize', DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const pageNumber = positiveInteger(query, 'pageNumber', 1, Number.MAX_SAFE_INTEGER);
  const total = items.length;
  const pageCount = Math.ceil(total / pageSize);
  const uri = (page: number): string => {
    const q = new URLSearchParams(query);
    q.set('pageSize', String(pageSize));
    q.set('pageNumber', String(page));
    return `${path}?${q.toString()}`;
  };
  const listing: EntityListing<T> = {
    entities: items.slice((pageNumber - 1) * pageSize, pageNumber * pageSize),
    pageSize,
    pageNumber,
    total,
    pageCount,
    firstUri: uri(1),
    selfUri: uri(pageNumber),
    lastUri: uri(Math.max(1, pageCount)),
  };
  if (pageNumber < pageCount) listing.nextUri = uri(pageNumber + 1);
  if (pageNumber > 1) listing.previousUri = uri(pageNumber - 1);
  return listing;
}
