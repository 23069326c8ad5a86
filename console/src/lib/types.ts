// The wire shapes the console reads, as Auth0 sends them (unset fields are absent).

export interface Branding {
  logo_url?: string
  colors?: { primary: string; page_background: string }
}

export interface Organization {
  id: string
  name: string
  display_name?: string
  branding?: Branding
  metadata?: Record<string, string>
  third_party_client_access?: 'block' | 'allow'
  is_app_entitlement_active?: boolean
}

export interface Role {
  id: string
  name: string
  description?: string
}

export interface Member {
  user_id: string
  email?: string
  name?: string
  picture?: string
  roles?: Pick<Role, 'id' | 'name'>[]
}

export interface User {
  user_id: string
  email?: string
  name?: string
}

export type AccessLevel = 'none' | 'readonly' | 'limited' | 'full'

export interface OrgConnection {
  connection_id: string
  organization_connection_name?: string
  assign_membership_on_login: boolean
  show_as_button: boolean
  is_signup_enabled?: boolean
  is_enabled: boolean
  organization_access_level: AccessLevel
  connection: { name: string; strategy: string }
}

/** An item of the classic /enabled_connections list. */
export type EnabledConnection = Pick<OrgConnection, 'connection_id' | 'assign_membership_on_login' | 'show_as_button' | 'is_signup_enabled' | 'connection'>

export interface Connection {
  id: string
  name: string
  strategy: string
}

export interface DiscoveryDomain {
  id: string
  domain: string
  status: 'pending' | 'verified'
  verification_host: string
  verification_txt: string
  use_for_organization_discovery: boolean
}

export interface ClientGrant {
  id: string
  client_id: string
  audience: string
  scope: string[]
  organization_usage?: string
  allow_any_organization?: boolean
}

export interface Client {
  client_id: string
  name: string
  organization_usage?: string
}

export interface Invitation {
  id: string
  client_id: string
  inviter: { name: string }
  invitee: { email: string }
  invitation_url: string
  created_at: string
  expires_at: string
  organization_id: string
  connection_id?: string
  roles?: string[]
}

/** This server's GET /organizations/{id}/invitation-emails item (not Auth0's). */
export interface InvitationEmail {
  invitation_id: string
  state: 'none' | 'queued' | 'sending' | 'sent' | 'failed'
}
