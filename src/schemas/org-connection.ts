import { z } from 'zod'
import { OffsetQuery, queryBool } from './common'
import { AssignMembership, ShowAsButton, SignupEnabled } from './enabled-connection'
import { matching, oneOf } from './formats'

/**
 * The 2026 organization connections API (behaviour-2026.md §2): the same org ↔ connection association
 * as enabled_connections, with three more settings.
 */
export const ACCESS_LEVELS = ['none', 'readonly', 'limited', 'full'] as const
export type AccessLevel = (typeof ACCESS_LEVELS)[number]

const AccessLevel = oneOf(ACCESS_LEVELS).describe(
  'What the organization may see and do with the connection from its own dashboard: none (the default), readonly, limited or full.',
)
const ConnectionName = matching(z.string().min(1).max(50), /^[^\u0000]*$/).describe(
  'The name the organization knows the connection by; absent unless set.',
)
const Enabled = z.boolean().describe('Whether the connection is enabled for the organization (listed by enabled_connections). Default: true.')

export const OrgConnectionCreate = z.strictObject({
  connection_id: z.string().min(1).max(50).meta({ format: 'connection-id' }).describe('ID of the connection to associate with the organization.'),
  organization_connection_name: ConnectionName.optional(),
  assign_membership_on_login: AssignMembership.optional(),
  show_as_button: ShowAsButton.optional(),
  is_signup_enabled: SignupEnabled.optional(),
  organization_access_level: AccessLevel.optional(),
  is_enabled: Enabled.optional(),
})
export type OrgConnectionCreate = z.infer<typeof OrgConnectionCreate>

/** PATCH: omitted keys stay; `null` resets the name (absent), the access level (none) and is_enabled (true). */
export const OrgConnectionUpdate = z.strictObject({
  organization_connection_name: ConnectionName.nullable().optional(),
  assign_membership_on_login: AssignMembership.optional(),
  show_as_button: ShowAsButton.optional(),
  is_signup_enabled: SignupEnabled.optional(),
  organization_access_level: AccessLevel.nullable().optional(),
  is_enabled: Enabled.nullable().optional(),
})
export type OrgConnectionUpdate = z.infer<typeof OrgConnectionUpdate>

export const OrgConnectionListQuery = OffsetQuery.extend({
  is_enabled: queryBool('Only the connections that are (true) or are not (false) enabled for the organization.').optional(),
})
export type OrgConnectionListQuery = z.infer<typeof OrgConnectionListQuery>

export const OrgConnectionsPath = z.object({ id: z.string().min(1).max(50).describe('Organization identifier.') })

export const OrgConnectionPath = OrgConnectionsPath.extend({
  connection_id: z.string().min(1).max(50).describe('Connection identifier.'),
})

/** Auth0's item (recorded key order); `is_signup_enabled` only for database connections, the name only when set. */
export interface OrgConnection {
  connection_id: string
  organization_connection_name?: string
  is_signup_enabled?: boolean
  assign_membership_on_login: boolean
  show_as_button: boolean
  is_enabled: boolean
  organization_access_level: AccessLevel
  connection: { name: string; strategy: string }
}
