import { z } from 'zod'
import { OffsetQuery } from './common'

const RoleName = z.string().min(1).max(255).describe('Name of the role.')
const RoleDescription = z.string().max(255).describe('Description of the role.')

export const RoleCreate = z.strictObject({ name: RoleName, description: RoleDescription.optional() })
export type RoleCreate = z.infer<typeof RoleCreate>

export const RoleUpdate = z.strictObject({ name: RoleName.optional(), description: RoleDescription.optional() })
export type RoleUpdate = z.infer<typeof RoleUpdate>

export const RolePath = z.object({ id: z.string().min(1).max(50).describe('ID of the role.') })

export const RoleListQuery = OffsetQuery.extend({
  name_filter: z.string().optional().describe('Optional filter on name (case-insensitive).'),
})

export interface Role {
  id: string
  name: string
  description?: string
}
