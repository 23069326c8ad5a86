import { z } from 'zod'
import { freeFormObject, OffsetQuery, queryInt } from './common'
import { matching, maxProperties, oneOf } from './formats'

/** Auth0's ConnectionIdentityProviderEnum (the strategies a connection may be created with). */
export const STRATEGIES = [
  'ad', 'adfs', 'amazon', 'apple', 'dropbox', 'bitbucket', 'auth0-oidc', 'auth0', 'baidu', 'bitly', 'box', 'custom',
  'daccount', 'dwolla', 'email', 'evernote-sandbox', 'evernote', 'exact', 'facebook', 'fitbit', 'github', 'google-apps',
  'google-oauth2', 'instagram', 'ip', 'line', 'linkedin', 'oauth1', 'oauth2', 'office365', 'oidc', 'okta', 'paypal',
  'paypal-sandbox', 'pingfederate', 'planningcenter', 'salesforce-community', 'salesforce-sandbox', 'salesforce', 'samlp',
  'sharepoint', 'shopify', 'shop', 'sms', 'soundcloud', 'thirtysevensignals', 'twitter', 'untappd', 'vkontakte', 'waad',
  'weibo', 'windowslive', 'wordpress', 'yahoo', 'yandex',
] as const

const ConnectionName = matching(z.string().max(128), /^[a-zA-Z0-9](-[a-zA-Z0-9]|[a-zA-Z0-9])*$/).describe(
  "The name of the connection. Must start and end with an alphanumeric character and can only contain alphanumeric characters and '-'. Max length 128",
)
const Strategy = oneOf(STRATEGIES).describe('The identity provider identifier for the connection')
const DisplayName = z.string().max(128).describe('Connection name used in the new universal login experience')
const Options = freeFormObject().describe("The connection's options (depend on the connection strategy)")
const EnabledClients = z
  .array(z.string())
  .describe('The identifiers of the clients for which the connection is to be enabled. If the array is empty or the property is not specified, no clients are enabled')
const IsDomainConnection = z
  .boolean()
  .describe('<code>true</code> promotes to a domain-level connection so that third-party applications can use it. <code>false</code> does not promote the connection, so only first-party applications with the connection enabled can use it. (Defaults to <code>false</code>.)')
const ShowAsButton = z
  .boolean()
  .describe('Enables showing a button for the connection in the login page (new experience only). If false, it will be usable only by HRD. (Defaults to <code>false</code>.)')
const Realms = z
  .array(z.string())
  .describe('Defines the realms for which the connection will be used (ie: email domains). If the array is empty or the property is not specified, the connection name will be added as realm.')
const ConnectionMetadata = maxProperties(z.record(z.string(), z.string().max(255).nullable()), 10).describe(
  'Metadata associated with the connection, in the form of an object with string values (max 255 chars). Maximum of 10 metadata properties allowed.',
)

export const ConnectionCreate = z.strictObject({
  name: ConnectionName,
  strategy: Strategy,
  display_name: DisplayName.optional(),
  options: Options.optional(),
  enabled_clients: EnabledClients.optional(),
  is_domain_connection: IsDomainConnection.optional(),
  show_as_button: ShowAsButton.optional(),
  realms: Realms.optional(),
  metadata: ConnectionMetadata.optional(),
})
export type ConnectionCreate = z.infer<typeof ConnectionCreate>

/** `name` and `strategy` cannot change: Auth0 refuses them as additional properties. `options` replaces the whole object. */
export const ConnectionUpdate = z.strictObject({
  display_name: DisplayName.optional(),
  options: Options.nullable().optional(),
  enabled_clients: EnabledClients.nullable().optional(),
  is_domain_connection: IsDomainConnection.optional(),
  show_as_button: ShowAsButton.optional(),
  realms: Realms.optional(),
  metadata: ConnectionMetadata.optional(),
})
export type ConnectionUpdate = z.infer<typeof ConnectionUpdate>

export const ConnectionPath = z.object({ id: z.string().min(1).max(50).describe('The id of the connection to retrieve') })

/** Offset, or checkpoint when `take` or `from` is present (the SDK's connections.list always sends take). */
export const ConnectionListQuery = OffsetQuery.extend({
  from: z.string().max(1000).describe('Optional Id from which to start selection.').optional(),
  take: queryInt('Number of results per page. Defaults to 50.', 1, 100).optional(),
  name: z.string().optional().describe('Provide the name of the connection to retrieve'),
  strategy: z
    .preprocess((v) => (typeof v === 'string' ? [v] : v), z.array(Strategy).max(STRATEGIES.length))
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
}
