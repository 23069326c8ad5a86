import { sha256Hex } from '../crypto'
import type { Window } from '../http/pagination'
import { newId, now, randomAlphanumeric } from '../ids'
import type { Client, ClientCreate, ClientUpdate } from '../schemas/client'
import { insertCleanup, type CleanupRecord } from './cleanups'

interface ClientRow {
  client_id: string
  name: string
  doc: string
}

/** The stored document holds every field but the id, the name (a column) and the secret (a hash). */
const toClient = (row: ClientRow): Client => ({ client_id: row.client_id, name: row.name, ...JSON.parse(row.doc) })

/** Auth0's defaults for grant types depend on the kind of application. */
function defaultGrantTypes(appType: string | undefined): string[] {
  if (appType === 'non_interactive') return ['client_credentials']
  if (appType === 'spa' || appType === 'native') return ['authorization_code', 'implicit', 'refresh_token']
  return ['authorization_code', 'implicit', 'refresh_token', 'client_credentials']
}

/** 64 characters of base64url from 48 random bytes. */
function newClientSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(48))
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_')
}

/**
 * Creates a client with Auth0's defaults and returns it with its secret. The secret is shown this
 * once: only its SHA-256 is stored (secrets are random and long, so one hash round suffices).
 */
export async function createClient(db: D1Database, input: ClientCreate): Promise<Client> {
  const { name, ...rest } = input
  const doc = {
    is_first_party: true,
    oidc_conformant: false,
    grant_types: defaultGrantTypes(input.app_type),
    ...rest,
  }
  const clientId = randomAlphanumeric(32)
  const secret = newClientSecret()
  await db
    .prepare('INSERT INTO clients (client_id, name, secret_hash, doc, created_at) VALUES (?, ?, ?, ?, ?)')
    .bind(clientId, name, await sha256Hex(secret), JSON.stringify(doc), now())
    .run()
  return { client_id: clientId, client_secret: secret, name, ...doc }
}

export async function findClient(db: D1Database, clientId: string): Promise<Client | null> {
  const row = await db.prepare('SELECT client_id, name, doc FROM clients WHERE client_id = ?').bind(clientId).first<ClientRow>()
  return row && toClient(row)
}

export async function listClients(db: D1Database, window: Window): Promise<{ clients: Client[]; total: number }> {
  const [page, count] = await db.batch([
    db.prepare('SELECT client_id, name, doc FROM clients ORDER BY created_at, client_id LIMIT ? OFFSET ?').bind(window.limit, window.offset),
    db.prepare('SELECT count(*) AS total FROM clients'),
  ])
  return { clients: (page!.results as ClientRow[]).map(toClient), total: (count!.results[0] as { total: number }).total }
}

/**
 * Applies a PATCH in one statement: fields replace (JSON merge patch, so `null` removes a field and
 * client_metadata merges key by key); a new secret replaces the stored hash.
 */
export async function updateClient(db: D1Database, clientId: string, patch: ClientUpdate): Promise<Client | null> {
  const { name, client_secret: secret, ...fields } = patch
  const row = await db
    .prepare(
      `UPDATE clients SET name = coalesce(?2, name), doc = json_patch(doc, ?3), secret_hash = coalesce(?4, secret_hash)
       WHERE client_id = ?1 RETURNING client_id, name, doc`,
    )
    .bind(clientId, name ?? null, JSON.stringify(fields), secret === undefined ? null : await sha256Hex(secret))
    .first<ClientRow>()
  return row && toClient(row)
}

/**
 * Deletes the client, its grants and their organization associations in one batch, and records the
 * cleanup of its organization associations (one per organization, possibly very many) for the queue.
 * Returns that record, or null when there was no client.
 */
export async function deleteClient(db: D1Database, clientId: string): Promise<Pick<CleanupRecord, 'id' | 'kind' | 'target_id'> | null> {
  const cleanupId = newId('cln')
  const [, , deleted] = await db.batch([
    db.prepare('DELETE FROM org_client_grants WHERE grant_id IN (SELECT id FROM client_grants WHERE client_id = ?)').bind(clientId),
    db.prepare('DELETE FROM client_grants WHERE client_id = ?').bind(clientId),
    db.prepare('DELETE FROM clients WHERE client_id = ?').bind(clientId),
    insertCleanup(db, cleanupId, 'client', clientId, true),
  ])
  return (deleted!.meta.changes ?? 0) > 0 ? { id: cleanupId, kind: 'client', target_id: clientId } : null
}

/** Whether a client exists (grants may only name existing clients). */
export async function clientExists(db: D1Database, clientId: string): Promise<boolean> {
  return (await db.prepare('SELECT 1 AS found FROM clients WHERE client_id = ?').bind(clientId).first()) !== null
}

export interface TokenClient {
  secretHash: string
  grantTypes: string[]
  /** Scopes of the client's grant on the Management API audience; null when it has none. */
  grantedScopes: string[] | null
}

/** A client and its grant for `audience`, in one query, for the token endpoint. */
export async function findTokenClient(db: D1Database, clientId: string, audience: string): Promise<TokenClient | null> {
  const row = await db
    .prepare(
      `SELECT c.secret_hash, json_extract(c.doc, '$.grant_types') AS grant_types, g.scope
       FROM clients c LEFT JOIN client_grants g
         ON g.client_id = c.client_id AND g.audience = ?2 AND coalesce(g.subject_type, 'client') = 'client'
       WHERE c.client_id = ?1`,
    )
    .bind(clientId, audience)
    .first<{ secret_hash: string; grant_types: string | null; scope: string | null }>()
  if (!row) return null
  return {
    secretHash: row.secret_hash,
    grantTypes: row.grant_types ? (JSON.parse(row.grant_types) as string[]) : ['client_credentials'],
    grantedScopes: row.scope === null ? null : (JSON.parse(row.scope) as string[]),
  }
}
