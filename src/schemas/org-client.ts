import { z } from 'zod'
import { queryInt } from './common'

/**
 * Organization clients (behaviour-2026.md §4): the applications associated with an organization; with
 * `is_app_entitlement_active` on, its members may use only those.
 */

/** Auth0's documented bounds: 1–100 clients per request (Terraform sends batches of 10, a subset). */
export const MAX_CLIENTS_PER_REQUEST = 100

const ClientId = z.string().min(1).max(64).describe('ID of the client.')
const UseForMemberAccess = z.boolean().describe('Whether this client is used for member access to the organization.')

export const OrgClientsCreate = z.strictObject({
  clients: z
    .array(z.strictObject({ client_id: ClientId, use_for_member_access: UseForMemberAccess }))
    .min(1)
    .max(MAX_CLIENTS_PER_REQUEST)
    .describe('Clients to associate with the organization.'),
})
export type OrgClientsCreate = z.infer<typeof OrgClientsCreate>

/** DELETE carries its client ids in a JSON body, as DELETE …/members does. */
export const OrgClientsDelete = z.strictObject({
  clients: z.array(ClientId).min(1).max(MAX_CLIENTS_PER_REQUEST).describe('IDs of the clients to remove from the organization.'),
})
export type OrgClientsDelete = z.infer<typeof OrgClientsDelete>

export const OrgClientUpdate = z.strictObject({ use_for_member_access: UseForMemberAccess.optional() })
export type OrgClientUpdate = z.infer<typeof OrgClientUpdate>

export const OrgClientsPath = z.object({ id: z.string().min(1).max(50).describe('ID of the organization.') })

export const OrgClientPath = OrgClientsPath.extend({ client_id: z.string().min(1).max(64).describe('ID of the client.') })

export const OrgClientListQuery = z.object({
  from: z.string().max(1000).describe('Optional Id from which to start selection.').optional(),
  // Documented: "Values greater than the maximum of 100 are capped at 100", so no upper bound here.
  take: queryInt('Number of results per page. Defaults to 50. Values greater than the maximum of 100 are capped at 100.', 1).optional(),
})
export type OrgClientListQuery = z.infer<typeof OrgClientListQuery>

/** What the item says of the client: only the keys set on it, in this order (recorded; app_type and logo_uri placed as the SDK types them). */
export interface OrgClientSummary {
  name?: string
  app_type?: string
  logo_uri?: string | null
  is_first_party?: boolean
  grant_types?: string[]
  organization_usage?: string
}

export interface OrgClient {
  client_id: string
  use_for_member_access: boolean
  client: OrgClientSummary
}
