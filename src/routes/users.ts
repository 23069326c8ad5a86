import { findConnectionByName } from '../db/connections'
import { createUser, deleteUser, findUser, listUsers, updateUser } from '../db/users'
import { ApiError, fail } from '../errors'
import { ok, operation } from '../http/operation'
import { offsetBody, offsetWindow } from '../http/pagination'
import { listOf, UserResponse } from '../openapi/responses'
import { enqueueCleanup } from '../queue/enqueue'
import { UserCreate, UserListQuery, UserPath, UserUpdate } from '../schemas/user'
import { crudDocs } from './crud'

const notFound = () => new ApiError('inexistent_user', 'The user does not exist.')
const conflict = () => new ApiError('user_conflict', 'The user already exists.')
const missing = (property: string) => new ApiError('invalid_body', `Payload validation error: 'Missing required property: ${property}'`)

const docs = crudDocs('/users', {
  tag: 'users',
  stem: 'users',
  noun: 'user',
  item: UserResponse,
  list: listOf('users', UserResponse),
  created: 201,
  deleted: { 204: ok('Deleted (idempotent); the user leaves every organization.') },
  errors: { update: [404, 409] },
})

const create = operation({ ...docs.create, scopes: ['create:users'], body: UserCreate }, async ({ body: input, env }) => {
  const connection = await findConnectionByName(env.DB, input.connection)
  if (!connection) throw new ApiError('unknown_connection', 'The connection does not exist.')
  // Database connections sign users in with email and password, so both are required there.
  if (connection.strategy === 'auth0' && input.email === undefined) throw missing('email')
  if (connection.strategy === 'auth0' && input.password === undefined) throw missing('password')
  const user = await createUser(env.DB, input, connection.strategy)
  return user === 'conflict' ? fail(conflict()) : user
})

const list = operation({ ...docs.list, scopes: ['read:users'], query: UserListQuery }, async ({ query: q, env }) => {
  const { users: items, total } = await listUsers(env.DB, offsetWindow(q), q.connection)
  return offsetBody('users', q, items, total)
})

const get = operation({ ...docs.get, scopes: ['read:users'], params: UserPath }, async ({ params: { id }, env }) => (await findUser(env.DB, id)) ?? fail(notFound()))

const update = operation({ ...docs.update, scopes: ['update:users'], params: UserPath, body: UserUpdate }, async ({ params: { id }, body, env }) => {
  const user = await updateUser(env.DB, id, body)
  if (user === 'conflict') throw conflict()
  return user ?? fail(notFound())
})

const remove = operation({ ...docs.remove, scopes: ['delete:users'], params: UserPath }, async ({ params: { id }, env }) => {
  const cleanup = await deleteUser(env.DB, id)
  if (cleanup) await enqueueCleanup(env, cleanup)
})

export const users = [create, list, get, update, remove]
