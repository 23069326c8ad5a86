import { newId, now } from '../ids'
import type { Window } from '../http/pagination'
import type { Role, RoleCreate, RoleUpdate } from '../schemas/role'
import { deleteWithCleanup } from './cleanups'
import { isUniqueViolation } from './errors'

interface RoleRow {
  id: string
  name: string
  description: string | null
}

const toRole = (row: RoleRow): Role => ({
  id: row.id,
  name: row.name,
  ...(row.description !== null && { description: row.description }),
})

export async function createRole(db: D1Database, input: RoleCreate): Promise<Role | 'conflict'> {
  const row: RoleRow = { id: newId('rol'), name: input.name, description: input.description ?? null }
  try {
    await db
      .prepare('INSERT INTO roles (id, name, description, created_at) VALUES (?, ?, ?, ?)')
      .bind(row.id, row.name, row.description, now())
      .run()
  } catch (err) {
    if (isUniqueViolation(err)) return 'conflict'
    throw err
  }
  return toRole(row)
}

export async function findRole(db: D1Database, id: string): Promise<Role | null> {
  const row = await db.prepare('SELECT id, name, description FROM roles WHERE id = ?').bind(id).first<RoleRow>()
  return row && toRole(row)
}

/**
 * `nameFilter` matches as a case-insensitive substring (ASCII case, as SQLite's lower()). instr() rather
 * than LIKE: a filter is text, not a pattern, so `%` and `_` need no escaping, and D1 refuses LIKE
 * patterns over 50 bytes, which a long filter would have become.
 */
export async function listRoles(db: D1Database, window: Window, nameFilter?: string): Promise<{ roles: Role[]; total: number }> {
  const where = 'WHERE ?1 IS NULL OR instr(lower(name), lower(?1)) > 0'
  const filter = nameFilter || null
  const [page, count] = await db.batch([
    db.prepare(`SELECT id, name, description FROM roles ${where} ORDER BY created_at, id LIMIT ?2 OFFSET ?3`).bind(filter, window.limit, window.offset),
    db.prepare(`SELECT count(*) AS total FROM roles ${where}`).bind(filter),
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
         WHERE id = ?1 RETURNING id, name, description`,
      )
      .bind(id, patch.name ?? null, patch.description ?? null)
      .first<RoleRow>()
    return row && toRole(row)
  } catch (err) {
    if (isUniqueViolation(err)) return 'conflict'
    throw err
  }
}

/** Deletes the role; its member assignments (possibly very many) go through the cleanup queue. */
export function deleteRole(db: D1Database, id: string) {
  return deleteWithCleanup(db, db.prepare('DELETE FROM roles WHERE id = ?').bind(id), 'role', id)
}
