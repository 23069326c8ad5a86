import type { Window } from '../http/pagination'
import { now } from '../ids'
import { signupAllowed, type EnabledConnection, type EnabledConnectionCreate, type EnabledConnectionUpdate } from '../schemas/enabled-connection'
import { organizationExistsStatement } from './organizations'
import type { ConnectionSummary } from './connections'

/** Auth0's entity limit: connections enabled per organization. */
export const MAX_ENABLED_CONNECTIONS = 10

export interface EnabledConnectionRow {
  connection_id: string
  assign_membership_on_login: number
  show_as_button: number
  is_signup_enabled: number
  name: string
  strategy: string
}

const ITEM = `SELECT oc.connection_id, oc.assign_membership_on_login, oc.show_as_button, oc.is_signup_enabled, c.name, c.strategy
  FROM org_connections oc JOIN connections c ON c.id = oc.connection_id`

export function toEnabledConnection(row: EnabledConnectionRow): EnabledConnection {
  return {
    connection_id: row.connection_id,
    assign_membership_on_login: row.assign_membership_on_login === 1,
    ...(row.strategy === 'auth0' && { is_signup_enabled: row.is_signup_enabled === 1 }),
    show_as_button: row.show_as_button === 1,
    connection: { name: row.name, strategy: row.strategy },
  }
}

/** Settings with Auth0's defaults applied: membership on login off, shown as a button, signup off. */
export function withDefaults(input: Omit<EnabledConnectionCreate, 'connection_id'>) {
  return {
    assign_membership_on_login: input.assign_membership_on_login ?? false,
    show_as_button: input.show_as_button ?? true,
    is_signup_enabled: input.is_signup_enabled ?? false,
  }
}

/** `signupAllowed` in SQL over the given expressions, so a write can guard itself against a concurrent one. */
const signupAllowedSql = (strategy: string, assign: string, signup: string) =>
  `(${signup} = 0 OR (${strategy} = 'auth0' AND ${assign} = 1))`

/**
 * Enables a connection, guarded so that every invariant holds whatever runs concurrently: the org
 * and the connection exist, the signup rule holds, the org stays within the limit, and a second
 * enable changes nothing. A refused insert changes no row; callers read `meta.changes`.
 */
