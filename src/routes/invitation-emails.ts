import { z } from 'zod'
import { EMAIL_STATES, invitationEmailStates } from '../db/invitations'
import { orgNotFound } from '../http/not-found'
import { ok, operation } from '../http/operation'
import { now } from '../ids'
import { InvitationsPath } from '../schemas/invitation'

/**
 * Not Auth0's: where each invitation's email stands. Auth0's invitation body has no such field and
 * ours stays Auth0's, so the state is asked for here, for up to a page of invitations at once.
 */
const InvitationEmailsQuery = z.object({
  ids: z
    .string()
    .transform((v) => [...new Set(v.split(',').filter(Boolean))])
    .pipe(z.array(z.string().min(1).max(50)).min(1).max(100))
    .describe('Comma-separated ids of the invitations (1 to 100).'),
})

const InvitationEmail = z.strictObject({
  invitation_id: z.string(),
  state: z
    .enum(EMAIL_STATES)
    .describe('none: no email was asked for; queued: waiting to be sent; sending: being sent; sent: handed to the mail service; failed: the last attempt failed and is retried.'),
})

const list = operation(
  {
    method: 'GET',
    path: '/organizations/{id}/invitation-emails',
    operationId: 'get_invitation_emails',
    summary: 'Where each invitation email stands (not part of Auth0’s API)',
    tag: 'organizations',
    description: 'One entry per named invitation that exists and has not expired, in the order named; others are left out.',
    scopes: ['read:organization_invitations'],
    params: InvitationsPath,
    query: InvitationEmailsQuery,
    responses: { 200: ok('The email state of each invitation found.', z.array(InvitationEmail)) },
    errors: [404],
  },
  async ({ params: { id: orgId }, query: { ids }, env }) => {
    const { orgFound, states } = await invitationEmailStates(env.DB, orgId, ids, now())
    if (!orgFound) throw orgNotFound()
    return ids.flatMap((id) => {
      const state = states.get(id)
      return state ? [{ invitation_id: id, state }] : []
    })
  },
)

export const invitationEmails = [list]
