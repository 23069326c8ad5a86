import { sha256Hex } from '../crypto'
import type { Cursor } from '../http/checkpoint'
import type { Window } from '../http/pagination'
import { newId, now, randomAlphanumeric } from '../ids'
import type { Client, ClientCreate, ClientListQuery, ClientUpdate } from '../schemas/client'
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
  const doc: Record<string, unknown> = {
    is_first_party: true,
    oidc_conformant: false,
    grant_types: defaultGrantTypes(input.app_type),
    ...withoutNulls(rest),
  }
  if (input.client_metadata) doc.client_metadata = withoutNulls(input.client_metadata)
  if (input.client_authentication_methods) doc.client_authentication_methods = credentialIds(input.client_authentication_methods)
  if (input.signed_request_object) doc.signed_request_object = credentialIds(input.signed_request_object)
  const clientId = randomAlphanumeric(32)
  const secret = newClientSecret()
  await db
    .prepare('INSERT INTO clients (client_id, name, secret_hash, doc, created_at) VALUES (?, ?, ?, ?, ?)')
    .bind(clientId, name, await sha256Hex(secret), JSON.stringify(doc), now())
    .run()
  return { client_id: clientId, client_secret: secret, name, ...doc }
}

/** As stored by a merge patch: a null value means "not set", so it is not kept. */
function withoutNulls<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null)) as T
}

/**
 * Credentials sent on create (public keys, certificates) become credential ids, as Auth0 answers them:
 * `{private_key_jwt: {credentials: [{id}]}}`. We keep no key material; nothing here verifies with it.
 */
function credentialIds<T extends object>(methods: T): T {
  const mapped = (list: unknown) => (Array.isArray(list) ? list.map(() => ({ id: `cred_${randomAlphanumeric(22)}` })) : list)
  return Object.fromEntries(
    Object.entries(methods).map(([kind, value]) =>
      kind === 'credentials' ? [kind, mapped(value)] : [kind, value && typeof value === 'object' ? { ...value, credentials: mapped((value as { credentials?: unknown }).credentials) } : value],
    ),
  ) as T
}

export async function findClient(db: D1Database, clientId: string): Promise<Client | null> {
  const row = await db.prepare('SELECT client_id, name, doc FROM clients WHERE client_id = ?').bind(clientId).first<ClientRow>()
  return row && toClient(row)
}

export type ClientFilter = Pick<ClientListQuery, 'is_global' | 'is_first_party' | 'app_type' | 'external_client_id'> & {
  /** From `q=client_grant.organization_id:<id>`: clients with a grant associated with that organization. */
  grantOrganization?: string
  /** From `q=client_grant.allow_any_organization:true`. */
  grantAnyOrganization?: boolean
}

// ?1 is_global (there is no global client here, so true matches none), ?2 is_first_party, ?3 JSON array
// of app types, ?4 external_client_id, ?5 organization of a grant, ?6 grants open to any organization.
const FILTER = `WHERE coalesce(?1, 0) = 0
    AND (?2 IS NULL OR coalesce(json_extract(doc, '$.is_first_party'), 1) = ?2)
    AND (?3 IS NULL OR json_extract(doc, '$.app_type') IN (SELECT value FROM json_each(?3)))
    AND (?4 IS NULL OR json_extract(doc, '$.external_client_id') = ?4)
    AND (?5 IS NULL OR client_id IN (SELECT g.client_id FROM org_client_grants o JOIN client_grants g ON g.id = o.grant_id WHERE o.org_id = ?5))
    AND (?6 IS NULL OR client_id IN (SELECT client_id FROM client_grants WHERE allow_any_organization = 1))`
const bit = (value: boolean | undefined) => (value === undefined ? null : value ? 1 : 0)
const filterArgs = (f: ClientFilter) => [
  bit(f.is_global),
  bit(f.is_first_party),
  f.app_type ? JSON.stringify(f.app_type.split(',')) : null,
  f.external_client_id ?? null,
  f.grantOrganization ?? null,
  f.grantAnyOrganization ? 1 : null,
]

export async function listClients(db: D1Database, window: Window, filter: ClientFilter): Promise<{ clients: Client[]; total: number }> {
  const args = filterArgs(filter)
  const [page, count] = await db.batch([
    db.prepare(`SELECT client_id, name, doc FROM clients ${FILTER} ORDER BY created_at, client_id LIMIT ?7 OFFSET ?8`).bind(...args, window.limit, window.offset),
    db.prepare(`SELECT count(*) AS total FROM clients ${FILTER}`).bind(...args),
  ])
  return { clients: (page!.results as ClientRow[]).map(toClient), total: (count!.results[0] as { total: number }).total }
}

/** Checkpoint mode: up to `limit` clients after the cursor, in creation order (keyset on clients_created). */
export async function listClientsAfter(db: D1Database, after: Cursor | null, limit: number, filter: ClientFilter): Promise<{ item: Client; cursor: Cursor }[]> {
  const keyset = after ? 'AND (created_at, client_id) > (?8, ?9)' : ''
  const { results } = await db
    .prepare(`SELECT client_id, name, doc, created_at FROM clients ${FILTER} ${keyset} ORDER BY created_at, client_id LIMIT ?7`)
    .bind(...filterArgs(filter), limit, ...(after ? [after.createdAt, after.id] : []))
    .all<ClientRow & { created_at: string }>()
  return results.map((row) => ({ item: toClient(row), cursor: { createdAt: row.created_at, id: row.client_id } }))
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
