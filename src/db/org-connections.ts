import type { Window } from '../http/pagination'
import { now } from '../ids'
import { signupAllowed, type EnabledConnection } from '../schemas/enabled-connection'
import type { AccessLevel, OrgConnection } from '../schemas/org-connection'
import { pendingTargets } from './cleanups'
import type { ConnectionSummary } from './connections'
import { connectionAddedEvent, connectionRemovedEvent, connectionUpdatedEvent } from './events'
import { organizationExistsStatement } from './organizations'

/**
 * The org ↔ connection association, behind both of Auth0's APIs for it: `/enabled_connections`
 * (the classic view: the associations whose is_enabled is true) and `/connections` (all of them,
 * with three more settings). The limit, the signup rule and uniqueness are enforced here once, by
 * the statements that write the table, whichever API writes it.
 */

/** Auth0's entity limit: connections per organization. */
export const MAX_ORG_CONNECTIONS = 10

export interface Settings {
  assign_membership_on_login: boolean
  show_as_button: boolean
  is_signup_enabled: boolean
  is_enabled: boolean
  organization_access_level: AccessLevel
  organization_connection_name: string | null
}

export interface AssociationRow {
  connection_id: string
  assign_membership_on_login: number
  show_as_button: number
  is_signup_enabled: number
  is_enabled: number
  organization_access_level: AccessLevel
  organization_connection_name: string | null
  name: string
  strategy: string
}

const SETTINGS = 'assign_membership_on_login, show_as_button, is_signup_enabled, is_enabled, organization_access_level, organization_connection_name'

const ITEM = `SELECT oc.connection_id, ${SETTINGS.split(', ').map((c) => `oc.${c}`).join(', ')}, c.name, c.strategy
  FROM org_connections oc JOIN connections c ON c.id = oc.connection_id`

/** Auth0's defaults: membership on login off, shown as a button, signup off, enabled, no access, no name. */
export function withDefaults(input: Partial<Settings>): Settings {
  return {
    assign_membership_on_login: input.assign_membership_on_login ?? false,
    show_as_button: input.show_as_button ?? true,
    is_signup_enabled: input.is_signup_enabled ?? false,
    is_enabled: input.is_enabled ?? true,
    organization_access_level: input.organization_access_level ?? 'none',
    organization_connection_name: input.organization_connection_name ?? null,
  }
}

/** The classic item: `is_signup_enabled` only for database connections. */
export function toEnabledConnection(row: AssociationRow): EnabledConnection {
  return {
    connection_id: row.connection_id,
    assign_membership_on_login: row.assign_membership_on_login === 1,
    ...(row.strategy === 'auth0' && { is_signup_enabled: row.is_signup_enabled === 1 }),
    show_as_button: row.show_as_button === 1,
    connection: { name: row.name, strategy: row.strategy },
  }
}

/** The 2026 item, in the recorded key order. */
export function toOrgConnection(row: AssociationRow): OrgConnection {
  return {
    connection_id: row.connection_id,
    ...(row.organization_connection_name !== null && { organization_connection_name: row.organization_connection_name }),
    ...(row.strategy === 'auth0' && { is_signup_enabled: row.is_signup_enabled === 1 }),
    assign_membership_on_login: row.assign_membership_on_login === 1,
    show_as_button: row.show_as_button === 1,
    is_enabled: row.is_enabled === 1,
    organization_access_level: row.organization_access_level,
    connection: { name: row.name, strategy: row.strategy },
  }
}

export function rowFrom(connection: ConnectionSummary, s: Settings): AssociationRow {
  return {
    connection_id: connection.id,
    assign_membership_on_login: +s.assign_membership_on_login,
    show_as_button: +s.show_as_button,
    is_signup_enabled: +s.is_signup_enabled,
    is_enabled: +s.is_enabled,
    organization_access_level: s.organization_access_level,
    organization_connection_name: s.organization_connection_name,
    name: connection.name,
    strategy: connection.strategy,
  }
}

/** `signupAllowed` in SQL over the given expressions, so a write can guard itself against a concurrent one. */
const signupAllowedSql = (strategy: string, assign: string, signup: string) =>
  `(${signup} = 0 OR (${strategy} = 'auth0' AND ${assign} = 1))`

/**
 * Associates a connection, guarded so that every invariant holds whatever runs concurrently: the org
 * and the connection exist, the signup rule holds, the org stays within the limit, and an existing
 * association is left alone. With `reenable` (adding through enabled_connections), an existing
 * association that is not enabled is enabled with the given settings instead. A refused write
 * changes no row; callers read `meta.changes`.
 */
