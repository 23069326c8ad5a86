import type { RouterType } from 'itty-router'
import type { Scope } from '../http/scopes'
import { bench } from '../routes/bench'
import { clientGrants } from '../routes/client-grants'
import { clients } from '../routes/clients'
import { connections } from '../routes/connections'
import { enabledConnections } from '../routes/enabled-connections'
import { grantOrganizations } from '../routes/grant-organizations'
import { invitations } from '../routes/invitations'
import { memberRoles } from '../routes/member-roles'
import { members } from '../routes/members'
import { oauth } from '../routes/oauth'
import { orgClientGrants } from '../routes/org-client-grants'
import { organizations } from '../routes/organizations'
import { roles } from '../routes/roles'
import { tenantSettings } from '../routes/tenant-settings'
import { userOrganizations } from '../routes/user-organizations'
import { users } from '../routes/users'

/**
 * The routes the root router serves, read from the routers themselves: method, path (as an OpenAPI
 * template below /api/v2) and the scopes of its `requireScope` guard. The root router mounts
 * sub-routers by their `fetch`; this table says which router a `fetch` belongs to. A mount missing
 * here is reported (`unknownMounts`), never silently left out of the document.
 */
const MOUNTABLE: Record<string, RouterType<any, any[]>> = {
  bench,
  clientGrants,
  clients,
  connections,
  enabledConnections,
  grantOrganizations,
  invitations,
  memberRoles,
  members,
  oauth,
  orgClientGrants,
  organizations,
  roles,
  tenantSettings,
  userOrganizations,
  users,
}

export const API_BASE = '/api/v2'

export interface ServedRoute {
  method: string
  /** OpenAPI template below /api/v2, e.g. `/organizations/{id}/members/{userId}/roles`. */
  path: string
  /** The guard's scopes; undefined for a route without one (public). */
  scopes?: readonly Scope[]
}

type Entry = [method: string, regex: RegExp, handlers: unknown[], path: string]

const toTemplate = (path: string) => path.slice(API_BASE.length).replace(/:(\w+)/g, '{$1}') || '/'

function scopesOf(handlers: unknown[]): readonly Scope[] | undefined {
  for (const handler of handlers) {
    const scopes = (handler as { scopes?: readonly Scope[] }).scopes
    if (scopes) return scopes
  }
  return undefined
}

/** Every /api/v2 route `root` serves, once each, in mount order; plus mounts this table cannot resolve. */
export function servedRoutes(root: RouterType<any, any[]>): { routes: ServedRoute[]; unknownMounts: string[] } {
  const byFetch = new Map<unknown, RouterType<any, any[]>>(Object.values(MOUNTABLE).map((r) => [r.fetch, r]))
  const routes = new Map<string, ServedRoute>()
  const unknownMounts: string[] = []
  const add = (method: string, path: string, handlers: unknown[]) => {
    if (path !== API_BASE && !path.startsWith(`${API_BASE}/`)) return
    const route = { method, path: toTemplate(path), scopes: scopesOf(handlers) }
    routes.set(`${method} ${route.path}`, route)
  }
  for (const [method, , handlers, path] of root.routes as Entry[]) {
    const mounted = handlers.map((h) => byFetch.get(h)).filter((r) => r !== undefined)
    if (mounted.length === 0) {
      if (method === 'ALL') unknownMounts.push(path)
      else add(method, path, handlers)
      continue
    }
    for (const sub of mounted) for (const [m, , hs, p] of sub.routes as Entry[]) add(m, p, hs)
  }
  return { routes: [...routes.values()], unknownMounts }
}
