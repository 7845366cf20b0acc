import type { EntityListing } from './models.js';

/**
 * Every entity of a page-numbered listing, page after page, until the last page (`pageCount`) or an
 * empty one. Pages are fetched lazily: stop iterating and no further request is made.
 */
export async function* iteratePages<T>(
  fetchPage: (pageNumber: number) => Promise<EntityListing<T>>,
  firstPage = 1,
): AsyncGenerator<T, void, undefined> {
  for (let pageNumber = firstPage; ; pageNumber += 1) {
    const page = await fetchPage(pageNumber);
    const entities = page.entities ?? [];
    yield* entities;
    const pageCount = page.pageCount;
    const isLast = pageCount === undefined ? entities.length < (page.pageSize ?? 1) : pageNumber >= pageCount;
    if (entities.length === 0 || isLast) return;
  }
}
