import {
  createResourceServer,
  deleteResourceServer,
  findResourceServer,
  listResourceServers,
  SYSTEM_IDENTIFIER,
  updateResourceServer,
} from '../db/resource-servers'
import { ApiError, fail } from '../errors'
import { ok, operation } from '../http/operation'
import { offsetWindow } from '../http/pagination'
import { managementApi } from '../http/scopes'
import { ResourceServerFieldsList, ResourceServerFieldsResponse, ResourceServerResponse } from '../openapi/access-responses'
import { enqueueCleanup } from '../queue/enqueue'
import type { ResourceServer } from '../schemas/resource-server'
import {
  ResourceServerCreate,
  ResourceServerGetQuery,
  ResourceServerListQuery,
  ResourceServerPath,
  ResourceServerUpdate,
} from '../schemas/resource-server'
import { crudDocs } from './crud'

/** Recorded (TestAccDataSourceResourceServer, 2024). */
const notFound = () => new ApiError('inexistent_resource_server', 'The resource server does not exist')
// Unrecorded; Auth0 documents the 409 without a text.
const conflict = () => new ApiError('conflict', 'A resource server with this identifier already exists.')

const docs = crudDocs('/resource-servers', {
  tag: 'resource-servers',
  stem: 'resource-servers',
  noun: 'resource server',
  item: ResourceServerResponse,
  list: ResourceServerFieldsList,
  created: 201,
  deleted: { 204: ok('Deleted (idempotent); its role permissions go with it.') },
  errors: { create: [409], update: [404], delete: [] },
})

const SYSTEM_NOTE = 'The tenant\'s own Management API is listed as a system resource server (`is_system`), which cannot be changed or deleted.'

const create = operation({ ...docs.create, scopes: ['create:resource_servers'], body: ResourceServerCreate }, async ({ body, env }) => {
  // The documented 400 for identifiers Auth0 keeps for itself: here, the system server's stored key.
  if (body.identifier === SYSTEM_IDENTIFIER) throw new ApiError('invalid_body', 'The selected identifier is reserved.')
  if (body.identifier === env.API_AUDIENCE) throw conflict()
  const server = await createResourceServer(env.DB, managementApi(env), body)
  return server === 'conflict' ? fail(conflict()) : server
})

const list = operation(
  { ...docs.list, description: `Offset paging only. ${SYSTEM_NOTE}`, scopes: ['read:resource_servers'], query: ResourceServerListQuery },
  async ({ query: q, env }) => {
    const { rows, total } = await listResourceServers(env.DB, managementApi(env), offsetWindow(q), q.identifiers)
    const items = rows.map((rs) => project(rs, q))
    if (!q.include_totals) return items
    // Recorded key order: total first (unlike roles and connections).
    const { offset, limit } = offsetWindow(q)
    return { total, start: offset, limit, resource_servers: items }
  },
)

const get = operation(
  { ...docs.get, responses: { 200: ok('The resource server.', ResourceServerFieldsResponse) }, description: 'By id or by URL-encoded identifier.', scopes: ['read:resource_servers'], params: ResourceServerPath, query: ResourceServerGetQuery },
  async ({ params: { id }, query: q, env }) => project((await findResourceServer(env.DB, managementApi(env), id)) ?? fail(notFound()), q),
)

const update = operation(
  {
    ...docs.update,
    description: `By id or by URL-encoded identifier. Answers 200 (recorded; Auth0's document says 201). ${SYSTEM_NOTE}`,
    scopes: ['update:resource_servers'],
    params: ResourceServerPath,
    body: ResourceServerUpdate,
  },
  async ({ params: { id }, body, env }) => {
    const server = await updateResourceServer(env.DB, managementApi(env), id, body)
    if (server === 'system') throw new ApiError('operation_not_supported', 'System resource servers cannot be patched.')
    return server ?? fail(notFound())
  },
)

const remove = operation({ ...docs.remove, description: SYSTEM_NOTE, scopes: ['delete:resource_servers'], params: ResourceServerPath }, async ({ params: { id }, env }) => {
  const result = await deleteResourceServer(env.DB, managementApi(env), id)
  if (result === 'system') throw new ApiError('operation_not_supported', 'System resource servers cannot be deleted.')
  if (result) await enqueueCleanup(env, result)
})

export const resourceServers = [create, list, get, update, remove]

/** `fields` / `include_fields`, as go-auth0 sends them (`fields=id,identifier`). */
function project(server: ResourceServer, q: { fields?: string; include_fields?: boolean }): Partial<ResourceServer> {
  const named = new Set((q.fields ?? '').split(',').filter(Boolean))
  if (named.size === 0) return server
  const keep = q.include_fields === false ? (k: string) => !named.has(k) : (k: string) => named.has(k)
  return Object.fromEntries(Object.entries(server).filter(([k]) => keep(k)))
}
