import { z } from 'zod'
import { OffsetQuery } from './common'

/** A role's permissions: scopes of resource servers, named by the server's identifier (behaviour-2026.md §5). */
const Permission = z.strictObject({
  resource_server_identifier: z.string().min(1).max(600).describe('Resource server (API) identifier that this permission is for.'),
  permission_name: z.string().min(1).max(280).describe('Name of this permission.'),
})

export const RolePermissionsBody = z.strictObject({
  permissions: z.array(Permission).min(1).describe('array of resource_server_identifier, permission_name pairs.'),
})
export type RolePermissionsBody = z.infer<typeof RolePermissionsBody>
export type PermissionRef = z.infer<typeof Permission>

export const RolePermissionsQuery = OffsetQuery

/** Auth0's item, in the recorded key order; `description` is the scope's, when it has one. */
export interface RolePermission {
  permission_name: string
  description?: string
  resource_server_name?: string
  resource_server_identifier: string
}
