import { newId, now } from '../ids'
import type { Cursor } from '../http/checkpoint'
import type { Window } from '../http/pagination'
import { CONNECTION_DOC_FIELDS, type Connection, type ConnectionCreate, type ConnectionUpdate } from '../schemas/connection'
import { isUniqueViolation } from './errors'

interface ConnectionRow {
  id: string
  name: string
  strategy: string
  display_name: string | null
  options: string | null
  enabled_clients: string
  is_domain_connection: number
  show_as_button: number | null
  realms: string | null
  metadata: string | null
  /** Auth0's fields without a column (authentication, connected_accounts, ...), as JSON; null when none. */
  doc: string | null
}

const COLUMNS = 'id, name, strategy, display_name, options, enabled_clients, is_domain_connection, show_as_button, realms, metadata, doc'

const toConnection = (row: ConnectionRow): Connection => ({
  id: row.id,
  name: row.name,
  ...(row.display_name !== null && { display_name: row.display_name }),
  strategy: row.strategy,
  ...(row.options !== null && { options: JSON.parse(row.options) }),
  enabled_clients: JSON.parse(row.enabled_clients),
  is_domain_connection: row.is_domain_connection === 1,
  ...(row.show_as_button !== null && { show_as_button: row.show_as_button === 1 }),
  realms: row.realms === null ? [row.name] : JSON.parse(row.realms),
  ...(row.metadata !== null && { metadata: JSON.parse(row.metadata) }),
  ...(row.doc !== null && JSON.parse(row.doc)),
})

/** The document part of a body as JSON (a merge patch on PATCH, where null removes a field); null when it has none. */
function docPatch(input: Record<string, unknown>, dropNulls: boolean): string | null {
  const entries = CONNECTION_DOC_FIELDS.filter((k) => Object.hasOwn(input, k) && !(dropNulls && input[k] === null)).map((k) => [k, input[k]])
  return entries.length ? JSON.stringify(Object.fromEntries(entries)) : null
}

/**
 * List items leave out `enabled_clients`: Auth0 deprecated it on GET /connections (its list item schema
 * no longer has it, additionalProperties false), while get, create and update still carry it.
 */
function toListedConnection(row: ConnectionRow): ListedConnection {
  const { enabled_clients: _, ...listed } = toConnection(row)
  return listed
}

const jsonOrNull = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value))
const flag = (value: boolean | undefined) => (value === undefined ? null : value ? 1 : 0)

