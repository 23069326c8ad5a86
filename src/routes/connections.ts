import { createConnection, deleteConnection, findConnection, listConnections, listConnectionsAfter, updateConnection } from '../db/connections'
import { ApiError, fail } from '../errors'
import { checkpointBody, checkpointRequest } from '../http/checkpoint'
import { ok, operation, reply } from '../http/operation'
import { offsetBody, offsetWindow } from '../http/pagination'
import { now } from '../ids'
import { ConnectionDeleted, ConnectionResponse, ListedConnectionResponse, listOf } from '../openapi/responses'
import { enqueueCleanup } from '../queue/enqueue'
import { ConnectionCreate, ConnectionListQuery, ConnectionPath, ConnectionUpdate } from '../schemas/connection'
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
  const checkpoint = checkpointRequest(q)
  // Checkpoint mode, as on GET /organizations.
  if (checkpoint) return checkpointBody('connections', await listConnectionsAfter(env.DB, checkpoint.after, checkpoint.take + 1, filter), checkpoint.take)
  const { connections: items, total } = await listConnections(env.DB, offsetWindow(q), filter)
  return offsetBody('connections', q, items, total)
})

const get = operation({ ...docs.get, scopes: ['read:connections'], params: ConnectionPath }, async ({ params: { id }, env }) => (await findConnection(env.DB, id)) ?? fail(notFound()))

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
