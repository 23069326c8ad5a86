import { ApiError } from '../errors'

/**
 * Checkpoint cursors in Auth0's observed format: base64 (no padding) of
 * `<created_at as YYYY-MM-DD HH:MM:SS.ffffffUTC>,<id>`. Clients treat them as opaque.
 */
export interface Cursor {
  createdAt: string
  id: string
}

export function encodeCursor({ createdAt, id }: Cursor): string {
  const stamp = `${createdAt.slice(0, 10)} ${createdAt.slice(11, 23)}000UTC`
  return base64Encode(`${stamp},${id}`)
}

export const DEFAULT_TAKE = 50

const FROM_DESCRIPTION = 'Optional Id from which to start selection.'

/**
 * Checkpoint mode is chosen by `take` or `from` alone (the Node SDK always sends
 * `include_totals=true&take=50`); page, per_page and include_totals are then ignored.
 * Returns null for offset mode.
 */
export function checkpointRequest(q: { take?: number; from?: string }): { take: number; after: Cursor | null } | null {
  if (q.take === undefined && q.from === undefined) return null
  return { take: q.take ?? DEFAULT_TAKE, after: q.from ? decodeCursor(q.from, FROM_DESCRIPTION) : null }
}

/**
 * `{<key>: page, next?}` from up to take + 1 rows read past the cursor: `next` only when more
 * rows follow, so a last page (short or exactly `take` long) carries none.
 */
export function checkpointBody<T>(key: string, rows: { item: T; cursor: Cursor }[], take: number): Record<string, unknown> {
  const page = rows.slice(0, take)
  const body: Record<string, unknown> = { [key]: page.map((r) => r.item) }
  const last = page.at(-1)
  if (rows.length > take && last) body.next = encodeCursor(last.cursor)
  return body
}

const STAMP = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}\.\d{3})\d{3}UTC$/

export function decodeCursor(raw: string, description: string): Cursor {
  const text = base64Decode(raw)
  const comma = text?.indexOf(',') ?? -1
  const match = text && comma > 0 ? STAMP.exec(text.slice(0, comma)) : null
  const id = text?.slice(comma + 1)
  if (!match || !id) {
    throw new ApiError('invalid_query_string', `Query validation error: 'Invalid checkpoint' on property from (${description}).`)
  }
  return { createdAt: `${match[1]}T${match[2]}Z`, id }
}

/** Auth0's newer lists (discovery domains) hand out the next page's first id, base64url without padding. */
function encodeIdCursor(id: string): string {
  return base64Encode(id).replace(/\+/g, '-').replace(/\//g, '_')
}

/** The id a `from` cursor names; anything else is Auth0's invalid checkpoint 400. */
function decodeIdCursor(raw: string, shape: RegExp): string {
  const id = base64Decode(raw)
  if (id === null || !shape.test(id)) {
    throw new ApiError('invalid_query_string', `Query validation error: 'Invalid checkpoint' on property from (${FROM_DESCRIPTION}).`)
  }
  return id
}

/**
 * An id-cursor list's page request: `take` (default 50, at most `max`) and the id `from` names (the
 * page's first row, inclusive), null for the first page.
 */
export function idPageRequest(q: { take?: number; from?: string }, shape: RegExp, max = Infinity): { take: number; from: string | null } {
  return { take: Math.min(q.take ?? DEFAULT_TAKE, max), from: q.from === undefined ? null : decodeIdCursor(q.from, shape) }
}

/** A page from up to take + 1 rows read from the cursor: its rows, and `next` naming the row after it, when there is one. */
export function idPage<T>(rows: T[], take: number, idOf: (row: T) => string): { rows: T[]; next?: string } {
  const after = rows[take]
  return { rows: rows.slice(0, take), ...(after !== undefined && { next: encodeIdCursor(idOf(after)) }) }
}

const encoder = new TextEncoder()

/** btoa takes Latin-1 only: ASCII (every org id, most user ids) goes straight in, anything else as UTF-8 bytes. */
function base64Encode(text: string): string {
  const latin = /^[\x00-\x7f]*$/.test(text) ? text : String.fromCharCode(...encoder.encode(text))
  return btoa(latin).replace(/=+$/, '')
}

/** Accepts standard or URL-safe base64, with or without padding (and `+` turned into a space by a lax client). */
function base64Decode(raw: string): string | null {
  try {
    const normal = raw.replace(/ /g, '+').replace(/-/g, '+').replace(/_/g, '/')
    const bytes = Uint8Array.from(atob(normal.padEnd(Math.ceil(normal.length / 4) * 4, '=')), (c) => c.charCodeAt(0))
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)
  } catch {
    return null
  }
}
