import { z } from 'zod'
import { FieldsQuery, queryInt } from './common'

/** GET /organizations/{id}/roles/{role_id}/members: the members holding a role in one organization. */
export const OrgRoleMembersPath = z.object({
  id: z.string().min(1).max(50).describe('ID of the organization.'),
  role_id: z.string().min(1).max(50).describe('ID of the role.'),
})

export const ROLE_MEMBER_FIELDS = ['user_id', 'email', 'picture', 'name'] as const
export type RoleMemberField = (typeof ROLE_MEMBER_FIELDS)[number]

export const OrgRoleMembersQuery = z.object({
  from: z.string().max(1000).describe('Optional Id from which to start selection.').optional(),
  // Documented: values above the maximum permitted size (100) are capped, not refused.
  take: queryInt('Number of results per page. Defaults to 50. Values above 100 are capped at 100.', 1).optional(),
  fields: FieldsQuery.shape.fields.unwrap()
    .regex(/^((user_id)|(email)|(picture)|(name))(,((user_id)|(email)|(picture)|(name)))*$/)
    .describe('Comma-separated list of fields to include or exclude (based on value provided for include_fields) in the result. Leave empty to retrieve all fields.')
    .optional(),
  include_fields: FieldsQuery.shape.include_fields,
})
export type OrgRoleMembersQuery = z.infer<typeof OrgRoleMembersQuery>

/** Auth0's RoleMember: `fields` / `include_fields` choose the keys present. */
export interface RoleMember {
  user_id?: string
  email?: string
  picture?: string
  name?: string
}
