import { newId, now } from '../ids'

/**
 * What a delete leaves behind, per kind: the dependent tables and the column naming the deleted
 * thing. Each has an index on that column, so a chunk is an index range, never a table scan.
 */
export const DEPENDENTS = {
  organization: [
    ['org_member_roles', 'org_id'],
    ['org_members', 'org_id'],
    ['invitations', 'org_id'],
    ['org_connections', 'org_id'],
    ['org_client_grants', 'org_id'],
    ['org_clients', 'org_id'],
  ],
  user: [
    ['org_member_roles', 'user_id'],
    ['org_members', 'user_id'],
    ['role_users', 'user_id'],
  ],
  role: [
    ['org_member_roles', 'role_id'],
    ['role_users', 'role_id'],
    ['role_permissions', 'role_id'],
  ],
  connection: [['org_connections', 'connection_id']],
  client_grant: [['org_client_grants', 'grant_id']],
  client: [['org_clients', 'client_id']],
  resource_server: [['role_permissions', 'resource_server_id']],
} as const satisfies Record<string, readonly (readonly [string, string])[]>

export type CleanupKind = keyof typeof DEPENDENTS

/** Rows per chunk statement: each statement touches at most this many rows. */
export const CHUNK = 1000

export interface CleanupRecord {
  id: string
  kind: CleanupKind
  target_id: string
  /** For a connection: its name, which its users refer to. */
  target_name: string | null
  state: 'pending' | 'done'
  created_at: string
}

const RECORD_COLUMNS = 'id, kind, target_id, target_name, state, created_at'

/** Users deleted per chunk with a connection, each with their memberships and role assignments. */
export const USER_CHUNK = 200

/**
 * Records work left after a delete. With `ifPreviousChanged`, it is written only when the statement
 * before it in the same batch changed a row (the delete found its target).
 */
