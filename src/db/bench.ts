import { encodeCursor } from '../http/checkpoint'
import { newId, now } from '../ids'
import { recountConnections } from './org-connections'
import { countOrganizationAdded } from './organizations'

/**
 * Bench-only data access: set-based seeding at Auth0's entity limits and the few reads the benchmark
 * needs to drive and observe the API. Only routes/bench.ts (behind BENCH_MODE) calls these.
 *
 * Every seed statement numbers rows with a recursive CTE and inserts them in one statement, so
 * 20,000 rows cost one D1 round trip. Row n gets `created_at` = base + n ms: distinct, increasing,
 * so keyset pages walk a realistic order.
 */
// CASTs: D1 may bind JS numbers as REAL, and `'x' || 1.0` would read 'x1.0'.
const SEQ = 'WITH RECURSIVE seq(n) AS (SELECT CAST(?1 AS INTEGER) UNION ALL SELECT n + 1 FROM seq WHERE n < ?2)'
const STAMP = (offsetMs: string) => `strftime('%Y-%m-%dT%H:%M:%fZ', (CAST(?3 AS INTEGER) + ${offsetMs}) / 1000.0, 'unixepoch')`

/** Seeded users are `auth0|bench000001`, ...: the bench script derives member ids from n alone. */
const USER_ID_SQL = `'auth0|bench' || printf('%06d', n)`

export interface SeedRange {
  from: number
  count: number
  baseMs: number
}

const changes = (result: D1Result) => result.meta.changes ?? 0

/** Organizations `<prefix>-000001`, ... (unique lowercase names), random `org_` ids, counted in the tenant's total. */
export async function seedOrganizations(db: D1Database, range: SeedRange, prefix: string): Promise<number> {
  const [result] = await db.batch([
    db
      .prepare(
        `${SEQ} INSERT INTO organizations (id, name, display_name, created_at, updated_at)
         SELECT 'org_' || lower(hex(randomblob(8))), ?4 || '-' || printf('%06d', n), 'Bench Org ' || n, ${STAMP('n')}, ${STAMP('n')} FROM seq`,
      )
      .bind(range.from, range.from + range.count - 1, range.baseMs, prefix),
    db.prepare('UPDATE tenant_counts SET organizations = organizations + changes() WHERE id = 1'),
  ])
  return changes(result!)
}

export async function seedUsers(db: D1Database, range: SeedRange): Promise<number> {
  const result = await db
    .prepare(
      `${SEQ} INSERT INTO users (user_id, connection, email, email_verified, name, nickname, picture, created_at, updated_at)
       SELECT ${USER_ID_SQL}, 'Username-Password-Authentication', 'bench' || n || '@example.com', 1, 'Bench User ' || n,
              'bench' || n, 'https://example.com/avatars/' || n || '.png', ${STAMP('n')}, ${STAMP('n')} FROM seq`,
    )
    .bind(range.from, range.from + range.count - 1, range.baseMs)
    .run()
  return changes(result)
}

/**
 * Users n in the range join the org (membership time base + n ms), each holding every role in `roleIds`,
 * with the counters the API keeps for those rows (members of the org, orgs of each user, roles of each member).
 */
export async function seedMembers(db: D1Database, orgId: string, range: SeedRange, roleIds: string[]): Promise<number> {
  const bounds = [range.from, range.from + range.count - 1, range.baseMs, orgId] as const
  const [members, , , roles] = await db.batch([
    db
      .prepare(`${SEQ} INSERT INTO org_members (org_id, user_id, created_at) SELECT ?4, ${USER_ID_SQL}, ${STAMP('n')} FROM seq`)
      .bind(...bounds),
    db.prepare('UPDATE organizations SET member_count = member_count + changes() WHERE id = ?').bind(orgId),
    db
      .prepare(`${SEQ} INSERT INTO user_organization_counts (user_id, n) SELECT ${USER_ID_SQL}, 1 FROM seq WHERE true ON CONFLICT (user_id) DO UPDATE SET n = n + 1`)
      .bind(range.from, range.from + range.count - 1),
    db
      .prepare(
        `${SEQ} INSERT INTO org_member_roles (org_id, user_id, role_id, created_at)
         SELECT ?4, ${USER_ID_SQL}, r.value, ${STAMP('n')} FROM seq CROSS JOIN json_each(?5) r`,
      )
      .bind(...bounds, JSON.stringify(roleIds)),
    db
      .prepare(
        `${SEQ} INSERT INTO member_role_counts (org_id, user_id, n) SELECT ?3, ${USER_ID_SQL}, ?4 FROM seq WHERE ?4 > 0
         ON CONFLICT (org_id, user_id) DO UPDATE SET n = n + excluded.n`,
      )
      .bind(range.from, range.from + range.count - 1, orgId, roleIds.length),
  ])
  return changes(members!) + changes(roles!)
}

