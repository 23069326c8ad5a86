import { pemThumbprint } from '../crypto'
import type { Window } from '../http/pagination'
import { now, randomHex } from '../ids'
import type { ResourceServer, ResourceServerCreate, ResourceServerScope, ResourceServerUpdate, SystemServer } from '../schemas/resource-server'
import { deleteWithCleanup } from './cleanups'
import { isUniqueViolation } from './errors'

/**
 * The system server (the tenant's own Management API) is a row like any other, created by migration
 * 0006, but its identifier (API_AUDIENCE, a deployment var) and scopes (the ones this Worker checks)
 * are not known to SQL: the row holds this reserved identifier and no scopes, and every function
 * here is given the live `SystemServer` to put in their place. So the system server keeps a stable id,
 * its place in lists and totals, and is matched by the same one-statement checks as any other.
 */
export const SYSTEM_IDENTIFIER = 'urn:edge-orgs:management-api'

interface ServerRow {
  id: string
  identifier: string
  name: string | null
  scopes: string | null
  is_system: number
  doc: string
}

/** The server's columns, optionally qualified by a table alias; `serverScopes` maps rows of them. */
export const serverColumns = (alias = '') =>
  ['id', 'identifier', 'name', 'scopes', 'is_system', 'doc'].map((c) => (alias ? `${alias}.${c}` : c)).join(', ')

const COLUMNS = serverColumns()

/** The stored identifier of a wire identifier: the system server's audience is kept under its reserved key. */
export const storedIdentifier = (system: SystemServer, identifier: string) => (identifier === system.identifier ? SYSTEM_IDENTIFIER : identifier)

/** The system server's scopes as the JSON the scope checks bind (`[{value, description}]`). */
export const systemScopesJson = (system: SystemServer) => JSON.stringify(system.scopes)

/** SQL over one server row `rs`: its scopes as JSON `[{value, description?}]` (the system server's bound as `systemScopes`). */
export const serverScopesSql = (systemScopes: string) => `CASE WHEN rs.is_system = 1 THEN ${systemScopes} ELSE coalesce(rs.scopes, '[]') END`

/**
 * SQL, true when the server stored under `identifier` exists and defines every scope of the JSON array
 * `scopes`: one condition a write (a client grant) can guard itself with.
 */
export const definesScopesSql = (identifier: string, scopes: string, systemScopes: string) =>
  `EXISTS (SELECT 1 FROM resource_servers rs WHERE rs.identifier = ${identifier}
     AND NOT EXISTS (SELECT 1 FROM json_each(${scopes}) g WHERE g.value NOT IN
       (SELECT json_extract(s.value, '$.value') FROM json_each(${serverScopesSql(systemScopes)}) s)))`

/** Auth0's defaults on a new resource server (recorded). */
const DEFAULTS = {
  allow_offline_access: false,
  skip_consent_for_verifiable_first_party_clients: false,
  subject_type_authorization: { client: { policy: 'require_client_grant' }, user: { policy: 'allow_all' } },
  token_lifetime: 86400,
  token_lifetime_for_web: 7200,
  signing_alg: 'RS256',
}

/** The answer's key order (recorded GET, 2026). */
const KEY_ORDER = [
  'id', 'name', 'identifier', 'allow_offline_access', 'skip_consent_for_verifiable_first_party_clients', 'allow_online_access',
  'allow_online_access_with_ephemeral_sessions', 'subject_type_authorization', 'token_lifetime', 'token_lifetime_for_web', 'signing_alg',
  'signing_secret', 'scopes', 'is_system', 'enforce_policies', 'token_dialect', 'token_encryption', 'consent_policy',
  'authorization_details', 'proof_of_possession', 'authorization_policy',
] as const

export function toResourceServer(row: ServerRow, system: SystemServer): ResourceServer {
  const isSystem = row.is_system === 1
  const fields: Record<string, unknown> = {
    ...JSON.parse(row.doc),
    id: row.id,
    name: row.name ?? undefined,
    identifier: isSystem ? system.identifier : row.identifier,
    scopes: isSystem ? system.scopes : row.scopes === null ? undefined : JSON.parse(row.scopes),
    is_system: isSystem || undefined,
  }
  const out: Record<string, unknown> = {}
  for (const key of KEY_ORDER) if (fields[key] !== undefined && fields[key] !== null) out[key] = fields[key]
  return out as unknown as ResourceServer
}

/** The stored settings: the token-encryption key keeps its thumbprint instead of its pem, which Auth0 never answers. */
async function storedSettings(settings: Omit<ResourceServerUpdate, 'name' | 'scopes'>): Promise<Record<string, unknown>> {
  const encryption = settings.token_encryption
  if (!encryption) return settings
  const { pem, ...key } = encryption.encryption_key
  return { ...settings, token_encryption: { format: encryption.format, encryption_key: { ...key, thumbprint_sha256: await pemThumbprint(pem) } } }
}

export async function createResourceServer(db: D1Database, system: SystemServer, input: ResourceServerCreate): Promise<ResourceServer | 'conflict'> {
  const { identifier, name, scopes, subject_type_authorization: subjects, ...settings } = input
  const stored = Object.fromEntries(Object.entries(await storedSettings(settings)).filter(([, v]) => v !== null))
  const doc = { ...DEFAULTS, ...stored, subject_type_authorization: { ...DEFAULTS.subject_type_authorization, ...subjects } }
  const row: ServerRow = {
    id: randomHex(12),
    identifier,
    name: name ?? null,
    scopes: scopes === undefined ? null : JSON.stringify(scopes),
    is_system: 0,
    doc: JSON.stringify(doc),
  }
  try {
    await db
      .prepare('INSERT INTO resource_servers (id, identifier, name, scopes, is_system, doc, created_at) VALUES (?, ?, ?, ?, 0, ?, ?)')
      .bind(row.id, row.identifier, row.name, row.scopes, row.doc, now())
      .run()
  } catch (err) {
    if (isUniqueViolation(err)) return 'conflict'
    throw err
  }
  return toResourceServer(row, system)
}

