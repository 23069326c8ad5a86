import type { Window } from '../http/pagination'
import { now } from '../ids'
import { pendingTargets } from './cleanups'
import { organizationExistsStatement } from './organizations'

/** Auth0's entity limit: role assignments per organization member. */
export const MAX_ROLES_PER_MEMBER = 50

export interface MemberRoleContext {
  orgExists: boolean
  userExists: boolean
  knownRoles: Set<string>
  /** Roles the member holds in this org now (a deleted role's rows awaiting cleanup do not count). */
  assigned: number
  alreadyHeld: Set<string>
}

/**
 * Everything an assignment needs checked, in one round trip. The body's role list has no upper
 * bound, so it travels as one JSON parameter (json_each), never one bound parameter per id.
 */
export async function memberRoleContext(db: D1Database, orgId: string, userId: string, roleIds: string[]): Promise<MemberRoleContext> {
  const requested = JSON.stringify(roleIds)
  const [org, user, roles, held] = await db.batch([
    organizationExistsStatement(db, orgId),
    db.prepare('SELECT 1 AS found FROM users WHERE user_id = ?').bind(userId),
    db.prepare('SELECT id FROM roles WHERE id IN (SELECT value FROM json_each(?))').bind(requested),
    db
      .prepare(
        `SELECT count(*) AS assigned,
           json_group_array(CASE WHEN mr.role_id IN (SELECT value FROM json_each(?3)) THEN mr.role_id END) AS held
         FROM org_member_roles mr JOIN roles r ON r.id = mr.role_id WHERE mr.org_id = ?1 AND mr.user_id = ?2`,
      )
      .bind(orgId, userId, requested),
  ])
  const counts = held!.results[0] as { assigned: number; held: string }
  return {
    orgExists: org!.results.length > 0,
    userExists: user!.results.length > 0,
    knownRoles: new Set((roles!.results as { id: string }[]).map((r) => r.id)),
    assigned: counts.assigned,
    alreadyHeld: new Set((JSON.parse(counts.held) as (string | null)[]).filter((r): r is string => r !== null)),
  }
}

/**
 * The member's assignment counter, recounted from its rows (at most 50, plus any of deleted roles
 * awaiting cleanup) after the batch's own writes, whichever rows they turned out to change.
 */
const RECOUNT = `INSERT INTO member_role_counts (org_id, user_id, n)
  SELECT ?1, ?2, count(*) FROM org_member_roles WHERE org_id = ?1 AND user_id = ?2
  ON CONFLICT (org_id, user_id) DO UPDATE SET n = excluded.n`

/**
 * Assigns roles in one batch. Each insert re-checks the per-member cap and that the role still exists,
 * so concurrent assignments cannot push a member past 50.
 */
export async function assignMemberRoles(db: D1Database, orgId: string, userId: string, roleIds: string[]): Promise<void> {
  const createdAt = now()
  await db.batch([
    ...roleIds.map((roleId) =>
      db
        .prepare(
          `INSERT OR IGNORE INTO org_member_roles (org_id, user_id, role_id, created_at)
           SELECT ?1, ?2, id, ?4 FROM roles WHERE id = ?3
             AND (SELECT count(*) FROM org_member_roles mr JOIN roles r ON r.id = mr.role_id
                  WHERE mr.org_id = ?1 AND mr.user_id = ?2) < ${MAX_ROLES_PER_MEMBER}`,
        )
        .bind(orgId, userId, roleId, createdAt),
    ),
    db.prepare(RECOUNT).bind(orgId, userId),
  ])
}

/** Removes the listed roles (any number) in one statement; false when the org does not exist. */
export async function removeMemberRoles(db: D1Database, orgId: string, userId: string, roleIds: string[]): Promise<boolean> {
  const [org] = await db.batch([
    organizationExistsStatement(db, orgId),
    db
      .prepare('DELETE FROM org_member_roles WHERE org_id = ? AND user_id = ? AND role_id IN (SELECT value FROM json_each(?))')
      .bind(orgId, userId, JSON.stringify(roleIds)),
    db
      .prepare('UPDATE member_role_counts SET n = (SELECT count(*) FROM org_member_roles WHERE org_id = ?1 AND user_id = ?2) WHERE org_id = ?1 AND user_id = ?2')
      .bind(orgId, userId),
  ])
  return org!.results.length > 0
}

export interface MemberRole {
  id: string
  name: string
  description: string
}

export async function listMemberRoles(
  db: D1Database,
  orgId: string,
  userId: string,
  window: Window,
): Promise<{ orgExists: boolean; userExists: boolean; roles: MemberRole[]; total: number }> {
  const [org, user, page, count] = await db.batch([
    organizationExistsStatement(db, orgId),
    db.prepare('SELECT 1 AS found FROM users WHERE user_id = ?').bind(userId),
    db
      .prepare(
        `SELECT r.id, r.name, coalesce(r.description, '') AS description
         FROM org_member_roles mr JOIN roles r ON r.id = mr.role_id
         WHERE mr.org_id = ? AND mr.user_id = ? ORDER BY mr.created_at, r.id LIMIT ? OFFSET ?`,
      )
      .bind(orgId, userId, window.limit, window.offset),
    // The counter less the assignments of deleted roles awaiting cleanup (the page joins roles: it no longer shows them).
    db
      .prepare(
        `SELECT coalesce((SELECT n FROM member_role_counts WHERE org_id = ?1 AND user_id = ?2), 0)
           - (SELECT count(*) FROM (${pendingTargets('role')}) p CROSS JOIN org_member_roles mr ON mr.org_id = ?1 AND mr.user_id = ?2 AND mr.role_id = p.target_id
              WHERE NOT EXISTS (SELECT 1 FROM roles r WHERE r.id = p.target_id)) AS total`,
      )
      .bind(orgId, userId),
  ])
  return {
    orgExists: org!.results.length > 0,
    userExists: user!.results.length > 0,
    roles: page!.results as MemberRole[],
    total: (count!.results[0] as { total: number }).total,
  }
}
