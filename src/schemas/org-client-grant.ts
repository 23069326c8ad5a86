import { z } from 'zod'
import { OffsetQuery, queryInt } from './common'

/** Auth0's `client-grant-id` format: `cgr_` and 16 letters or digits. */
const ClientGrantId = z
  .string()
  .refine((v) => /^cgr_[A-Za-z0-9]{16}$/.test(v), {
    error: (iss) => `Object didn't pass validation for format client-grant-id: ${String(iss.input)}`,
  })
  .meta({ format: 'client-grant-id' })

export const OrgClientGrantCreate = z.strictObject({
  grant_id: ClientGrantId.describe('A Client Grant ID to add to the organization.'),
})
export type OrgClientGrantCreate = z.infer<typeof OrgClientGrantCreate>

export const OrgClientGrantsPath = z.object({ id: z.string().min(1).max(50).describe('Organization identifier.') })

export const OrgClientGrantPath = OrgClientGrantsPath.extend({
  grantId: z.string().min(1).max(50).describe('The Client Grant ID to remove from the organization'),
})

/** Auth0's limit on `grant_ids` values in one query. */
export const MAX_GRANT_IDS = 10

export const OrgClientGrantListQuery = OffsetQuery.extend({
  audience: z.string().max(600).describe('Optional filter on audience of the client grant.').optional(),
  client_id: z.string().describe('Optional filter on client_id of the client grant.').optional(),
  // A repeated query key arrives as an array, a single one as a string.
  grant_ids: z
    .preprocess((v) => (typeof v === 'string' ? [v] : v), z.array(ClientGrantId).max(MAX_GRANT_IDS))
    .describe(
      'Optional filter on the ID of the client grant. Must be URL encoded and may be specified multiple times (max 10).<br /><b>e.g.</b> <i>../client-grants?grant_ids=id1&grant_ids=id2</i>',
    )
    .optional(),
})
export type OrgClientGrantListQuery = z.infer<typeof OrgClientGrantListQuery>

/** The association answer: Auth0 sends `grant_id` here, where the list sends `id`. */
export interface OrgClientGrantAssociation {
  grant_id: string
  client_id: string
  audience: string
  scope: string[]
  organization_usage?: string
  allow_any_organization: boolean
}

export interface OrgClientGrant {
  id: string
  client_id: string
  audience: string
  scope: string[]
  organization_usage?: string
  allow_any_organization: boolean
  subject_type: string
}

export const GrantOrganizationsPath = z.object({ id: z.string().min(1).max(50).describe('ID of the client grant') })

/** Offset, or checkpoint when `take` or `from` is present (as GET /organizations). */
export const GrantOrganizationsQuery = OffsetQuery.extend({
  from: z.string().max(1000).describe('Optional Id from which to start selection.').optional(),
  take: queryInt('Number of results per page. Defaults to 50.', 1, 100).optional(),
})
export type GrantOrganizationsQuery = z.infer<typeof GrantOrganizationsQuery>
