import type { Cursor } from '../http/checkpoint'
import type { Window } from '../http/pagination'
import { now } from '../ids'
import type { RoleUser } from '../schemas/role-user'

interface RoleUserRow {
  user_id: string
  created_at: string
  email: string | null
  picture: string | null
  name: string | null
}

const toRoleUser = (row: RoleUserRow): RoleUser => ({
  user_id: row.user_id,
  ...(row.email !== null && { email: row.email }),
  ...(row.picture !== null && { picture: row.picture }),
  ...(row.name !== null && { name: row.name }),
})

/** Users deleted but not yet cleaned up have no users row: the join hides their assignments. */
const ITEM = `SELECT ru.user_id, ru.created_at, u.email, u.picture, u.name FROM role_users ru JOIN users u ON u.user_id = ru.user_id`

const roleStatement = (db: D1Database, roleId: string) => db.prepare('SELECT type FROM roles WHERE id = ?').bind(roleId)

/** Keyset page in assignment order on role_users_order; null when the role does not exist. */
export async function listRoleUsersAfter(db: D1Database, roleId: string, after: Cursor | null, limit: number): Promise<{ item: RoleUser; cursor: Cursor }[] | null> {
  const [role, page] = await db.batch([
    roleStatement(db, roleId),
    db
      .prepare(`${ITEM} WHERE ru.role_id = ?1 AND (ru.created_at, ru.user_id) > (?2, ?3) ORDER BY ru.created_at, ru.user_id LIMIT ?4`)
      .bind(roleId, after?.createdAt ?? '', after?.id ?? '', limit),
  ])
  if (role!.results.length === 0) return null
  return (page!.results as RoleUserRow[]).map((row) => ({ item: toRoleUser(row), cursor: { createdAt: row.created_at, id: row.user_id } }))
}

export async function listRoleUsersOffset(db: D1Database, roleId: string, window: Window): Promise<{ users: RoleUser[]; total: number } | null> {
  const [role, page, count] = await db.batch([
    roleStatement(db, roleId),
    db.prepare(`${ITEM} WHERE ru.role_id = ? ORDER BY ru.created_at, ru.user_id LIMIT ? OFFSET ?`).bind(roleId, window.limit, window.offset),
    db.prepare('SELECT count(*) AS total FROM role_users ru JOIN users u ON u.user_id = ru.user_id WHERE ru.role_id = ?').bind(roleId),
  ])
  if (role!.results.length === 0) return null
  return { users: (page!.results as RoleUserRow[]).map(toRoleUser), total: (count!.results[0] as { total: number }).total }
}

export type AssignRefusal = { kind: 'no_role' } | { kind: 'organization_role' } | { kind: 'unknown_users'; ids: string[] }

/**
 * Assigns the role to every user of the request or to none, in one round trip: the INSERT's condition
 * does not depend on the row (the role is a tenant role, every user exists). A user who already has
 * the role keeps their assignment. The reads before it explain a refusal.
 */
export async function assignRoleUsers(db: D1Database, roleId: string, userIds: string[]): Promise<AssignRefusal | null> {
  const requested = JSON.stringify(userIds)
  const [role, users] = await db.batch([
    roleStatement(db, roleId),
    db.prepare('SELECT user_id FROM users WHERE user_id IN (SELECT value FROM json_each(?))').bind(requested),
    db
      .prepare(
        `INSERT OR IGNORE INTO role_users (role_id, user_id, created_at)
         SELECT ?1, value, ?3 FROM json_each(?2)
         WHERE EXISTS (SELECT 1 FROM roles WHERE id = ?1 AND type = 'tenant')
           AND (SELECT count(*) FROM users WHERE user_id IN (SELECT value FROM json_each(?2))) = json_array_length(?2)`,
      )
      .bind(roleId, requested, now()),
  ])
  const found = role!.results[0] as { type: string } | undefined
  if (!found) return { kind: 'no_role' }
  if (found.type !== 'tenant') return { kind: 'organization_role' }
  const existing = new Set((users!.results as { user_id: string }[]).map((u) => u.user_id))
  const unknown = userIds.filter((u) => !existing.has(u))
  return unknown.length ? { kind: 'unknown_users', ids: unknown } : null
}
