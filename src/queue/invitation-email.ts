import { claimInvitationEmail, settleInvitationEmail, type InvitationEmailRow } from '../db/invitations'
import { renderInvitationEmail } from '../email/invitation-template'
import type { Env } from '../env'
import { now } from '../ids'
import type { Invitation } from '../schemas/invitation'
import type { Branding } from '../schemas/organization'
import type { InvitationEmailJob } from './jobs'

/**
 * Sends an invitation's email through the `send_email` binding, at most once: the send is claimed
 * on the invitation row first (queued/failed → sending), so a redelivery after success finds `sent`
 * and does nothing, and a deleted or expired invitation (or one whose org is gone) is never mailed.
 * A failed send marks the row `failed` and throws, so the consumer retries it with backoff.
 */
export async function runInvitationEmail(job: InvitationEmailJob, env: Env): Promise<void> {
  const { claimed, row } = await claimInvitationEmail(env.DB, job.invitationId, now())
  if (!claimed) {
    // Held by another attempt, or by one interrupted between claim and settle: the email may have
    // gone out, so it is not sent again. Failing keeps the job visible (retries, then the DLQ).
    if (row?.email_state === 'sending') throw new Error(`invitation ${job.invitationId}: email send already claimed`)
    log(job.invitationId, 'skipped', skipReason(row))
    return
  }
  const invitation = JSON.parse(row!.doc) as Invitation
  const email = render(invitation, row!)
  try {
    await env.EMAIL.send({ from: env.EMAIL_FROM, to: invitation.invitee.email, ...email })
  } catch (err) {
    await settleInvitationEmail(env.DB, job.invitationId, 'failed')
    throw err
  }
  await settleInvitationEmail(env.DB, job.invitationId, 'sent')
  log(job.invitationId, 'sent')
}

function render(invitation: Invitation, row: InvitationEmailRow) {
  const branding = row.org_branding ? (JSON.parse(row.org_branding) as Branding) : undefined
  return renderInvitationEmail({
    orgLabel: row.org_display_name ?? row.org_name ?? invitation.organization_id,
    logoUrl: branding?.logo_url,
    primaryColor: branding?.colors?.primary,
    inviterName: invitation.inviter.name,
    invitationUrl: invitation.invitation_url,
    expiresAt: invitation.expires_at,
  })
}

function skipReason(row: InvitationEmailRow | null): string {
  if (!row) return 'invitation deleted'
  if (row.org_name === null) return 'organization deleted'
  if (row.email_state === 'sent') return 'already sent'
  if (row.email_state === 'none') return 'email not requested'
  return 'invitation expired'
}

function log(invitationId: string, outcome: string, reason?: string) {
  console.log(JSON.stringify({ job: 'invitation.email', invitationId, outcome, ...(reason && { reason }) }))
}
