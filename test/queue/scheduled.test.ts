import { createScheduledController } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { describe, expect, it, vi } from 'vitest'
import worker from '../../src/index'
import type { Job } from '../../src/queue/jobs'
import { api, unique } from '../helpers/api'
import { createClient, createOrganization } from '../helpers/factories'

const MINUTE = 60 * 1000

async function invitation(orgId: string, clientId: string) {
  const res = await api.post(`/api/v2/organizations/${orgId}/invitations`, {
    inviter: { name: 'Jane' },
    invitee: { email: `${unique('invitee')}@example.com` },
    client_id: clientId,
    send_invitation_email: false,
  })
  expect(res.status).toBe(201)
  return res.body as { id: string }
}

const update = (sql: string, ...values: unknown[]) => env.DB.prepare(sql).bind(...values).run()

/** Runs the Worker's scheduled handler at `at`, with a queue producer that records what it is sent. */
async function runCron(at: number) {
  const sent: Job[] = []
  const jobs = {
    send: vi.fn(async (body: Job) => void sent.push(body)),
    sendBatch: vi.fn(async (batch: Iterable<MessageSendRequest<Job>>) => void sent.push(...[...batch].map((m) => m.body))),
  } as unknown as Queue<Job>
  await worker.scheduled(createScheduledController({ scheduledTime: at, cron: '*/5 * * * *' }), { ...env, JOBS: jobs })
  return sent
}

describe('scheduled sweep', () => {
  it('deletes invitations past expires_at and keeps the rest', async () => {
    const org = await createOrganization()
    const client = await createClient({ organization_usage: 'allow', initiate_login_uri: 'https://app.example.com/login' })
    const [expired, live] = [await invitation(org.id, client.client_id), await invitation(org.id, client.client_id)]
    await update('UPDATE invitations SET expires_at = ? WHERE id = ?', new Date(Date.now() - MINUTE).toISOString(), expired.id)
    const path = `/api/v2/organizations/${org.id}/invitations`
    // Expired is already invisible before the sweep; the sweep removes the row.
    expect((await api.get(`${path}/${expired.id}`)).status).toBe(404)

    await runCron(Date.now())

    const rows = await env.DB.prepare('SELECT id FROM invitations WHERE org_id = ?').bind(org.id).all<{ id: string }>()
    expect(rows.results.map((r) => r.id)).toEqual([live.id])
    expect((await api.get(`${path}/${live.id}`)).status).toBe(200)
  })

  it('deletes expired invitations in chunks until none is left', async () => {
    const org = await createOrganization()
    const past = new Date(Date.now() - MINUTE).toISOString()
    const inserts = Array.from({ length: 1200 }, (_, i) =>
      env.DB.prepare(`INSERT INTO invitations (id, org_id, doc, created_at, expires_at) VALUES (?, ?, '{}', ?, ?)`).bind(
        `uinv_bulk${String(i).padStart(11, '0')}`, org.id, past, past,
      ),
    )
    await env.DB.batch(inserts)
    await runCron(Date.now())
    const left = await env.DB.prepare('SELECT count(*) AS n FROM invitations WHERE expires_at <= ?').bind(new Date().toISOString()).first<{ n: number }>()
    expect(left?.n).toBe(0)
  })

  it('re-enqueues organization cleanups still pending after 10 minutes, and no younger or finished ones', async () => {
    const old = new Date(Date.now() - 11 * MINUTE).toISOString()
    const recent = new Date(Date.now() - MINUTE).toISOString()
    const id = unique('cln')
    await env.DB.batch([
      env.DB.prepare(`INSERT INTO cleanups (id, kind, target_id, state, created_at) VALUES (?, 'organization', 'org_stranded0000001', 'pending', ?)`).bind(`${id}-old`, old),
      env.DB.prepare(`INSERT INTO cleanups (id, kind, target_id, state, created_at) VALUES (?, 'organization', 'org_inflight0000001', 'pending', ?)`).bind(`${id}-new`, recent),
      env.DB.prepare(`INSERT INTO cleanups (id, kind, target_id, state, created_at) VALUES (?, 'organization', 'org_finished0000001', 'done', ?)`).bind(`${id}-done`, old),
    ])
    const sent = await runCron(Date.now())
    const cleanups = sent.filter((j) => j.type === 'organization.cleanup' && j.cleanupId.startsWith(id))
    expect(cleanups).toEqual([{ type: 'organization.cleanup', cleanupId: `${id}-old`, orgId: 'org_stranded0000001' }])
  })

  it('re-enqueues invitation emails still queued after 10 minutes; not younger, expired or settled ones', async () => {
    const org = await createOrganization()
    const client = await createClient({ organization_usage: 'allow', initiate_login_uri: 'https://app.example.com/login' })
    const [stranded, fresh, sent, expired] = await Promise.all([1, 2, 3, 4].map(() => invitation(org.id, client.client_id)))
    const old = new Date(Date.now() - 11 * MINUTE).toISOString()
    await env.DB.batch([
      env.DB.prepare(`UPDATE invitations SET email_state = 'queued', created_at = ? WHERE id = ?`).bind(old, stranded!.id),
      env.DB.prepare(`UPDATE invitations SET email_state = 'queued' WHERE id = ?`).bind(fresh!.id),
      env.DB.prepare(`UPDATE invitations SET email_state = 'sent', created_at = ? WHERE id = ?`).bind(old, sent!.id),
      env.DB.prepare(`UPDATE invitations SET email_state = 'queued', created_at = ?, expires_at = ? WHERE id = ?`).bind(old, old, expired!.id),
    ])
    const jobs = await runCron(Date.now())
    expect(jobs.filter((j) => j.type === 'invitation.email')).toEqual([{ type: 'invitation.email', invitationId: stranded!.id }])
  })
})
