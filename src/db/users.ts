import { hashPassword, sha256Hex } from '../crypto'
import { now, randomHex } from '../ids'
import { USER_DOC_FIELDS, type User, type UserCreate, type UserUpdate } from '../schemas/user'
import { SOCIAL } from '../schemas/social-providers'
import { deleteWithCleanup } from './cleanups'
import { isUniqueViolation } from './errors'
import { userCreatedEvent, userDeletedEvent, userUpdatedEvent } from './events'

export interface UserRow {
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
  username: string | null
  /** The Auth0 fields without a column (given_name, phone_number, ...), as JSON; null when there are none. */
  doc: string | null
}

/** What is written for a user: the row, plus the password hash that is never read back out. */
type NewUser = UserRow & { password_hash: string | null }

export const COLUMNS =
  'user_id, connection, email, email_verified, name, nickname, picture, app_metadata, user_metadata, blocked, created_at, updated_at, username, doc'

/** A user id is `<provider>|<id at the provider>`; the identity carries both halves. */
function identityOf(row: UserRow) {
  const bar = row.user_id.indexOf('|')
  const provider = row.user_id.slice(0, bar)
  return { connection: row.connection, user_id: row.user_id.slice(bar + 1), provider, isSocial: SOCIAL.has(provider) }
}

export const toUser = (row: UserRow): User => ({
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
  ...(row.username !== null && { username: row.username }),
  ...(row.doc !== null && JSON.parse(row.doc)),
})

/** The document part of a body: its fields without a column, nulls left out (on PATCH a null removes the field). */
function docFields(input: Record<string, unknown>): Record<string, unknown> | null {
  const entries = USER_DOC_FIELDS.filter((key) => Object.hasOwn(input, key)).map((key) => [key, input[key]])
  return entries.length ? Object.fromEntries(entries) : null
}

