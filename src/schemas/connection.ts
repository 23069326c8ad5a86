import { z } from 'zod'
import { FieldsQuery, OffsetQuery, queryInt } from './common'
import { matching, oneOf } from './formats'
import { CreateConnectionRequestContent, UpdateConnectionRequestContent } from './generated/connection'

/** Auth0's ConnectionIdentityProviderEnum (the strategies a connection may be created with). */
export const STRATEGIES = [
  'ad', 'adfs', 'amazon', 'apple', 'dropbox', 'bitbucket', 'auth0-oidc', 'auth0', 'baidu', 'bitly', 'box', 'custom',
  'daccount', 'dwolla', 'email', 'evernote-sandbox', 'evernote', 'exact', 'facebook', 'fitbit', 'github', 'google-apps',
  'google-oauth2', 'instagram', 'ip', 'line', 'linkedin', 'oauth1', 'oauth2', 'office365', 'oidc', 'okta', 'paypal',
  'paypal-sandbox', 'pingfederate', 'planningcenter', 'salesforce-community', 'salesforce-sandbox', 'salesforce', 'samlp',
  'sharepoint', 'shopify', 'shop', 'sms', 'soundcloud', 'thirtysevensignals', 'twitter', 'untappd', 'vkontakte', 'waad',
  'weibo', 'windowslive', 'wordpress', 'yahoo', 'yandex',
] as const

/** Request bodies: Auth0's, generated from its document (src/schemas/generated/connection.ts). */
export const ConnectionCreate = CreateConnectionRequestContent
export type ConnectionCreate = z.infer<typeof ConnectionCreate>

/** `name` and `strategy` cannot change: Auth0 refuses them as additional properties. `options` replaces the whole object. */
export const ConnectionUpdate = UpdateConnectionRequestContent
export type ConnectionUpdate = z.infer<typeof ConnectionUpdate>

/** Fields with a column; every other field of Auth0's bodies (authentication, connected_accounts, ...) is the connection's document. */
const COLUMN_FIELDS = new Set(['name', 'strategy', 'display_name', 'options', 'enabled_clients', 'is_domain_connection', 'show_as_button', 'realms', 'metadata'])
export const CONNECTION_DOC_FIELDS: readonly string[] = [...new Set([...Object.keys(ConnectionCreate.shape), ...Object.keys(ConnectionUpdate.shape)])].filter(
  (k) => !COLUMN_FIELDS.has(k),
)

const CONNECTION_FIELDS = [
  'name', 'display_name', 'strategy', 'options', 'id', 'provisioning_ticket_url', 'metadata', 'show_as_button', 'clients', 'authentication',
  'connected_accounts', 'cross_app_access_requesting_app', 'cross_app_access_resource_app', 'enabled_clients',
]
const FIELD_LIST = new RegExp(`^(${CONNECTION_FIELDS.join('|')})(,(${CONNECTION_FIELDS.join('|')}))*$`)

/** Auth0's pattern names the selectable fields; an empty `fields` means all. */
export const ConnectionFieldsQuery = z.object({
  fields: z.union([z.literal(''), matching(z.string(), FIELD_LIST)]).describe(FieldsQuery.shape.fields.unwrap().description ?? '').optional(),
  include_fields: FieldsQuery.shape.include_fields,
})

export const ConnectionPath = z.object({ id: z.string().min(1).max(50).describe('The id of the connection to retrieve') })

/** Offset, or checkpoint when `take` or `from` is present (the SDK's connections.list always sends take). */
export const ConnectionListQuery = OffsetQuery.extend({
  ...ConnectionFieldsQuery.shape,
  from: z.string().max(1000).describe('Optional Id from which to start selection.').optional(),
  take: queryInt('Number of results per page. Defaults to 50.', 1, 100).optional(),
  name: z.string().optional().describe('Provide the name of the connection to retrieve'),
  strategy: z
    .preprocess((v) => (typeof v === 'string' ? [v] : v), z.array(oneOf(STRATEGIES)).max(STRATEGIES.length))
    .optional()
    .describe('Provide strategies to only retrieve connections with such strategies'),
})
export type ConnectionListQuery = z.infer<typeof ConnectionListQuery>

export interface Connection {
  id: string
  name: string
  display_name?: string
  strategy: string
  options?: Record<string, unknown>
  enabled_clients: string[]
  is_domain_connection: boolean
  show_as_button?: boolean
  realms: string[]
  metadata?: Record<string, string | null>
  /** The document: authentication, connected_accounts, ... */
  [field: string]: unknown
}
