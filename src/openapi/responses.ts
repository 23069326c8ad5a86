import { z } from 'zod'
import type { Client } from '../schemas/client'
import { ClientCreate } from '../schemas/client'
import { UpdateClientRequestContent } from '../schemas/generated/client'
import { CLIENT_GRANT_DOC_FIELDS, ClientGrantCreate, type ClientGrant } from '../schemas/client-grant'
import { CONNECTION_DOC_FIELDS, ConnectionCreate, ConnectionUpdate, type Connection } from '../schemas/connection'
import type { EnabledConnection } from '../schemas/enabled-connection'
import { ACCESS_LEVELS, type OrgConnection } from '../schemas/org-connection'
import { DOMAIN_STATUSES, type DiscoveryDomain } from '../schemas/discovery-domain'
import type { Invitation } from '../schemas/invitation'
import type { Member } from '../schemas/member'
import type { OrgClientGrant, OrgClientGrantAssociation } from '../schemas/org-client-grant'
import { Branding, OrganizationName, ThirdPartyClientAccess, TokenQuota, type ListedOrganization, type Organization } from '../schemas/organization'
import { ROLE_TYPES, type Role } from '../schemas/role'
import type { TenantSettings } from '../schemas/tenant-settings'
import { USER_DOC_FIELDS, UserCreate, UserUpdate, type User } from '../schemas/user'

/**
 * The wire shapes we answer, for the OpenAPI document. Unset fields are absent, never null. Each is
 * checked against the TypeScript type the code builds it from (the `agree` calls at the end), so the
 * document cannot drift from what the handlers return.
 */
const id = (format: string, description: string) => z.string().meta({ format }).describe(description)
const StringMap = z.record(z.string(), z.string())
const AnyMap = z.record(z.string(), z.unknown())

export const OrganizationResponse = z.strictObject({
  id: id('organization-id', 'Organization identifier.'),
  name: OrganizationName,
  display_name: z.string().min(1).max(255).describe('Friendly name of this organization.').optional(),
  branding: Branding.optional(),
  metadata: StringMap.describe('Metadata of the organization; absent when empty.').optional(),
  token_quota: TokenQuota.optional(),
  third_party_client_access: ThirdPartyClientAccess,
  is_app_entitlement_active: z.boolean().describe('When true, members may use only the applications associated with this organization.'),
})

export const EnabledConnectionResponse = z.strictObject({
  connection_id: id('connection-id', 'ID of the connection.'),
  assign_membership_on_login: z.boolean(),
  is_signup_enabled: z.boolean().describe('Only for database connections.').optional(),
  show_as_button: z.boolean(),
  connection: z.strictObject({ name: z.string(), strategy: z.string() }).describe('The tenant connection: its name and strategy.'),
})

export const OrgConnectionResponse = z.strictObject({
  connection_id: id('connection-id', 'ID of the connection.'),
  organization_connection_name: z.string().describe('Only when set.').optional(),
  is_signup_enabled: z.boolean().describe('Only for database connections.').optional(),
  assign_membership_on_login: z.boolean(),
  show_as_button: z.boolean(),
  is_enabled: z.boolean(),
  organization_access_level: z.enum(ACCESS_LEVELS),
  connection: z.strictObject({ name: z.string(), strategy: z.string() }).describe('The tenant connection: its name and strategy.'),
})

export const DiscoveryDomainResponse = z.strictObject({
  id: id('organization-discovery-domain-id', 'ID of the discovery domain: `ord_` and 22 characters that sort by creation time.'),
  domain: z.string().describe('The domain, lower-case.'),
  status: z.enum(DOMAIN_STATUSES),
  verification_host: z.string().describe('Where the DNS TXT record that proves the domain goes: `_ss-verification.<org id>.<domain>`.'),
  verification_txt: z.string().describe('The TXT record value: 32 hex digits.'),
  use_for_organization_discovery: z.boolean(),
})

export const DiscoveryDomainList = z.strictObject({
  next: z.string().describe('Cursor of the next page; absent on the last.').optional(),
  domains: z.array(DiscoveryDomainResponse),
})

export const ListedOrganizationResponse = OrganizationResponse.extend({
  client: z
    .strictObject({ use_for_member_access: z.boolean() })
    .describe('Only with include_client_association_for, on the organizations associated with that client.')
    .optional(),
})

export const OrganizationCreated = OrganizationResponse.extend({
  enabled_connections: z.array(EnabledConnectionResponse).describe('Only when the request sent enabled_connections.').optional(),
})

export const MemberResponse = z.strictObject({
  user_id: z.string().meta({ format: 'user-id-with-max-length' }).optional(),
  email: z.string().optional(),
  picture: z.string().optional(),
  name: z.string().optional(),
  roles: z.array(z.strictObject({ id: z.string(), name: z.string() })).describe('Only when `fields` names roles.').optional(),
}).describe('An organization member; `fields` / `include_fields` choose the keys present.')

