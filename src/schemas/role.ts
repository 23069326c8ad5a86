import { z } from 'zod'
import { OffsetQuery } from './common'
import { oneOf } from './formats'

const RoleName = z.string().min(1).max(255).describe('Name of the role.')
const RoleDescription = z.string().max(255).describe('Description of the role.')

export const ROLE_TYPES = ['tenant', 'organization'] as const
export type RoleType = (typeof ROLE_TYPES)[number]
const RoleType = oneOf(ROLE_TYPES).describe('tenant (the default) or organization: a role of one organization, assignable only to its members.')
const OwnerId = z.string().min(1).max(50).describe('The ID of the organization that owns this role. Required when type is "organization".')

/** `type` and `owner_id` are create-only (Auth0 accepts them on creation only; the update schema refuses them). */
export const RoleCreate = z
  .strictObject({ name: RoleName, description: RoleDescription.optional(), type: RoleType.optional(), owner_id: OwnerId.optional() })
  .superRefine((role, ctx) => {
    // Unrecorded texts, in the validator's words: an organization role names its owner, a tenant role has none.
    if (role.type === 'organization' && role.owner_id === undefined) {
      ctx.addIssue({ code: 'custom', path: [], message: 'Missing required property: owner_id', input: role })
    }
    if (role.type !== 'organization' && role.owner_id !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['owner_id'], message: 'owner_id is allowed only when type is organization', input: role.owner_id })
    }
  })
export type RoleCreate = z.infer<typeof RoleCreate>

export const RoleUpdate = z.strictObject({ name: RoleName.optional(), description: RoleDescription.optional() })
export type RoleUpdate = z.infer<typeof RoleUpdate>

export const RolePath = z.object({ id: z.string().min(1).max(50).describe('ID of the role.') })

export const RoleListQuery = OffsetQuery.extend({
  name_filter: z.string().optional().describe('Optional filter on name (case-insensitive).'),
  type: RoleType.optional().describe('Optional filter on the role type.'),
  owner_id: OwnerId.optional().describe('Optional filter on the owner organization of organization-level roles.'),
})
export type RoleListQuery = z.infer<typeof RoleListQuery>

/**
 * Auth0's role (2026): `type` always, `owner_id` on organization roles. `description` is absent from
 * the create answer when none was sent and `""` in every later read (recorded).
 */
export interface Role {
  id: string
  name: string
  description?: string
  type: RoleType
  owner_id?: string
}
