import type { Window } from '../http/pagination'
import { ApiError } from '../errors'
import { now } from '../ids'
import type { Role } from '../schemas/role'
import { memberRolesAssignedEvents, memberRolesDeletedEvents } from './events'
import { pendingTargets } from './cleanups'
import { organizationExistsStatement } from './organizations'
import { toRole, type RoleRow } from './roles'

/** Auth0's entity limit: role assignments per organization member. */
export const MAX_ROLES_PER_MEMBER = 50

export interface MemberRoleContext {
  orgExists: boolean
  userExists: boolean
  /** Whether the user is a member of the org: organization-level roles are assignable to members only. */
  isMember: boolean
  /** The requested roles that exist, with the organization that owns each (null: a tenant role). */
  knownRoles: Map<string, string | null>
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
  const [org, user, member, roles, held] = await db.batch([
    organizationExistsStatement(db, orgId),
    db.prepare('SELECT 1 AS found FROM users WHERE user_id = ?').bind(userId),
    db.prepare('SELECT 1 AS found FROM org_members WHERE org_id = ? AND user_id = ?').bind(orgId, userId),
    db.prepare('SELECT id, owner_id FROM roles WHERE id IN (SELECT value FROM json_each(?))').bind(requested),
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
    isMember: member!.results.length > 0,
    knownRoles: new Map((roles!.results as { id: string; owner_id: string | null }[]).map((r) => [r.id, r.owner_id])),
    assigned: counts.assigned,
    alreadyHeld: new Set((JSON.parse(counts.held) as (string | null)[]).filter((r): r is string => r !== null)),
  }
}

/** The refusal when an assignment would take a member past MAX_ROLES_PER_MEMBER. */
export const tooManyRoles = () => new ApiError('conflict', 'No more roles can be assigned to this organization member.')

/**
 * The member's assignment counter, recounted from its rows (at most 50, plus any of deleted roles
 * awaiting cleanup) after the batch's own writes, whichever rows they turned out to change; none is
 * made for an organization deleted meanwhile (its cleanup may have run already).
 */
const RECOUNT = `INSERT INTO member_role_counts (org_id, user_id, n)
  SELECT ?1, ?2, (SELECT count(*) FROM org_member_roles WHERE org_id = ?1 AND user_id = ?2)
  WHERE EXISTS (SELECT 1 FROM organizations WHERE id = ?1)
  ON CONFLICT (org_id, user_id) DO UPDATE SET n = excluded.n`

/**
 * Assigns the roles in one INSERT that decides for all of them at once: it inserts every listed role
 * the member does not hold, and only if the member's roles and those together stay within the cap,
 * so concurrent assignments can neither push a member past 50 nor land part of a request. The roles
 * of an organization or user deleted meanwhile are not written (their cleanup may already have run),
 * and an organization-level role only to a member of its own organization.
 * A refusal by the cap is told by the roles still missing afterwards (in the same batch): 409.
 */
export async function assignMemberRoles(db: D1Database, orgId: string, userId: string, roleIds: string[]): Promise<void> {
  const requested = (org: string, user: string, ids: string) => `SELECT r.id FROM roles r WHERE r.id IN (SELECT value FROM json_each(${ids}))
    AND (r.owner_id IS NULL OR (r.owner_id = ${org} AND EXISTS (SELECT 1 FROM org_members WHERE org_id = ${org} AND user_id = ${user})))
    AND NOT EXISTS (SELECT 1 FROM org_member_roles h WHERE h.org_id = ${org} AND h.user_id = ${user} AND h.role_id = r.id)`
  // The roles the INSERT writes: all the requested ones not held, or none when they would pass the cap.
  const assigned = (org: string, user: string, ids: string) => `SELECT id FROM (${requested(org, user, ids)})
    WHERE EXISTS (SELECT 1 FROM organizations WHERE id = ${org}) AND EXISTS (SELECT 1 FROM users WHERE user_id = ${user})
      AND (SELECT count(*) FROM org_member_roles mr JOIN roles r ON r.id = mr.role_id WHERE mr.org_id = ${org} AND mr.user_id = ${user})
        + (SELECT count(*) FROM (${requested(org, user, ids)})) <= ${MAX_ROLES_PER_MEMBER}`
  const [, , , missing] = await db.batch([
    memberRolesAssignedEvents(db, orgId, userId, roleIds, assigned('?2', '?3', '?4')),
    db
      .prepare(`INSERT OR IGNORE INTO org_member_roles (org_id, user_id, role_id, created_at) SELECT ?1, ?2, id, ?4 FROM (${assigned('?1', '?2', '?3')})`)
      .bind(orgId, userId, JSON.stringify(roleIds), now()),
    db.prepare(RECOUNT).bind(orgId, userId),
    db
      .prepare(
        `SELECT count(*) AS n FROM (${requested('?1', '?2', '?3')})
         WHERE EXISTS (SELECT 1 FROM organizations WHERE id = ?1) AND EXISTS (SELECT 1 FROM users WHERE user_id = ?2)`,
      )
      .bind(orgId, userId, JSON.stringify(roleIds)),
  ])
  if ((missing!.results[0] as { n: number }).n > 0) throw tooManyRoles()
}

/** Removes the listed roles (any number) in one statement; false when the org does not exist. */
export async function removeMemberRoles(db: D1Database, orgId: string, userId: string, roleIds: string[]): Promise<boolean> {
  const [org] = await db.batch([
    organizationExistsStatement(db, orgId),
    memberRolesDeletedEvents(db, orgId, userId, roleIds),
    db
      .prepare('DELETE FROM org_member_roles WHERE org_id = ? AND user_id = ? AND role_id IN (SELECT value FROM json_each(?))')
      .bind(orgId, userId, JSON.stringify(roleIds)),
    db
      .prepare('UPDATE member_role_counts SET n = (SELECT count(*) FROM org_member_roles WHERE org_id = ?1 AND user_id = ?2) WHERE org_id = ?1 AND user_id = ?2')
      .bind(orgId, userId),
  ])
  return org!.results.length > 0
}

export async function listMemberRoles(
  db: D1Database,
  orgId: string,
  userId: string,
  window: Window,
): Promise<{ orgExists: boolean; userExists: boolean; roles: Role[]; total: number }> {
  const [org, user, page, count] = await db.batch([
    organizationExistsStatement(db, orgId),
    db.prepare('SELECT 1 AS found FROM users WHERE user_id = ?').bind(userId),
    // On the primary key (org, user): left to itself the planner may take the org's
    // (org_id, role_id, ...) index of role members and read every assignment in the org.
    db
      .prepare(
        `SELECT r.id, r.name, r.description, r.type, r.owner_id
         FROM org_member_roles mr INDEXED BY sqlite_autoindex_org_member_roles_1 JOIN roles r ON r.id = mr.role_id
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
    roles: (page!.results as RoleRow[]).map(toRole),
    total: (count!.results[0] as { total: number }).total,
  }
}
