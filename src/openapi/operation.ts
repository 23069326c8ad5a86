import type { z } from 'zod'

/**
 * What the OpenAPI document says about one route beyond what the router itself tells (method, path,
 * scopes: src/openapi/served.ts). The schemas are the very ones the handler parses with.
 */
export interface OperationDoc {
  operationId: string
  summary: string
  tag: Tag
  description?: string
  /** Path parameters: the schema the handler passes to `pathParams` (its keys are the template's parameters). */
  path?: z.ZodObject
  /** Query parameters: the schema the handler passes to `queryParams`. */
  query?: z.ZodObject
  /** The request body schema the handler parses (JSON or form-encoded). */
  body?: z.ZodType
  /** Success statuses and their bodies (null: no body). */
  responses: Record<number, { description: string; schema: z.ZodType | null }>
  /** Error statuses beyond 400 (any validated input), 401/403 (any scoped route) and 413 (any body), in Auth0's envelope. */
  errors?: number[]
}

export const TAGS = {
  organizations: 'Organizations and everything inside them: members, member roles, invitations, enabled connections, client grants.',
  users: 'Tenant users (what organization members are).',
  connections: 'Tenant connections (what organizations enable).',
  roles: 'Tenant roles (what members are assigned).',
  clients: 'Applications (what invitations and client grants name).',
  'client-grants': 'Client grants (what organizations are associated with).',
  tenants: 'Tenant settings organizations rely on.',
  meta: 'This API itself.',
} as const

export type Tag = keyof typeof TAGS

/** Shorthand for a success response. */
export const ok = (description: string, schema: z.ZodType | null = null) => ({ description, schema })
