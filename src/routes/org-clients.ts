import { addOrgClients, findOrgClient, listOrgClients, MAX_ORG_CLIENTS, removeOrgClients, updateOrgClient, type AddRefusal } from '../db/org-clients'
import { ApiError, fail } from '../errors'
import { idPage, idPageRequest } from '../http/checkpoint'
import { orgNotFound } from '../http/not-found'
import { ok, operation } from '../http/operation'
import { OrgClientList, OrgClientResponse, OrgClientsCreated } from '../openapi/access-responses'
import type { OrgClient } from '../schemas/org-client'
import { OrgClientListQuery, OrgClientPath, OrgClientsCreate, OrgClientsDelete, OrgClientsPath, OrgClientUpdate } from '../schemas/org-client'

/**
 * Auth0 records none of these error texts (contract notes §4.5); they follow the neighbouring APIs:
 * the batch 400 of member roles, the org-connection 404 and 409s.
 */
const notAssociated = () => new ApiError('not_found', 'The organization client does not exist.')

function refusal(r: AddRefusal): ApiError {
  switch (r.kind) {
    case 'no_organization':
      return orgNotFound()
    case 'unknown':
      return new ApiError('invalid_body', `One or more of the specified clients do not exist: ${r.ids.join(', ')}`)
    case 'already_added':
      return new ApiError('conflict', `One or more of the specified clients are already associated with this organization: ${r.ids.join(', ')}`)
    case 'limit_reached':
      return new ApiError('conflict', `Quota exceeded; cannot add more than ${MAX_ORG_CLIENTS} clients to a single organization`)
  }
}

const found = (result: OrgClient | 'no_organization' | null): OrgClient => {
  if (result === 'no_organization') throw orgNotFound()
  return result ?? fail(notAssociated())
}

const BASE = '/organizations/{id}/clients'
const CLIENT_ID = /^[\w-]{1,64}$/

const create = operation(
  {
    method: 'POST',
    path: BASE,
    operationId: 'post_organization_clients',
    summary: 'Associate clients with the organization',
    tag: 'organizations',
    description: `1–100 clients per request, ${MAX_ORG_CLIENTS} per organization. All or nothing: one client already associated fails the whole request with 409. A client_id sent twice counts once, with its last settings.`,
    scopes: ['create:organization_clients'],
    params: OrgClientsPath,
    body: OrgClientsCreate,
    responses: { 201: ok('The new associations, in request order.', OrgClientsCreated) },
    errors: [404, 409],
  },
  async ({ params: { id }, body, env }) => {
    // Auth0 keeps the last item of a client sent twice (the provider's source says so).
    const items = [...new Map(body.clients.map((c) => [c.client_id, c])).values()]
    const result = await addOrgClients(env.DB, id, items)
    return Array.isArray(result) ? result : fail(refusal(result))
  },
)

const list = operation(
  {
    method: 'GET',
    path: BASE,
    operationId: 'get_organization_clients',
    summary: "List the organization's clients in client_id order",
    tag: 'organizations',
    description: 'Checkpoint paging only: `next` is absent on the last page. Ordered by client_id, case-insensitively.',
    scopes: ['read:organization_clients'],
    params: OrgClientsPath,
    query: OrgClientListQuery,
    responses: { 200: ok('Organization clients.', OrgClientList) },
    errors: [404],
  },
  async ({ params: { id }, query: q, env }) => {
    const { take, from } = idPageRequest(q, CLIENT_ID, 100)
    const page = idPage((await listOrgClients(env.DB, id, from, take + 1)) ?? fail(orgNotFound()), take, (c) => c.client_id)
    return { clients: page.rows, ...(page.next && { next: page.next }) }
  },
)

const get = operation(
  {
    method: 'GET',
    path: `${BASE}/{client_id}`,
    operationId: 'get_organization_client',
    summary: 'Get an organization client',
    tag: 'organizations',
    scopes: ['read:organization_clients'],
    params: OrgClientPath,
    responses: { 200: ok('The organization client.', OrgClientResponse) },
    errors: [404],
  },
  async ({ params: { id, client_id }, env }) => found(await findOrgClient(env.DB, id, client_id)),
)

const update = operation(
  {
    method: 'PATCH',
    path: `${BASE}/{client_id}`,
    operationId: 'patch_organization_client',
    summary: 'Update an organization client',
    tag: 'organizations',
    scopes: ['update:organization_clients'],
    params: OrgClientPath,
    body: OrgClientUpdate,
    responses: { 200: ok('The organization client.', OrgClientResponse) },
    errors: [404],
  },
  async ({ params: { id, client_id }, body, env }) => found(await updateOrgClient(env.DB, id, client_id, body.use_for_member_access)),
)

const remove = operation(
  {
    method: 'DELETE',
    path: BASE,
    operationId: 'delete_organization_clients',
    summary: 'Remove clients from the organization',
    tag: 'organizations',
    description: 'The client ids travel in a JSON body. Idempotent for clients that are not associated or do not exist; 404 only for an unknown organization.',
    scopes: ['delete:organization_clients'],
    params: OrgClientsPath,
    body: OrgClientsDelete,
    responses: { 204: ok('Removed.') },
    errors: [404],
  },
  async ({ params: { id }, body, env }) => {
    if (!(await removeOrgClients(env.DB, id, [...new Set(body.clients)]))) throw orgNotFound()
  },
)

export const orgClients = [create, list, get, update, remove]
