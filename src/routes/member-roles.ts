import { Router, type IRequest } from 'itty-router'
import { assignMemberRoles, listMemberRoles, MAX_ROLES_PER_MEMBER, memberRoleContext, removeMemberRoles } from '../db/member-roles'
import type { Env } from '../env'
import { ApiError } from '../errors'
import { requireScope } from '../http/auth'
import { readBody } from '../http/body'
import { orgNotFound, userNotFound } from '../http/not-found'
import { cappedWindow, offsetBody } from '../http/pagination'
import { pathParams, queryParams } from '../http/params'
import { noContent } from '../http/respond'
import { parse } from '../http/validate'
import { MemberPath, MemberRolesBody, MemberRolesQuery } from '../schemas/member'

export const memberRoles = Router<IRequest, [Env, ExecutionContext]>({ base: '/api/v2/organizations/:id/members/:userId/roles' })

/** Auth0 accepts roles for a user who is not (yet) a member: they show once the user joins. */
memberRoles.post('/', requireScope('create:organization_member_roles'), async (req, env) => {
  const { id, userId } = pathParams(MemberPath, req)
  const roleIds = [...new Set(parse(MemberRolesBody, await readBody(req), 'invalid_body').roles)]
  const ctx = await memberRoleContext(env.DB, id, userId, roleIds)
  if (!ctx.orgExists) throw orgNotFound()
  if (!ctx.userExists) throw userNotFound()
  const unknown = roleIds.filter((r) => !ctx.knownRoles.has(r))
  if (unknown.length) throw new ApiError('invalid_body', `One or more of the specified roles do not exist: ${unknown.join(', ')}`)
  const adding = roleIds.filter((r) => !ctx.alreadyHeld.has(r)).length
  if (ctx.assigned + adding > MAX_ROLES_PER_MEMBER) {
    throw new ApiError('conflict', 'No more roles can be assigned to this organization member.')
  }
  if (adding > 0) await assignMemberRoles(env.DB, id, userId, roleIds)
  return noContent()
})

memberRoles.delete('/', requireScope('delete:organization_member_roles'), async (req, env) => {
  const { id, userId } = pathParams(MemberPath, req)
  const roleIds = [...new Set(parse(MemberRolesBody, await readBody(req), 'invalid_body').roles)]
  if (!(await removeMemberRoles(env.DB, id, userId, roleIds))) throw orgNotFound()
  return noContent()
})

memberRoles.get('/', requireScope('read:organization_member_roles'), async (req, env) => {
  const { id, userId } = pathParams(MemberPath, req)
  const q = queryParams(MemberRolesQuery, req)
  const result = await listMemberRoles(env.DB, id, userId, cappedWindow(q))
  if (!result.orgExists) throw orgNotFound()
  if (!result.userExists) throw userNotFound()
  return offsetBody('roles', q, result.roles, result.total)
})
