import { z } from 'zod'
import { FieldsQuery, OffsetQuery, queryBool } from './common'
import { matching, oneOf } from './formats'

/**
 * Resource servers (APIs) as Auth0's July 2026 document describes them (behaviour-2026.md §6), plus
 * what real clients send that it leaves out: `token_lifetime_for_web` (Terraform, go-auth0) and
 * `allow_online_access_with_ephemeral_sessions` (Terraform 1.55), both accepted by Auth0 (recorded).
 */
export const SIGNING_ALGS = ['HS256', 'RS256', 'RS512', 'PS256'] as const
export const TOKEN_DIALECTS = ['access_token', 'access_token_authz', 'rfc9068_profile', 'rfc9068_profile_authz'] as const
const ENCRYPTION_ALGS = ['RSA-OAEP-256', 'RSA-OAEP-384', 'RSA-OAEP-512'] as const

const Lifetime = (description: string) => z.int().min(0).max(2592000).describe(description)

export const ResourceServerScope = z.strictObject({
  value: z.string().min(1).max(280).describe('Value of this scope.'),
  description: z.string().max(500).describe('User-friendly description of this scope.').optional(),
})
export type ResourceServerScope = z.infer<typeof ResourceServerScope>

export const SubjectTypeAuthorization = z
  .strictObject({
    user: z.looseObject({ policy: oneOf(['allow_all', 'deny_all', 'require_client_grant']).optional() }).optional(),
    client: z.looseObject({ policy: oneOf(['deny_all', 'require_client_grant']).optional() }).optional(),
  })
  .describe('Defines application access permission policies for user and client flows.')

export const ProofOfPossession = z
  .strictObject({
    mechanism: oneOf(['mtls', 'dpop']),
    required: z.boolean().describe('Whether the use of Proof-of-Possession is required for the resource server'),
    required_for: oneOf(['public_clients', 'all_clients']).optional(),
  })
  .describe('Proof-of-Possession configuration for access tokens')

export const AuthorizationPolicy = z.strictObject({ policy_id: z.string().min(1).max(1024) }).describe('The authorization policy of this resource server (Early Access).')

const TokenEncryption = z
  .strictObject({
    format: oneOf(['compact-nested-jwe']),
    encryption_key: z.strictObject({
      name: z.string().min(1).max(128).describe('Name of the encryption key.').optional(),
      alg: oneOf(ENCRYPTION_ALGS).describe('Algorithm used to encrypt the token.'),
      kid: z.string().min(1).max(128).describe('Key ID.').optional(),
      pem: z.string().min(1).max(4096).describe('PEM-formatted public key. Must be JSON escaped.'),
    }),
  })
  .describe('Token encryption; the key is answered without its pem, with its SHA-256 thumbprint.')

/** Fields create and update share: everything but `identifier`, which is fixed at creation. */
const Settings = {
  name: matching(z.string().max(200), /^[^<>]+$/).describe('Friendly name for this resource server. Can not contain `<` or `>` characters.'),
  scopes: z.array(ResourceServerScope).describe('List of permissions (scopes) that this API uses.'),
  signing_alg: oneOf(SIGNING_ALGS).describe('Algorithm used to sign JWTs. Can be `HS256`, `RS256`, `RS512` or `PS256`.'),
  signing_secret: z.string().min(16).describe('Secret used to sign tokens when using symmetric algorithms (HS256).'),
  allow_offline_access: z.boolean().describe('Whether refresh tokens can be issued for this API (true) or not (false).'),
  allow_online_access: z.boolean().describe('Whether Online Refresh Tokens can be issued for this API (true) or not (false).'),
  allow_online_access_with_ephemeral_sessions: z.boolean().describe('Whether online access may be granted with ephemeral sessions.'),
  token_lifetime: Lifetime('Expiration value (in seconds) for access tokens issued for this API from the token endpoint.'),
  token_lifetime_for_web: Lifetime('Expiration value (in seconds) for access tokens issued for this API via Implicit or Hybrid Flows.'),
  token_dialect: oneOf(TOKEN_DIALECTS).describe('Dialect of issued access token.'),
  skip_consent_for_verifiable_first_party_clients: z.boolean().describe('Whether to skip user consent for applications flagged as first party (true) or not (false).'),
  enforce_policies: z.boolean().describe('Whether to enforce authorization policies (true) or to ignore them (false).'),
  token_encryption: TokenEncryption.nullable(),
  consent_policy: oneOf(['transactional-authorization-with-mfa']).nullable(),
  authorization_details: z.array(z.unknown()).nullable(),
  proof_of_possession: ProofOfPossession.nullable(),
  subject_type_authorization: SubjectTypeAuthorization,
  authorization_policy: AuthorizationPolicy.nullable(),
}

