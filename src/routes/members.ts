import { addMembers, findExistingUsers, listMembersAfter, listMembersOffset, removeMembers, type MemberPageRow } from '../db/members'
import { ApiError, fail } from '../errors'
import { demandScope } from '../http/auth'
import { checkpointBody, checkpointRequest } from '../http/checkpoint'
import { orgNotFound } from '../http/not-found'
import { ok, operation } from '../http/operation'
import { cappedWindow, offsetBody } from '../http/pagination'
import { OFFSET_OR_CHECKPOINT } from './organizations'
import { listOf, MemberResponse } from '../openapi/responses'
import { MEMBER_FIELDS, MemberListQuery, MembersBody, OrgPath, type Member, type MemberField } from '../schemas/member'

const BASE = '/organizations/{id}/members'

const add = operation(
  {
    method: 'POST',
    path: BASE,
    operationId: 'post_members',
    summary: 'Add members',
    tag: 'organizations',
    scopes: ['create:organization_members'],
    params: OrgPath,
    body: MembersBody,
    responses: { 204: ok('Added (adding a member again changes nothing).') },
    errors: [404],
  },
  async ({ params: { id }, body, env }) => {
    const userIds = [...new Set(body.members)]
    const existing = (await findExistingUsers(env.DB, id, userIds)) ?? fail(orgNotFound())
    const missing = userIds.filter((u) => !existing.has(u))
    if (missing.length) throw new ApiError('invalid_body', `One or more of the specified users do not exist: ${missing.join(', ')}`)
    await addMembers(env.DB, id, userIds)
  },
)

const remove = operation(
  {
    method: 'DELETE',
    path: BASE,
    operationId: 'delete_members',
    summary: 'Remove members',
    tag: 'organizations',
    description: 'The user ids travel in a JSON body. Idempotent.',
    scopes: ['delete:organization_members'],
    params: OrgPath,
    body: MembersBody,
    responses: { 204: ok('Removed.') },
    errors: [404],
  },
  async ({ params: { id }, body, env }) => {
    if (!(await removeMembers(env.DB, id, [...new Set(body.members)]))) throw orgNotFound()
  },
)

const list = operation(
  {
    method: 'GET',
    path: BASE,
    operationId: 'get_organization_members',
    summary: 'List members',
    tag: 'organizations',
    description: `${OFFSET_OR_CHECKPOINT} \`fields=roles\` also needs the read:organization_member_roles scope.`,
    scopes: ['read:organization_members'],
    params: OrgPath,
    query: MemberListQuery,
    responses: { 200: ok('Members.', listOf('members', MemberResponse, { checkpoint: true })) },
    errors: [404],
  },
  async ({ params: { id }, query: q, token, env }) => {
    const fields = selectedFields(q)
    const withRoles = fields.has('roles')
    if (withRoles) demandScope(token, 'read:organization_member_roles')
    const project = (m: MemberPageRow) => projectMember(m, fields)

    const checkpoint = checkpointRequest(q)
    if (checkpoint) {
      const rows = (await listMembersAfter(env.DB, id, checkpoint.after, checkpoint.take + 1, withRoles)) ?? fail(orgNotFound())
      const items = rows.map((m) => ({ item: project(m), cursor: { createdAt: m.created_at, id: m.user_id } }))
      return checkpointBody('members', items, checkpoint.take)
    }
    const result = (await listMembersOffset(env.DB, id, cappedWindow(q), withRoles, q.include_totals === true)) ?? fail(orgNotFound())
    return offsetBody('members', q, result.members.map(project), result.total)
  },
)

export const members = [add, remove, list]

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