/** Pending invitations stored as the invitations route stores them (Auth0's document in `doc`). */
export async function seedInvitations(db: D1Database, orgId: string, range: SeedRange, clientId: string): Promise<number> {
  // Ids are derived from n and a per-call tag: an id computed once per row, not one randomblob() per use.
  const tag = newId('x').slice(2, 10).toLowerCase()
  const result = await db
    .prepare(
      `${SEQ} INSERT INTO invitations (id, org_id, doc, created_at, expires_at, email_state)
       SELECT id, ?4, json_object('id', id, 'client_id', ?5, 'inviter', json_object('name', 'Bench'),
                'invitee', json_object('email', 'invitee' || n || '@example.com'),
                'invitation_url', 'https://example.com/login?invitation=' || ticket, 'ticket_id', ticket,
                'created_at', created_at, 'expires_at', expires_at, 'organization_id', ?4),
              created_at, expires_at, 'none'
       FROM (SELECT n, 'uinv_' || ?6 || printf('%08d', n) AS id, 'tkt' || ?6 || printf('%08d', n) AS ticket,
                    ${STAMP('n')} AS created_at, strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+7 days') AS expires_at FROM seq)`,
    )
    .bind(range.from, range.from + range.count - 1, range.baseMs, orgId, clientId, tag)
    .run()
  return changes(result)
}

export async function seedRoles(db: D1Database, names: string[]): Promise<{ id: string; name: string }[]> {
  const roles = names.map((name) => ({ id: newId('rol'), name }))
  await db.batch(roles.map((r) => db.prepare('INSERT INTO roles (id, name, created_at) VALUES (?, ?, ?)').bind(r.id, r.name, now())))
  return roles
}

/** One organization, created now, with the default database connection enabled (and counted). */
export async function seedOrganization(db: D1Database, name: string): Promise<{ id: string; name: string }> {
  const id = newId('org')
  const at = now()
  await db.batch([
    db.prepare('INSERT INTO organizations (id, name, display_name, created_at, updated_at) VALUES (?1, ?2, ?2, ?3, ?3)').bind(id, name, at),
    countOrganizationAdded(db),
    db
      .prepare(
        `INSERT INTO org_connections (org_id, connection_id, created_at)
         SELECT ?1, id, ?2 FROM connections WHERE name = 'Username-Password-Authentication'`,
      )
      .bind(id, at),
    recountConnections(db, id),
  ])
  return { id, name }
}

/** The checkpoint cursor that resumes right after the `position`-th row (1-based) of a keyset list. */
export async function cursorAt(db: D1Database, position: number, orgId?: string): Promise<string | null> {
  const row = orgId
    ? await db
        .prepare('SELECT created_at, user_id AS id FROM org_members WHERE org_id = ? ORDER BY created_at, user_id LIMIT 1 OFFSET ?')
        .bind(orgId, position - 1)
        .first<{ created_at: string; id: string }>()
    : await db
        .prepare('SELECT created_at, id FROM organizations ORDER BY created_at, id LIMIT 1 OFFSET ?')
        .bind(position - 1)
        .first<{ created_at: string; id: string }>()
  return row ? encodeCursor({ createdAt: row.created_at, id: row.id }) : null
}

/** Ids of the organizations in one stretch of creation order (targets the bench spreads requests over). */
export async function organizationIds(db: D1Database, offset: number, count: number): Promise<{ id: string; name: string }[]> {
  const { results } = await db
    .prepare('SELECT id, name FROM organizations ORDER BY created_at, id LIMIT ? OFFSET ?')
    .bind(count, offset)
    .all<{ id: string; name: string }>()
  return results
}

export interface CleanupState {
  state: string
  created_at: string
  finished_at: string | null
}

/** The cleanup recorded when the org was deleted (kind 'organization'), latest first. */
export async function cleanupState(db: D1Database, orgId: string): Promise<CleanupState | null> {
  return db
    .prepare(
      `SELECT state, created_at, finished_at FROM cleanups WHERE kind = 'organization' AND target_id = ?
       ORDER BY created_at DESC LIMIT 1`,
    )
    .bind(orgId)
    .first<CleanupState>()
}

/** Rows still held by a deleted org's dependents, and invitation emails not yet settled anywhere. */
export async function leftovers(db: D1Database, orgId: string): Promise<Record<string, number>> {
  const row = await db
    .prepare(
      `SELECT (SELECT count(*) FROM org_members WHERE org_id = ?1) AS members,
              (SELECT count(*) FROM org_member_roles WHERE org_id = ?1) AS member_roles,
              (SELECT count(*) FROM invitations WHERE org_id = ?1) AS invitations,
              (SELECT count(*) FROM org_connections WHERE org_id = ?1) AS connections`,
    )
    .bind(orgId)
    .first<Record<string, number>>()
  return row ?? {}
}

export async function pendingInvitationEmails(db: D1Database): Promise<number> {
  const row = await db
    .prepare(`SELECT count(*) AS pending FROM invitations WHERE email_state IN ('queued', 'sending', 'failed')`)
    .first<{ pending: number }>()
  return row?.pending ?? 0
}

/**
 * `count` committed events of `type` in the outbox, as that many changes would have written them
 * (user.deleted objects of seeded users): the event delivery run of the bench sends them to a stream.
 */
export async function seedEvents(db: D1Database, count: number, type: string): Promise<number> {
  const result = await db
    .prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
       INSERT INTO events (id, type, time, data)
       SELECT 'evt_' || lower(hex(randomblob(11))), ?2, ?3,
         json_object('object', json_object('user_id', 'auth0|bench-event-' || i, 'created_at', ?3, 'updated_at', ?3,
           'identities', json('[]'), 'deleted_at', ?3))
       FROM n`,
    )
    .bind(count, type, now())
    .run()
  return result.meta.changes ?? 0
}
