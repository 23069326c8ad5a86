import { z } from 'zod'
import { FieldsQuery, OffsetQuery, queryBool, queryInt } from './common'
import { CreateClientRequestContent, UpdateClientRequestContent } from './generated/client'

/**
 * Request bodies: Auth0's, generated from its document (src/schemas/generated/client.ts). Every field
 * is stored and returned; the name is a column, the secret a hash, the rest one JSON document.
 */
export const ClientCreate = CreateClientRequestContent
export type ClientCreate = z.infer<typeof ClientCreate>

/** PATCH may also set the secret; `null` clears a field back to Auth0's default, client_metadata merges. */
export const ClientUpdate = UpdateClientRequestContent
export type ClientUpdate = z.infer<typeof ClientUpdate>

export const ClientPath = z.object({ id: z.string().min(1).max(50).describe('ID of the client to retrieve.') })

export const ClientGetQuery = FieldsQuery

export const CLIENT_QUERY =
  'Advanced Query in Lucene syntax. Permitted Queries: client_grant.organization_id:{organization_id}, client_grant.allow_any_organization:true.'

const APP_TYPE_LIST = /^[a-z0-9_]+(,[a-z0-9_]+)*$/

/** Offset, or checkpoint when `take` or `from` is present; filters as Auth0 documents them. */
export const ClientListQuery = OffsetQuery.extend({
  ...FieldsQuery.shape,
  from: z.string().max(1000).describe('Optional Id from which to start selection.').optional(),
  take: queryInt('Number of results per page. Defaults to 50.', 1, 100).optional(),
  is_global: queryBool('Optional filter on the global client parameter.').optional(),
  is_first_party: queryBool('Optional filter on whether or not a client is a first-party client.').optional(),
  app_type: z
    .string()
    .refine((v) => APP_TYPE_LIST.test(v), { error: (iss) => `String does not match pattern ${APP_TYPE_LIST.source}: ${String(iss.input)}` })
    .describe('Optional filter by a comma-separated list of application types.')
    .optional(),
  external_client_id: z.string().min(1).max(120).describe('Optional filter by the external client identifier.').optional(),
  q: z.string().describe(CLIENT_QUERY).optional(),
})
export type ClientListQuery = z.infer<typeof ClientListQuery>

/** A client as Auth0 shows it: every stored field; `client_secret` only in the create answer. */
export type Client = { client_id: string; name: string; client_secret?: string } & Record<string, unknown>
