import { ApiError } from '../errors'
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

/** Organizations and members refuse offset windows past the first 1000 records (checkpoint mode reaches the rest). */
export const OFFSET_RECORD_CAP = 1000

export function cappedWindow(q: OffsetQuery): Window {
  const { offset, limit } = offsetWindow(q)
  if (offset >= OFFSET_RECORD_CAP) {
    throw new ApiError('invalid_paging', 'Requesting page exceeds the allowed maximum of 1000 records.')
  }
  return { offset, limit: Math.min(limit, OFFSET_RECORD_CAP - offset) }
}
