import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { describe, expect, it, vi } from 'vitest'
import worker from '../../src/index'
import { backoff, DEAD_LETTER_QUEUE } from '../../src/queue/consumer'
import { api, unique } from '../helpers/api'
import { createClient, createOrganization } from '../helpers/factories'
import { emailState } from '../helpers/invitations'

const JOBS_QUEUE = 'edge-orgs-jobs'
let messages = 0

/**
 * An invitation created without an email (so the Worker's own queue delivery never races these
 * tests), then marked queued as a create with send_invitation_email would have left it.
 */
async function queuedInvitation(orgBody: Record<string, unknown> = {}, inviter = 'Jane Doe') {
  const org = await createOrganization(orgBody)
  const client = await createClient({ organization_usage: 'allow', initiate_login_uri: 'https://app.example.com/login' })
  const res = await api.post(`/api/v2/organizations/${org.id}/invitations`, {
    inviter: { name: inviter },
    invitee: { email: `${unique('invitee')}@example.com` },
    client_id: client.client_id,
    send_invitation_email: false,
  })
  expect(res.status).toBe(201)
  await setState(res.body.id, 'queued')
  return { org, invitation: res.body }
}

const setState = (id: string, state: string) => env.DB.prepare('UPDATE invitations SET email_state = ? WHERE id = ?').bind(state, id).run()

/** A stand-in for the send_email binding that records what it was asked to send. */
function recordingEmail(fail?: Error) {
  const send = vi.fn(async (_message: EmailMessageBuilder) => {
    if (fail) throw fail
    return { messageId: '<test@edge-orgs>' }
  })
  return { binding: { send } as unknown as SendEmail, send }
}

/**
 * Runs one message through the Worker's queue handler, as the runtime would, and returns the
 * ack/retry result. getQueueResult does not report retry delays, so `retry` is watched for them.
 */
async function deliver(body: unknown, opts: { email?: SendEmail; attempts?: number; queue?: string } = {}) {
  const id = `msg-${++messages}`
  const batch = createMessageBatch(opts.queue ?? JOBS_QUEUE, [{ id, timestamp: new Date(), attempts: opts.attempts ?? 1, body }])
  const retry = vi.spyOn(batch.messages[0]!, 'retry')
  const ctx = createExecutionContext()
  await worker.queue(batch, { ...env, ...(opts.email && { EMAIL: opts.email }) }, ctx)
  const result = await getQueueResult(batch, ctx)
  return { id, result, retryDelays: retry.mock.calls.map(([options]) => options?.delaySeconds) }
}

const job = (invitationId: string) => ({ type: 'invitation.email', invitationId })

