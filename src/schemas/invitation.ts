import { z } from 'zod'
import { FieldsQuery, OffsetQuery, queryBool } from './common'
import { AppMetadata, UserMetadata } from './user'

/** A z-schema named format (`client-id`, `role-id`, ...), reported in Auth0's words. */
const format = (name: string, pattern: RegExp) =>
  z
    .string()
    .refine((v) => pattern.test(v), {
      error: (iss) => `Object didn't pass validation for format ${name}: ${String(iss.input)}`,
      abort: true,
    })
    .meta({ format: name })

/** Seven days: what Auth0 uses when `ttl_sec` is 0 or absent. */
export const DEFAULT_TTL_SEC = 604800
export const MAX_TTL_SEC = 2592000

const Inviter = z.strictObject({ name: z.string().min(1).max(300).describe("The inviter's name.") })

const Invitee = z.strictObject({ email: z.email().describe("The invitee's email.") })

// Auth0 does not publish its client-id format; ours are 32 alphanumerics, the bootstrap client's 32 hex.
const ClientId = format('client-id', /^[A-Za-z0-9_-]{1,64}$/).describe(
  "Auth0 client ID. Used to resolve the application's login initiation endpoint.",
)
const ConnectionId = format('connection-id', /^con_[A-Za-z0-9]{16}$/).describe(
  'The id of the connection to force invitee to authenticate with.',
)
const RoleId = format('role-id', /^rol_[A-Za-z0-9]{16}$/)


export const InvitationCreate = z.strictObject({
  inviter: Inviter,
  invitee: Invitee,
  client_id: ClientId,
  connection_id: ConnectionId.optional(),
  app_metadata: AppMetadata.optional(),
  user_metadata: UserMetadata.optional(),
  ttl_sec: z
    .int()
    .min(0)
    .max(MAX_TTL_SEC)
    .describe('Number of seconds for which the invitation is valid before expiration. If unspecified or set to 0, this value defaults to 604800 seconds (7 days). Max value: 2592000 seconds (30 days).')
    .optional(),
  roles: z.array(RoleId).min(1).describe('List of roles IDs to associated with the user.').optional(),
  send_invitation_email: z
    .boolean()
    .describe('Whether the user will receive an invitation email (true) or no email (false), true by default')
    .optional(),
})
export type InvitationCreate = z.infer<typeof InvitationCreate>

/** The invitation as Auth0 sends it (key order as recorded); optional keys absent when not given. */
export interface Invitation {
  id: string
  client_id: string
  inviter: { name: string }
  invitee: { email: string }
  invitation_url: string
  ticket_id: string
  created_at: string
  expires_at: string
  organization_id: string
  connection_id?: string
  app_metadata?: Record<string, unknown>
  user_metadata?: Record<string, unknown>
  roles?: string[]
}

export const InvitationsPath = z.object({ id: z.string().min(1).max(50).describe('The organization ID.') })

export const InvitationPath = InvitationsPath.extend({
  invitation_id: z.string().min(1).describe('The id of the user invitation.'),
})

/** Every key `fields` may name; `ticket_id` is not selectable. */
export const INVITATION_FIELDS = [
  'app_metadata', 'user_metadata', 'client_id', 'connection_id', 'created_at', 'expires_at', 'id', 'invitation_url',
  'invitee', 'inviter', 'organization_id', 'roles',
] as const

const FIELD = `(${INVITATION_FIELDS.map((f) => `(${f})`).join('|')})`

// An empty `fields=` reads as "all fields" (Auth0's description says "Leave empty"), not as a pattern failure.
const Fields = z.preprocess(
  (v) => (v === '' ? undefined : v),
  z
    .string()
    .regex(new RegExp(`^${FIELD}(,${FIELD})*$`))
    .describe(FieldsQuery.shape.fields.description ?? '')
    .optional(),
)

export const InvitationFieldsQuery = z.object({
  fields: Fields,
  include_fields: FieldsQuery.shape.include_fields,
})

export const InvitationSort = z
  .string()
  .regex(/^((created_at))\:(1|-1)$/)
  .describe('Field to sort by. Use field:order where order is 1 for ascending and -1 for descending Defaults to created_at:-1.')

export const InvitationListQuery = OffsetQuery.extend({
  include_totals: queryBool(
    'When true, return results inside an object that also contains the start and limit.  When false (default), a direct array of results is returned.  We do not yet support returning the total invitations count.',
  ).optional(),
  ...InvitationFieldsQuery.shape,
  sort: InvitationSort.optional(),
})
export type InvitationListQuery = z.infer<typeof InvitationListQuery>
