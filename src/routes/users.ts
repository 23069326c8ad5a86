import { Router, type IRequest } from 'itty-router'
import { findConnectionByName } from '../db/connections'
import { createUser, deleteUser, findUser, listUsers, updateUser } from '../db/users'
import type { Env } from '../env'
import { ApiError, fail } from '../errors'
import { requireScope } from '../http/auth'
import { readBody } from '../http/body'
import { offsetBody, offsetWindow } from '../http/pagination'
import { pathParams, queryParams } from '../http/params'
import { created, noContent } from '../http/respond'
import { parse } from '../http/validate'
import { UserCreate, UserListQuery, UserPath, UserUpdate } from '../schemas/user'
import { enqueueCleanup } from '../queue/enqueue'

/**
 * Only `/` and `/:id` are served here; `/users/:id/organizations` belongs to another router, which
 * is why the root router mounts this one on exactly those two shapes.
 */
export const users = Router<IRequest, [Env, ExecutionContext]>({ base: '/api/v2/users' })

const notFound = () => new ApiError('inexistent_user', 'The user does not exist.')
const conflict = () => new ApiError('user_conflict', 'The user already exists.')
const missing = (property: string) => new ApiError('invalid_body', `Payload validation error: 'Missing required property: ${property}'`)

users.post('/', requireScope('create:users'), async (req, env) => {
  const input = parse(UserCreate, await readBody(req), 'invalid_body')
  const connection = await findConnectionByName(env.DB, input.connection)
  if (!connection) throw new ApiError('unknown_connection', 'The connection does not exist.')
  // Database connections sign users in with email and password, so both are required there.
  if (connection.strategy === 'auth0' && input.email === undefined) throw missing('email')
  if (connection.strategy === 'auth0' && input.password === undefined) throw missing('password')
  const user = await createUser(env.DB, input, connection.strategy)
  if (user === 'conflict') throw conflict()
  return created(user)
})

users.get('/', requireScope('read:users'), async (req, env) => {
  const q = queryParams(UserListQuery, req)
  const { users: items, total } = await listUsers(env.DB, offsetWindow(q), q.connection)
  return offsetBody('users', q, items, total)
})

users.get('/:id', requireScope('read:users'), async (req, env) => {
  const { id } = pathParams(UserPath, req)
  return (await findUser(env.DB, id)) ?? fail(notFound())
})

users.patch('/:id', requireScope('update:users'), async (req, env) => {
  const { id } = pathParams(UserPath, req)
  const user = await updateUser(env.DB, id, parse(UserUpdate, await readBody(req), 'invalid_body'))
  if (user === 'conflict') throw conflict()
  return user ?? fail(notFound())
})

users.delete('/:id', requireScope('delete:users'), async (req, env) => {
  const { id } = pathParams(UserPath, req)
  const cleanup = await deleteUser(env.DB, id)
  if (cleanup) await enqueueCleanup(env, cleanup)
  return noContent()
})
