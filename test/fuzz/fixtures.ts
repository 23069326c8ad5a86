import { env } from 'cloudflare:workers'
import { call, unique } from '../helpers/api'

export type FixtureKind = 'org' | 'org_name' | 'user' | 'role' | 'connection' | 'connection_name' | 'client' | 'client_grant' | 'invitation'

/** Stands for a fixture in a generated request; replaced by the fixture's current id (or name) when the request is sent. */
export class Ref {
  constructor(readonly kind: FixtureKind) {}
  toString() {
    return `<${this.kind}>`
  }
}

/** Path parameters that name a fixture, by name, else by the collection segment before them. */
const PARAM_KINDS: Record<string, FixtureKind> = { userId: 'user', connectionId: 'connection', grantId: 'client_grant', invitation_id: 'invitation', name: 'org_name' }
const COLLECTION_KINDS: Record<string, FixtureKind> = {
  organizations: 'org', users: 'user', roles: 'role', connections: 'connection', clients: 'client', 'client-grants': 'client_grant',
}

export function paramKind(template: string, param: string): FixtureKind | undefined {
  if (PARAM_KINDS[param]) return PARAM_KINDS[param]
  const segments = template.split('/')
  const at = segments.indexOf(`{${param}}`)
  return at > 0 ? COLLECTION_KINDS[segments[at - 1]!] : undefined
}

interface Ids {
  org: string
  user: string
  role: string
  connection: string
  connectionName: string
  client: string
  grant: string
  invitation: string
}

const CLIENT = { name: 'Fuzz app', app_type: 'regular_web', organization_usage: 'allow', initiate_login_uri: 'https://app.example.com/login' }