/**
 * `{id}` in a path is the server's id or its identifier, URL-encoded (recorded; Terraform's scope
 * resources use the identifier), even twice (recorded): three keys, one indexed lookup each.
 */
function lookupKeys(system: SystemServer, key: string): [string, string, string] {
  let twice = key
  try {
    twice = decodeURIComponent(key)
  } catch {
    // Not encoded twice: the key as it is.
  }
  return [key, storedIdentifier(system, key), storedIdentifier(system, twice)]
}

const BY_KEY = 'WHERE id = ?1 OR identifier IN (?2, ?3)'

export async function findResourceServer(db: D1Database, system: SystemServer, key: string): Promise<ResourceServer | null> {
  const row = await db.prepare(`SELECT ${COLUMNS} FROM resource_servers ${BY_KEY} LIMIT 1`).bind(...lookupKeys(system, key)).first<ServerRow>()
  return row && toResourceServer(row, system)
}

/** A page in creation order (the system server first) and the total, optionally only the given identifiers. */
export async function listResourceServers(
  db: D1Database,
  system: SystemServer,
  window: Window,
  identifiers: string[] | undefined,
): Promise<{ rows: ResourceServer[]; total: number }> {
  const filter = identifiers === undefined ? null : JSON.stringify(identifiers.map((i) => storedIdentifier(system, i)))
  const where = 'WHERE ?1 IS NULL OR identifier IN (SELECT value FROM json_each(?1))'
  const [page, count] = await db.batch([
    db.prepare(`SELECT ${COLUMNS} FROM resource_servers ${where} ORDER BY created_at, id LIMIT ?2 OFFSET ?3`).bind(filter, window.limit, window.offset),
    db.prepare(`SELECT count(*) AS total FROM resource_servers ${where}`).bind(filter),
  ])
  return { rows: (page!.results as ServerRow[]).map((r) => toResourceServer(r, system)), total: (count!.results[0] as { total: number }).total }
}

/**
 * PATCH in one round trip: the row as it was (is it there, is it the system server?) and the update,
 * which never touches the system server. Keys not sent stay; settings merge into the stored document
 * (JSON merge patch: `null` removes, subject_type_authorization merges per subject), except the two
 * objects whose keys belong together, which are replaced whole.
 */
export async function updateResourceServer(
  db: D1Database,
  system: SystemServer,
  key: string,
  patch: ResourceServerUpdate,
): Promise<ResourceServer | 'system' | null> {
  const { name, scopes, ...settings } = patch
  const replaced = (k: 'token_encryption' | 'proof_of_possession') => (k in settings ? `$.${k}` : '$.__none')
  const [before, after] = await db.batch([
    db.prepare(`SELECT is_system FROM resource_servers ${BY_KEY} LIMIT 1`).bind(...lookupKeys(system, key)),
    db
      .prepare(
        `UPDATE resource_servers SET
           name = coalesce(?4, name),
           scopes = CASE WHEN ?5 THEN ?6 ELSE scopes END,
           doc = json_patch(json_remove(doc, ?7, ?8), ?9)
         WHERE (id = ?1 OR identifier IN (?2, ?3)) AND is_system = 0 RETURNING ${COLUMNS}`,
      )
      .bind(
        ...lookupKeys(system, key),
        name ?? null,
        scopes === undefined ? 0 : 1, JSON.stringify(scopes ?? []),
        replaced('token_encryption'), replaced('proof_of_possession'),
        JSON.stringify(await storedSettings(settings)),
      ),
  ])
  const found = before!.results[0] as { is_system: number } | undefined
  if (!found) return null
  if (found.is_system === 1) return 'system'
  return toResourceServer(after!.results[0] as ServerRow, system)
}

/**
 * Deletes a resource server; its role permissions (possibly very many) go through the cleanup queue.
 * 'system' for the system server, null when there is none: Auth0 documents no 404 here.
 */
export async function deleteResourceServer(db: D1Database, system: SystemServer, key: string) {
  const row = await db.prepare(`SELECT id, is_system FROM resource_servers ${BY_KEY} LIMIT 1`).bind(...lookupKeys(system, key)).first<ServerRow>()
  if (!row) return null
  if (row.is_system === 1) return 'system'
  return deleteWithCleanup(db, db.prepare('DELETE FROM resource_servers WHERE id = ? AND is_system = 0').bind(row.id), 'resource_server', row.id)
}

export interface ServerScopes {
  id: string
  identifier: string
  scopes: ResourceServerScope[]
}

/** A statement reading the servers stored under these identifiers; `serverScopes` maps its rows. */
export function serversByIdentifierStatement(db: D1Database, system: SystemServer, identifiers: string[]): D1PreparedStatement {
  return db
    .prepare(`SELECT ${COLUMNS} FROM resource_servers WHERE identifier IN (SELECT value FROM json_each(?))`)
    .bind(JSON.stringify(identifiers.map((i) => storedIdentifier(system, i))))
}

/** The rows of `serversByIdentifierStatement` by wire identifier, with their scopes. */
export function serverScopes(results: unknown[], system: SystemServer): Map<string, ServerScopes> {
  return new Map(
    (results as ServerRow[]).map((row) => {
      const server = toResourceServer(row, system)
      return [server.identifier, { id: row.id, identifier: server.identifier, scopes: server.scopes ?? [] }]
    }),
  )
}