export function insertCleanup(
  db: D1Database,
  cleanupId: string,
  kind: CleanupKind,
  targetId: string,
  ifPreviousChanged = false,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO cleanups (id, kind, target_id, state, created_at)
       SELECT ?1, ?2, ?3, 'pending', ?4 WHERE ?5 = 0 OR changes() > 0`,
    )
    .bind(cleanupId, kind, targetId, now(), ifPreviousChanged ? 1 : 0)
}

/**
 * Runs `remove` (the DELETE of the owner row) and, only if it removed a row, records the cleanup of
 * its dependents, in one batch (after `before`, e.g. the statement writing the delete's event).
 * Returns the record, or null when there was nothing to delete.
 */
export async function deleteWithCleanup(
  db: D1Database,
  remove: D1PreparedStatement,
  kind: CleanupKind,
  targetId: string,
  before: D1PreparedStatement[] = [],
): Promise<Pick<CleanupRecord, 'id' | 'kind' | 'target_id'> | null> {
  const id = newId('cln')
  const deleted = (await db.batch([...before, remove, insertCleanup(db, id, kind, targetId, true)]))[before.length]
  return (deleted!.meta.changes ?? 0) > 0 ? { id, kind, target_id: targetId } : null
}

/** The rows of `table` the next chunk deletes (?1: the deleted thing's id, ?2: the cleanup's time). */
const chunkOf = (table: string, column: string) =>
  `SELECT rowid FROM ${table} WHERE ${column} = ?1 AND created_at <= ?2 LIMIT ${CHUNK}`

/**
 * The counters a chunk's rows are counted in (migrations/0008), per kind and table, run just before
 * that table's DELETE with the same chunk subquery: inside the batch's transaction both pick the same
 * rows, so each counter drops by exactly the rows that go. Counters keyed by the deleted thing itself
 * need nothing: an organization's are on its row, and a role or connection has none.
 */
const CHUNK_COUNTS: Partial<Record<CleanupKind, Partial<Record<string, (chunk: string) => string[]>>>> = {
  organization: {
    org_members: (chunk) => [`UPDATE user_organization_counts SET n = n - 1 WHERE user_id IN (SELECT user_id FROM org_members WHERE rowid IN (${chunk}))`],
  },
  user: {
    org_member_roles: (chunk) => [
      `UPDATE member_role_counts SET n = n - c.k
       FROM (SELECT org_id, count(*) AS k FROM org_member_roles WHERE rowid IN (${chunk}) GROUP BY org_id) AS c
       WHERE member_role_counts.org_id = c.org_id AND member_role_counts.user_id = ?1`,
    ],
    org_members: (chunk) => [
      `UPDATE organizations SET member_count = member_count - 1 WHERE id IN (SELECT org_id FROM org_members WHERE rowid IN (${chunk}))`,
      `UPDATE user_organization_counts SET n = n - (SELECT count(*) FROM org_members WHERE rowid IN (${chunk})) WHERE user_id = ?1`,
    ],
  },
  role: {
    org_member_roles: (chunk) => [
      `UPDATE member_role_counts SET n = n - 1 WHERE (org_id, user_id) IN (SELECT org_id, user_id FROM org_member_roles WHERE rowid IN (${chunk}))`,
    ],
  },
  connection: {
    org_connections: (chunk) => [
      `UPDATE organizations SET connection_count = connection_count - 1, enabled_connection_count = enabled_connection_count - oc.is_enabled
       FROM (SELECT org_id, is_enabled FROM org_connections WHERE rowid IN (${chunk})) AS oc WHERE organizations.id = oc.org_id`,
    ],
  },
}

/**
 * Deletes one chunk from every dependent table of the record in one batch, with the counters those
 * rows are counted in, and returns the rows changed (0 once nothing is left). Only rows created up to
 * the delete are touched: a user re-created under the same id keeps the memberships it gains afterwards.
 */
export async function deleteDependentsChunk(db: D1Database, record: CleanupRecord): Promise<number> {
  const id = record.target_id
  const sql: [string, unknown[]][] = DEPENDENTS[record.kind].flatMap(([table, column]) => {
    const chunk = chunkOf(table, column)
    const counts = CHUNK_COUNTS[record.kind]?.[table]?.(chunk) ?? []
    return [...counts, `DELETE FROM ${table} WHERE rowid IN (${chunk})`].map((text): [string, unknown[]] => [text, [id, record.created_at]])
  })
  if (record.kind === 'organization') {
    // The org's member-role counters are its own (the org id is never reused): they go in chunks too, zero ones included.
    sql.push([`DELETE FROM member_role_counts WHERE org_id = ?1 AND user_id IN (SELECT user_id FROM member_role_counts WHERE org_id = ?1 LIMIT ${CHUNK})`, [id]])
    sql.push(...organizationRolesChunk().map((text): [string, unknown[]] => [text, [id]]))
  }
  if (record.kind === 'connection' && record.target_name !== null) {
    sql.push(...connectionUsersChunk().map((text): [string, unknown[]] => [text, [record.target_name, record.created_at]]))
  }
  const results = await db.batch(sql.map(([text, binds]) => db.prepare(text).bind(...binds)))
  // Only the deletes say whether anything was left: a counter UPDATE changes its row even by zero.
  return results.reduce((sum, r, i) => sum + (sql[i]![0].startsWith('DELETE') ? (r.meta.changes ?? 0) : 0), 0)
}

/**
 * The next USER_CHUNK users of a deleted connection, with their memberships and role assignments, and
 * the counters those are counted in (all of these users' rows go, so their own counters go too). All
 * statements pick the same users (same ordered subquery, inside one batch transaction).
 */
function connectionUsersChunk(): string[] {
  const users = `SELECT user_id FROM users WHERE connection = ?1 AND created_at <= ?2 ORDER BY created_at, user_id LIMIT ${USER_CHUNK}`
  return [
    `UPDATE organizations SET member_count = member_count - c.k
     FROM (SELECT org_id, count(*) AS k FROM org_members WHERE user_id IN (${users}) GROUP BY org_id) AS c WHERE organizations.id = c.org_id`,
    `DELETE FROM user_organization_counts WHERE user_id IN (${users})`,
    `DELETE FROM member_role_counts WHERE (org_id, user_id) IN (SELECT org_id, user_id FROM org_member_roles WHERE user_id IN (${users}))`,
    `DELETE FROM org_member_roles WHERE user_id IN (${users})`,
    `DELETE FROM org_members WHERE user_id IN (${users})`,
    `DELETE FROM role_users WHERE user_id IN (${users})`,
    `DELETE FROM users WHERE user_id IN (${users})`,
  ]
}

/**
 * The next chunk of a deleted organization's own roles (type organization, owner_id the org) and
 * their permissions (?1: the org's id). Their assignments are org_member_roles rows of this org, which
 * the table list above deletes; role_users never holds an organization role. A role goes only once its
 * permissions are gone, so a crash between chunks leaves no permission behind. No created_at bound: a
 * role can only be created for an organization that exists, and this one never will again.
 */
function organizationRolesChunk(): string[] {
  return [
    `DELETE FROM role_permissions WHERE rowid IN
       (SELECT rp.rowid FROM roles r JOIN role_permissions rp ON rp.role_id = r.id WHERE r.owner_id = ?1 LIMIT ${CHUNK})`,
    `DELETE FROM roles WHERE rowid IN
       (SELECT rowid FROM roles WHERE owner_id = ?1 AND NOT EXISTS (SELECT 1 FROM role_permissions WHERE role_id = roles.id) LIMIT ${CHUNK})`,
  ]
}

/**
 * The ids of `kind` deleted and still awaiting their cleanup: a handful at most, read through the
 * partial index of pending cleanups. A total subtracts the rows that name one of them and whose owner
 * is gone (the list joins the owner, so it no longer shows them) instead of counting the rows it shows.
 */
export const pendingTargets = (kind: CleanupKind) =>
  `SELECT DISTINCT target_id FROM cleanups INDEXED BY cleanups_pending WHERE state = 'pending' AND kind = '${kind}'`

export async function findCleanup(db: D1Database, cleanupId: string): Promise<CleanupRecord | null> {
  return db.prepare(`SELECT ${RECORD_COLUMNS} FROM cleanups WHERE id = ?`).bind(cleanupId).first<CleanupRecord>()
}

export async function finishCleanup(db: D1Database, cleanupId: string): Promise<void> {
  await db
    .prepare(`UPDATE cleanups SET state = 'done', finished_at = ? WHERE id = ? AND state != 'done'`)
    .bind(now(), cleanupId)
    .run()
}

/** Cleanups still pending since before `olderThan`: their job may have been lost, so the cron re-enqueues them. */
export async function stalePendingCleanups(db: D1Database, olderThan: string, limit: number): Promise<CleanupRecord[]> {
  const { results } = await db
    .prepare(
      `SELECT ${RECORD_COLUMNS} FROM cleanups
       WHERE state = 'pending' AND created_at < ? ORDER BY created_at LIMIT ?`,
    )
    .bind(olderThan, limit)
    .all<CleanupRecord>()
  return results
}