describe('invitation.email job', () => {
  it('sends one email from EMAIL_FROM to the invitee, rendered from the org and the invitation, and records it sent', async () => {
    const branding = { logo_url: 'https://cdn.example.com/acme.png', colors: { primary: '#ff5500', page_background: '#ffffff' } }
    const { invitation } = await queuedInvitation({ display_name: 'Acme Inc.', branding })
    const email = recordingEmail()
    const { id, result } = await deliver(job(invitation.id), { email: email.binding })
    expect(result.explicitAcks).toEqual([id])
    expect(result.retryMessages).toEqual([])
    expect(email.send).toHaveBeenCalledTimes(1)
    const sent = email.send.mock.calls[0]![0] as { from: string; to: string; subject: string; html: string; text: string }
    expect(sent.from).toBe(env.EMAIL_FROM)
    expect(sent.to).toBe(invitation.invitee.email)
    expect(sent.subject).toBe('Jane Doe has invited you to join Acme Inc.')
    expect(sent.text).toContain(invitation.invitation_url)
    expect(sent.html).toContain(invitation.invitation_url.replaceAll('&', '&amp;'))
    expect(sent.html).toContain('https://cdn.example.com/acme.png')
    expect(sent.html).toContain('#ff5500')
    expect(sent.text).toContain(new Date(invitation.expires_at).toUTCString())
    expect(await emailState(invitation.id)).toBe('sent')
  })

  it('uses the org name when it has no display name', async () => {
    const { org, invitation } = await queuedInvitation()
    const email = recordingEmail()
    await deliver(job(invitation.id), { email: email.binding })
    expect(email.send.mock.calls[0]![0].subject).toBe(`Jane Doe has invited you to join ${org.name}`)
  })

  it('sends nothing when the job is delivered again after success', async () => {
    const { invitation } = await queuedInvitation()
    const email = recordingEmail()
    await deliver(job(invitation.id), { email: email.binding })
    const again = await deliver(job(invitation.id), { email: email.binding, attempts: 2 })
    expect(again.result.explicitAcks).toEqual([again.id])
    expect(email.send).toHaveBeenCalledTimes(1)
    expect(await emailState(invitation.id)).toBe('sent')
  })

  it('marks a failed send failed, retries it with backoff, and sends on a later attempt', async () => {
    const { invitation } = await queuedInvitation()
    const broken = recordingEmail(new Error('smtp unavailable'))
    const first = await deliver(job(invitation.id), { email: broken.binding, attempts: 1 })
    expect(first.result.explicitAcks).toEqual([])
    expect(first.result.retryMessages).toEqual([{ msgId: first.id }])
    expect(first.retryDelays).toEqual([backoff(1)])
    expect(await emailState(invitation.id)).toBe('failed')

    const second = await deliver(job(invitation.id), { email: broken.binding, attempts: 2 })
    expect(second.result.retryMessages).toEqual([{ msgId: second.id }])
    expect(second.retryDelays).toEqual([backoff(2)])
    expect(backoff(2)).toBeGreaterThan(backoff(1))

    const working = recordingEmail()
    const third = await deliver(job(invitation.id), { email: working.binding, attempts: 3 })
    expect(third.result.explicitAcks).toEqual([third.id])
    expect(working.send).toHaveBeenCalledTimes(1)
    expect(await emailState(invitation.id)).toBe('sent')
  })

  it('keeps a job that ran out of retries in dead_letters with the last failure as its reason', async () => {
    const { invitation } = await queuedInvitation()
    await deliver(job(invitation.id), { email: recordingEmail(new Error('mailbox quota exceeded')).binding, attempts: 6 })
    const dead = await deliver(job(invitation.id), { queue: DEAD_LETTER_QUEUE, attempts: 1 })
    expect(dead.result.explicitAcks).toEqual([dead.id])
    const row = await env.DB.prepare('SELECT job_type, reason FROM dead_letters WHERE body = ?')
      .bind(JSON.stringify(job(invitation.id)))
      .first<{ job_type: string; reason: string }>()
    expect(row).toEqual({ job_type: 'invitation.email', reason: 'mailbox quota exceeded' })
    expect(await emailState(invitation.id)).toBe('failed')
  })

  it('keeps a malformed job as a dead letter at once, with its reason, and acks it', async () => {
    const body = { type: 'invitation.email', invitation: 'uinv_missing_key' }
    const { id, result } = await deliver(body)
    expect(result.explicitAcks).toEqual([id])
    expect(result.retryMessages).toEqual([])
    const row = await env.DB.prepare('SELECT job_type, reason FROM dead_letters WHERE body = ?').bind(JSON.stringify(body)).first<{ job_type: string; reason: string }>()
    expect(row?.job_type).toBe('invitation.email')
    expect(row?.reason).toMatch(/^invalid job body: /)
  })

  it('sends nothing for a deleted invitation', async () => {
    const { org, invitation } = await queuedInvitation()
    expect((await api.delete(`/api/v2/organizations/${org.id}/invitations/${invitation.id}`)).status).toBe(204)
    const email = recordingEmail()
    const { id, result } = await deliver(job(invitation.id), { email: email.binding })
    expect(result.explicitAcks).toEqual([id])
    expect(email.send).not.toHaveBeenCalled()
  })

  it('sends nothing for an expired invitation, or one whose organization was deleted', async () => {
    const expired = await queuedInvitation()
    await env.DB.prepare('UPDATE invitations SET expires_at = ? WHERE id = ?').bind('2000-01-01T00:00:00.000Z', expired.invitation.id).run()
    const orphan = await queuedInvitation()
    expect((await api.delete(`/api/v2/organizations/${orphan.org.id}`)).status).toBe(204)
    const email = recordingEmail()
    await deliver(job(expired.invitation.id), { email: email.binding })
    await deliver(job(orphan.invitation.id), { email: email.binding })
    expect(email.send).not.toHaveBeenCalled()
  })

  it('sends nothing when no email was asked for', async () => {
    const { invitation } = await queuedInvitation()
    await setState(invitation.id, 'none')
    const email = recordingEmail()
    await deliver(job(invitation.id), { email: email.binding })
    expect(email.send).not.toHaveBeenCalled()
  })

  it('does not send again while a send is claimed (in progress or interrupted): the job is retried instead', async () => {
    const { invitation } = await queuedInvitation()
    await setState(invitation.id, 'sending')
    const email = recordingEmail()
    const { id, result, retryDelays } = await deliver(job(invitation.id), { email: email.binding })
    expect(email.send).not.toHaveBeenCalled()
    expect(result.retryMessages).toEqual([{ msgId: id }])
    expect(retryDelays).toEqual([backoff(1)])
    expect(await emailState(invitation.id)).toBe('sending')
  })

  it("sends through the runtime's own send_email binding", async () => {
    const { invitation } = await queuedInvitation()
    const { id, result } = await deliver(job(invitation.id))
    expect(result.explicitAcks).toEqual([id])
    expect(await emailState(invitation.id)).toBe('sent')
  })
})
