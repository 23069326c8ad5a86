import type { Window } from '../http/pagination'
import type { Invitation } from '../schemas/invitation'

/**
 * Invitations are stored as Auth0's document (`doc`) plus the columns queries need. `email_state`
 * tracks the invitation email: none (not asked for), queued, sending (claimed by a consumer), sent,
 * failed (the last attempt failed; the queue retries it). It never appears in Auth0's body.
 */
export const EMAIL_STATES = ['none', 'queued', 'sending', 'sent', 'failed'] as const
export type EmailState = (typeof EMAIL_STATES)[number]

/** The client fields an invitation depends on. */
export interface InvitingClient {
  organization_usage: string | null
  initiate_login_uri: string | null
}

/** What POST needs to know before writing, gathered in one batch (one D1 round trip). */
export interface CreateChecks {
  org: { name: string } | null
  client: InvitingClient | null
  /** Null when the connection does not exist (or none was named). */
  connection: { strategy: string; enabled: boolean } | null
  foundRoleIds: Set<string>
  tenantLoginUri: string | null
}

export async function gatherCreateChecks(
  db: D1Database,
  orgId: string,
  wanted: { clientId: string; connectionId?: string; roleIds?: string[] },
): Promise<CreateChecks> {
  const [org, client, connection, roles, tenant] = await db.batch([
    db.prepare('SELECT name FROM organizations WHERE id = ?').bind(orgId),
    db
      .prepare(
        `SELECT json_extract(doc, '$.organization_usage') AS organization_usage,
                json_extract(doc, '$.initiate_login_uri') AS initiate_login_uri
         FROM clients WHERE client_id = ?`,
      )
      .bind(wanted.clientId),
    db
      .prepare(
        `SELECT c.strategy, EXISTS (SELECT 1 FROM org_connections oc WHERE oc.org_id = ?2 AND oc.connection_id = c.id) AS enabled
         FROM connections c WHERE c.id = ?1`,
      )
      .bind(wanted.connectionId ?? '', orgId),
    // One bound JSON array instead of an IN list: any number of role ids, one statement.
    db.prepare('SELECT id FROM roles WHERE id IN (SELECT value FROM json_each(?))').bind(JSON.stringify(wanted.roleIds ?? [])),
    db.prepare(`SELECT json_extract(settings, '$.default_redirection_uri') AS uri FROM tenant_settings WHERE id = 1`),
  ])
  const first = <T>(result: D1Result | undefined) => (result?.results[0] as T | undefined) ?? null
  const conn = first<{ strategy: string; enabled: number }>(connection)
  return {
    org: first<{ name: string }>(org),
    client: first<InvitingClient>(client),
    connection: conn && { strategy: conn.strategy, enabled: conn.enabled === 1 },
    foundRoleIds: new Set((roles!.results as { id: string }[]).map((r) => r.id)),
    tenantLoginUri: first<{ uri: string | null }>(tenant)?.uri ?? null,
  }
}

/**
 * Inserts the invitation only if its organization still exists (a DELETE may have landed since the
 * checks), so no invitation outlives its org's cleanup. Returns whether it was written.
 */
export async function insertInvitation(db: D1Database, invitation: Invitation, emailState: EmailState): Promise<boolean> {
  const result = await db
    .prepare(
      `INSERT INTO invitations (id, org_id, doc, created_at, expires_at, email_state)
       SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE EXISTS (SELECT 1 FROM organizations WHERE id = ?2)`,
    )
    .bind(invitation.id, invitation.organization_id, JSON.stringify(invitation), invitation.created_at, invitation.expires_at, emailState)
    .run()
  return (result.meta.changes ?? 0) > 0
}

const orgExists = (db: D1Database, orgId: string) => db.prepare('SELECT 1 AS found FROM organizations WHERE id = ?').bind(orgId)

const docs = (result: D1Result | undefined) => (result!.results as { doc: string }[]).map((r) => JSON.parse(r.doc) as Invitation)

/** The org's unexpired invitation, with the org's existence, in one round trip. */
export async function findInvitation(
  db: D1Database,
  orgId: string,
  id: string,
  now: string,
): Promise<{ orgFound: boolean; invitation: Invitation | null }> {
  const [org, found] = await db.batch([
    orgExists(db, orgId),
    db.prepare('SELECT doc FROM invitations WHERE org_id = ? AND id = ? AND expires_at > ?').bind(orgId, id, now),
  ])
  return { orgFound: org!.results.length > 0, invitation: docs(found)[0] ?? null }
}

const SORTS = {
  'created_at:1': 'created_at, id',
  'created_at:-1': 'created_at DESC, id DESC',
} as const

