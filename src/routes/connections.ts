import { Router, type IRequest } from 'itty-router'
import { createConnection, deleteConnection, findConnection, listConnections, listConnectionsAfter, updateConnection } from '../db/connections'
import type { Env } from '../env'
import { ApiError, fail } from '../errors'
import { requireScope } from '../http/auth'
import { readBody } from '../http/body'
import { checkpointBody, checkpointRequest } from '../http/checkpoint'
import { offsetBody, offsetWindow } from '../http/pagination'
import { pathParams, queryParams } from '../http/params'
import { created, json, noContent } from '../http/respond'
import { parse } from '../http/validate'
import { now } from '../ids'
import { ConnectionCreate, ConnectionListQuery, ConnectionPath, ConnectionUpdate } from '../schemas/connection'
import { enqueueCleanup } from '../queue/enqueue'

export const connections = Router<IRequest, [Env, ExecutionContext]>({ base: '/api/v2/connections' })

const notFound = () => new ApiError('inexistent_connection', 'The connection does not exist')

connections.post('/', requireScope('create:connections'), async (req, env) => {
  const connection = await createConnection(env.DB, parse(ConnectionCreate, await readBody(req), 'invalid_body'))
  if (connection === 'conflict') throw new ApiError('connection_conflict', 'A connection with the same name already exists')
  return created(connection)
})

connections.get('/', requireScope('read:connections'), async (req, env) => {
  const q = queryParams(ConnectionListQuery, req)
  const filter = { name: q.name, strategies: q.strategy }
  const checkpoint = checkpointRequest(q)
  // Checkpoint mode, as on GET /organizations.
  if (checkpoint) return checkpointBody('connections', await listConnectionsAfter(env.DB, checkpoint.after, checkpoint.take + 1, filter), checkpoint.take)
  const { connections: items, total } = await listConnections(env.DB, offsetWindow(q), filter)
  return offsetBody('connections', q, items, total)
})

connections.get('/:id', requireScope('read:connections'), async (req, env) => {
  const { id } = pathParams(ConnectionPath, req)
  return (await findConnection(env.DB, id)) ?? fail(notFound())
})

connections.patch('/:id', requireScope('update:connections'), async (req, env) => {
  const { id } = pathParams(ConnectionPath, req)
  const connection = await updateConnection(env.DB, id, parse(ConnectionUpdate, await readBody(req), 'invalid_body'))
  return connection ?? fail(notFound())
})

/** Auth0 answers 202 with `deleted_at` when it removed the connection, and 204 when there was none. */
connections.delete('/:id', requireScope('delete:connections'), async (req, env) => {
  const { id } = pathParams(ConnectionPath, req)
  const cleanup = await deleteConnection(env.DB, id)
  if (!cleanup) return noContent()
  await enqueueCleanup(env, cleanup)
  return json({ deleted_at: now() }, 202)
})
