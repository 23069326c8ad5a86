import { z } from 'zod'
import { OffsetQuery, queryBool, queryInt } from './common'
import { CreateClientGrantRequestContent, UpdateClientGrantRequestContent } from './generated/client-grant'

/**
 * Request bodies: Auth0's, generated from its document (src/schemas/generated/client-grant.ts).
 * `scope` may be left out (an empty list). The document also lets `client_id` be left out, for grants
 * made by default for third-party clients (`default_for`); those are not modelled here, so the route
 * still requires a client.
 */
export const ClientGrantCreate = CreateClientGrantRequestContent
export type ClientGrantCreate = z.infer<typeof ClientGrantCreate>

/** Only these may change; `null` clears a setting (scope back to none). */
export const ClientGrantUpdate = UpdateClientGrantRequestContent
export type ClientGrantUpdate = z.infer<typeof ClientGrantUpdate>

/** Fields with a column; the others (default_for, authorization_details_types, allow_all_scopes, ...) are the grant's document. */
const COLUMN_FIELDS = new Set(['client_id', 'audience', 'scope', 'organization_usage', 'allow_any_organization', 'subject_type'])
export const CLIENT_GRANT_DOC_FIELDS: readonly string[] = [
  ...new Set([...Object.keys(ClientGrantCreate.shape), ...Object.keys(ClientGrantUpdate.shape)]),
].filter((k) => !COLUMN_FIELDS.has(k))

const SubjectType = ClientGrantCreate.shape.subject_type.unwrap()

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
  /** The document: default_for, authorization_details_types, allow_all_scopes, ... */
  [field: string]: unknown
}
