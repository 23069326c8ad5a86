import { Router, type IRequest } from 'itty-router'
import { listGrantOrganizationsAfter, listGrantOrganizationsOffset } from '../db/org-client-grants'
import { toOrganization } from '../db/organizations'
import type { Env } from '../env'
import { ApiError, fail } from '../errors'
import { requireScope } from '../http/auth'
import { decodeCursor, encodeCursor } from '../http/checkpoint'
import { offsetBody, offsetWindow } from '../http/pagination'
import { pathParams, queryParams } from '../http/params'
import { GrantOrganizationsPath, GrantOrganizationsQuery } from '../schemas/org-client-grant'

/** GET /client-grants/{id}/organizations: the organizations a grant is associated with, in association order. */
export const grantOrganizations = Router<IRequest, [Env, ExecutionContext]>({ base: '/api/v2/client-grants/:id/organizations' })

const grantNotFound = () => new ApiError('inexistent_client_grant', 'The grant does not exist.')

grantOrganizations.get('/', requireScope('read:organizations'), async (req, env) => {
  const { id } = pathParams(GrantOrganizationsPath, req)
  const q = queryParams(GrantOrganizationsQuery, req)
  if (q.take !== undefined || q.from !== undefined) {
    // Checkpoint mode (chosen by take/from alone): a keyset page, `next` only when more follow.
    const take = q.take ?? 50
    const after = q.from ? decodeCursor(q.from, 'Optional Id from which to start selection.') : null
    const rows = (await listGrantOrganizationsAfter(env.DB, id, after, take + 1)) ?? fail(grantNotFound())
    const page = rows.slice(0, take)
    const last = page.at(-1)
    const body: Record<string, unknown> = { organizations: page.map(toOrganization) }
    if (rows.length > take && last) body.next = encodeCursor({ createdAt: last.associated_at, id: last.id })
    return body
  }
  const result = (await listGrantOrganizationsOffset(env.DB, id, offsetWindow(q))) ?? fail(grantNotFound())
  return offsetBody('organizations', q, result.rows.map(toOrganization), result.total)
})