export function insertEnabledConnection(
  db: D1Database,
  orgId: string,
  connectionId: string,
  settings: ReturnType<typeof withDefaults>,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO org_connections (org_id, connection_id, assign_membership_on_login, show_as_button, is_signup_enabled, created_at)
       SELECT ?1, c.id, ?3, ?4, ?5, ?6 FROM connections c
       WHERE c.id = ?2
         AND EXISTS (SELECT 1 FROM organizations WHERE id = ?1)
         AND ${signupAllowedSql('c.strategy', '?3', '?5')}
         AND (SELECT count(*) FROM org_connections WHERE org_id = ?1) < ${MAX_ENABLED_CONNECTIONS}
       ON CONFLICT DO NOTHING`,
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

export type EnableRefusal = 'no_organization' | 'no_connection' | 'signup_rule' | 'already_enabled' | 'limit_reached'

/**
 * One batch: the facts that explain a refusal, read in the same transaction as the guarded insert.
 * A refusal is reported in that order (the signup rule before the conflicts).
 */
export async function enableConnection(
  db: D1Database,
  orgId: string,
  connectionId: string,
  settings: ReturnType<typeof withDefaults>,
): Promise<EnabledConnection | EnableRefusal> {
  const [org, connection, enabled, insert] = await db.batch([
    organizationExistsStatement(db, orgId),
    db.prepare('SELECT id, name, strategy FROM connections WHERE id = ?').bind(connectionId),
    db.prepare('SELECT 1 AS found FROM org_connections WHERE org_id = ? AND connection_id = ?').bind(orgId, connectionId),
    insertEnabledConnection(db, orgId, connectionId, settings),
  ])
  if (org!.results.length === 0) return 'no_organization'
  const summary = connection!.results[0] as ConnectionSummary | undefined
  if (!summary) return 'no_connection'
  if (insert!.meta.changes === 1) return enabledConnectionFrom(summary, settings)
  if (!signupAllowed(summary.strategy, settings)) return 'signup_rule'
  return enabled!.results.length > 0 ? 'already_enabled' : 'limit_reached'
}

/** A page of an org's enabled connections in the order they were enabled, and their count; null when the org does not exist. */
export async function listEnabledConnections(
  db: D1Database,
  orgId: string,
  window: Window,
): Promise<{ items: EnabledConnection[]; total: number } | null> {
  const [org, page, count] = await db.batch([
    organizationExistsStatement(db, orgId),
    db.prepare(`${ITEM} WHERE oc.org_id = ? ORDER BY oc.created_at, oc.connection_id LIMIT ? OFFSET ?`).bind(orgId, window.limit, window.offset),
    db.prepare('SELECT count(*) AS total FROM org_connections oc JOIN connections c ON c.id = oc.connection_id WHERE oc.org_id = ?').bind(orgId),
  ])
  if (org!.results.length === 0) return null
  return {
    items: (page!.results as EnabledConnectionRow[]).map(toEnabledConnection),
    total: (count!.results[0] as { total: number }).total,
  }
}

export async function findEnabledConnection(
  db: D1Database,
  orgId: string,
  connectionId: string,
): Promise<EnabledConnection | 'no_organization' | null> {
  const [org, item] = await db.batch([
    organizationExistsStatement(db, orgId),
    db.prepare(`${ITEM} WHERE oc.org_id = ? AND oc.connection_id = ?`).bind(orgId, connectionId),
  ])
  if (org!.results.length === 0) return 'no_organization'
  const row = item!.results[0] as EnabledConnectionRow | undefined
  return row ? toEnabledConnection(row) : null
}

/**
 * PATCH: sent keys replace, omitted keys stay, and the signup rule is checked on the merged result
 * inside the UPDATE itself (so two concurrent PATCHes cannot together break it). The row read
 * before the update tells "not enabled" (null) from "refused by the rule".
 */
export async function updateEnabledConnection(
  db: D1Database,
  orgId: string,
  connectionId: string,
  patch: EnabledConnectionUpdate,
): Promise<EnabledConnection | 'no_organization' | 'signup_rule' | null> {
  const flag = (value: boolean | undefined) => (value === undefined ? null : +value)
  const [org, current, updated] = await db.batch([
    organizationExistsStatement(db, orgId),
    db.prepare(`${ITEM} WHERE oc.org_id = ? AND oc.connection_id = ?`).bind(orgId, connectionId),
    db
      .prepare(
        `UPDATE org_connections SET
           assign_membership_on_login = coalesce(?3, assign_membership_on_login),
           show_as_button = coalesce(?4, show_as_button),
           is_signup_enabled = coalesce(?5, is_signup_enabled)
         WHERE org_id = ?1 AND connection_id = ?2
           AND ${signupAllowedSql('(SELECT strategy FROM connections WHERE id = ?2)', 'coalesce(?3, assign_membership_on_login)', 'coalesce(?5, is_signup_enabled)')}
         RETURNING assign_membership_on_login, show_as_button, is_signup_enabled`,
      )
      .bind(orgId, connectionId, flag(patch.assign_membership_on_login), flag(patch.show_as_button), flag(patch.is_signup_enabled)),
  ])
  if (org!.results.length === 0) return 'no_organization'
  const row = current!.results[0] as EnabledConnectionRow | undefined
  if (!row) return null
  const settings = updated!.results[0] as Pick<EnabledConnectionRow, 'assign_membership_on_login' | 'show_as_button' | 'is_signup_enabled'> | undefined
  return settings ? toEnabledConnection({ ...row, ...settings }) : 'signup_rule'
}

/** Disables a connection for an org; disabling one that is not enabled changes nothing. False when the org does not exist. */
export async function disableConnection(db: D1Database, orgId: string, connectionId: string): Promise<boolean> {
  const [org] = await db.batch([
    organizationExistsStatement(db, orgId),
    db.prepare('DELETE FROM org_connections WHERE org_id = ? AND connection_id = ?').bind(orgId, connectionId),
  ])
  return org!.results.length > 0
}