export async function createConnection(db: D1Database, input: ConnectionCreate): Promise<Connection | 'conflict'> {
  const row: ConnectionRow = {
    id: newId('con'),
    name: input.name,
    strategy: input.strategy,
    display_name: input.display_name ?? null,
    options: jsonOrNull(input.options),
    enabled_clients: JSON.stringify(input.enabled_clients ?? []),
    is_domain_connection: input.is_domain_connection ? 1 : 0,
    show_as_button: flag(input.show_as_button),
    realms: input.realms?.length ? JSON.stringify(input.realms) : null,
    metadata: jsonOrNull(input.metadata),
    doc: docPatch(input, true),
  }
  try {
    await db
      .prepare(`INSERT INTO connections (${COLUMNS}, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .bind(row.id, row.name, row.strategy, row.display_name, row.options, row.enabled_clients, row.is_domain_connection,
        row.show_as_button, row.realms, row.metadata, row.doc, now())
      .run()
  } catch (err) {
    if (isUniqueViolation(err)) return 'conflict'
    throw err
  }
  return toConnection(row)
}

export async function findConnection(db: D1Database, id: string): Promise<Connection | null> {
  const row = await db.prepare(`SELECT ${COLUMNS} FROM connections WHERE id = ?`).bind(id).first<ConnectionRow>()
  return row && toConnection(row)
}

/** The connection users name on create (`connection` is a name, not an id). */
export async function findConnectionByName(db: D1Database, name: string): Promise<{ name: string; strategy: string } | null> {
  return db.prepare('SELECT name, strategy FROM connections WHERE name = ?').bind(name).first<{ name: string; strategy: string }>()
}

/** Id, name and strategy of each connection among `ids` (at most 10 on the callers), in one query, keyed by id. */
export async function findConnectionsByIds(db: D1Database, ids: string[]): Promise<Map<string, ConnectionSummary>> {
  const unique = [...new Set(ids)]
  if (unique.length === 0) return new Map()
  const { results } = await db
    .prepare('SELECT id, name, strategy FROM connections WHERE id IN (SELECT value FROM json_each(?))')
    .bind(JSON.stringify(unique))
    .all<ConnectionSummary>()
  return new Map(results.map((c) => [c.id, c]))
}

export interface ConnectionSummary {
  id: string
  name: string
  strategy: string
}

export type ListedConnection = Omit<Connection, 'enabled_clients'>

export interface ConnectionFilter {
  name?: string
  strategies?: string[]
}

// ?1 name (or null), ?2 JSON array of strategies (or null): one statement text whatever the filter.
const FILTER = `WHERE (?1 IS NULL OR name = ?1) AND (?2 IS NULL OR strategy IN (SELECT value FROM json_each(?2)))`
const filterArgs = (filter: ConnectionFilter) => [filter.name ?? null, filter.strategies?.length ? JSON.stringify(filter.strategies) : null]

export async function listConnections(db: D1Database, window: Window, filter: ConnectionFilter): Promise<{ connections: ListedConnection[]; total: number }> {
  const args = filterArgs(filter)
  const [page, count] = await db.batch([
    db.prepare(`SELECT ${COLUMNS} FROM connections ${FILTER} ORDER BY created_at, id LIMIT ?3 OFFSET ?4`).bind(...args, window.limit, window.offset),
    db.prepare(`SELECT count(*) AS total FROM connections ${FILTER}`).bind(...args),
  ])
  return {
    connections: (page!.results as ConnectionRow[]).map(toListedConnection),
    total: (count!.results[0] as { total: number }).total,
  }
}

/** Checkpoint mode: up to `limit` connections after the cursor, in creation order (keyset on connections_created). */
export async function listConnectionsAfter(
  db: D1Database,
  after: Cursor | null,
  limit: number,
  filter: ConnectionFilter,
): Promise<{ item: ListedConnection; cursor: Cursor }[]> {
  const keyset = after ? 'AND (created_at, id) > (?4, ?5)' : ''
  const { results } = await db
    .prepare(`SELECT ${COLUMNS}, created_at FROM connections ${FILTER} ${keyset} ORDER BY created_at, id LIMIT ?3`)
    .bind(...filterArgs(filter), limit, ...(after ? [after.createdAt, after.id] : []))
    .all<ConnectionRow & { created_at: string }>()
  return results.map((row) => ({ item: toListedConnection(row), cursor: { createdAt: row.created_at, id: row.id } }))
}

/**
 * Applies a PATCH. Keys absent from it keep their value, except `display_name`, which Auth0 documents
 * as reset to the name when not sent. `options`, `enabled_clients`, `realms`, `metadata` replace whole.
 */
export async function updateConnection(db: D1Database, id: string, patch: ConnectionUpdate): Promise<Connection | null> {
  const sent = (key: keyof ConnectionUpdate) => (key in patch ? 1 : 0)
  const row = await db
    .prepare(
      `UPDATE connections SET
         display_name = coalesce(?2, name),
         options = CASE WHEN ?3 THEN ?4 ELSE options END,
         enabled_clients = CASE WHEN ?5 THEN coalesce(?6, '[]') ELSE enabled_clients END,
         is_domain_connection = coalesce(?7, is_domain_connection),
         show_as_button = coalesce(?8, show_as_button),
         realms = CASE WHEN ?9 THEN ?10 ELSE realms END,
         metadata = CASE WHEN ?11 THEN ?12 ELSE metadata END,
         doc = CASE WHEN ?13 IS NULL THEN doc ELSE nullif(json_patch(coalesce(doc, '{}'), ?13), '{}') END
       WHERE id = ?1 RETURNING ${COLUMNS}`,
    )
    .bind(
      id,
      patch.display_name ?? null,
      sent('options'),
      jsonOrNull(patch.options),
      sent('enabled_clients'),
      jsonOrNull(patch.enabled_clients),
      flag(patch.is_domain_connection),
      flag(patch.show_as_button),
      sent('realms'),
      patch.realms?.length ? JSON.stringify(patch.realms) : null,
      sent('metadata'),
      jsonOrNull(patch.metadata),
      docPatch(patch, false),
    )
    .first<ConnectionRow>()
  return row && toConnection(row)
}

/**
 * Deletes a connection and records the cleanup of what referred to it (enabled in orgs, its users),
 * in one batch. The record is written first, while the connection's name can still be read.
 */
export async function deleteConnection(db: D1Database, connectionId: string) {
  const id = newId('cln')
  const [recorded] = await db.batch([
    db
      .prepare(
        `INSERT INTO cleanups (id, kind, target_id, target_name, state, created_at)
         SELECT ?1, 'connection', id, name, 'pending', ?3 FROM connections WHERE id = ?2`,
      )
      .bind(id, connectionId, now()),
    db.prepare('DELETE FROM connections WHERE id = ?').bind(connectionId),
  ])
  return (recorded!.meta.changes ?? 0) > 0 ? { id, kind: 'connection' as const, target_id: connectionId } : null
}
