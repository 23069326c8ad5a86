import type { Env } from '../env'
import type { SystemServer } from '../schemas/resource-server'

/** Every Management API scope this Worker checks; the bootstrap client holds them all. */
export const MANAGEMENT_SCOPES = [
  'read:users', 'create:users', 'update:users', 'delete:users',
  'read:connections', 'create:connections', 'update:connections', 'delete:connections',
  'read:roles', 'create:roles', 'update:roles', 'delete:roles', 'read:role_members', 'create:role_members',
  'read:clients', 'create:clients', 'update:clients', 'delete:clients',
  'read:resource_servers', 'create:resource_servers', 'update:resource_servers', 'delete:resource_servers',
  'read:client_keys', 'read:client_grants', 'create:client_grants', 'update:client_grants', 'delete:client_grants',
  'read:tenant_settings', 'update:tenant_settings',
  'read:organizations', 'read:organizations_summary', 'create:organizations', 'update:organizations', 'delete:organizations',
  'read:organization_members', 'create:organization_members', 'delete:organization_members',
  'read:organization_member_roles', 'create:organization_member_roles', 'delete:organization_member_roles',
  'read:organization_connections', 'create:organization_connections', 'update:organization_connections',
  'delete:organization_connections',
  'read:organization_invitations', 'create:organization_invitations', 'delete:organization_invitations',
  'read:organization_client_grants', 'create:organization_client_grants', 'delete:organization_client_grants',
  'read:organization_discovery_domains', 'create:organization_discovery_domains', 'update:organization_discovery_domains',
  'delete:organization_discovery_domains',
  'read:organization_clients', 'create:organization_clients', 'update:organization_clients', 'delete:organization_clients',
  'read:event_streams', 'create:event_streams', 'update:event_streams', 'delete:event_streams',
  'read:event_deliveries', 'update:event_deliveries', 'read:events',
] as const

export type Scope = (typeof MANAGEMENT_SCOPES)[number]

/** `read:organization_members` → `Read organization members`: the document's and the system resource server's scope descriptions. */
export function describeScope(scope: string): string {
  const [verb, object] = scope.split(':') as [string, string]
  return `${verb[0]!.toUpperCase()}${verb.slice(1)} ${object.replace(/_/g, ' ')}`
}

const SYSTEM_SCOPES = MANAGEMENT_SCOPES.map((value) => ({ value, description: describeScope(value) }))

/** This deployment's Management API as a resource server: the audience its tokens carry and every scope it checks. */
export const managementApi = (env: Pick<Env, 'API_AUDIENCE'>): SystemServer => ({ identifier: env.API_AUDIENCE, scopes: SYSTEM_SCOPES })
