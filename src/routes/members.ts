import { Router, type IRequest } from 'itty-router'
import { addMembers, findExistingUsers, listMembersAfter, listMembersOffset, removeMembers, type MemberPageRow } from '../db/members'
import type { Env } from '../env'
import { ApiError, fail } from '../errors'
import { demandScope, requireScope, type AuthedRequest } from '../http/auth'
import { readBody } from '../http/body'
import { checkpointBody, checkpointRequest } from '../http/checkpoint'
import { orgNotFound } from '../http/not-found'
import { cappedWindow, offsetBody } from '../http/pagination'
import { pathParams, queryParams } from '../http/params'
import { noContent } from '../http/respond'
import { parse } from '../http/validate'
import { MEMBER_FIELDS, MemberListQuery, MembersBody, OrgPath, type Member, type MemberField } from '../schemas/member'

export const members = Router<IRequest, [Env, ExecutionContext]>({ base: '/api/v2/organizations/:id/members' })

members.post('/', requireScope('create:organization_members'), async (req, env) => {
  const { id } = pathParams(OrgPath, req)
  const userIds = [...new Set(parse(MembersBody, await readBody(req), 'invalid_body').members)]
  const existing = (await findExistingUsers(env.DB, id, userIds)) ?? fail(orgNotFound())
  const missing = userIds.filter((u) => !existing.has(u))
  if (missing.length) throw new ApiError('invalid_body', `One or more of the specified users do not exist: ${missing.join(', ')}`)
  await addMembers(env.DB, id, userIds)
  return noContent()
})

members.delete('/', requireScope('delete:organization_members'), async (req, env) => {
  const { id } = pathParams(OrgPath, req)
  const userIds = [...new Set(parse(MembersBody, await readBody(req), 'invalid_body').members)]
  if (!(await removeMembers(env.DB, id, userIds))) throw orgNotFound()
  return noContent()
})

members.get('/', requireScope('read:organization_members'), async (req: AuthedRequest, env) => {
  const { id } = pathParams(OrgPath, req)
  const q = queryParams(MemberListQuery, req)
  const fields = selectedFields(q)
  const withRoles = fields.has('roles')
  if (withRoles) demandScope(req, 'read:organization_member_roles')
  const project = (m: MemberPageRow) => projectMember(m, fields)

  const checkpoint = checkpointRequest(q)
  if (checkpoint) {
    const rows = (await listMembersAfter(env.DB, id, checkpoint.after, checkpoint.take + 1, withRoles)) ?? fail(orgNotFound())
    const items = rows.map((m) => ({ item: project(m), cursor: { createdAt: m.created_at, id: m.user_id } }))
    return checkpointBody('members', items, checkpoint.take)
  }
  const window = cappedWindow(q)
  const result = (await listMembersOffset(env.DB, id, window, withRoles, q.include_totals === true)) ?? fail(orgNotFound())
  return offsetBody('members', q, result.members.map(project), result.total)
})

/** No `fields`: everything but roles. Roles come only when asked for by name with include_fields on. */
function selectedFields(q: MemberListQuery): Set<MemberField> {
  const named = new Set((q.fields ?? '').split(',').filter(Boolean) as MemberField[])
  if (named.size === 0) return new Set(MEMBER_FIELDS.filter((f) => f !== 'roles'))
  if (q.include_fields === false) return new Set(MEMBER_FIELDS.filter((f) => f !== 'roles' && !named.has(f)))
  return named
}

function projectMember(row: MemberPageRow, fields: Set<MemberField>): Member {
  const out: Record<string, unknown> = {}
  for (const field of MEMBER_FIELDS) {
    if (fields.has(field) && row[field] !== undefined) out[field] = row[field]
  }
  return out as unknown as Member
}
