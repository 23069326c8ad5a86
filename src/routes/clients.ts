import { createClient, deleteClient, findClient, listClients, updateClient } from '../db/clients'
import { ApiError, fail } from '../errors'
import { ok, operation } from '../http/operation'
import { offsetBody, offsetWindow } from '../http/pagination'
import { ClientResponse, listOf } from '../openapi/responses'
import { enqueueCleanup } from '../queue/enqueue'
import { ClientCreate, ClientListQuery, ClientPath, ClientUpdate } from '../schemas/client'
import { crudDocs } from './crud'

/** Reads never return `client_secret`: only its hash is stored, so it is shown once, on create. */
const notFound = () => new ApiError('inexistent_client', 'The client does not exist')

const docs = crudDocs('/clients', {
  tag: 'clients',
  stem: 'clients',
  noun: 'client',
  item: ClientResponse,
  list: listOf('clients', ClientResponse),
  created: 201,
  deleted: { 204: ok('Deleted (idempotent).') },
  errors: { create: [] },
})

const create = operation({ ...docs.create, scopes: ['create:clients'], body: ClientCreate }, async ({ body, env }) => createClient(env.DB, body))

const list = operation({ ...docs.list, scopes: ['read:clients'], query: ClientListQuery }, async ({ query: q, env }) => {
  const { clients: items, total } = await listClients(env.DB, offsetWindow(q))
  return offsetBody('clients', q, items, total)
})

const get = operation({ ...docs.get, scopes: ['read:clients'], params: ClientPath }, async ({ params: { id }, env }) => (await findClient(env.DB, id)) ?? fail(notFound()))

const update = operation({ ...docs.update, scopes: ['update:clients'], params: ClientPath, body: ClientUpdate }, async ({ params: { id }, body, env }) =>
  (await updateClient(env.DB, id, body)) ?? fail(notFound()),
)

const remove = operation({ ...docs.remove, scopes: ['delete:clients'], params: ClientPath }, async ({ params: { id }, env }) => {
  const cleanup = await deleteClient(env.DB, id)
  if (cleanup) await enqueueCleanup(env, cleanup)
})

export const clients = [create, list, get, update, remove]
