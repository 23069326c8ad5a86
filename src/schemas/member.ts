import { z } from 'zod'
import { FieldsQuery, OffsetQuery, queryInt } from './common'

/** Auth0's user-id format: `<provider>|<id>`, at most 1024 characters. */
export const UserId = z
  .string()
  .max(1024)
  .refine((v) => /^.+\|.+$/s.test(v), { error: (iss) => `Object didn't pass validation for format user-id-with-max-length: ${String(iss.input)}` })
  .meta({ format: 'user-id-with-max-length' })

const MemberIds = z.array(UserId).min(1).max(10).describe('List of user IDs to add to the organization as members.')

/** Auth0 allows extra keys on the members bodies (additionalProperties: true). */
export const MembersBody = z.looseObject({ members: MemberIds })
export type MembersBody = z.infer<typeof MembersBody>

export const RoleIds = z
  .array(z.string().min(1).max(50).describe('ID of a role'))
  .min(1)
  .describe('List of roles IDs to associated with the user.')

export const MemberRolesBody = z.strictObject({ roles: RoleIds })
export type MemberRolesBody = z.infer<typeof MemberRolesBody>

export const OrgPath = z.object({ id: z.string().min(1).max(50).describe('Organization identifier.') })

export const MemberPath = OrgPath.extend({ userId: z.string().min(1).max(1024).describe('ID of the user to associate roles with.') })

export const MEMBER_FIELDS = ['user_id', 'email', 'picture', 'name', 'roles'] as const
export type MemberField = (typeof MEMBER_FIELDS)[number]

export const MemberListQuery = OffsetQuery.extend({
  page: queryInt('Page index of the results to return. First page is 0.', 0, 1000).optional(),
  from: z.string().max(1000).describe('Optional Id from which to start selection.').optional(),
  take: queryInt('Number of results per page. Defaults to 50.', 1, 100).optional(),
  fields: FieldsQuery.shape.fields.unwrap()
    .regex(/^((user_id)|(email)|(picture)|(name)|(roles))(,((user_id)|(email)|(picture)|(name)|(roles)))*$/)
    .describe('Comma-separated list of fields to include or exclude (based on value provided for include_fields) in the result. Leave empty to retrieve all fields.')
    .optional(),
  include_fields: FieldsQuery.shape.include_fields,
})
export type MemberListQuery = z.infer<typeof MemberListQuery>

export const MemberRolesQuery = OffsetQuery.extend({
  page: queryInt('Page index of the results to return. First page is 0.', 0, 1000).optional(),
})

export const UserOrganizationsQuery = MemberRolesQuery

export const UserOrganizationsPath = z.object({ id: z.string().min(1).max(1024).describe('ID of the user to retrieve the organizations for.') })

export interface Member {
  user_id: string
  email?: string
  picture?: string
  name?: string
  roles?: { id: string; name: string }[]
}