export function insertAssociation(
  db: D1Database,
  orgId: string,
  connectionId: string,
  s: Settings,
  reenable = false,
  createdAt = now(),
): D1PreparedStatement {
  const onConflict = reenable
    ? `ON CONFLICT (org_id, connection_id) DO UPDATE SET assign_membership_on_login = excluded.assign_membership_on_login,
         show_as_button = excluded.show_as_button, is_signup_enabled = excluded.is_signup_enabled, is_enabled = 1
       WHERE org_connections.is_enabled = 0`
    : 'ON CONFLICT DO NOTHING'
  return db
    .prepare(
      `INSERT INTO org_connections (org_id, connection_id, ${SETTINGS}, created_at)
       SELECT ?1, c.id, ?3, ?4, ?5, ?6, ?7, ?8, ?9 FROM connections c
       WHERE c.id = ?2
         AND EXISTS (SELECT 1 FROM organizations WHERE id = ?1)
         AND ${signupAllowedSql('c.strategy', '?3', '?5')}
         AND (SELECT count(*) FROM org_connections WHERE org_id = ?1 AND connection_id != ?2) < ${MAX_ORG_CONNECTIONS}
       ${onConflict}`,
    )
    .bind(
      orgId,
      connectionId,
      +s.assign_membership_on_login,
      +s.show_as_button,
      +s.is_signup_enabled,
      +s.is_enabled,
      s.organization_access_level,
      s.organization_connection_name,
      createdAt,
    )
}

/**
 * The org's connection totals, recounted from its rows (at most 10, plus any of a deleted connection
 * awaiting cleanup): appended to every batch that writes its associations, whichever way it writes.
 */
