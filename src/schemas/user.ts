import { z } from 'zod'
import { FieldsQuery, OffsetQuery, queryBool } from './common'
import { matching, oneOf } from './formats'
import { CreateUserRequestContent, UpdateUserRequestContent } from './generated/user'

/** Request bodies: Auth0's, generated from its document (src/schemas/generated/user.ts). */
export const UserCreate = CreateUserRequestContent
export type UserCreate = z.infer<typeof UserCreate>

/**
 * Auth0's update schema allows additional properties (they are ignored). `null` clears a profile
 * field; metadata merges at the root, where a `null` value removes that key.
 */
export const UserUpdate = UpdateUserRequestContent
export type UserUpdate = z.infer<typeof UserUpdate>

export const AppMetadata = UserCreate.shape.app_metadata.unwrap()
export const UserMetadata = UserCreate.shape.user_metadata.unwrap()

/** Fields kept in columns (they mean something here), and request-only switches that are never stored. */
const COLUMN_FIELDS = ['connection', 'email', 'email_verified', 'name', 'nickname', 'picture', 'user_id', 'username', 'app_metadata', 'user_metadata', 'blocked', 'password'] as const
const REQUEST_ONLY = ['verify_email', 'verify_phone_number', 'client_id'] as const
const NOT_IN_DOC = new Set<string>([...COLUMN_FIELDS, ...REQUEST_ONLY])

/** Every other field of Auth0's user bodies (given_name, phone_number, ...): stored in the user's document, returned as given. */
export const USER_DOC_FIELDS: readonly string[] = [...new Set([...Object.keys(UserCreate.shape), ...Object.keys(UserUpdate.shape)])].filter((k) => !NOT_IN_DOC.has(k))

export const UserPath = z.object({ id: z.string().min(1).max(1024).describe('ID of the user.') })

const USER_FIELDS = [
  'phone_number', 'email', 'email_verified', 'picture', 'username', 'user_id', 'name', 'nickname', 'created_at', 'identities', 'app_metadata',
  'user_metadata', 'last_ip', 'last_login', 'logins_count', 'updated_at', 'blocked', 'family_name', 'given_name',
]
const FIELD_LIST = new RegExp(`^(${USER_FIELDS.join('|')})(,(${USER_FIELDS.join('|')}))*$`)
const FIELDS_TEXT = FieldsQuery.shape.fields.unwrap().description ?? ''

/** GET /users/{id}: Auth0's pattern names the selectable fields; an empty `fields` means all. */
export const UserGetQuery = z.object({
  fields: z.union([z.literal(''), matching(z.string(), FIELD_LIST)]).describe(FIELDS_TEXT).optional(),
  include_fields: FieldsQuery.shape.include_fields,
})

export const USER_QUERY_TEXT = 'Query in Lucene query string syntax. Some query types cannot be used on metadata fields, for details see Searchable Fields.'

const SORT = /^(([a-zA-Z0-9_\\.]+))\:(1|-1)$/

export const UserListQuery = OffsetQuery.extend({
  ...FieldsQuery.shape,
  sort: matching(z.string(), SORT).describe('Field to sort by. Use `field:order` where order is `1` for ascending and `-1` for descending. e.g. `created_at:1`').optional(),
  connection: z.string().optional().describe('Connection filter. Only applies when using `search_engine=v1`. To filter by connection with `search_engine=v2|v3`, use `q=identities.connection:"connection_name"`'),
  q: z.string().describe(USER_QUERY_TEXT).optional(),
  search_engine: oneOf(['v1', 'v2', 'v3']).describe('The version of the search engine').optional(),
  primary_order: queryBool('If true (default), results are returned in a deterministic order. If false, results may be returned in a non-deterministic order, which can enhance performance for complex queries targeting a small number of users. Set to false only when consistent ordering and pagination is not required.').optional(),
})
export type UserListQuery = z.infer<typeof UserListQuery>

export const UsersByEmailQuery = z.object({
  ...FieldsQuery.shape,
  email: z.string().describe('Email address to search for (case-sensitive).'),
})

export interface Identity {
  connection: string
  user_id: string
  provider: string
  isSocial: boolean
}

export interface User {
  user_id: string
  email?: string
  email_verified: boolean
  username?: string
  name?: string
  nickname?: string
  picture?: string
  created_at: string
  updated_at: string
  identities: Identity[]
  app_metadata?: Record<string, unknown>
  user_metadata?: Record<string, unknown>
  blocked?: boolean
  /** The document: given_name, family_name, phone_number, phone_verified, ... */
  [field: string]: unknown
}
