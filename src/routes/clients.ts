import { createClient, deleteClient, findClient, listClients, listClientsAfter, updateClient, type ClientFilter } from '../db/clients'
import { ApiError, fail } from '../errors'
import { checkpointBody, checkpointRequest } from '../http/checkpoint'
import { projector } from '../http/fields'
import { ok, operation } from '../http/operation'
import { offsetBody, offsetWindow } from '../http/pagination'
import { ClientFieldsResponse, ClientResponse, listOf } from '../openapi/responses'
import { enqueueCleanup } from '../queue/enqueue'
import { CLIENT_QUERY, ClientCreate, ClientGetQuery, ClientListQuery, ClientPath, ClientUpdate, type ClientListQuery as ListQuery } from '../schemas/client'
import { crudDocs } from './crud'

/** Reads never return `client_secret`: only its hash is stored, so it is shown once, on create. */
const notFound = () => new ApiError('inexistent_client', 'The client does not exist')

const docs = crudDocs('/clients', {
  tag: 'clients',
  stem: 'clients',
  noun: 'client',
  item: ClientResponse,
  list: listOf('clients', ClientFieldsResponse, { checkpoint: true }),
  created: 201,
  deleted: { 204: ok('Deleted (idempotent).') },
  errors: { create: [] },
})

const create = operation({ ...docs.create, scopes: ['create:clients'], body: ClientCreate }, async ({ body, env }) => createClient(env.DB, body))

const list = operation({ ...docs.list, scopes: ['read:clients'], query: ClientListQuery }, async ({ query: q, env }) => {
  const filter = clientFilter(q)
  const project = projector(q)
  const checkpoint = checkpointRequest(q)
  if (checkpoint) {
    const rows = await listClientsAfter(env.DB, checkpoint.after, checkpoint.take + 1, filter)
    return checkpointBody('clients', rows.map((r) => ({ ...r, item: project(r.item) })), checkpoint.take)
  }
  const { clients: items, total } = await listClients(env.DB, offsetWindow(q), filter)
  return offsetBody('clients', q, items.map(project), total)
})

const GRANT_QUERY = /^client_grant\.(organization_id|allow_any_organization):("?)([^"\s]+)\2$/

/** `q` takes the two queries Auth0 documents for this list; anything else is refused. */
function clientFilter(q: ListQuery): ClientFilter {
  const filter: ClientFilter = { is_global: q.is_global, is_first_party: q.is_first_party, app_type: q.app_type, external_client_id: q.external_client_id }
  if (q.q === undefined) return filter
  const match = GRANT_QUERY.exec(q.q.trim())
  if (match?.[1] === 'organization_id') return { ...filter, grantOrganization: match[3] }
  if (match?.[1] === 'allow_any_organization' && match[3] === 'true') return { ...filter, grantAnyOrganization: true }
  throw new ApiError(
    'invalid_query_string',
    `Query validation error: 'Unsupported query: ${q.q}' on property q (${CLIENT_QUERY}).`,
  )
}

const get = operation(
  { ...docs.get, responses: { 200: ok('The client; `fields` / `include_fields` choose the keys present.', ClientFieldsResponse) }, scopes: ['read:clients'], params: ClientPath, query: ClientGetQuery },
  async ({ params: { id }, query, env }) => projector(query)((await findClient(env.DB, id)) ?? fail(notFound())),
)

const update = operation({ ...docs.update, scopes: ['update:clients'], params: ClientPath, body: ClientUpdate }, async ({ params: { id }, body, env }) =>
  (await updateClient(env.DB, id, body)) ?? fail(notFound()),
)

const remove = operation({ ...docs.remove, scopes: ['delete:clients'], params: ClientPath }, async ({ params: { id }, env }) => {
  const cleanup = await deleteClient(env.DB, id)
  if (cleanup) await enqueueCleanup(env, cleanup)
})

export const clients = [create, list, get, update, remove]