/** `description` is left out of a create answer when none was sent, and "" in every later read. */
export const RoleResponse = z.strictObject({
  id: id('role-id', 'ID of the role.'),
  name: z.string(),
  description: z.string().optional(),
  type: z.enum(ROLE_TYPES),
  owner_id: id('organization-id', 'The organization that owns this role; organization roles only.').optional(),
})

const OrganizationUsage = z.enum(['deny', 'allow', 'require'])

export const OrgClientGrantAssociationResponse = z.strictObject({
  grant_id: id('client-grant-id', 'ID of the client grant (Auth0 answers grant_id here, id in lists).'),
  client_id: z.string(),
  audience: z.string(),
  scope: z.array(z.string()),
  organization_usage: OrganizationUsage.optional(),
  allow_any_organization: z.boolean(),
})

export const OrgClientGrantResponse = z.strictObject({
  id: id('client-grant-id', 'ID of the client grant.'),
  client_id: z.string(),
  audience: z.string(),
  scope: z.array(z.string()),
  organization_usage: OrganizationUsage.optional(),
  allow_any_organization: z.boolean(),
  subject_type: z.enum(['client', 'user']),
})

export const ClientGrantResponse = z.strictObject({
  id: id('client-grant-id', 'ID of the client grant.'),
  client_id: z.string(),
  audience: z.string(),
  scope: z.array(z.string()),
  organization_usage: OrganizationUsage.optional(),
  allow_any_organization: z.boolean().optional(),
  subject_type: z.enum(['client', 'user']).optional(),
  // The grant's document: every other stored field of Auth0's bodies, as given.
  ...z.object(
    Object.fromEntries(CLIENT_GRANT_DOC_FIELDS.map((key) => [key, (ClientGrantCreate.shape as Record<string, z.ZodType>)[key]!.optional()])),
  ).shape,
})

export const InvitationResponse = z.strictObject({
  id: id('user-invitation-id', 'ID of the invitation.'),
  client_id: z.string(),
  inviter: z.strictObject({ name: z.string() }),
  invitee: z.strictObject({ email: z.string() }),
  invitation_url: z.string().meta({ format: 'uri' }),
  ticket_id: z.string(),
  created_at: z.string().meta({ format: 'date-time' }),
  expires_at: z.string().meta({ format: 'date-time' }),
  organization_id: id('organization-id', 'The organization the invitation is for.'),
  connection_id: z.string().optional(),
  app_metadata: AnyMap.optional(),
  user_metadata: AnyMap.optional(),
  roles: z.array(z.string()).optional(),
})

/** GET of invitations: `fields` / `include_fields` may leave any key out. */
export const InvitationFieldsResponse = InvitationResponse.partial().describe('An invitation; `fields` / `include_fields` choose the keys present.')

const ConnectionDocument = z.object(
  Object.fromEntries(
    CONNECTION_DOC_FIELDS.map((key) => [key, ((ConnectionCreate.shape as Record<string, z.ZodType>)[key] ?? (ConnectionUpdate.shape as Record<string, z.ZodType>)[key]!).optional()]),
  ),
)

export const ConnectionResponse = z.strictObject({
  id: id('connection-id', 'ID of the connection.'),
  name: z.string(),
  display_name: z.string().optional(),
  strategy: z.string(),
  options: AnyMap.optional(),
  enabled_clients: z.array(z.string()).describe('Deprecated by Auth0; not in list items.'),
  is_domain_connection: z.boolean(),
  show_as_button: z.boolean().optional(),
  realms: z.array(z.string()),
  metadata: z.record(z.string(), z.string().nullable()).optional(),
  // The connection's document: every other stored field of Auth0's bodies, as given.
  ...ConnectionDocument.shape,
})

/** GET of connections: `fields` / `include_fields` may leave any key out. */
export const ConnectionFieldsResponse = ConnectionResponse.partial().describe('A connection; `fields` / `include_fields` choose the keys present.')
export const ListedConnectionResponse = ConnectionResponse.omit({ enabled_clients: true })
  .partial()
  .describe('A connection as lists show it (no `enabled_clients`); `fields` / `include_fields` choose the keys present.')

export const ConnectionDeleted = z.strictObject({ deleted_at: z.string().meta({ format: 'date-time' }) })

/**
 * Every field the client was given (credentials as their ids), plus its id; the secret only on create.
 * A stored field has the type either body allows for it (PATCH may store what create refuses, e.g. "").
 */
const clientFields = { ...ClientCreate.shape, ...UpdateClientRequestContent.shape } as Record<string, z.ZodType>
export const ClientResponse = z.strictObject({
  ...Object.fromEntries(Object.entries(clientFields).map(([key, schema]) => [key, schema.optional()])),
  name: ClientCreate.shape.name,
  client_id: z.string().describe('ID of the client.'),
  client_secret: z.string().describe('Only in the create answer: the secret is kept as a hash.').optional(),
  client_authentication_methods: AnyMap.describe('Credentials by method, each as `{credentials: [{id}]}`.').optional(),
  signed_request_object: AnyMap.describe('`required` and the credentials, as ids.').optional(),
})

