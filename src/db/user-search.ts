import type { Window } from '../http/pagination'
import type { User } from '../schemas/user'
import { COLUMNS, toUser, type UserRow } from './users'

/**
 * One exact-match condition from `q` (routes/users.ts parses it): `sql` is a fixed fragment from
 * USER_QUERY_FIELDS, never text from the request; the value (and a JSON path) are bound.
 */
export interface UserMatch {
  sql: string
  value: string
  /** For metadata fields: the JSON path inside the metadata column (`$."plan"`). */
  path?: string
}

/** Fields `q` can match exactly, as SQL over ?2 (the value) and ?3 (a JSON path). */
export const USER_QUERY_FIELDS: Record<string, string> = {
  email: 'email = ?2',
  user_id: 'user_id = ?2',
  name: 'name = ?2',
  nickname: 'nickname = ?2',
  username: 'username = ?2',
  'identities.connection': 'connection = ?2',
  given_name: "json_extract(doc, '$.given_name') = ?2",
  family_name: "json_extract(doc, '$.family_name') = ?2",
  phone_number: "json_extract(doc, '$.phone_number') = ?2",
  app_metadata: 'json_extract(app_metadata, ?3) = ?2',
  user_metadata: 'json_extract(user_metadata, ?3) = ?2',
}

/** Columns `sort` may name. */
export const USER_SORT_COLUMNS: Record<string, string> = {
  created_at: 'created_at',
  updated_at: 'updated_at',
  email: 'email',
  name: 'name',
  nickname: 'nickname',
  username: 'username',
  user_id: 'user_id',
}

export interface UserSearch {
  connection?: string
  match?: UserMatch
  sort?: { column: string; descending: boolean }
}

/** A page of users and the total, in one batch (one round trip). */
export async function searchUsers(db: D1Database, window: Window, search: UserSearch): Promise<{ users: User[]; total: number }> {
  // Every statement names ?1..?3, with or without a match, so the bound values line up.
  const where = `WHERE (?1 IS NULL OR connection = ?1) AND ${search.match?.sql ?? '?2 IS NULL'} AND (?3 IS NULL OR ?3 IS NOT NULL)`
  const sort = search.sort ? `${USER_SORT_COLUMNS[search.sort.column]} ${search.sort.descending ? 'DESC' : 'ASC'}, ` : ''
  const args = [search.connection ?? null, search.match?.value ?? null, search.match?.path ?? null]
  const [page, count] = await db.batch([
    db.prepare(`SELECT ${COLUMNS} FROM users ${where} ORDER BY ${sort}created_at, user_id LIMIT ?4 OFFSET ?5`).bind(...args, window.limit, window.offset),
    db.prepare(`SELECT count(*) AS total FROM users ${where}`).bind(...args),
  ])
  return { users: (page!.results as UserRow[]).map(toUser), total: (count!.results[0] as { total: number }).total }
}

/** GET /users-by-email: every user with this (lower-cased) email, across connections, oldest first. */
export async function findUsersByEmail(db: D1Database, email: string): Promise<User[]> {
  const { results } = await db.prepare(`SELECT ${COLUMNS} FROM users WHERE email = ? ORDER BY created_at, user_id`).bind(email.toLowerCase()).all<UserRow>()
  return results.map(toUser)
}