export function recountConnections(db: D1Database, orgId: string): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE organizations SET (connection_count, enabled_connection_count) =
         (SELECT count(*), coalesce(sum(is_enabled), 0) FROM org_connections WHERE org_id = ?1)
       WHERE id = ?1`,
    )
    .bind(orgId)
}

export type AddRefusal = 'no_organization' | 'no_connection' | 'signup_rule' | 'already_added' | 'limit_reached'

/**
 * One batch: the facts that explain a refusal, read in the same transaction as the guarded insert.
 * A refusal is reported in that order (the signup rule before the conflicts).
 */
export async function addAssociation(
  db: D1Database,
  orgId: string,
  connectionId: string,
  s: Settings,
  reenable = false,
): Promise<AssociationRow | AddRefusal> {
  const at = now()
  const [org, connection, existing, insert] = await db.batch([
    organizationExistsStatement(db, orgId),
    db.prepare('SELECT id, name, strategy FROM connections WHERE id = ?').bind(connectionId),
    db.prepare('SELECT is_enabled FROM org_connections WHERE org_id = ? AND connection_id = ?').bind(orgId, connectionId),
    insertAssociation(db, orgId, connectionId, s, reenable, at),
    connectionAddedEvent(db, orgId, connectionId, at),
    recountConnections(db, orgId),
  ])
  if (org!.results.length === 0) return 'no_organization'
  const summary = connection!.results[0] as ConnectionSummary | undefined
  if (!summary) return 'no_connection'
  const before = existing!.results[0] as { is_enabled: number } | undefined
  // A re-enabled association keeps its name and access level: only the classic view answers for it.
  if (insert!.meta.changes === 1) return rowFrom(summary, s)
  if (!signupAllowed(summary.strategy, s)) return 'signup_rule'
  return before ? 'already_added' : 'limit_reached'
}

export interface ListFilter {
  /** Only associations with this is_enabled (enabled_connections: always true). */
  isEnabled?: boolean
  /** /connections answers in connection id order, case-insensitively (recorded); enabled_connections in the order added. */
  order: 'added' | 'connection_id'
}

const ORDERS: Record<ListFilter['order'], string> = {
  added: 'oc.created_at, oc.connection_id',
  connection_id: 'lower(oc.connection_id), oc.connection_id',
}

/**
 * A page of an org's associations (at most 10 exist) and their total, from the org's counters less the
 * associations of deleted connections still awaiting cleanup (the page joins connections, so it no
 * longer shows them); null when the org does not exist.
 */
export async function listAssociations(
  db: D1Database,
  orgId: string,
  window: Window,
  filter: ListFilter,
): Promise<{ rows: AssociationRow[]; total: number } | null> {
  const enabled = filter.isEnabled === undefined ? null : +filter.isEnabled
  const [org, page] = await db.batch([
    db
      .prepare(
        `SELECT CASE ?2 WHEN 1 THEN o.enabled_connection_count WHEN 0 THEN o.connection_count - o.enabled_connection_count ELSE o.connection_count END
           - (SELECT count(*) FROM (${pendingTargets('connection')}) p CROSS JOIN org_connections oc ON oc.org_id = o.id AND oc.connection_id = p.target_id
              WHERE (?2 IS NULL OR oc.is_enabled = ?2) AND NOT EXISTS (SELECT 1 FROM connections c WHERE c.id = p.target_id)) AS total
         FROM organizations o WHERE o.id = ?1`,
      )
      .bind(orgId, enabled),
    db
      .prepare(`${ITEM} WHERE oc.org_id = ?1 AND (?2 IS NULL OR oc.is_enabled = ?2) ORDER BY ${ORDERS[filter.order]} LIMIT ?3 OFFSET ?4`)
      .bind(orgId, enabled, window.limit, window.offset),
  ])
  const counted = org!.results[0] as { total: number } | undefined
  return counted ? { rows: page!.results as AssociationRow[], total: counted.total } : null
}

export async function findAssociation(db: D1Database, orgId: string, connectionId: string): Promise<AssociationRow | 'no_organization' | null> {
  const [org, item] = await db.batch([
    organizationExistsStatement(db, orgId),
    db.prepare(`${ITEM} WHERE oc.org_id = ? AND oc.connection_id = ?`).bind(orgId, connectionId),
  ])
  if (org!.results.length === 0) return 'no_organization'
  return (item!.results[0] as AssociationRow | undefined) ?? null
}

/** A PATCH: a key absent stays, `null` resets to Auth0's default. */
export type SettingsPatch = { [K in keyof Settings]?: Settings[K] | null }

const DEFAULTS = withDefaults({})

/**
 * Sent keys replace, omitted keys stay, and the signup rule is checked on the merged result inside
 * the UPDATE itself (so two concurrent PATCHes cannot together break it). The row read before the
 * update tells "no association" (null) from "refused by the rule". `enabledOnly`: the classic view,
 * where an association that is not enabled does not exist.
 */
export async function updateAssociation(
  db: D1Database,
  orgId: string,
  connectionId: string,
  patch: SettingsPatch,
  enabledOnly = false,
): Promise<AssociationRow | 'no_organization' | 'signup_rule' | null> {
  // Each column: ?n flags whether the patch has the key, ?n+1 the value (a null resets to the default).
  const has = (key: keyof Settings) => (key in patch ? 1 : 0)
  const value = (key: keyof Settings) => {
    const v = key in patch ? (patch[key] ?? DEFAULTS[key]) : null
    return typeof v === 'boolean' ? +v : v
  }
  const merged = (column: keyof Settings, n: number) => `CASE WHEN ?${n} THEN ?${n + 1} ELSE ${column} END`
  const [org, current, updated] = await db.batch([
    organizationExistsStatement(db, orgId),
    db.prepare(`${ITEM} WHERE oc.org_id = ?1 AND oc.connection_id = ?2 AND (?3 = 0 OR oc.is_enabled = 1)`).bind(orgId, connectionId, +enabledOnly),
    db
      .prepare(
        `UPDATE org_connections SET
           assign_membership_on_login = ${merged('assign_membership_on_login', 4)},
           show_as_button = ${merged('show_as_button', 6)},
           is_signup_enabled = ${merged('is_signup_enabled', 8)},
           is_enabled = ${merged('is_enabled', 10)},
           organization_access_level = ${merged('organization_access_level', 12)},
           organization_connection_name = ${merged('organization_connection_name', 14)}
         WHERE org_id = ?1 AND connection_id = ?2 AND (?3 = 0 OR is_enabled = 1)
           AND ${signupAllowedSql('(SELECT strategy FROM connections WHERE id = ?2)', merged('assign_membership_on_login', 4), merged('is_signup_enabled', 8))}
         RETURNING ${SETTINGS}`,
      )
      .bind(
        orgId,
        connectionId,
        +enabledOnly,
        has('assign_membership_on_login'), value('assign_membership_on_login'),
        has('show_as_button'), value('show_as_button'),
        has('is_signup_enabled'), value('is_signup_enabled'),
        has('is_enabled'), value('is_enabled'),
        has('organization_access_level'), value('organization_access_level'),
        has('organization_connection_name'), value('organization_connection_name'),
      ),
    connectionUpdatedEvent(db, orgId, connectionId),
    ...('is_enabled' in patch ? [recountConnections(db, orgId)] : []),
  ])
  if (org!.results.length === 0) return 'no_organization'
  const row = current!.results[0] as AssociationRow | undefined
  if (!row) return null
  const settings = updated!.results[0] as Partial<AssociationRow> | undefined
  return settings ? { ...row, ...settings } : 'signup_rule'
}

/** Removes an association (enabled or not); removing one that does not exist changes nothing. False when the org does not exist. */
export async function removeAssociation(db: D1Database, orgId: string, connectionId: string): Promise<boolean> {
  const [org] = await db.batch([
    organizationExistsStatement(db, orgId),
    connectionRemovedEvent(db, orgId, connectionId),
    db.prepare('DELETE FROM org_connections WHERE org_id = ? AND connection_id = ?').bind(orgId, connectionId),
    recountConnections(db, orgId),
  ])
  return org!.results.length > 0
}
