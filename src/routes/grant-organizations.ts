import { Router, type IRequest } from 'itty-router'
import { listGrantOrganizationsAfter, listGrantOrganizationsOffset } from '../db/org-client-grants'
import { toOrganization } from '../db/organizations'
import type { Env } from '../env'
import { ApiError, fail } from '../errors'
import { requireScope } from '../http/auth'
import { checkpointBody, checkpointRequest } from '../http/checkpoint'
import { offsetBody, offsetWindow } from '../http/pagination'
import { pathParams, queryParams } from '../http/params'
import { GrantOrganizationsPath, GrantOrganizationsQuery } from '../schemas/org-client-grant'

/** GET /client-grants/{id}/organizations: the organizations a grant is associated with, in association order. */
export const grantOrganizations = Router<IRequest, [Env, ExecutionContext]>({ base: '/api/v2/client-grants/:id/organizations' })

const grantNotFound = () => new ApiError('inexistent_client_grant', 'The grant does not exist.')

grantOrganizations.get('/', requireScope('read:organizations'), async (req, env) => {
  const { id } = pathParams(GrantOrganizationsPath, req)
  const q = queryParams(GrantOrganizationsQuery, req)
  const checkpoint = checkpointRequest(q)
  if (checkpoint) {
    const rows = (await listGrantOrganizationsAfter(env.DB, id, checkpoint.after, checkpoint.take + 1)) ?? fail(grantNotFound())
    const items = rows.map((r) => ({ item: toOrganization(r), cursor: { createdAt: r.associated_at, id: r.id } }))
    return checkpointBody('organizations', items, checkpoint.take)
  }
  const result = (await listGrantOrganizationsOffset(env.DB, id, offsetWindow(q))) ?? fail(grantNotFound())
  return offsetBody('organizations', q, result.rows.map(toOrganization), result.total)
})
