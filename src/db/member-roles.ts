import type { Window } from '../http/pagination'
import { now } from '../ids'
import type { Role } from '../schemas/role'
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

/**
 * Assigns roles in one batch. Each insert re-checks the per-member cap, that the role still exists and,
 * for an organization-level role, that it belongs to this org and the user is its member, so
 * concurrent assignments cannot push a member past 50 nor land an org role on a non-member.
 */
export async function assignMemberRoles(db: D1Database, orgId: string, userId: string, roleIds: string[]): Promise<void> {
  const createdAt = now()
  await db.batch(
    roleIds.map((roleId) =>
      db
        .prepare(
          `INSERT OR IGNORE INTO org_member_roles (org_id, user_id, role_id, created_at)
           SELECT ?1, ?2, id, ?4 FROM roles WHERE id = ?3
             AND (owner_id IS NULL OR (owner_id = ?1 AND EXISTS (SELECT 1 FROM org_members WHERE org_id = ?1 AND user_id = ?2)))
             AND (SELECT count(*) FROM org_member_roles mr JOIN roles r ON r.id = mr.role_id
                  WHERE mr.org_id = ?1 AND mr.user_id = ?2) < ${MAX_ROLES_PER_MEMBER}`,
        )
        .bind(orgId, userId, roleId, createdAt),
    ),
  )
}

/** Removes the listed roles (any number) in one statement; false when the org does not exist. */
export async function removeMemberRoles(db: D1Database, orgId: string, userId: string, roleIds: string[]): Promise<boolean> {
  const [org] = await db.batch([
    organizationExistsStatement(db, orgId),
    db
      .prepare('DELETE FROM org_member_roles WHERE org_id = ? AND user_id = ? AND role_id IN (SELECT value FROM json_each(?))')
      .bind(orgId, userId, JSON.stringify(roleIds)),
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
    db
      .prepare(
        `SELECT r.id, r.name, r.description, r.type, r.owner_id
         FROM org_member_roles mr JOIN roles r ON r.id = mr.role_id
         WHERE mr.org_id = ? AND mr.user_id = ? ORDER BY mr.created_at, r.id LIMIT ? OFFSET ?`,
      )
      .bind(orgId, userId, window.limit, window.offset),
    db
      .prepare('SELECT count(*) AS total FROM org_member_roles mr JOIN roles r ON r.id = mr.role_id WHERE mr.org_id = ? AND mr.user_id = ?')
      .bind(orgId, userId),
  ])
  return {
    orgExists: org!.results.length > 0,
    userExists: user!.results.length > 0,
    roles: (page!.results as RoleRow[]).map(toRole),
    total: (count!.results[0] as { total: number }).total,
  }
}
