import type { Cursor } from '../http/checkpoint'
import type { RoleMember } from '../schemas/org-role-member'
import { organizationExistsStatement } from './organizations'

interface RoleMemberRow {
  user_id: string
  created_at: string
  email: string | null
  picture: string | null
  name: string | null
}

export interface RoleMemberPage {
  orgExists: boolean
  roleExists: boolean
  rows: { item: Required<Pick<RoleMember, 'user_id'>> & RoleMember; cursor: Cursor }[]
}

const toRoleMember = (row: RoleMemberRow): RoleMember & { user_id: string } => ({
  user_id: row.user_id,
  ...(row.email !== null && { email: row.email }),
  ...(row.picture !== null && { picture: row.picture }),
  ...(row.name !== null && { name: row.name }),
})

/**
 * A keyset page of the members holding a role in an org, in assignment order (created_at, user_id),
 * read along org_member_roles_role_order: one indexed range per page however many members hold the
 * role, each row joined by primary key to its membership and user. A user given the role before
 * joining is not a member yet and is left out. The org and role checks ride in the same batch.
 */
export async function listRoleMembersAfter(db: D1Database, orgId: string, roleId: string, after: Cursor | null, limit: number): Promise<RoleMemberPage> {
  const [org, role, page] = await db.batch([
    organizationExistsStatement(db, orgId),
    db.prepare('SELECT 1 AS found FROM roles WHERE id = ?').bind(roleId),
    db
      .prepare(
        `SELECT mr.user_id, mr.created_at, u.email, u.picture, u.name
         FROM org_member_roles mr
           JOIN org_members m ON m.org_id = mr.org_id AND m.user_id = mr.user_id
           JOIN users u ON u.user_id = mr.user_id
         WHERE mr.org_id = ?1 AND mr.role_id = ?2 AND (mr.created_at, mr.user_id) > (?3, ?4)
         ORDER BY mr.created_at, mr.user_id LIMIT ?5`,
      )
      .bind(orgId, roleId, after?.createdAt ?? '', after?.id ?? '', limit),
  ])
  return {
    orgExists: org!.results.length > 0,
    roleExists: role!.results.length > 0,
    rows: (page!.results as RoleMemberRow[]).map((row) => ({ item: toRoleMember(row), cursor: { createdAt: row.created_at, id: row.user_id } })),
  }
}