const docText = (input: Record<string, unknown>) => {
  const fields = docFields(input)
  const kept = fields && Object.entries(fields).filter(([, v]) => v !== null)
  return kept?.length ? JSON.stringify(Object.fromEntries(kept)) : null
}

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
    username: input.username ?? null,
    doc: docText(input),
    password_hash: input.password === undefined ? null : await hashPassword(input.password),
  }
  try {
    const insert = db
      .prepare(`INSERT INTO users (${COLUMNS}, password_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .bind(user.user_id, user.connection, user.email, user.email_verified, user.name, user.nickname, user.picture,
        user.app_metadata, user.user_metadata, user.blocked, user.created_at, user.updated_at, user.username, user.doc, user.password_hash)
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

/** A created user's metadata: `null` values are left out, and an empty object is stored as absent. */
function metadataText(metadata: Record<string, unknown> | undefined): string | null {
  const kept = Object.entries(metadata ?? {}).filter(([, value]) => value !== null)
  return kept.length ? JSON.stringify(Object.fromEntries(kept)) : null
}

export async function findUser(db: D1Database, userId: string): Promise<User | null> {
  const row = await db.prepare(`SELECT ${COLUMNS} FROM users WHERE user_id = ?`).bind(userId).first<UserRow>()
  return row && toUser(row)
}

/**
 * Applies a PATCH in one UPDATE: `null` clears a profile field, metadata merges into what is stored.
 * Profile fields are written only when the patch names them, and the metadata merge is computed by
 * the statement itself from the row it updates, so concurrent PATCHes never undo one another and
 * never have to retry. null when there is no such user.
 */
export async function updateUser(db: D1Database, userId: string, patch: UserUpdate): Promise<User | null | 'conflict' | 'unknown_connection'> {
  const passwordHash = patch.password ? await hashPassword(patch.password) : null
  const fields: ProfileChanges = {
    email: patch.email === undefined ? undefined : patch.email?.toLowerCase() ?? null,
    email_verified: patch.email_verified === undefined ? undefined : patch.email_verified ? 1 : 0,
    name: patch.name,
    nickname: patch.nickname,
    picture: patch.picture,
    blocked: patch.blocked === undefined ? undefined : patch.blocked ? 1 : 0,
    username: patch.username,
  }
  // Document fields merge (a null removes one) in the same statement: JSON merge patch in SQL.
  const doc = docFields(patch)
  const sets = PROFILE_COLUMNS.map((c, i) => `${c} = CASE WHEN ?${8 + 2 * i} THEN ?${9 + 2 * i} ELSE ${c} END`).join(', ')
  const values = PROFILE_COLUMNS.flatMap((c) => [fields[c] === undefined ? 0 : 1, fields[c] ?? null])
  // A `connection` named by the patch must exist; the reads that tell why nothing changed share the update's batch.
  const connection = patch.connection ?? null
  try {
    const [known, updated] = await db.batch([
      db.prepare('SELECT (SELECT count(*) FROM connections WHERE name = ?1) AS connection_known, (SELECT count(*) FROM users WHERE user_id = ?2) AS user_known').bind(connection, userId),
      db
        .prepare(
          `UPDATE users SET ${sets},
             app_metadata = ${mergeAtRoot('app_metadata', '?2', '?3')},
             user_metadata = ${mergeAtRoot('user_metadata', '?4', '?5')},
             updated_at = ?6, password_hash = coalesce(?7, password_hash),
             doc = CASE WHEN ?${DOC_PARAM} IS NULL THEN doc ELSE nullif(json_patch(coalesce(doc, '{}'), ?${DOC_PARAM}), '{}') END
           WHERE user_id = ?1 AND (?${DOC_PARAM + 1} IS NULL OR EXISTS (SELECT 1 FROM connections WHERE name = ?${DOC_PARAM + 1}))
           RETURNING ${COLUMNS}`,
        )
        .bind(userId, ...mergeArgs(patch.app_metadata), ...mergeArgs(patch.user_metadata), now(), passwordHash, ...values, doc && JSON.stringify(doc), connection),
      userUpdatedEvent(db, userId),
    ])
    const row = updated!.results[0] as UserRow | undefined
    if (row) return toUser(row)
    const facts = known!.results[0] as { connection_known: number; user_known: number }
    if (facts.user_known === 0) return null
    return 'unknown_connection'
  } catch (err) {
    if (isUniqueViolation(err)) return 'conflict'
    throw err
  }
}

type ProfileChanges = Partial<Record<'email' | 'name' | 'nickname' | 'picture' | 'username', string | null> & Record<'email_verified' | 'blocked', number>>

/** Each is written as `column = CASE WHEN <given> THEN <value> ELSE column END` (a flag and a value bound per field). */
const PROFILE_COLUMNS = ['email', 'email_verified', 'name', 'nickname', 'picture', 'blocked', 'username'] as const
const DOC_PARAM = 8 + 2 * PROFILE_COLUMNS.length

/**
 * Auth0 merges metadata at the root: each key the patch names is replaced whole, a `null` value
 * removes it, other keys stay. In SQL, from two parameters: `drop` is `{key: null, ...}` for every key
 * the patch names, which json_patch removes from the stored object; `add` holds the patch's non-null
 * keys, appended as text (none of them is left in what is kept, so the keys stay unique). json_patch
 * alone would not do: it merges nested objects and removes nested nulls. An empty result is stored
 * as NULL; with `drop` NULL (the patch leaves this metadata alone) the column keeps its value.
 */
function mergeAtRoot(column: string, drop: string, add: string): string {
  const kept = `json_patch(coalesce(${column}, '{}'), ${drop})`
  return `CASE WHEN ${drop} IS NULL THEN ${column}
    WHEN ${add} = '{}' THEN nullif(${kept}, '{}')
    WHEN ${kept} = '{}' THEN ${add}
    ELSE substr(${kept}, 1, length(${kept}) - 1) || ',' || substr(${add}, 2) END`
}

/** The `drop` and `add` parameters of mergeAtRoot for a patch (both NULL when the patch has none). */
function mergeArgs(patch: Record<string, unknown> | undefined): [string | null, string | null] {
  if (patch === undefined) return [null, null]
  const entries = Object.entries(patch)
  return [JSON.stringify(Object.fromEntries(entries.map(([key]) => [key, null]))), JSON.stringify(Object.fromEntries(entries.filter(([, v]) => v !== null)))]
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
