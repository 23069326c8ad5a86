import { z } from 'zod'
import { freeFormObject, OffsetQuery } from './common'
import { formatted, isAbsoluteUri, matching } from './formats'

const Connection = z.string().min(1).describe('Name of the connection this user should be created in.')
const Email = z.email().describe("The user's email.")
const EmailVerified = z
  .boolean()
  .describe('Whether this email address is verified (true) or unverified (false). User will receive a verification email after creation if `email_verified` is false or not specified')
const Name = z.string().min(1).max(300).describe("The user's full name.")
const Nickname = z.string().min(1).max(300).describe("The user's nickname.")
const Picture = formatted(z.string(), 'strict-uri', isAbsoluteUri).describe("A URI pointing to the user's picture.")
const Password = z.string().min(1).describe('Initial password for this user. Only valid for auth0 connection strategy.')
const UserId = matching(z.string().max(255), /^\S*$/).describe("The external user's id provided by the identity provider.")
export const AppMetadata = freeFormObject()
  .describe("Data related to the user that does affect the application's core functionality.")
export const UserMetadata = freeFormObject()
  .describe("Data related to the user that does not affect the application's core functionality.")
const Blocked = z.boolean().describe('Whether this user was blocked by an administrator (true) or not (false).')

export const UserCreate = z.strictObject({
  connection: Connection,
  email: Email.optional(),
  email_verified: EmailVerified.optional(),
  name: Name.optional(),
  nickname: Nickname.optional(),
  picture: Picture.optional(),
  password: Password.optional(),
  user_id: UserId.optional(),
  app_metadata: AppMetadata.optional(),
  user_metadata: UserMetadata.optional(),
  blocked: Blocked.optional(),
})
export type UserCreate = z.infer<typeof UserCreate>

/**
 * Auth0's update schema allows additional properties (they are ignored). `null` clears a profile
 * field; metadata merges at the root, where a `null` value removes that key.
 */
export const UserUpdate = z.object({
  connection: Connection.optional(),
  email: Email.nullable().optional(),
  email_verified: EmailVerified.optional(),
  name: Name.nullable().optional(),
  nickname: Nickname.nullable().optional(),
  picture: Picture.nullable().optional(),
  password: Password.nullable().optional(),
  app_metadata: AppMetadata.optional(),
  user_metadata: UserMetadata.optional(),
  blocked: Blocked.optional(),
})
export type UserUpdate = z.infer<typeof UserUpdate>

export const UserPath = z.object({ id: z.string().min(1).max(1024).describe('ID of the user.') })

export const UserListQuery = OffsetQuery.extend({
  connection: z.string().optional().describe('Connection filter. Only applies when using `search_engine=v1`. To filter by connection with `search_engine=v2|v3`, use `q=identities.connection:"connection_name"`'),
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
  name?: string
  nickname?: string
  picture?: string
  created_at: string
  updated_at: string
  identities: Identity[]
  app_metadata?: Record<string, unknown>
  user_metadata?: Record<string, unknown>
  blocked?: boolean
}
