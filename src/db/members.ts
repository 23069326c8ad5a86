import type { Cursor } from '../http/checkpoint'
import type { Window } from '../http/pagination'
import { now } from '../ids'
import type { Member } from '../schemas/member'
import { pendingTargets } from './cleanups'
import { memberAddedEvent, memberDeletedEvent } from './events'
import { organizationExistsStatement } from './organizations'

interface MemberRow {
  user_id: string
  created_at: string
  email: string | null
  picture: string | null
  name: string | null
  roles?: string | null
}

export interface MemberPageRow extends Member {
  created_at: string
}

function toMember(row: MemberRow): MemberPageRow {
  return {
    user_id: row.user_id,
    ...(row.email !== null && { email: row.email }),
    ...(row.picture !== null && { picture: row.picture }),
    ...(row.name !== null && { name: row.name }),
    ...(row.roles !== undefined && { roles: row.roles ? JSON.parse(row.roles) : [] }),
    created_at: row.created_at,
  }
}

/** The member's roles in this org, as one JSON array built inside SQLite: no query per member. */
const ROLES_COLUMN = `(SELECT json_group_array(json_object('id', r.id, 'name', r.name))
    FROM org_member_roles mr JOIN roles r ON r.id = mr.role_id
    WHERE mr.org_id = m.org_id AND mr.user_id = m.user_id) AS roles`

const memberColumns = (withRoles: boolean) =>
  `m.user_id, m.created_at, u.email, u.picture, u.name${withRoles ? `, ${ROLES_COLUMN}` : ''}`

/** Keyset page in membership order (created_at, user_id) on org_members_order, with the org check in the same batch. */
export async function listMembersAfter(
  db: D1Database,
  orgId: string,
  after: Cursor | null,
  take: number,
  withRoles: boolean,
): Promise<MemberPageRow[] | null> {
  const [org, page] = await db.batch([
    organizationExistsStatement(db, orgId),
    db
      .prepare(
        `SELECT ${memberColumns(withRoles)} FROM org_members m JOIN users u ON u.user_id = m.user_id
         WHERE m.org_id = ?1 AND (m.created_at, m.user_id) > (?2, ?3)
         ORDER BY m.created_at, m.user_id LIMIT ?4`,
      )
      .bind(orgId, after?.createdAt ?? '', after?.id ?? '', take),
  ])
  if (org!.results.length === 0) return null
  return (page!.results as MemberRow[]).map(toMember)
}

/**
 * The org's member total, or no row when the org does not exist: its counter less the memberships of
 * deleted users still awaiting cleanup (the page joins users, so it no longer shows them).
 */
function memberTotalStatement(db: D1Database, orgId: string): D1PreparedStatement {
  return db
    .prepare(
      `SELECT o.member_count
         - (SELECT count(*) FROM (${pendingTargets('user')}) p CROSS JOIN org_members m ON m.org_id = o.id AND m.user_id = p.target_id
            WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.user_id = p.target_id)) AS total
       FROM organizations o WHERE o.id = ?`,
    )
    .bind(orgId)
}

export async function listMembersOffset(
  db: D1Database,
  orgId: string,
  window: Window,
  withRoles: boolean,
  withTotal: boolean,
): Promise<{ members: MemberPageRow[]; total?: number } | null> {
  const [org, page] = await db.batch([
    withTotal ? memberTotalStatement(db, orgId) : organizationExistsStatement(db, orgId),
    db
      .prepare(
        `SELECT ${memberColumns(withRoles)} FROM org_members m JOIN users u ON u.user_id = m.user_id
         WHERE m.org_id = ? ORDER BY m.created_at, m.user_id LIMIT ? OFFSET ?`,
      )
      .bind(orgId, window.limit, window.offset),
  ])
  const found = org!.results[0] as { total?: number } | undefined
  if (!found) return null
  return { members: (page!.results as MemberRow[]).map(toMember), total: found.total }
}

/** Which of `userIds` exist, checked in the same round trip as the org. Null when the org does not exist. */
export async function findExistingUsers(db: D1Database, orgId: string, userIds: string[]): Promise<Set<string> | null> {
  const [org, users] = await db.batch([
    organizationExistsStatement(db, orgId),
    db.prepare(`SELECT user_id FROM users WHERE user_id IN (${userIds.map(() => '?').join(', ')})`).bind(...userIds),
  ])
  if (org!.results.length === 0) return null
  return new Set((users!.results as { user_id: string }[]).map((u) => u.user_id))
}

/** Of the listed users (?2, a JSON array), those an add would make members of org ?1: they exist, and are not members yet. */
const joining = (columns: string) => `SELECT ${columns} FROM users u WHERE u.user_id IN (SELECT value FROM json_each(?2))
  AND EXISTS (SELECT 1 FROM organizations WHERE id = ?1)
  AND NOT EXISTS (SELECT 1 FROM org_members m WHERE m.org_id = ?1 AND m.user_id = u.user_id)`

/**
 * Adds memberships in one batch. Each insert re-checks that the user and the org still exist, so a
 * concurrent delete cannot leave an orphan row; an existing membership is left as it is. The counters
 * come first, over the same condition as the inserts: a batch is one transaction, so they count
 * exactly the rows the inserts then add, whatever runs concurrently.
 */
export async function addMembers(db: D1Database, orgId: string, userIds: string[]): Promise<void> {
  const createdAt = now()
  const listed = JSON.stringify(userIds)
  await db.batch([
    db.prepare(`UPDATE organizations SET member_count = member_count + (${joining('count(*)')}) WHERE id = ?1`).bind(orgId, listed),
    db.prepare(`INSERT INTO user_organization_counts (user_id, n) ${joining('u.user_id, 1')} ON CONFLICT (user_id) DO UPDATE SET n = n + 1`).bind(orgId, listed),
    ...userIds.flatMap((userId) => [
      db
        .prepare(
          `INSERT OR IGNORE INTO org_members (org_id, user_id, created_at)
           SELECT ?1, user_id, ?3 FROM users WHERE user_id = ?2 AND EXISTS (SELECT 1 FROM organizations WHERE id = ?1)`,
        )
        .bind(orgId, userId, createdAt),
      memberAddedEvent(db, orgId, userId),
    ]),
  ])
}

/**
 * Removes memberships and the members' role assignments in this org, with their counters (counted
 * before the deletes, in the same transaction); false when the org does not exist.
 */
export async function removeMembers(db: D1Database, orgId: string, userIds: string[]): Promise<boolean> {
  const leaving = `SELECT user_id FROM org_members WHERE org_id = ?1 AND user_id IN (SELECT value FROM json_each(?2))`
  const listed = JSON.stringify(userIds)
  const [org] = await db.batch([
    organizationExistsStatement(db, orgId),
    db.prepare(`UPDATE organizations SET member_count = member_count - (SELECT count(*) FROM (${leaving})) WHERE id = ?1`).bind(orgId, listed),
    db.prepare(`UPDATE user_organization_counts SET n = n - 1 WHERE user_id IN (${leaving})`).bind(orgId, listed),
    db.prepare('DELETE FROM member_role_counts WHERE org_id = ?1 AND user_id IN (SELECT value FROM json_each(?2))').bind(orgId, listed),
    ...userIds.flatMap((userId) => [
      db.prepare('DELETE FROM org_member_roles WHERE org_id = ? AND user_id = ?').bind(orgId, userId),
      memberDeletedEvent(db, orgId, userId),
      db.prepare('DELETE FROM org_members WHERE org_id = ? AND user_id = ?').bind(orgId, userId),
    ]),
  ])
  return org!.results.length > 0
}
