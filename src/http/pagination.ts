import type { OffsetQuery } from '../schemas/common'

export interface Window {
  offset: number
  limit: number
}

export const DEFAULT_PER_PAGE = 50

export function offsetWindow(q: OffsetQuery): Window {
  const limit = q.per_page ?? DEFAULT_PER_PAGE
  return { offset: (q.page ?? 0) * limit, limit }
}

/**
 * Auth0's offset body: a bare array, or with `include_totals` the wrapper
 * `{<key>, start, limit, total}`; `limit` is per_page unless the endpoint reports the count returned.
 */
export function offsetBody<T>(
  key: string,
  q: OffsetQuery,
  items: T[],
  total: number | undefined,
  limitIs: 'per_page' | 'returned' = 'per_page',
): unknown {
  if (!q.include_totals) return items
  const { offset, limit } = offsetWindow(q)
  const body: Record<string, unknown> = { [key]: items, start: offset, limit: limitIs === 'per_page' ? limit : items.length }
  if (total !== undefined) body.total = total
  return body
}
