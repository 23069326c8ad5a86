import { assignRoleUsers, listRoleUsersAfter, listRoleUsersOffset, type AssignRefusal } from '../db/role-users'
import { ApiError, fail } from '../errors'
import { checkpointBody, checkpointRequest } from '../http/checkpoint'
import { roleNotFound } from '../http/not-found'
import { ok, operation } from '../http/operation'
import { offsetBody, offsetWindow } from '../http/pagination'
import { Empty, RoleUserResponse } from '../openapi/access-responses'
import { listOf } from '../openapi/responses'
import { RolePath } from '../schemas/role'
import { RoleUsersBody, RoleUsersQuery } from '../schemas/role-user'
import { OFFSET_OR_CHECKPOINT } from './organizations'

const BASE = '/roles/{id}/users'

function refusal(r: AssignRefusal): ApiError {
  switch (r.kind) {
    case 'no_role':
      return roleNotFound()
    // Ours: an organization's role is assigned to its members, in the organization (behaviour-2026.md §5 [DEC]).
    case 'organization_role':
      return new ApiError('invalid_body', 'Organization roles can be assigned to members of the organization only, through its member roles.')
    // Auth0's documented text; the errorCode of its user 404s.
    case 'unknown_users':
      return new ApiError('inexistent_user', 'One or more of the users do not exist.')
  }
}

const list = operation(
  {
    method: 'GET',
    path: BASE,
    operationId: 'get_role_user',
    summary: 'List the users a role is assigned to',
    tag: 'roles',
    description: `${OFFSET_OR_CHECKPOINT} Tenant-level assignments, in assignment order.`,
    scopes: ['read:users', 'read:roles', 'read:role_members'],
    params: RolePath,
    query: RoleUsersQuery,
    responses: { 200: ok('Users.', listOf('users', RoleUserResponse, { checkpoint: true })) },
    errors: [404],
  },
  async ({ params: { id }, query: q, env }) => {
    const checkpoint = checkpointRequest(q)
    if (checkpoint) {
      const rows = (await listRoleUsersAfter(env.DB, id, checkpoint.after, checkpoint.take + 1)) ?? fail(roleNotFound())
      return checkpointBody('users', rows, checkpoint.take)
    }
    const page = (await listRoleUsersOffset(env.DB, id, offsetWindow(q))) ?? fail(roleNotFound())
    return offsetBody('users', q, page.users, page.total)
  },
)

const assign = operation(
  {
    method: 'POST',
    path: BASE,
    operationId: 'post_role_users',
    summary: 'Assign a role to users',
    tag: 'roles',
    description: 'All or nothing: every user must exist. A user who has the role already keeps it. Tenant roles only.',
    scopes: ['update:roles', 'create:role_members'],
    params: RolePath,
    body: RoleUsersBody,
    responses: { 200: ok('Assigned: an empty object, as Auth0 answers (recorded).', Empty) },
    errors: [404],
  },
  async ({ params: { id }, body, env }) => {
    const refused = await assignRoleUsers(env.DB, id, [...new Set(body.users)])
    return refused ? fail(refusal(refused)) : {}
  },
)

export const roleUsers = [list, assign]
