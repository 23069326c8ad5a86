import { z } from 'zod'

export const AssignMembership = z
  .boolean()
  .describe('When true, all users that log in with this connection will be automatically granted membership in the organization. When false, users must be granted membership in the organization before logging in with this connection')
export const ShowAsButton = z
  .boolean()
  .describe('Determines whether a connection should be displayed on this organization’s login prompt. Only applicable for enterprise connections. Default: true')
export const SignupEnabled = z
  .boolean()
  .describe('Determines whether organization signup should be enabled for this organization connection. Only applicable for database connections. Default: false')

export const EnabledConnectionCreate = z.strictObject({
  connection_id: z.string().min(1).max(50).describe('Single connection ID to add to the organization'),
  assign_membership_on_login: AssignMembership.optional(),
  is_signup_enabled: SignupEnabled.optional(),
  show_as_button: ShowAsButton.optional(),
})
export type EnabledConnectionCreate = z.infer<typeof EnabledConnectionCreate>

export const EnabledConnectionUpdate = z.strictObject({
  assign_membership_on_login: AssignMembership.optional(),
  is_signup_enabled: SignupEnabled.optional(),
  show_as_button: ShowAsButton.optional(),
})
export type EnabledConnectionUpdate = z.infer<typeof EnabledConnectionUpdate>

/** Auth0's item: `is_signup_enabled` only for database connections. */
export interface EnabledConnection {
  connection_id: string
  assign_membership_on_login: boolean
  is_signup_enabled?: boolean
  show_as_button: boolean
  connection: { name: string; strategy: string }
}

export const SIGNUP_RULE = 'Only database connections with assign_membership_on_login = true support is_signup_enabled = true.'

/** Auth0's rule, evaluated on the merged settings (create or PATCH). */
export function signupAllowed(strategy: string, s: { assign_membership_on_login: boolean; is_signup_enabled: boolean }): boolean {
  return !s.is_signup_enabled || (strategy === 'auth0' && s.assign_membership_on_login)
}

export const EnabledConnectionsPath = z.object({ id: z.string().min(1).max(50).describe('Organization identifier.') })

export const EnabledConnectionPath = EnabledConnectionsPath.extend({
  connectionId: z.string().min(1).max(50).describe('Connection identifier.'),
})
