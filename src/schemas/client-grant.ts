import { z } from 'zod'
import { OffsetQuery, queryBool, queryInt } from './common'
import { oneOf } from './formats'

const SUBJECT_TYPES = ['client', 'user'] as const

const ClientId = z.string().min(1).describe('ID of the client.')
const Audience = z.string().min(1).describe('The audience (API identifier) of this client grant')
const Scope = z.array(z.string().min(1).max(280)).describe('Scopes allowed for this client grant.')
const OrganizationUsage = oneOf(['deny', 'allow', 'require'])
  .describe('Defines whether organizations can be used with client credentials exchanges for this grant.')
const AllowAnyOrganization = z
  .boolean()
  .describe('If enabled, any organization can be used with this grant. If disabled (default), the grant must be explicitly assigned to the desired organizations.')
const SubjectType = oneOf(SUBJECT_TYPES).describe('The type of application access the client grant allows.')

export const ClientGrantCreate = z.strictObject({
  client_id: ClientId,
  audience: Audience,
  scope: Scope,
  organization_usage: OrganizationUsage.optional(),
  allow_any_organization: AllowAnyOrganization.optional(),
  subject_type: SubjectType.optional(),
})
export type ClientGrantCreate = z.infer<typeof ClientGrantCreate>

/** Only these may change; `null` clears a setting (scope back to none). */
export const ClientGrantUpdate = z.strictObject({
  scope: Scope.nullable().optional(),
  organization_usage: OrganizationUsage.nullable().optional(),
  allow_any_organization: AllowAnyOrganization.nullable().optional(),
})
export type ClientGrantUpdate = z.infer<typeof ClientGrantUpdate>

/** No length bound: Auth0's document gives none, and GET lists no 400, so an id too long to exist is a 404 like any unknown one. */
export const ClientGrantPath = z.object({ id: z.string().min(1).describe('ID of the client grant.') })

/** Offset, or checkpoint when `take` or `from` is present (the SDK's clientGrants.list always sends take). */
export const ClientGrantListQuery = OffsetQuery.extend({
  from: z.string().max(1000).describe('Optional Id from which to start selection.').optional(),
  take: queryInt('Number of results per page. Defaults to 50.', 1, 100).optional(),
  audience: z.string().optional().describe('Optional filter on audience.'),
  client_id: z.string().optional().describe('Optional filter on client_id.'),
  allow_any_organization: queryBool('Optional filter on allow_any_organization.').optional(),
  subject_type: SubjectType.optional().describe('The type of application access the client grant allows.'),
})
export type ClientGrantListQuery = z.infer<typeof ClientGrantListQuery>

export interface ClientGrant {
  id: string
  client_id: string
  audience: string
  scope: string[]
  organization_usage?: string
  allow_any_organization?: boolean
  subject_type?: string
}
