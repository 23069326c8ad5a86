import { now } from '../ids'
import type { EnabledConnection, EnabledConnectionCreate } from '../schemas/enabled-connection'

export interface ConnectionSummary {
  id: string
  name: string
  strategy: string
}

export interface EnabledConnectionRow {
  connection_id: string
  assign_membership_on_login: number
  show_as_button: number
  is_signup_enabled: number
  name: string
  strategy: string
}

export function toEnabledConnection(row: EnabledConnectionRow): EnabledConnection {
  return {
    connection_id: row.connection_id,
    assign_membership_on_login: row.assign_membership_on_login === 1,
    ...(row.strategy === 'auth0' && { is_signup_enabled: row.is_signup_enabled === 1 }),
    show_as_button: row.show_as_button === 1,
    connection: { name: row.name, strategy: row.strategy },
  }
}

/** The named connections that exist (at most 10 ids, so one IN list). */
export async function findConnectionSummaries(db: D1Database, ids: string[]): Promise<Map<string, ConnectionSummary>> {
  if (ids.length === 0) return new Map()
  const { results } = await db
    .prepare(`SELECT id, name, strategy FROM connections WHERE id IN (${ids.map(() => '?').join(', ')})`)
    .bind(...ids)
    .all<ConnectionSummary>()
  return new Map(results.map((c) => [c.id, c]))
}

/** Settings with Auth0's defaults applied: membership on login off, shown as a button, signup off. */
export function withDefaults(input: Omit<EnabledConnectionCreate, 'connection_id'>) {
  return {
    assign_membership_on_login: input.assign_membership_on_login ?? false,
    show_as_button: input.show_as_button ?? true,
    is_signup_enabled: input.is_signup_enabled ?? false,
  }
}

export function insertEnabledConnection(
  db: D1Database,
  orgId: string,
  connectionId: string,
  settings: ReturnType<typeof withDefaults>,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO org_connections (org_id, connection_id, assign_membership_on_login, show_as_button, is_signup_enabled, created_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    )
    .bind(orgId, connectionId, +settings.assign_membership_on_login, +settings.show_as_button, +settings.is_signup_enabled, now())
}

export function enabledConnectionFrom(connection: ConnectionSummary, settings: ReturnType<typeof withDefaults>): EnabledConnection {
  return toEnabledConnection({
    connection_id: connection.id,
    assign_membership_on_login: +settings.assign_membership_on_login,
    show_as_button: +settings.show_as_button,
    is_signup_enabled: +settings.is_signup_enabled,
    name: connection.name,
    strategy: connection.strategy,
  })
}
