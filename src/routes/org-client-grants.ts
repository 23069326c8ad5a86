import {
  associateClientGrant,
  dissociateClientGrant,
  listOrgClientGrants,
  MAX_ORG_CLIENT_GRANTS,
  type AssociateRefusal,
} from '../db/org-client-grants'
import { ApiError, fail } from '../errors'
import { orgNotFound } from '../http/not-found'
import { ok, operation } from '../http/operation'
import { offsetBody, offsetWindow } from '../http/pagination'
import { listOf, OrgClientGrantAssociationResponse, OrgClientGrantResponse } from '../openapi/responses'
import { OrgClientGrantCreate, OrgClientGrantListQuery, OrgClientGrantPath, OrgClientGrantsPath } from '../schemas/org-client-grant'

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

const create = operation(
  {
    method: 'POST',
    path: '/organizations/{id}/client-grants',
    operationId: 'create_organization-client-grants',
    summary: 'Associate a client grant with the organization',
    tag: 'organizations',
    description: 'The answer names the grant `grant_id`, as Auth0 does (its document says `id`).',
    scopes: ['create:organization_client_grants'],
    params: OrgClientGrantsPath,
    body: OrgClientGrantCreate,
    responses: { 201: ok('The association.', OrgClientGrantAssociationResponse) },
    errors: [404, 409],
  },
  async ({ params: { id }, body: { grant_id }, env }) => {
    const result = await associateClientGrant(env.DB, id, grant_id)
    return typeof result === 'string' ? fail(ASSOCIATE_REFUSALS[result]()) : result
  },
)

const list = operation(
  {
    method: 'GET',
    path: '/organizations/{id}/client-grants',
    operationId: 'get_organization-client-grants',
    summary: 'List the client grants associated with the organization',
    tag: 'organizations',
    scopes: ['read:organization_client_grants'],
    params: OrgClientGrantsPath,
    query: OrgClientGrantListQuery,
    responses: { 200: ok('Client grants.', listOf('client_grants', OrgClientGrantResponse)) },
    errors: [404],
  },
  async ({ params: { id }, query: q, env }) => {
    const page = (await listOrgClientGrants(env.DB, id, offsetWindow(q), q)) ?? fail(orgNotFound())
    return offsetBody('client_grants', q, page.items, page.total)
  },
)

const remove = operation(
  {
    method: 'DELETE',
    path: '/organizations/{id}/client-grants/{grantId}',
    operationId: 'delete_client-grants_by_grant_id',
    summary: 'Remove a client grant from the organization',
    tag: 'organizations',
    scopes: ['delete:organization_client_grants'],
    params: OrgClientGrantPath,
    responses: { 204: ok('Removed (idempotent).') },
    errors: [404],
  },
  async ({ params: { id, grantId }, env }) => {
    // 204 whether or not the grant was associated (Auth0 is silent; DELETEs of links here are idempotent).
    if (!(await dissociateClientGrant(env.DB, id, grantId))) throw orgNotFound()
  },
)

export const orgClientGrants = [create, list, remove]