/** One offset page of the org's unexpired invitations, on the invitations_org index. */
export async function listInvitations(
  db: D1Database,
  orgId: string,
  window: Window,
  sort: keyof typeof SORTS,
  now: string,
): Promise<{ orgFound: boolean; invitations: Invitation[] }> {
  const [org, page] = await db.batch([
    orgExists(db, orgId),
    db
      .prepare(`SELECT doc FROM invitations WHERE org_id = ? AND expires_at > ? ORDER BY ${SORTS[sort]} LIMIT ? OFFSET ?`)
      .bind(orgId, now, window.limit, window.offset),
  ])
  return { orgFound: org!.results.length > 0, invitations: docs(page) }
}

export async function deleteInvitation(db: D1Database, orgId: string, id: string): Promise<{ orgFound: boolean }> {
  const [org] = await db.batch([
    orgExists(db, orgId),
    db.prepare('DELETE FROM invitations WHERE org_id = ? AND id = ?').bind(orgId, id),
  ])
  return { orgFound: org!.results.length > 0 }
}

/** What the invitation email shows, read with the claim. */
export interface InvitationEmailRow {
  email_state: EmailState
  doc: string
  expires_at: string
  org_name: string | null
  org_display_name: string | null
  org_branding: string | null
}

/**
 * Claims the invitation's email for one sender: `queued`/`failed` → `sending`, only while the
 * invitation is unexpired and its org exists. The row is read in the same batch (before the
 * claim), so the caller learns why a claim failed: gone, already sent, or held by another attempt.
 */
export async function claimInvitationEmail(
  db: D1Database,
  id: string,
  now: string,
): Promise<{ claimed: boolean; row: InvitationEmailRow | null }> {
  const [read, claim] = await db.batch([
    db
      .prepare(
        `SELECT i.email_state, i.doc, i.expires_at, o.name AS org_name, o.display_name AS org_display_name, o.branding AS org_branding
         FROM invitations i LEFT JOIN organizations o ON o.id = i.org_id WHERE i.id = ?`,
      )
      .bind(id),
    db
      .prepare(
        `UPDATE invitations SET email_state = 'sending'
         WHERE id = ?1 AND email_state IN ('queued', 'failed') AND expires_at > ?2
           AND EXISTS (SELECT 1 FROM organizations o WHERE o.id = invitations.org_id)`,
      )
      .bind(id, now),
  ])
  return { claimed: (claim!.meta.changes ?? 0) > 0, row: (read!.results[0] as InvitationEmailRow | undefined) ?? null }
}

/** Ends a claim: `sent`, or `failed` so the next attempt may claim it again. */
export async function settleInvitationEmail(db: D1Database, id: string, state: 'sent' | 'failed'): Promise<void> {
  await db.prepare(`UPDATE invitations SET email_state = ?2 WHERE id = ?1 AND email_state = 'sending'`).bind(id, state).run()
}

/**
 * Deletes up to `statements × chunk` expired invitations in one round trip: the same bounded
 * DELETE repeated in a batch, each taking the next chunk through the expiry index.
 */
export async function deleteExpiredInvitations(db: D1Database, now: string, chunk: number, statements: number): Promise<number> {
  const sql = `DELETE FROM invitations WHERE rowid IN (SELECT rowid FROM invitations WHERE expires_at <= ? LIMIT ${chunk})`
  const results = await db.batch(Array.from({ length: statements }, () => db.prepare(sql).bind(now)))
  return results.reduce((sum, r) => sum + (r.meta.changes ?? 0), 0)
}

/** Invitations whose email has waited in `queued` since before `createdBefore`: their job may have been lost. */
export async function staleQueuedInvitationIds(db: D1Database, createdBefore: string, now: string, limit: number): Promise<string[]> {
  const { results } = await db
    .prepare(
      `SELECT id FROM invitations WHERE email_state = 'queued' AND created_at < ?1 AND expires_at > ?2
       ORDER BY created_at LIMIT ?3`,
    )
    .bind(createdBefore, now, limit)
    .all<{ id: string }>()
  return results.map((r) => r.id)
}

/**
 * The email state of the named invitations (unexpired, in this org), with the org's existence, in
 * one round trip. Ids not found are left out.
 */
export async function invitationEmailStates(
  db: D1Database,
  orgId: string,
  ids: string[],
  now: string,
): Promise<{ orgFound: boolean; states: Map<string, EmailState> }> {
  const [org, rows] = await db.batch([
    orgExists(db, orgId),
    db
      .prepare(`SELECT id, email_state FROM invitations WHERE org_id = ?1 AND expires_at > ?2 AND id IN (SELECT value FROM json_each(?3))`)
      .bind(orgId, now, JSON.stringify(ids)),
  ])
  const states = new Map((rows!.results as { id: string; email_state: EmailState }[]).map((r) => [r.id, r.email_state]))
  return { orgFound: org!.results.length > 0, states }
}