/** The stored form of each document field: the create body's type (PATCH may only add null, which removes it). */
const UserDocument = z.object(
  Object.fromEntries(
    USER_DOC_FIELDS.map((key) => [key, ((UserCreate.shape as Record<string, z.ZodType>)[key] ?? (UserUpdate.shape as Record<string, z.ZodType>)[key]!).optional()]),
  ),
)

/** GET of clients: `fields` / `include_fields` may leave any key out. */
export const ClientFieldsResponse = ClientResponse.partial().describe('A client; `fields` / `include_fields` choose the keys present.')

const Identity = z.strictObject({ connection: z.string(), user_id: z.string(), provider: z.string(), isSocial: z.boolean() })

export const UserResponse = z.strictObject({
  user_id: z.string(),
  email: z.string().optional(),
  email_verified: z.boolean(),
  name: z.string().optional(),
  nickname: z.string().optional(),
  picture: z.string().optional(),
  created_at: z.string().meta({ format: 'date-time' }),
  updated_at: z.string().meta({ format: 'date-time' }),
  identities: z.array(Identity),
  app_metadata: AnyMap.optional(),
  user_metadata: AnyMap.optional(),
  blocked: z.boolean().optional(),
  username: z.string().optional(),
  // The user's document: every other stored field of Auth0's bodies, as given.
  ...UserDocument.shape,
})

/** GET of users: `fields` / `include_fields` may leave any key out. */
export const UserFieldsResponse = UserResponse.partial().describe('A user; `fields` / `include_fields` choose the keys present.')

export const TenantSettingsResponse = z.strictObject({
  default_redirection_uri: z.string().optional(),
  friendly_name: z.string().optional(),
  picture_url: z.string().optional(),
  support_email: z.string().optional(),
  support_url: z.string().optional(),
})

export const RoleDeleted = z.strictObject({}).describe('Auth0 answers an empty object.')

/** Auth0's error body: 401s carry `attributes.error` instead of `errorCode`; some 404s and 409s carry no errorCode. */
export const ErrorResponse = z.strictObject({
  statusCode: z.int(),
  error: z.string().describe('The HTTP reason phrase.'),
  message: z.string(),
  errorCode: z.string().optional(),
  attributes: z.strictObject({ error: z.string() }).optional(),
})

/**
 * Auth0's list bodies: a bare array; with include_totals the offset wrapper (`total` unless the endpoint
 * has none); and, where checkpoint paging exists, `{<key>, next?}` when `take` or `from` is sent.
 */
export function listOf(key: string, item: z.ZodType, opts: { total?: boolean; checkpoint?: boolean } = {}) {
  const items = z.array(item)
  const offset = z.strictObject({
    [key]: items,
    start: z.int(),
    limit: z.int(),
    ...(opts.total !== false && { total: z.int() }),
  })
  const variants: z.ZodType[] = [items, offset]
  if (opts.checkpoint) variants.push(z.strictObject({ [key]: items, next: z.string().describe('Cursor of the next page; absent on the last.').optional() }))
  return z.union(variants as [z.ZodType, z.ZodType, ...z.ZodType[]])
}

export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
export const agree = <_ extends true>() => undefined
agree<Same<z.infer<typeof OrganizationResponse>, Organization>>()
agree<Same<z.infer<typeof EnabledConnectionResponse>, EnabledConnection>>()
agree<Same<z.infer<typeof OrgConnectionResponse>, OrgConnection>>()
agree<Same<z.infer<typeof DiscoveryDomainResponse>, DiscoveryDomain>>()
agree<Same<z.infer<typeof RoleResponse>, Role>>()
agree<Same<z.infer<typeof ListedOrganizationResponse>, ListedOrganization>>()
agree<Same<z.infer<typeof OrgClientGrantAssociationResponse>, Omit<OrgClientGrantAssociation, 'organization_usage'> & { organization_usage?: 'deny' | 'allow' | 'require' }>>()
agree<Same<z.infer<typeof InvitationResponse>, Invitation>>()
agree<Same<Pick<z.infer<typeof ConnectionResponse>, 'id' | 'name' | 'strategy' | 'enabled_clients'>, Pick<Connection, 'id' | 'name' | 'strategy' | 'enabled_clients'>>>()
agree<Same<Pick<z.infer<typeof ClientResponse>, 'client_id' | 'name' | 'client_secret'>, Pick<Client, 'client_id' | 'name' | 'client_secret'>>>()
agree<Same<Pick<z.infer<typeof UserResponse>, 'user_id' | 'email' | 'identities'>, Pick<User, 'user_id' | 'email' | 'identities'>>>()
agree<Same<z.infer<typeof TenantSettingsResponse>, TenantSettings>>()
agree<Same<Required<z.infer<typeof MemberResponse>>, Required<Member>>>()
agree<Same<Pick<z.infer<typeof OrgClientGrantResponse>, 'id' | 'scope' | 'allow_any_organization'>, Pick<OrgClientGrant, 'id' | 'scope' | 'allow_any_organization'>>>()
agree<Same<Pick<z.infer<typeof ClientGrantResponse>, 'id' | 'client_id' | 'audience' | 'scope'>, Pick<ClientGrant, 'id' | 'client_id' | 'audience' | 'scope'>>>()
