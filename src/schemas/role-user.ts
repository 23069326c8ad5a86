import { z } from 'zod'
import { queryInt } from './common'
import { UserId } from './member'
import { OffsetQuery } from './common'

/** Tenant-level role assignments: GET/POST /roles/{id}/users. */
export const RoleUsersBody = z.strictObject({
  users: z.array(UserId).describe('user_id\'s of the users to assign the role to.'),
})
export type RoleUsersBody = z.infer<typeof RoleUsersBody>

/** Offset, or checkpoint when `take` or `from` is present (`take` wins over include_totals, recorded). */
export const RoleUsersQuery = OffsetQuery.extend({
  from: z.string().max(1000).describe('Optional Id from which to start selection.').optional(),
  take: queryInt('Number of results per page. Defaults to 50.', 1, 100).optional(),
})
export type RoleUsersQuery = z.infer<typeof RoleUsersQuery>

/** Auth0's RoleUser, in the recorded key order. */
export interface RoleUser {
  user_id: string
  email?: string
  picture?: string
  name?: string
}