async function post(path: string, body: unknown): Promise<any> {
  const res = await call('POST', `/api/v2${path}`, body)
  if (res.status >= 300) throw new Error(`fixture POST ${path}: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body
}

/**
 * One of each thing the API names by id, tied together as the operations expect them: an org that
 * has the connection enabled, the user as a member holding the role, the grant associated, and an
 * invitation. Requests may delete or change any of it; `ensure()` puts back what is gone before each
 * case, so every case starts from a world where the fixture ids name something real.
 */
export class Fixtures {
  private ids!: Ids
  private orgName = ''

  async create(): Promise<void> {
    const connection = await post('/connections', { name: unique('fuzz').replace(/[^a-zA-Z0-9-]/g, '-'), strategy: 'auth0' })
    const client = await post('/clients', CLIENT)
    this.ids = { connection: connection.id, connectionName: connection.name, client: client.client_id } as Ids
    await this.ensure()
  }

  /**
   * Re-creates whatever a request deleted and re-links what it unlinked. One D1 batch looks and
   * re-links (each link is inserted only when missing and when both ends exist, so when all is in
   * place nothing is written); requests are made only for what is gone. True when it wrote anything.
   */
  async ensure(): Promise<boolean> {
    const [missing, relinked] = await this.inspect()
    if (missing.size === 0) return relinked
    await this.recreate(missing)
    await this.inspect()
    return true
  }

  private async inspect(): Promise<[Set<string>, boolean]> {
    const { org, user, role, connection, client, grant, invitation } = this.ids
    const q = (sql: string, ...args: unknown[]) => env.DB.prepare(sql).bind(...args)
    const at = new Date().toISOString()
    const both = (a: string, b: string) => `WHERE EXISTS (SELECT 1 FROM ${a}) AND EXISTS (SELECT 1 FROM ${b})`
    const results = await env.DB.batch<Record<string, unknown>>([
      q('SELECT name FROM organizations WHERE id = ?', org ?? ''),
      q('SELECT 1 FROM users WHERE user_id = ?', user ?? ''),
      q('SELECT 1 FROM roles WHERE id = ?', role ?? ''),
      q('SELECT 1 FROM connections WHERE id = ?', connection),
      // Invitations need a client that allows organizations and has a login URI.
      q(
        `SELECT 1 FROM clients WHERE client_id = ? AND json_extract(doc, '$.organization_usage') IN ('allow', 'require')
           AND json_extract(doc, '$.initiate_login_uri') LIKE 'https://%'`,
        client,
      ),
      q("SELECT 1 FROM client_grants WHERE id = ? AND organization_usage IN ('allow', 'require')", grant ?? ''),
      q('SELECT 1 FROM invitations WHERE id = ? AND org_id = ?', invitation ?? '', org ?? ''),
      q(`INSERT OR IGNORE INTO org_members (org_id, user_id, created_at) SELECT ?1, ?2, ?3 ${both('organizations WHERE id = ?1', 'users WHERE user_id = ?2')}`, org ?? '', user ?? '', at),
      q(
        `INSERT OR IGNORE INTO org_member_roles (org_id, user_id, role_id, created_at) SELECT ?1, ?2, ?3, ?4
         ${both('org_members WHERE org_id = ?1 AND user_id = ?2', 'roles WHERE id = ?3')}`,
        org ?? '', user ?? '', role ?? '', at,
      ),
      q(
        `INSERT OR IGNORE INTO org_connections (org_id, connection_id, assign_membership_on_login, show_as_button, is_signup_enabled, created_at)
         SELECT ?1, ?2, 0, 1, 0, ?3 ${both('organizations WHERE id = ?1', 'connections WHERE id = ?2')}`,
        org ?? '', connection, at,
      ),
      q(
        `INSERT OR IGNORE INTO org_client_grants (org_id, grant_id, created_at) SELECT ?1, ?2, ?3 ${both('organizations WHERE id = ?1', 'client_grants WHERE id = ?2')}`,
        org ?? '', grant ?? '', at,
      ),
    ])
    const names = ['org', 'user', 'role', 'connection', 'client', 'grant', 'invitation']
    const missing = new Set(names.filter((_, i) => results[i]!.results.length === 0))
    this.orgName = (results[0]!.results[0]?.name as string | undefined) ?? this.orgName
    const relinked = results.slice(names.length).some((r) => (r.meta.changes ?? 0) > 0)
    // The links above bypass the API: bring the counters they are counted in (migrations/0008) to their rows.
    if (relinked) {
      await env.DB.batch([
        q(
          `UPDATE organizations SET member_count = (SELECT count(*) FROM org_members WHERE org_id = ?1),
             (connection_count, enabled_connection_count) = (SELECT count(*), coalesce(sum(is_enabled), 0) FROM org_connections WHERE org_id = ?1)
           WHERE id = ?1`,
          org ?? '',
        ),
        q(
          `INSERT INTO user_organization_counts (user_id, n) SELECT ?1, (SELECT count(*) FROM org_members WHERE user_id = ?1) WHERE true
           ON CONFLICT (user_id) DO UPDATE SET n = excluded.n`,
          user ?? '',
        ),
        q(
          `INSERT INTO member_role_counts (org_id, user_id, n) SELECT ?1, ?2, (SELECT count(*) FROM org_member_roles WHERE org_id = ?1 AND user_id = ?2)
           WHERE EXISTS (SELECT 1 FROM organizations WHERE id = ?1) ON CONFLICT (org_id, user_id) DO UPDATE SET n = excluded.n`,
          org ?? '', user ?? '',
        ),
      ])
    }
    return [missing, relinked]
  }

  private async recreate(missing: Set<string>): Promise<void> {
    const ids = this.ids
    if (missing.has('connection')) {
      const made = await post('/connections', { name: unique('fuzz').replace(/[^a-zA-Z0-9-]/g, '-'), strategy: 'auth0' })
      ids.connection = made.id
      ids.connectionName = made.name
    }
    if (missing.has('client')) ids.client = (await post('/clients', CLIENT)).client_id
    if (missing.has('grant')) {
      // A grant's audience must name an API that defines its scopes: a fresh one each time (a case may have deleted the last).
      const api = await post('/resource-servers', { identifier: `https://${unique('api')}.example.com/`, scopes: [{ value: 'read:x' }] })
      ids.grant = (await post('/client-grants', { client_id: ids.client, audience: api.identifier, scope: ['read:x'], organization_usage: 'allow' })).id
    }
    if (missing.has('role')) ids.role = (await post('/roles', { name: unique('fuzz-role') })).id
    if (missing.has('user') || missing.has('connection')) {
      ids.user = (await post('/users', { connection: ids.connectionName, email: `${unique('fuzz')}@example.com`, password: 'Fuzz-passw0rd' })).user_id
    }
    if (missing.has('org')) {
      const made = await post('/organizations', { name: unique('fuzz').toLowerCase().replace(/[^a-z0-9-]/g, '-') })
      ids.org = made.id
      this.orgName = made.name
    }
    if (missing.has('invitation') || missing.has('org') || missing.has('client')) {
      const body = { inviter: { name: 'Fuzz' }, invitee: { email: 'invitee@example.com' }, client_id: ids.client, send_invitation_email: false }
      ids.invitation = (await post(`/organizations/${ids.org}/invitations`, body)).id
    }
  }

  value(kind: FixtureKind): string {
    const ids = this.ids
    const values: Record<FixtureKind, string> = {
      org: ids.org, org_name: this.orgName, user: ids.user, role: ids.role, connection: ids.connection,
      connection_name: ids.connectionName, client: ids.client, client_grant: ids.grant, invitation: ids.invitation,
    }
    return values[kind]
  }

  /** `value` with every Ref in it replaced by the fixture it stands for. */
  resolve<T>(value: T): T {
    if (value instanceof Ref) return this.value(value.kind) as T
    if (Array.isArray(value)) return value.map((v) => this.resolve(v)) as T
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.resolve(v)])) as T
    return value
  }
}
