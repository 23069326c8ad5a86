import { hashPassword, sha256Hex } from '../crypto'
import type { Window } from '../http/pagination'
import { now, randomHex } from '../ids'
import type { User, UserCreate, UserUpdate } from '../schemas/user'
import { SOCIAL } from '../schemas/social-providers'
import { deleteWithCleanup } from './cleanups'
import { isUniqueViolation } from './errors'
import { userCreatedEvent, userDeletedEvent, userUpdatedEvent } from './events'

interface UserRow {
  user_id: string
  connection: string
  email: string | null
  email_verified: number
  name: string | null
  nickname: string | null
  picture: string | null
  app_metadata: string | null
  user_metadata: string | null
  blocked: number | null
  created_at: string
  updated_at: string
}

/** What is written for a user: the row, plus the password hash that is never read back out. */
type NewUser = UserRow & { password_hash: string | null }

const COLUMNS =
  'user_id, connection, email, email_verified, name, nickname, picture, app_metadata, user_metadata, blocked, created_at, updated_at'

/** A user id is `<provider>|<id at the provider>`; the identity carries both halves. */
function identityOf(row: UserRow) {
  const bar = row.user_id.indexOf('|')
  const provider = row.user_id.slice(0, bar)
  return { connection: row.connection, user_id: row.user_id.slice(bar + 1), provider, isSocial: SOCIAL.has(provider) }
}

const toUser = (row: UserRow): User => ({
  user_id: row.user_id,
  ...(row.email !== null && { email: row.email }),
  email_verified: row.email_verified === 1,
  ...(row.name !== null && { name: row.name }),
  ...(row.nickname !== null && { nickname: row.nickname }),
  ...(row.picture !== null && { picture: row.picture }),
  created_at: row.created_at,
  updated_at: row.updated_at,
  identities: [identityOf(row)],
  ...(row.app_metadata !== null && { app_metadata: JSON.parse(row.app_metadata) }),
  ...(row.user_metadata !== null && { user_metadata: JSON.parse(row.user_metadata) }),
  ...(row.blocked !== null && { blocked: row.blocked === 1 }),
})

/**
 * Creates a user of connection `connection` (whose strategy is the identity provider). Fills Auth0's
 * defaults: id `<provider>|<24 hex>`, name = email, nickname = email's local part, a gravatar picture.
 * Only a salted hash of the password is kept. 'conflict' when the id, or the email within the
 * connection, is taken.
 */
