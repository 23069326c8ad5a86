import { Router, type IRequest } from 'itty-router'
import {
  associateClientGrant,
  dissociateClientGrant,
  listOrgClientGrants,
  MAX_ORG_CLIENT_GRANTS,
  type AssociateRefusal,
} from '../db/org-client-grants'
import type { Env } from '../env'
import { ApiError, fail } from '../errors'
import { requireScope } from '../http/auth'
import { readBody } from '../http/body'
import { orgNotFound } from '../http/not-found'
import { offsetBody, offsetWindow } from '../http/pagination'
import { pathParams, queryParams } from '../http/params'
import { created, noContent } from '../http/respond'
import { parse } from '../http/validate'
import { OrgClientGrantCreate, OrgClientGrantListQuery, OrgClientGrantPath, OrgClientGrantsPath } from '../schemas/org-client-grant'

export const orgClientGrants = Router<IRequest, [Env, ExecutionContext]>({ base: '/api/v2/organizations/:id/client-grants' })

/** The 409 texts are Auth0's (spec); whether they carry an errorCode is unrecorded, so they carry none. */
const ASSOCIATE_REFUSALS: Record<AssociateRefusal, () => ApiError> = {
  no_organization: orgNotFound,
  no_grant: () => new ApiError('inexistent_client_grant', 'The grant does not exist.'),
  // Auth0's answer is unrecorded (every recorded association used an 'allow' grant).
  organizations_not_allowed: () =>
    new ApiError('invalid_body', 'The client grant does not allow organizations: its organization_usage must be allow or require.'),
  already_associated: () => new ApiError('conflict', 'The client grant has already been added to this organization.'),
  limit_reached: () =>
    new ApiError('conflict', `Quota exceeded; cannot add more than ${MAX_ORG_CLIENT_GRANTS} client grants to a single organization`),
}

/** Answers `grant_id` (not `id`), as recorded. */
orgClientGrants.post('/', requireScope('create:organization_client_grants'), async (req, env) => {
  const { id } = pathParams(OrgClientGrantsPath, req)
  const { grant_id } = parse(OrgClientGrantCreate, await readBody(req), 'invalid_body')
  const result = await associateClientGrant(env.DB, id, grant_id)
  return typeof result === 'string' ? fail(ASSOCIATE_REFUSALS[result]()) : created(result)
})

orgClientGrants.get('/', requireScope('read:organization_client_grants'), async (req, env) => {
  const { id } = pathParams(OrgClientGrantsPath, req)
  const q = queryParams(OrgClientGrantListQuery, req)
  const page = (await listOrgClientGrants(env.DB, id, offsetWindow(q), q)) ?? fail(orgNotFound())
  return offsetBody('client_grants', q, page.items, page.total)
})

/** 204 whether or not the grant was associated (Auth0 is silent; DELETEs of links here are idempotent). */
orgClientGrants.delete('/:grantId', requireScope('delete:organization_client_grants'), async (req, env) => {
  const { id, grantId } = pathParams(OrgClientGrantPath, req)
  if (!(await dissociateClientGrant(env.DB, id, grantId))) throw orgNotFound()
  return noContent()
})
