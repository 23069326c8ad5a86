import { ErrorNote } from '../components/error-note'
import { MissingScope } from '../components/scoped-button'
import { seg } from '../lib/api'
import { useConsole } from '../lib/context'
import { href, ORG_TABS, type OrgTab } from '../lib/route'
import type { Organization } from '../lib/types'
import { useLoad } from '../lib/use-async'
import { ClientGrantsTab } from './client-grants'
import { ConnectionsTab } from './connections'
import { DiscoveryDomainsTab } from './discovery-domains'
import { InvitationsTab } from './invitations'
import { MembersTab } from './members'
import { SettingsTab } from './organization-settings'

const TAB_LABELS: Record<OrgTab, string> = {
  settings: 'Settings',
  members: 'Members',
  connections: 'Connections',
  'discovery-domains': 'Discovery domains',
  'client-grants': 'Client grants',
  invitations: 'Invitations',
}

/** One organization: its name on top, a tab per resource below. */
export function OrganizationPage({ id, tab }: { id: string; tab: OrgTab }) {
  const { api, can } = useConsole()
  const org = useLoad(() => (can('listOrganizations') ? api.get<Organization>(`/organizations/${seg(id)}`) : Promise.resolve(undefined)), [id])
  const title = org.data ? org.data.display_name || org.data.name : id
  return (
    <>
      <p class="crumbs">
        <a href={href.organizations()}>Organizations</a> /
      </p>
      <h1>
        {title} {org.data && org.data.display_name && <small class="muted">{org.data.name}</small>}
      </h1>
      <p class="muted">
        <code>{id}</code>
      </p>
      <ErrorNote error={org.error} />
      <nav class="tabs" aria-label="Organization sections">
        {ORG_TABS.map((t) => (
          <a key={t} href={href.organization(id, t)} aria-current={t === tab ? 'page' : undefined}>
            {TAB_LABELS[t]}
          </a>
        ))}
      </nav>
      <section aria-label={TAB_LABELS[tab]} class="tab-panel">
        <Tab tab={tab} id={id} org={org.data} onSaved={org.replace} />
      </section>
    </>
  )
}

/** Settings need the organization itself, which only the read scopes return. */
function SettingsUnavailable() {
  const { can } = useConsole()
  return can('listOrganizations') ? null : <MissingScope need="listOrganizations" />
}

function Tab({ tab, id, org, onSaved }: { tab: OrgTab; id: string; org: Organization | undefined; onSaved: (org: Organization) => void }) {
  switch (tab) {
    case 'settings':
      return org ? <SettingsTab org={org} onSaved={onSaved} /> : <SettingsUnavailable />
    case 'members':
      return <MembersTab orgId={id} />
    case 'connections':
      return <ConnectionsTab orgId={id} />
    case 'discovery-domains':
      return <DiscoveryDomainsTab orgId={id} />
    case 'client-grants':
      return <ClientGrantsTab orgId={id} />
    case 'invitations':
      return <InvitationsTab orgId={id} orgName={org?.name} />
  }
}
