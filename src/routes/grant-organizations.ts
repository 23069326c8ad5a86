import { listGrantOrganizationsAfter, listGrantOrganizationsOffset } from '../db/org-client-grants'
import { toOrganization } from '../db/organizations'
import { ApiError, fail } from '../errors'
import { checkpointBody, checkpointRequest } from '../http/checkpoint'
import { ok, operation } from '../http/operation'
import { offsetBody, offsetWindow } from '../http/pagination'
import { GrantOrganizationsPath, GrantOrganizationsQuery } from '../schemas/org-client-grant'
import { OFFSET_OR_CHECKPOINT, Organizations } from './organizations'

const grantNotFound = () => new ApiError('inexistent_client_grant', 'The grant does not exist.')

/** GET /client-grants/{id}/organizations: the organizations a grant is associated with, in association order. */
const list = operation(
  {
    method: 'GET',
    path: '/client-grants/{id}/organizations',
    operationId: 'get_client_grant_organizations',
    summary: 'List the organizations a client grant is associated with',
    tag: 'organizations',
    description: OFFSET_OR_CHECKPOINT,
    // Auth0 demands the org client-grant scope here (behaviour-2026.md, issue 13), not read:organizations.
    scopes: ['read:organization_client_grants'],
    params: GrantOrganizationsPath,
    query: GrantOrganizationsQuery,
    responses: { 200: ok('Organizations.', Organizations) },
    errors: [404],
  },
  async ({ params: { id }, query: q, env }) => {
    const checkpoint = checkpointRequest(q)
    if (checkpoint) {
      const rows = (await listGrantOrganizationsAfter(env.DB, id, checkpoint.after, checkpoint.take + 1)) ?? fail(grantNotFound())
      const items = rows.map((r) => ({ item: toOrganization(r), cursor: { createdAt: r.associated_at, id: r.id } }))
      return checkpointBody('organizations', items, checkpoint.take)
    }
    const result = (await listGrantOrganizationsOffset(env.DB, id, offsetWindow(q))) ?? fail(grantNotFound())
    return offsetBody('organizations', q, result.rows.map(toOrganization), result.total)
  },
)

export const grantOrganizations = [list]