export async function createUser(db: D1Database, input: UserCreate, strategy: string): Promise<User | 'conflict'> {
  const email = input.email?.toLowerCase() ?? null
  const nickname = input.nickname ?? email?.split('@')[0] ?? null
  const at = now()
  const user: NewUser = {
    user_id: `${strategy}|${input.user_id ?? randomHex(12)}`,
    connection: input.connection,
    email,
    email_verified: input.email_verified ? 1 : 0,
    name: input.name ?? email,
    nickname,
    picture: input.picture ?? (await gravatar(email ?? '', input.name ?? nickname ?? email ?? '')),
    app_metadata: metadataText(input.app_metadata),
    user_metadata: metadataText(input.user_metadata),
    blocked: input.blocked === undefined ? null : input.blocked ? 1 : 0,
    created_at: at,
    updated_at: at,
    password_hash: input.password === undefined ? null : await hashPassword(input.password),
  }
  try {
    const insert = db
      .prepare(`INSERT INTO users (${COLUMNS}, password_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .bind(user.user_id, user.connection, user.email, user.email_verified, user.name, user.nickname, user.picture,
        user.app_metadata, user.user_metadata, user.blocked, user.created_at, user.updated_at, user.password_hash)
    await db.batch([insert, userCreatedEvent(db, user.user_id)])
  } catch (err) {
    if (isUniqueViolation(err)) return 'conflict'
    throw err
  }
  return toUser(user)
}

/** Auth0's default picture: gravatar by email hash, falling back to an avatar of the name's first two letters. */
async function gravatar(email: string, name: string): Promise<string> {
  const fallback = encodeURIComponent(`https://cdn.auth0.com/avatars/${name.slice(0, 2).toLowerCase() || 'na'}.png`)
  return `https://s.gravatar.com/avatar/${await sha256Hex(email.trim().toLowerCase())}?s=480&r=pg&d=${fallback}`
}

/** Metadata merges at the root: keys replace, `null` removes; an empty object is stored as absent. */
function metadataText(patch: Record<string, unknown> | undefined, stored: string | null = null): string | null {
  const merged: Record<string, unknown> = { ...(stored === null ? {} : JSON.parse(stored)), ...patch }
  for (const [key, value] of Object.entries(merged)) if (value === null) delete merged[key]
  return Object.keys(merged).length ? JSON.stringify(merged) : null
}

export async function findUser(db: D1Database, userId: string): Promise<User | null> {
  const row = await db.prepare(`SELECT ${COLUMNS} FROM users WHERE user_id = ?`).bind(userId).first<UserRow>()
  return row && toUser(row)
}

export async function listUsers(db: D1Database, window: Window, connection?: string): Promise<{ users: User[]; total: number }> {
  const where = 'WHERE (?1 IS NULL OR connection = ?1)'
  const [page, count] = await db.batch([
    db.prepare(`SELECT ${COLUMNS} FROM users ${where} ORDER BY created_at, user_id LIMIT ?2 OFFSET ?3`).bind(connection ?? null, window.limit, window.offset),
    db.prepare(`SELECT count(*) AS total FROM users ${where}`).bind(connection ?? null),
  ])
  return { users: (page!.results as UserRow[]).map(toUser), total: (count!.results[0] as { total: number }).total }
}

/**
 * Applies a PATCH: `null` clears a profile field, metadata merges into what is stored. Profile fields
 * are written only when the patch names them, so a concurrent PATCH of another field is never undone.
 * The metadata merge is computed from a read, so the write only lands if the metadata is still what
 * was read (compare-and-swap), re-reading on a lost race. null when there is no such user.
 */
export async function updateUser(db: D1Database, userId: string, patch: UserUpdate): Promise<User | null | 'conflict'> {
  const passwordHash = patch.password ? await hashPassword(patch.password) : null
  const fields: ProfileChanges = {
    email: patch.email === undefined ? undefined : patch.email?.toLowerCase() ?? null,
    email_verified: patch.email_verified === undefined ? undefined : patch.email_verified ? 1 : 0,
    name: patch.name,
    nickname: patch.nickname,
    picture: patch.picture,
    blocked: patch.blocked === undefined ? undefined : patch.blocked ? 1 : 0,
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    const seen = await db
      .prepare('SELECT app_metadata, user_metadata FROM users WHERE user_id = ?')
      .bind(userId)
      .first<Pick<UserRow, 'app_metadata' | 'user_metadata'>>()
    if (!seen) return null
    const metadata = {
      app_metadata: metadataText(patch.app_metadata, seen.app_metadata),
      user_metadata: metadataText(patch.user_metadata, seen.user_metadata),
    }
    const changed = await writeIfUnchanged(db, userId, seen, fields, metadata, passwordHash)
    if (changed) return changed
  }
  throw new Error(`user ${userId}: metadata kept changing under concurrent updates`)
}

type ProfileChanges = Partial<Record<'email' | 'name' | 'nickname' | 'picture', string | null> & Record<'email_verified' | 'blocked', number>>

/** Each is written as `column = CASE WHEN <given> THEN <value> ELSE column END` (a flag and a value bound per field). */
const PROFILE_COLUMNS = ['email', 'email_verified', 'name', 'nickname', 'picture', 'blocked'] as const

async function writeIfUnchanged(
  db: D1Database,
  userId: string,
  seen: Pick<UserRow, 'app_metadata' | 'user_metadata'>,
  fields: ProfileChanges,
  metadata: Pick<UserRow, 'app_metadata' | 'user_metadata'>,
  passwordHash: string | null,
): Promise<User | 'conflict' | null> {
  const sets = PROFILE_COLUMNS.map((c, i) => `${c} = CASE WHEN ?${8 + 2 * i} THEN ?${9 + 2 * i} ELSE ${c} END`).join(', ')
  const values = PROFILE_COLUMNS.flatMap((c) => [fields[c] === undefined ? 0 : 1, fields[c] ?? null])
  try {
    const update = db
      .prepare(
        `UPDATE users SET ${sets}, app_metadata = ?4, user_metadata = ?5, updated_at = ?6, password_hash = coalesce(?7, password_hash)
         WHERE user_id = ?1 AND app_metadata IS ?2 AND user_metadata IS ?3 RETURNING ${COLUMNS}`,
      )
      .bind(userId, seen.app_metadata, seen.user_metadata, metadata.app_metadata, metadata.user_metadata, now(), passwordHash, ...values)
    const row = (await db.batch([update, userUpdatedEvent(db, userId)]))[0]!.results[0] as UserRow | undefined
    return row ? toUser(row) : null
  } catch (err) {
    if (isUniqueViolation(err)) return 'conflict'
    throw err
  }
}

/**
 * Deletes the user; their memberships and role assignments (possibly in very many orgs) go through
 * the cleanup queue, which only removes rows created before this delete, so a user re-created
 * under the same id keeps what it gains afterwards. Until then the rows are invisible: member
 * listings join users.
 */
export function deleteUser(db: D1Database, userId: string) {
  return deleteWithCleanup(db, db.prepare('DELETE FROM users WHERE user_id = ?').bind(userId), 'user', userId, [userDeletedEvent(db, userId)])
}
