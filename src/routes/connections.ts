import { createConnection, deleteConnection, findConnection, listConnections, listConnectionsAfter, updateConnection } from '../db/connections'
import { ApiError, fail } from '../errors'
import { checkpointBody, checkpointRequest } from '../http/checkpoint'
import { projector } from '../http/fields'
import { ok, operation, reply } from '../http/operation'
import { offsetBody, offsetWindow } from '../http/pagination'
import { now } from '../ids'
import { ConnectionDeleted, ConnectionFieldsResponse, ConnectionResponse, ListedConnectionResponse, listOf } from '../openapi/responses'
import { enqueueCleanup } from '../queue/enqueue'
import { ConnectionCreate, ConnectionFieldsQuery, ConnectionListQuery, ConnectionPath, ConnectionUpdate } from '../schemas/connection'
import { crudDocs } from './crud'

const notFound = () => new ApiError('inexistent_connection', 'The connection does not exist')

const docs = crudDocs('/connections', {
  tag: 'connections',
  stem: 'connections',
  noun: 'connection',
  item: ConnectionResponse,
  list: listOf('connections', ListedConnectionResponse, { checkpoint: true }),
  created: 201,
  deleted: { 202: ok('Deleted; its users and organization links go in the background.', ConnectionDeleted), 204: ok('There was no such connection.') },
})

const create = operation({ ...docs.create, scopes: ['create:connections'], body: ConnectionCreate }, async ({ body, env }) => {
  const connection = await createConnection(env.DB, body)
  return connection === 'conflict' ? fail(new ApiError('connection_conflict', 'A connection with the same name already exists')) : connection
})

const list = operation({ ...docs.list, scopes: ['read:connections'], query: ConnectionListQuery }, async ({ query: q, env }) => {
  const filter = { name: q.name, strategies: q.strategy }
  const project = projector(q)
  const checkpoint = checkpointRequest(q)
  // Checkpoint mode, as on GET /organizations.
  if (checkpoint) {
    const rows = await listConnectionsAfter(env.DB, checkpoint.after, checkpoint.take + 1, filter)
    return checkpointBody('connections', rows.map((r) => ({ ...r, item: project(r.item) })), checkpoint.take)
  }
  const { connections: items, total } = await listConnections(env.DB, offsetWindow(q), filter)
  return offsetBody('connections', q, items.map(project), total)
})

const get = operation(
  {
    ...docs.get,
    responses: { 200: ok('The connection; `fields` / `include_fields` choose the keys present.', ConnectionFieldsResponse) },
    scopes: ['read:connections'],
    params: ConnectionPath,
    query: ConnectionFieldsQuery,
  },
  async ({ params: { id }, query, env }) => projector(query)((await findConnection(env.DB, id)) ?? fail(notFound())),
)

const update = operation({ ...docs.update, scopes: ['update:connections'], params: ConnectionPath, body: ConnectionUpdate }, async ({ params: { id }, body, env }) =>
  (await updateConnection(env.DB, id, body)) ?? fail(notFound()),
)

/** Auth0 answers 202 with `deleted_at` when it removed the connection, and 204 when there was none. */
const remove = operation({ ...docs.remove, scopes: ['delete:connections'], params: ConnectionPath }, async ({ params: { id }, env }) => {
  const cleanup = await deleteConnection(env.DB, id)
  if (!cleanup) return reply(204)
  await enqueueCleanup(env, cleanup)
  return reply(202, { deleted_at: now() })
})

export const connections = [create, list, get, update, remove]
