import { listRoleMembersAfter } from '../db/org-role-members'
import { checkpointBody, DEFAULT_TAKE, decodeCursor } from '../http/checkpoint'
import { orgNotFound, roleNotFound } from '../http/not-found'
import { ok, operation } from '../http/operation'
import { RoleMemberList } from '../openapi/access-responses'
import { OrgRoleMembersPath, OrgRoleMembersQuery, ROLE_MEMBER_FIELDS, type RoleMember, type RoleMemberField } from '../schemas/org-role-member'

/** Take above this is capped, as documented. */
const MAX_TAKE = 100

/**
 * Auth0 names no scope for this operation anywhere we can read; the member-roles read scope is the
 * one that already guards "who holds which role in this organization" (members with fields=roles).
 */
const list = operation(
  {
    method: 'GET',
    path: '/organizations/{id}/roles/{role_id}/members',
    operationId: 'get_organization_role_members',
    summary: 'List the members holding a role in the organization',
    tag: 'organizations',
    description: 'Checkpoint paging in assignment order: `next` is absent on the last page; a `take` above 100 is capped. Only members with a direct assignment are listed.',
    scopes: ['read:organization_member_roles'],
    params: OrgRoleMembersPath,
    query: OrgRoleMembersQuery,
    responses: { 200: ok('Members holding the role.', RoleMemberList) },
    errors: [404],
  },
  async ({ params: { id, role_id }, query: q, env }) => {
    const take = Math.min(q.take ?? DEFAULT_TAKE, MAX_TAKE)
    const after = q.from ? decodeCursor(q.from, 'Optional Id from which to start selection.') : null
    const page = await listRoleMembersAfter(env.DB, id, role_id, after, take + 1)
    if (!page.orgExists) throw orgNotFound()
    if (!page.roleExists) throw roleNotFound()
    const fields = selectedFields(q)
    return checkpointBody('members', page.rows.map((r) => ({ ...r, item: project(r.item, fields) })), take)
  },
)

export const orgRoleMembers = [list]

/** No `fields`: every field; `include_fields=false` turns the list into the ones to leave out. */
function selectedFields(q: OrgRoleMembersQuery): Set<RoleMemberField> {
  const named = new Set((q.fields ?? '').split(',').filter(Boolean) as RoleMemberField[])
  if (named.size === 0) return new Set(ROLE_MEMBER_FIELDS)
  return q.include_fields === false ? new Set(ROLE_MEMBER_FIELDS.filter((f) => !named.has(f))) : named
}

function project(member: RoleMember, fields: Set<RoleMemberField>): RoleMember {
  const out: RoleMember = {}
  for (const field of ROLE_MEMBER_FIELDS) if (fields.has(field) && member[field] !== undefined) out[field] = member[field]
  return out
}
