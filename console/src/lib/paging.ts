// Paging through lists the way the API pages them. Checkpoint lists (organizations, members,
// discovery domains) go forward with the `next` cursor the server returns, so page 2,000 costs what
// page 1 costs; offset lists (invitations, connections, client grants) go by page number. Either way
// the console keeps the cursors it has seen, so "Previous" is a plain re-read.
import { useCallback, useState } from 'preact/hooks'
import { useLoad, type Loaded } from './use-async'

export interface Page<T, C> {
  items: T[]
  /** The cursor of the following page; absent on the last page. */
  next?: C
}

export interface Pages<T> extends Loaded<Page<T, unknown>> {
  index: number
  hasPrevious: boolean
  hasNext: boolean
  previous(): void
  next(): void
  /** Back to the first page and read it again (after an addition). */
  restart(): void
}

/** Remount the component (a `key`) to page a different list. */
export function usePages<T, C>(fetchPage: (cursor: C | undefined) => Promise<Page<T, C>>): Pages<T> {
  const [cursors, setCursors] = useState<(C | undefined)[]>([undefined])
  const index = cursors.length - 1
  const loaded = useLoad(() => fetchPage(cursors[index]), [cursors])
  const nextCursor = loaded.data?.next as C | undefined
  const next = useCallback(() => {
    if (nextCursor !== undefined) setCursors((c) => [...c, nextCursor])
  }, [nextCursor])
  return {
    ...loaded,
    index,
    hasPrevious: index > 0,
    hasNext: nextCursor !== undefined,
    previous: () => setCursors((c) => (c.length > 1 ? c.slice(0, -1) : c)),
    next,
    restart: () => setCursors([undefined]),
  }
}

/** A checkpoint body: `{<key>: [...], next?}`. */
export function checkpointPage<T>(body: Record<string, unknown>, key: string): Page<T, string> {
  const items = (body[key] as T[] | undefined) ?? []
  const next = typeof body.next === 'string' && body.next !== '' ? body.next : undefined
  return { items, next }
}

/**
 * An offset body with totals: `{<key>: [...], start, limit, total?}`. Without a total (invitations),
 * a full page means there may be more.
 */
export function offsetPage<T>(body: Record<string, unknown>, key: string, page: number, perPage: number): Page<T, number> {
  const items = (body[key] as T[] | undefined) ?? []
  const total = typeof body.total === 'number' ? body.total : undefined
  const more = total === undefined ? items.length === perPage : (page + 1) * perPage < total
  return { items, next: more ? page + 1 : undefined }
}

/**
 * Reads every page of a checkpoint list, handing each to `onPage`, until the last page or until
 * `signal` aborts. Used for walks that report progress (exporting 100,000 members).
 */
export async function walkCheckpoint<T>(
  fetchPage: (from: string | undefined) => Promise<Page<T, string>>,
  onPage: (items: T[]) => void,
  signal: AbortSignal,
): Promise<void> {
  let from: string | undefined
  do {
    if (signal.aborted) return
    const page = await fetchPage(from)
    onPage(page.items)
    from = page.next
  } while (from !== undefined)
}
