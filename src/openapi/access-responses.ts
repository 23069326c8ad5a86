import { z } from 'zod'
import type { OrgClient } from '../schemas/org-client'
import type { RoleMember } from '../schemas/org-role-member'
import {
  AuthorizationPolicy,
  ProofOfPossession,
  ResourceServerScope,
  SIGNING_ALGS,
  SubjectTypeAuthorization,
  TOKEN_DIALECTS,
  type ResourceServer,
} from '../schemas/resource-server'
import type { RolePermission } from '../schemas/role-permission'
import type { RoleUser } from '../schemas/role-user'
import { agree, type Same } from './responses'

/**
 * The wire shapes of who may use what (behaviour-2026.md §4–§6): role permissions, role users and
 * members, organization clients, resource servers. As in responses.ts, each is checked against the
 * TypeScript type the code builds it from.
 */
export const RolePermissionResponse = z.strictObject({
  permission_name: z.string(),
  description: z.string().describe("The scope's description, when it has one.").optional(),
  resource_server_name: z.string().describe("The resource server's name, when it has one.").optional(),
  resource_server_identifier: z.string(),
})

export const RoleUserResponse = z.strictObject({
  user_id: z.string(),
  email: z.string().optional(),
  picture: z.string().optional(),
  name: z.string().optional(),
})

export const RoleMemberResponse = RoleUserResponse.partial().describe('A member holding the role; `fields` / `include_fields` choose the keys present.')

export const RoleMemberList = z.strictObject({
  members: z.array(RoleMemberResponse),
  next: z.string().describe('Cursor of the next page; absent on the last.').optional(),
})

/** Auth0 answers some writes with `{}`. */
export const Empty = z.strictObject({}).describe('An empty object, as Auth0 answers.')

export const OrgClientResponse = z.strictObject({
  client_id: z.string().describe('ID of the client.'),
  use_for_member_access: z.boolean(),
  client: z
    .strictObject({
      name: z.string().optional(),
      app_type: z.string().optional(),
      logo_uri: z.string().nullable().optional(),
      is_first_party: z.boolean().optional(),
      grant_types: z.array(z.string()).optional(),
      organization_usage: z.string().optional(),
    })
    .describe('The client: only the keys set on it.'),
})

export const OrgClientsCreated = z.array(OrgClientResponse).describe('The new associations, in request order.')

export const OrgClientList = z.strictObject({
  clients: z.array(OrgClientResponse),
  next: z.string().describe('Cursor of the next page (the id of its first client); absent on the last.').optional(),
})

const EncryptionKeyAnswer = z.strictObject({
  name: z.string().optional(),
  alg: z.enum(['RSA-OAEP-256', 'RSA-OAEP-384', 'RSA-OAEP-512']),
  kid: z.string().optional(),
  thumbprint_sha256: z.string().describe('SHA-256 thumbprint of the key (base64url); the pem itself is never answered.'),
})

export const ResourceServerResponse = z.strictObject({
  id: z.string().describe('ID of the resource server: 24 hex digits.'),
  name: z.string().optional(),
  identifier: z.string(),
  allow_offline_access: z.boolean().optional(),
  skip_consent_for_verifiable_first_party_clients: z.boolean().optional(),
  allow_online_access: z.boolean().optional(),
  allow_online_access_with_ephemeral_sessions: z.boolean().optional(),
  subject_type_authorization: SubjectTypeAuthorization.optional(),
  token_lifetime: z.int().optional(),
  token_lifetime_for_web: z.int().optional(),
  signing_alg: z.enum(SIGNING_ALGS).optional(),
  signing_secret: z.string().optional(),
  scopes: z.array(ResourceServerScope).optional(),
  is_system: z.boolean().describe('Only on the system resource server (this tenant\'s Management API).').optional(),
  enforce_policies: z.boolean().optional(),
  token_dialect: z.enum(TOKEN_DIALECTS).optional(),
  token_encryption: z.strictObject({ format: z.literal('compact-nested-jwe'), encryption_key: EncryptionKeyAnswer }).optional(),
  consent_policy: z.literal('transactional-authorization-with-mfa').optional(),
  authorization_details: z.array(z.unknown()).optional(),
  proof_of_possession: ProofOfPossession.optional(),
  authorization_policy: AuthorizationPolicy.optional(),
})

/** GET: `fields` / `include_fields` may leave any key out. */
export const ResourceServerFieldsResponse = ResourceServerResponse.partial().describe('A resource server; `fields` / `include_fields` choose the keys present.')

/** The list: a bare array, or with include_totals `{total, start, limit, resource_servers}` (recorded key order). */
export const ResourceServerFieldsList = z.union([
  z.array(ResourceServerFieldsResponse),
  z.strictObject({ total: z.int(), start: z.int(), limit: z.int(), resource_servers: z.array(ResourceServerFieldsResponse) }),
])

agree<Same<z.infer<typeof OrgClientResponse>, OrgClient>>()
agree<Same<z.infer<typeof RolePermissionResponse>, RolePermission>>()
agree<Same<z.infer<typeof RoleUserResponse>, RoleUser>>()
agree<Same<z.infer<typeof RoleMemberResponse>, RoleMember>>()
agree<Same<z.infer<typeof ResourceServerResponse>, ResourceServer>>()
