// Hash routes (#/organizations/org_…/members): the console lives in one static page, and the server
// has no fallback that would answer deep links with it. Routes carry ids only, never a token.
import { useEffect, useState } from 'preact/hooks'

export const ORG_TABS = ['settings', 'members', 'connections', 'discovery-domains', 'client-grants', 'invitations'] as const
export type OrgTab = (typeof ORG_TABS)[number]

export type Route =
  | { page: 'organizations' }
  | { page: 'new-organization' }
  | { page: 'organization'; id: string; tab: OrgTab }
  | { page: 'not-found'; path: string }

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/'
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent)
  if (parts.length === 0 || (parts.length === 1 && parts[0] === 'organizations')) return { page: 'organizations' }
  if (parts[0] !== 'organizations') return { page: 'not-found', path }
  if (parts.length === 2 && parts[1] === 'new') return { page: 'new-organization' }
  const [, id, tab = 'settings'] = parts
  if (id && parts.length <= 3 && (ORG_TABS as readonly string[]).includes(tab)) return { page: 'organization', id, tab: tab as OrgTab }
  return { page: 'not-found', path }
}

export const href = {
  organizations: () => '#/organizations',
  newOrganization: () => '#/organizations/new',
  organization: (id: string, tab: OrgTab = 'settings') =>
    `#/organizations/${encodeURIComponent(id)}${tab === 'settings' ? '' : `/${tab}`}`,
}

export function navigate(to: string): void {
  if (location.hash !== to) location.hash = to
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash))
  useEffect(() => {
    const update = () => setRoute(parseRoute(location.hash))
    addEventListener('hashchange', update)
    return () => removeEventListener('hashchange', update)
  }, [])
  return route
}
