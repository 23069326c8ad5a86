import { auth0Error } from './api'

/** Paths, expected bodies and errors shared by the enabled-connection tests. */
export const base = (orgId: string) => `/api/v2/organizations/${orgId}/enabled_connections`
export const one = (orgId: string, connectionId: string) => `${base(orgId)}/${connectionId}`

export const ORG_NOT_FOUND = auth0Error(404, 'No organization found by that id or name')
export const NOT_ENABLED = auth0Error(404, 'No connection found by that id')
export const SIGNUP_RULE = auth0Error(400, 'Only database connections with assign_membership_on_login = true support is_signup_enabled = true.', 'invalid_body')
export const UNKNOWN_ORG = 'org_XXXXXXXXXXXXXXXX'

export type Connection = { id: string; name: string; strategy: string }

/** The item Auth0 answers for `c` with Auth0's defaults overridden by `settings`. */
export const item = (c: Connection, settings: Record<string, boolean> = {}) => ({
  connection_id: c.id,
  assign_membership_on_login: false,
  ...(c.strategy === 'auth0' && { is_signup_enabled: false }),
  show_as_button: true,
  ...settings,
  connection: { name: c.name, strategy: c.strategy },
})
