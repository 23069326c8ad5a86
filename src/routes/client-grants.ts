import { createClientGrant, deleteClientGrant, findClientGrant, listClientGrants, listClientGrantsAfter, updateClientGrant } from '../db/client-grants'
import { ApiError, fail } from '../errors'
import { checkpointBody, checkpointRequest } from '../http/checkpoint'
import { ok, operation } from '../http/operation'
import { offsetBody, offsetWindow } from '../http/pagination'
import { ClientGrantResponse, listOf } from '../openapi/responses'
import { enqueueCleanup } from '../queue/enqueue'
import { ClientGrantCreate, ClientGrantListQuery, ClientGrantPath, ClientGrantUpdate } from '../schemas/client-grant'
import { crudDocs } from './crud'

const notFound = () => new ApiError('inexistent_client_grant', 'The grant does not exist.')

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
  const grant = await createClientGrant(env.DB, { ...input, client_id: input.client_id })
  if (grant === 'no_client') throw new ApiError('inexistent_client', 'Client not found')
  // Text as recorded in a public report (terraform-provider-auth0#255), with the ids filled in.
  if (grant === 'conflict') throw new ApiError('conflict', `A client grant already exists between ${input.client_id} and ${input.audience}`)
  return grant
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

const update = operation({ ...docs.update, scopes: ['update:client_grants'], params: ClientGrantPath, body: ClientGrantUpdate }, async ({ params: { id }, body, env }) =>
  (await updateClientGrant(env.DB, id, body)) ?? fail(notFound()),
)

const remove = operation({ ...docs.remove, scopes: ['delete:client_grants'], params: ClientGrantPath }, async ({ params: { id }, env }) => {
  // A grant that is already gone answers 204 too (recorded: go-auth0 TestClientGrantManager_Delete).
  const cleanup = await deleteClientGrant(env.DB, id)
  if (cleanup) await enqueueCleanup(env, cleanup)
})

export const clientGrants = [create, list, get, update, remove]
