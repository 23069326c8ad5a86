import type { Window } from '../http/pagination'
import { now } from '../ids'
import type { PermissionRef, RolePermission } from '../schemas/role-permission'
import type { SystemServer } from '../schemas/resource-server'
import { serverScopes, serversByIdentifierStatement, serverScopesSql, storedIdentifier, systemScopesJson } from './resource-servers'

interface PermissionRow {
  permission_name: string
  identifier: string
  name: string | null
  is_system: number
  description: string | null
}

function toPermission(row: PermissionRow, system: SystemServer): RolePermission {
  const isSystem = row.is_system === 1
  const description = isSystem ? system.scopes.find((s) => s.value === row.permission_name)?.description : row.description ?? undefined
  return {
    permission_name: row.permission_name,
    ...(description !== undefined && { description }),
    ...(row.name !== null && { resource_server_name: row.name }),
    resource_server_identifier: isSystem ? system.identifier : row.identifier,
  }
}

/** A role's permissions by server identifier and name (recorded order), with the role check and total in the same batch. */
export async function listRolePermissions(
  db: D1Database,
  system: SystemServer,
  roleId: string,
  window: Window,
): Promise<{ roleExists: boolean; permissions: RolePermission[]; total: number }> {
  const [role, page, count] = await db.batch([
    db.prepare('SELECT 1 AS found FROM roles WHERE id = ?').bind(roleId),
    db
      .prepare(
        `SELECT rp.permission_name, rs.identifier, rs.name, rs.is_system,
           (SELECT json_extract(s.value, '$.description') FROM json_each(coalesce(rs.scopes, '[]')) s
            WHERE json_extract(s.value, '$.value') = rp.permission_name) AS description
         FROM role_permissions rp JOIN resource_servers rs ON rs.id = rp.resource_server_id
         WHERE rp.role_id = ?1 ORDER BY CASE WHEN rs.is_system = 1 THEN ?2 ELSE rs.identifier END, rp.permission_name LIMIT ?3 OFFSET ?4`,
      )
      .bind(roleId, system.identifier, window.limit, window.offset),
    db.prepare('SELECT count(*) AS total FROM role_permissions rp JOIN resource_servers rs ON rs.id = rp.resource_server_id WHERE rp.role_id = ?').bind(roleId),
  ])
  return {
    roleExists: role!.results.length > 0,
    permissions: (page!.results as PermissionRow[]).map((r) => toPermission(r, system)),
    total: (count!.results[0] as { total: number }).total,
  }
}

export type AddRefusal = { kind: 'no_role' } | { kind: 'unknown_servers'; identifiers: string[] } | { kind: 'unknown_permissions'; permissions: PermissionRef[] }

/** The request as one JSON parameter: `[{identifier (stored), permission_name}]`. */
const requestJson = (system: SystemServer, permissions: PermissionRef[]) =>
  JSON.stringify(permissions.map((p) => ({ identifier: storedIdentifier(system, p.resource_server_identifier), permission_name: p.permission_name })))

/**
 * Adds every permission of the request or none, in one round trip. The INSERT's condition is the same
 * for every row (the role exists; every requested permission is a scope its server defines now), so
 * it writes all rows or no row, whatever changes the servers concurrently. A permission the role
 * already has is kept as it is. The reads before it explain a refusal.
 */
export async function addRolePermissions(db: D1Database, system: SystemServer, roleId: string, permissions: PermissionRef[]): Promise<AddRefusal | null> {
  const requested = requestJson(system, permissions)
  const [role, servers] = await db.batch([
    db.prepare('SELECT 1 AS found FROM roles WHERE id = ?').bind(roleId),
    serversByIdentifierStatement(db, system, permissions.map((p) => p.resource_server_identifier)),
    db
      .prepare(
        `INSERT OR IGNORE INTO role_permissions (role_id, resource_server_id, permission_name, created_at)
         SELECT ?1, rs.id, json_extract(p.value, '$.permission_name'), ?4
         FROM json_each(?2) p JOIN resource_servers rs ON rs.identifier = json_extract(p.value, '$.identifier')
         WHERE EXISTS (SELECT 1 FROM roles WHERE id = ?1)
           AND (SELECT count(*) FROM json_each(?2) q JOIN resource_servers rs ON rs.identifier = json_extract(q.value, '$.identifier')
                WHERE json_extract(q.value, '$.permission_name') IN
                  (SELECT json_extract(s.value, '$.value') FROM json_each(${serverScopesSql('?3')}) s)) = json_array_length(?2)`,
      )
      .bind(roleId, requested, systemScopesJson(system), now()),
  ])
  if (role!.results.length === 0) return { kind: 'no_role' }
  const known = serverScopes(servers!.results, system)
  const unknownServers = [...new Set(permissions.map((p) => p.resource_server_identifier))].filter((i) => !known.has(i))
  if (unknownServers.length) return { kind: 'unknown_servers', identifiers: unknownServers }
  const unknown = permissions.filter((p) => !known.get(p.resource_server_identifier)!.scopes.some((s) => s.value === p.permission_name))
  return unknown.length ? { kind: 'unknown_permissions', permissions: unknown } : null
}

/** Removes the listed permissions (any number, idempotent) in one statement; false when the role does not exist. */
export async function removeRolePermissions(db: D1Database, system: SystemServer, roleId: string, permissions: PermissionRef[]): Promise<boolean> {
  const [role] = await db.batch([
    db.prepare('SELECT 1 AS found FROM roles WHERE id = ?').bind(roleId),
    db
      .prepare(
        `DELETE FROM role_permissions WHERE role_id = ?1 AND (resource_server_id, permission_name) IN
           (SELECT rs.id, json_extract(p.value, '$.permission_name')
            FROM json_each(?2) p JOIN resource_servers rs ON rs.identifier = json_extract(p.value, '$.identifier'))`,
      )
      .bind(roleId, requestJson(system, permissions)),
  ])
  return role!.results.length > 0
}
