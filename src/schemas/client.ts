import { z } from 'zod'
import { isHttpsUrl, OffsetQuery } from './common'
import { formatted, isAbsoluteUri, matching, maxProperties, oneOf } from './formats'

export const APP_TYPES = [
  'native', 'spa', 'regular_web', 'non_interactive', 'resource_server', 'express_configuration', 'rms', 'box', 'cloudbees',
  'concur', 'dropbox', 'mscrm', 'echosign', 'egnyte', 'newrelic', 'office365', 'salesforce', 'sentry', 'sharepoint', 'slack',
  'springcm', 'zendesk', 'zoom', 'sso_integration', 'oag',
] as const

const ORGANIZATION_USAGE = ['deny', 'allow', 'require'] as const
const ORGANIZATION_REQUIRE_BEHAVIOR = ['no_prompt', 'pre_login_prompt', 'post_login_prompt'] as const

const Name = matching(z.string(), /^[^<>]+$/).describe('Name of this client (min length: 1 character, does not allow `<` or `>`).')
const Description = z.string().max(140).describe('Free text description of this client (max length: 140 characters).')
const AppType = oneOf(APP_TYPES).describe('The type of application this client represents')
const IsFirstParty = z.boolean().describe('Whether this client a first party client or not')
const OidcConformant = z
  .boolean()
  .describe("Whether this client conforms to <a href='https://auth0.com/docs/api-auth/tutorials/adoption'>strict OIDC specifications</a> (true) or uses legacy features (false).")
const LogoUri = formatted(z.string(), 'absolute-uri-or-empty', (v) => v === '' || isAbsoluteUri(v)).describe(
  'URL of the logo to display for this client. Recommended size is 150x150 pixels.',
)
const Callbacks = z
  .array(z.string())
  .describe('Comma-separated list of URLs whitelisted for Auth0 to use as a callback to the client after authentication.')
const AllowedLogoutUrls = z
  .array(z.string())
  .describe('Comma-separated list of URLs that are valid to redirect to after logout from Auth0. Wildcards are allowed for subdomains.')
// The description is the one Auth0's validator prints for this property (seen in a real 400).
const GrantTypes = z.array(z.string().min(1)).describe('A set of grant types that the client is authorized to use')
const InitiateLoginUri = formatted(z.string(), 'absolute-https-uri-with-placeholders-or-empty', (v) => v === '' || isHttpsUrl(v)).describe(
  'Initiate login uri, must be https',
)
const OrganizationUsage = oneOf(ORGANIZATION_USAGE)
  .describe('Defines how to proceed during an authentication transaction with regards an organization. Can be `deny` (default), `allow` or `require`.')
const OrganizationRequireBehavior = oneOf(ORGANIZATION_REQUIRE_BEHAVIOR)
  .describe('Defines how to proceed during an authentication transaction when `client.organization_usage: \'require\'`. Can be `no_prompt` (default), `pre_login_prompt` or  `post_login_prompt`. `post_login_prompt` requires `oidc_conformant: true`.')
const CLIENT_METADATA = 'Metadata associated with the client, in the form of an object with string values (max 255 chars). Maximum of 10 metadata properties allowed.'
const ClientMetadata = maxProperties(z.record(z.string(), z.string().max(255)), 10).describe(CLIENT_METADATA)
/** On PATCH, client_metadata merges into what is stored; a `null` value removes that key. */
const ClientMetadataPatch = maxProperties(z.record(z.string(), z.string().max(255).nullable()), 10).describe(CLIENT_METADATA)
const ClientSecret = z.string().min(1).describe('Client secret (which you must not make public).')

const fields = {
  description: Description.optional(),
  app_type: AppType.optional(),
  is_first_party: IsFirstParty.optional(),
  oidc_conformant: OidcConformant.optional(),
  logo_uri: LogoUri.optional(),
  callbacks: Callbacks.optional(),
  allowed_logout_urls: AllowedLogoutUrls.optional(),
  grant_types: GrantTypes.optional(),
  initiate_login_uri: InitiateLoginUri.optional(),
}

export const ClientCreate = z.strictObject({
  name: Name,
  ...fields,
  client_metadata: ClientMetadata.optional(),
  organization_usage: OrganizationUsage.optional(),
  organization_require_behavior: OrganizationRequireBehavior.optional(),
})
export type ClientCreate = z.infer<typeof ClientCreate>

/** PATCH may also set the secret; `null` clears the organization settings back to Auth0's defaults. */
export const ClientUpdate = z.strictObject({
  name: Name.optional(),
  ...fields,
  client_metadata: ClientMetadataPatch.optional(),
  organization_usage: OrganizationUsage.nullable().optional(),
  organization_require_behavior: OrganizationRequireBehavior.nullable().optional(),
  client_secret: ClientSecret.optional(),
})
export type ClientUpdate = z.infer<typeof ClientUpdate>

export const ClientPath = z.object({ id: z.string().min(1).max(50).describe('ID of the client to retrieve.') })

export const ClientListQuery = OffsetQuery

/** A client as Auth0 shows it; `client_secret` only in the create answer (secrets are kept as hashes). */
export type Client = ClientCreate & { client_id: string; client_secret?: string }
