import { assignMemberRoles, listMemberRoles, MAX_ROLES_PER_MEMBER, memberRoleContext, removeMemberRoles } from '../db/member-roles'
import { ApiError } from '../errors'
import { orgNotFound, userNotFound } from '../http/not-found'
import { ok, operation } from '../http/operation'
import { cappedWindow, offsetBody } from '../http/pagination'
import { listOf, RoleResponse } from '../openapi/responses'
import { MemberPath, MemberRolesBody, MemberRolesQuery } from '../schemas/member'

const BASE = '/organizations/{id}/members/{userId}/roles'

/**
 * Auth0 accepts tenant roles for a user who is not (yet) a member: they show once the user joins.
 * An organization-level role goes only to a member of the organization that owns it.
 */
const assign = operation(
  {
    method: 'POST',
    path: BASE,
    operationId: 'post_organization_member_roles',
    summary: 'Assign roles to a member',
    tag: 'organizations',
    scopes: ['create:organization_member_roles'],
    params: MemberPath,
    body: MemberRolesBody,
    responses: { 204: ok('Assigned.') },
    errors: [404, 409],
  },
  async ({ params: { id, userId }, body, env }) => {
    const roleIds = [...new Set(body.roles)]
    const ctx = await memberRoleContext(env.DB, id, userId, roleIds)
    if (!ctx.orgExists) throw orgNotFound()
    if (!ctx.userExists) throw userNotFound()
    const unknown = roleIds.filter((r) => !ctx.knownRoles.has(r))
    if (unknown.length) throw new ApiError('invalid_body', `One or more of the specified roles do not exist: ${unknown.join(', ')}`)
    // Our rule where Auth0 records nothing: an organization's roles stay inside it (behaviour-2026.md §5 [DEC]).
    const foreign = roleIds.filter((r) => ![null, id].includes(ctx.knownRoles.get(r)!))
    if (foreign.length) throw new ApiError('invalid_body', `One or more of the specified roles belong to another organization: ${foreign.join(', ')}`)
    const ownRoles = roleIds.filter((r) => ctx.knownRoles.get(r) === id)
    if (ownRoles.length && !ctx.isMember) {
      throw new ApiError('invalid_body', `Organization roles can be assigned to members of the organization only: ${ownRoles.join(', ')}`)
    }
    const adding = roleIds.filter((r) => !ctx.alreadyHeld.has(r)).length
    if (ctx.assigned + adding > MAX_ROLES_PER_MEMBER) {
      throw new ApiError('conflict', 'No more roles can be assigned to this organization member.')
    }
    if (adding > 0) await assignMemberRoles(env.DB, id, userId, roleIds)
  },
)

const remove = operation(
  {
    method: 'DELETE',
    path: BASE,
    operationId: 'delete_organization_member_roles',
    summary: 'Remove roles from a member',
    tag: 'organizations',
    scopes: ['delete:organization_member_roles'],
    params: MemberPath,
    body: MemberRolesBody,
    responses: { 204: ok('Removed (idempotent).') },
    errors: [404],
  },
  async ({ params: { id, userId }, body, env }) => {
    if (!(await removeMemberRoles(env.DB, id, userId, [...new Set(body.roles)]))) throw orgNotFound()
  },
)

const list = operation(
  {
    method: 'GET',
    path: BASE,
    operationId: 'get_organization_member_roles',
    summary: "List a member's roles in the organization",
    tag: 'organizations',
    scopes: ['read:organization_member_roles'],
    params: MemberPath,
    query: MemberRolesQuery,
    responses: { 200: ok('Roles.', listOf('roles', RoleResponse)) },
    errors: [404],
  },
  async ({ params: { id, userId }, query: q, env }) => {
    const result = await listMemberRoles(env.DB, id, userId, cappedWindow(q))
    if (!result.orgExists) throw orgNotFound()
    if (!result.userExists) throw userNotFound()
    return offsetBody('roles', q, result.roles, result.total)
  },
)

export const memberRoles = [assign, remove, list]
