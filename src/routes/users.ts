import { findConnectionByName } from '../db/connections'
import { findUsersByEmail, searchUsers, USER_QUERY_FIELDS, USER_SORT_COLUMNS, type UserSearch } from '../db/user-search'
import { createUser, deleteUser, findUser, updateUser } from '../db/users'
import { ApiError, fail } from '../errors'
import { projector } from '../http/fields'
import { ok, operation } from '../http/operation'
import { offsetBody, offsetWindow } from '../http/pagination'
import { listOf, UserFieldsResponse, UserResponse } from '../openapi/responses'
import { enqueueCleanup } from '../queue/enqueue'
import { USER_QUERY_TEXT, UserCreate, UserGetQuery, UserListQuery, UserPath, UsersByEmailQuery, UserUpdate } from '../schemas/user'
import { crudDocs } from './crud'

const notFound = () => new ApiError('inexistent_user', 'The user does not exist.')
const conflict = () => new ApiError('user_conflict', 'The user already exists.')
const unknownConnection = () => new ApiError('unknown_connection', 'The connection does not exist.')
const missing = (property: string) => new ApiError('invalid_body', `Payload validation error: 'Missing required property: ${property}'`)
const badQuery = (property: string, text: string, description: string) =>
  new ApiError('invalid_query_string', `Query validation error: '${text}' on property ${property} (${description}).`)

const UserFields = UserFieldsResponse

const docs = crudDocs('/users', {
  tag: 'users',
  stem: 'users',
  noun: 'user',
  item: UserResponse,
  list: listOf('users', UserFields),
  created: 201,
  deleted: { 204: ok('Deleted (idempotent); the user leaves every organization.') },
  errors: { update: [404, 409] },
})

const create = operation({ ...docs.create, scopes: ['create:users'], body: UserCreate }, async ({ body: input, env }) => {
  const connection = await findConnectionByName(env.DB, input.connection)
  if (!connection) throw unknownConnection()
  // Database connections sign users in with email and password, so both are required there.
  if (connection.strategy === 'auth0' && input.email === undefined) throw missing('email')
  if (connection.strategy === 'auth0' && input.password === undefined) throw missing('password')
  const user = await createUser(env.DB, input, connection.strategy)
  return user === 'conflict' ? fail(conflict()) : user
})

const list = operation({ ...docs.list, scopes: ['read:users'], query: UserListQuery }, async ({ query: q, env }) => {
  const search: UserSearch = { connection: q.connection, match: q.q?.trim() ? parseUserQuery(q.q) : undefined, sort: q.sort ? parseSort(q.sort) : undefined }
  const { users: items, total } = await searchUsers(env.DB, offsetWindow(q), search)
  return offsetBody('users', q, items.map(projector(q)), total)
})

// One term, `field:"value"` or `field:value`: what Auth0's exact-match field queries look like. Boolean
// operators, wildcards, ranges and free text are Lucene syntax this server does not implement.
const TERM = /^([A-Za-z_][\w.-]*):(?:"((?:[^"\\]|\\.)*)"|([^\s"*?~^()[\]{}:\\]+))$/
const METADATA_PATH = /^(app_metadata|user_metadata)((?:\.[A-Za-z0-9_-]+)+)$/

function parseUserQuery(q: string): UserSearch['match'] {
  const term = TERM.exec(q.trim())
  if (!term) throw badQuery('q', `Unsupported query syntax: ${q}`, USER_QUERY_TEXT)
  const [, field, quoted, bare] = term
  const value = quoted !== undefined ? quoted.replace(/\\(.)/g, '$1') : bare!
  const metadata = METADATA_PATH.exec(field!)
  if (metadata) {
    const path = `$${metadata[2]!.split('.').slice(1).map((key) => `."${key}"`).join('')}`
    return { sql: USER_QUERY_FIELDS[metadata[1]!]!, value, path }
  }
  const sql = Object.hasOwn(USER_QUERY_FIELDS, field!) && !field!.endsWith('metadata') ? USER_QUERY_FIELDS[field!] : undefined
  if (!sql) throw badQuery('q', `Unsupported query field: ${field}`, USER_QUERY_TEXT)
  // Emails are stored lower-cased, as Auth0 normalises them.
  return { sql, value: field === 'email' ? value.toLowerCase() : value }
}

function parseSort(sort: string): UserSearch['sort'] {
  const [column, order] = sort.split(':') as [string, string]
  if (!Object.hasOwn(USER_SORT_COLUMNS, column)) {
    throw badQuery('sort', `Unsupported sort field: ${column}`, UserListQuery.shape.sort.unwrap().description ?? '')
  }
  return { column, descending: order === '-1' }
}

const get = operation(
  { ...docs.get, responses: { 200: ok('The user; `fields` / `include_fields` choose the keys present.', UserFields) }, scopes: ['read:users'], params: UserPath, query: UserGetQuery },
  async ({ params: { id }, query, env }) => projector(query)((await findUser(env.DB, id)) ?? fail(notFound())),
)

const update = operation({ ...docs.update, scopes: ['update:users'], params: UserPath, body: UserUpdate }, async ({ params: { id }, body, env }) => {
  const user = await updateUser(env.DB, id, body)
  if (user === 'conflict') throw conflict()
  if (user === 'unknown_connection') throw unknownConnection()
  return user ?? fail(notFound())
})

const remove = operation({ ...docs.remove, scopes: ['delete:users'], params: UserPath }, async ({ params: { id }, env }) => {
  const cleanup = await deleteUser(env.DB, id)
  if (cleanup) await enqueueCleanup(env, cleanup)
})

/** An invitation flow looks a user up by email before adding them to an organization. */
const byEmail = operation(
  {
    method: 'GET',
    path: '/users-by-email',
    operationId: 'get_users_by_email',
    summary: 'Search users by email',
    tag: 'users',
    scopes: ['read:users'],
    query: UsersByEmailQuery,
    responses: { 200: ok('Every user with this email, in any connection.', UserFields.array()) },
  },
  async ({ query, env }) => (await findUsersByEmail(env.DB, query.email)).map(projector(query)),
)

export const users = [create, list, get, update, remove, byEmail]