/** PATCH: keys not sent stay; `null` removes the nullable settings. */
export const ResourceServerUpdate = z.strictObject(Settings).partial()
export type ResourceServerUpdate = z.infer<typeof ResourceServerUpdate>

export const ResourceServerCreate = ResourceServerUpdate.extend({
  identifier: z.string().min(1).max(600).describe('Unique identifier for the API used as the audience parameter on authorization calls. Can not be changed once set.'),
})
export type ResourceServerCreate = z.infer<typeof ResourceServerCreate>

export const ResourceServerPath = z.object({
  id: z.string().min(1).describe('ID or (URL-encoded) identifier of the resource server.'),
})

/** Auth0's limit on `identifiers` values in one query. */
export const MAX_IDENTIFIERS = 10

const FieldsParam = FieldsQuery.shape.fields

export const ResourceServerListQuery = OffsetQuery.extend({
  // A repeated query key arrives as an array, a single one as a string.
  identifiers: z
    .preprocess((v) => (typeof v === 'string' ? [v] : v), z.array(z.string().min(1)).max(MAX_IDENTIFIERS))
    .describe('An optional filter on the resource server identifier. Must be URL encoded and may be specified multiple times (max 10).')
    .optional(),
  fields: FieldsParam,
  include_fields: queryBool('Whether specified fields are to be included (true) or excluded (false).').optional(),
})
export type ResourceServerListQuery = z.infer<typeof ResourceServerListQuery>

export const ResourceServerGetQuery = z.object({
  fields: FieldsParam,
  include_fields: queryBool('Whether specified fields are to be included (true) or excluded (false).').optional(),
})
export type ResourceServerGetQuery = z.infer<typeof ResourceServerGetQuery>

/** The tenant's own Management API as a resource server: its audience and the scopes this Worker checks. */
export interface SystemServer {
  identifier: string
  scopes: ResourceServerScope[]
}

export interface EncryptionKeyAnswer {
  name?: string
  alg: (typeof ENCRYPTION_ALGS)[number]
  kid?: string
  thumbprint_sha256: string
}

/** The answer: unset fields absent, never null; the encryption key without its pem. */
export interface ResourceServer {
  id: string
  name?: string
  identifier: string
  allow_offline_access?: boolean
  skip_consent_for_verifiable_first_party_clients?: boolean
  allow_online_access?: boolean
  allow_online_access_with_ephemeral_sessions?: boolean
  subject_type_authorization?: z.infer<typeof SubjectTypeAuthorization>
  token_lifetime?: number
  token_lifetime_for_web?: number
  signing_alg?: (typeof SIGNING_ALGS)[number]
  signing_secret?: string
  scopes?: ResourceServerScope[]
  is_system?: boolean
  enforce_policies?: boolean
  token_dialect?: (typeof TOKEN_DIALECTS)[number]
  token_encryption?: { format: 'compact-nested-jwe'; encryption_key: EncryptionKeyAnswer }
  consent_policy?: 'transactional-authorization-with-mfa'
  authorization_details?: unknown[]
  proof_of_possession?: z.infer<typeof ProofOfPossession>
  authorization_policy?: z.infer<typeof AuthorizationPolicy>
}
