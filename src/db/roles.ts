import { newId, now } from '../ids'
import type { Window } from '../http/pagination'
import type { Role, RoleCreate, RoleListQuery, RoleType, RoleUpdate } from '../schemas/role'
import { deleteWithCleanup } from './cleanups'
import { isUniqueViolation } from './errors'

export interface RoleRow {
  id: string
  name: string
  description: string | null
  type: RoleType
  owner_id: string | null
}

export const ROLE_COLUMNS = 'id, name, description, type, owner_id'

/** A role as every read answers it: `description` is "" when unset (recorded 2026). */
export const toRole = (row: RoleRow): Role => ({
  id: row.id,
  name: row.name,
  description: row.description ?? '',
  type: row.type,
  ...(row.owner_id !== null && { owner_id: row.owner_id }),
})

/** The create answer leaves out a description that was not sent (recorded). */
const toCreatedRole = (row: RoleRow): Role => {
  const role = toRole(row)
  if (row.description === null) delete role.description
  return role
}

/**
 * Inserts the role; an organization role only while its owner organization exists (checked by the
 * insert itself, so a concurrent delete of the organization cannot leave an orphan behind).
 */
export async function createRole(db: D1Database, input: RoleCreate): Promise<Role | 'conflict' | 'no_owner'> {
  const row: RoleRow = { id: newId('rol'), name: input.name, description: input.description ?? null, type: input.type ?? 'tenant', owner_id: input.owner_id ?? null }
  try {
    const { meta } = await db
      .prepare(
        `INSERT INTO roles (${ROLE_COLUMNS}, created_at)
         SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE ?5 IS NULL OR EXISTS (SELECT 1 FROM organizations WHERE id = ?5)`,
      )
      .bind(row.id, row.name, row.description, row.type, row.owner_id, now())
      .run()
    if (meta.changes === 0) return 'no_owner'
  } catch (err) {
    if (isUniqueViolation(err)) return 'conflict'
    throw err
  }
  return toCreatedRole(row)
}

export async function findRole(db: D1Database, id: string): Promise<Role | null> {
  const row = await db.prepare(`SELECT ${ROLE_COLUMNS} FROM roles WHERE id = ?`).bind(id).first<RoleRow>()
  return row && toRole(row)
}

/**
 * `name_filter` matches as a case-insensitive substring (ASCII case, as SQLite's lower()). instr() rather
 * than LIKE: a filter is text, not a pattern, so `%` and `_` need no escaping, and D1 refuses LIKE
 * patterns over 50 bytes, which a long filter would have become.
 */
export type RoleFilter = Pick<RoleListQuery, 'name_filter' | 'type' | 'owner_id'>

export async function listRoles(db: D1Database, window: Window, filter: RoleFilter): Promise<{ roles: Role[]; total: number }> {
  const where = 'WHERE (?1 IS NULL OR instr(lower(name), lower(?1)) > 0) AND (?2 IS NULL OR type = ?2) AND (?3 IS NULL OR owner_id = ?3)'
  const args = [filter.name_filter || null, filter.type ?? null, filter.owner_id ?? null]
  const [page, count] = await db.batch([
    db.prepare(`SELECT ${ROLE_COLUMNS} FROM roles ${where} ORDER BY created_at, id LIMIT ?4 OFFSET ?5`).bind(...args, window.limit, window.offset),
    db.prepare(`SELECT count(*) AS total FROM roles ${where}`).bind(...args),
  ])
  return {
    roles: (page!.results as RoleRow[]).map(toRole),
    total: (count!.results[0] as { total: number }).total,
  }
}

export async function updateRole(db: D1Database, id: string, patch: RoleUpdate): Promise<Role | null | 'conflict'> {
  try {
    const row = await db
      .prepare(
        `UPDATE roles SET name = coalesce(?2, name), description = coalesce(?3, description)
         WHERE id = ?1 RETURNING ${ROLE_COLUMNS}`,
      )
      .bind(id, patch.name ?? null, patch.description ?? null)
      .first<RoleRow>()
    return row && toRole(row)
  } catch (err) {
    if (isUniqueViolation(err)) return 'conflict'
    throw err
  }
}

/** Deletes the role; its member assignments, users and permissions (possibly very many) go through the cleanup queue. */
export function deleteRole(db: D1Database, id: string) {
  return deleteWithCleanup(db, db.prepare('DELETE FROM roles WHERE id = ?').bind(id), 'role', id)
}
