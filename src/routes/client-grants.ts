import {
  createClientGrant,
  deleteClientGrant,
  findClientGrant,
  listClientGrants,
  listClientGrantsAfter,
  updateClientGrant,
  type GrantRefusal,
} from '../db/client-grants'
import { ApiError, fail } from '../errors'
import { checkpointBody, checkpointRequest } from '../http/checkpoint'
import { ok, operation } from '../http/operation'
import { managementApi } from '../http/scopes'
import { offsetBody, offsetWindow } from '../http/pagination'
import { ClientGrantResponse, listOf } from '../openapi/responses'
import { enqueueCleanup } from '../queue/enqueue'
import { ClientGrantCreate, ClientGrantListQuery, ClientGrantPath, ClientGrantUpdate, type ClientGrant } from '../schemas/client-grant'
import { crudDocs } from './crud'

const notFound = () => new ApiError('inexistent_client_grant', 'The grant does not exist.')

const isGrant = (grant: ClientGrant | GrantRefusal): grant is ClientGrant => typeof grant === 'object' && 'id' in grant

/**
 * A grant's audience must name a resource server and its scopes be that server's (behaviour-2026.md §6):
 * the resource server 404 Auth0 answers on GET /resource-servers/{id} (recorded), and a 400 of ours
 * naming the scopes (Auth0's text is unrecorded).
 */
function scopeRefusal(refusal: 'no_resource_server' | { missingScopes: string[] }): ApiError {
  if (refusal === 'no_resource_server') return new ApiError('inexistent_resource_server', 'The resource server does not exist')
  return new ApiError('invalid_body', `One or more of the specified scopes are not defined by the resource server: ${refusal.missingScopes.join(', ')}`)
}

const docs = crudDocs('/client-grants', {
  tag: 'client-grants',
  stem: 'client-grants',
  noun: 'client grant',
  item: ClientGrantResponse,
  list: listOf('client_grants', ClientGrantResponse, { checkpoint: true }),
  created: 201,
  deleted: { 204: ok('Deleted (idempotent); its organization associations go with it.') },
  errors: { create: [404, 409] },
})

const create = operation({ ...docs.create, scopes: ['create:client_grants'], body: ClientGrantCreate }, async ({ body: input, env }) => {
  // Auth0's schema allows no client_id for grants made by default for third-party clients (default_for), which this server does not model.
  if (input.client_id === undefined) throw new ApiError('invalid_body', "Payload validation error: 'Missing required property: client_id'")
  const grant = await createClientGrant(env.DB, managementApi(env), { ...input, client_id: input.client_id })
  if (grant === 'no_client') throw new ApiError('inexistent_client', 'Client not found')
  // Text as recorded in a public report (terraform-provider-auth0#255), with the ids filled in.
  if (grant === 'conflict') throw new ApiError('conflict', `A client grant already exists between ${input.client_id} and ${input.audience}`)
  return isGrant(grant) ? grant : fail(scopeRefusal(grant))
})

const list = operation({ ...docs.list, scopes: ['read:client_grants'], query: ClientGrantListQuery }, async ({ query: q, env }) => {
  const checkpoint = checkpointRequest(q)
  // Checkpoint mode, as on GET /organizations.
  if (checkpoint) return checkpointBody('client_grants', await listClientGrantsAfter(env.DB, checkpoint.after, checkpoint.take + 1, q), checkpoint.take)
  const { client_grants: items, total } = await listClientGrants(env.DB, offsetWindow(q), q)
  return offsetBody('client_grants', q, items, total)
})

const get = operation({ ...docs.get, scopes: ['read:client_grants'], params: ClientGrantPath }, async ({ params: { id }, env }) =>
  (await findClientGrant(env.DB, id)) ?? fail(notFound()),
)

const update = operation({ ...docs.update, scopes: ['update:client_grants'], params: ClientGrantPath, body: ClientGrantUpdate }, async ({ params: { id }, body, env }) => {
  const grant = (await updateClientGrant(env.DB, managementApi(env), id, body)) ?? fail(notFound())
  return isGrant(grant) ? grant : fail(scopeRefusal(grant))
})

const remove = operation({ ...docs.remove, scopes: ['delete:client_grants'], params: ClientGrantPath }, async ({ params: { id }, env }) => {
  // A grant that is already gone answers 204 too (recorded: go-auth0 TestClientGrantManager_Delete).
  const cleanup = await deleteClientGrant(env.DB, id)
  if (cleanup) await enqueueCleanup(env, cleanup)
})

export const clientGrants = [create, list, get, update, remove]
