import type { Operation } from './http/operation'
import { openApiOperation } from './openapi/serve'
import { clientGrants } from './routes/client-grants'
import { clients } from './routes/clients'
import { connections } from './routes/connections'
import { discoveryDomains } from './routes/discovery-domains'
import { enabledConnections } from './routes/enabled-connections'
import { eventDeliveries } from './routes/event-deliveries'
import { eventStreams } from './routes/event-streams'
import { events } from './routes/events'
import { grantOrganizations } from './routes/grant-organizations'
import { invitationEmails } from './routes/invitation-emails'
import { invitations } from './routes/invitations'
import { memberRoles } from './routes/member-roles'
import { members } from './routes/members'
import { orgClientGrants } from './routes/org-client-grants'
import { orgClients } from './routes/org-clients'
import { orgConnections } from './routes/org-connections'
import { organizations } from './routes/organizations'
import { orgRoleMembers } from './routes/org-role-members'
import { resourceServers } from './routes/resource-servers'
import { rolePermissions } from './routes/role-permissions'
import { roleUsers } from './routes/role-users'
import { roles } from './routes/roles'
import { tenantSettings } from './routes/tenant-settings'
import { userOrganizations } from './routes/user-organizations'
import { users } from './routes/users'

/**
 * Every /api/v2 operation, each declared once in its resource's module. The router serves them and
 * the OpenAPI document describes them, both from this list; its order is the document's.
 */
export const OPERATIONS: readonly Operation[] = [
  openApiOperation(() => OPERATIONS),
  ...roles,
  ...rolePermissions,
  ...roleUsers,
  ...resourceServers,
  ...userOrganizations,
  ...connections,
  ...users,
  ...clients,
  ...grantOrganizations,
  ...clientGrants,
  ...tenantSettings,
  ...organizations,
  ...enabledConnections,
  ...orgConnections,
  ...discoveryDomains,
  ...orgClientGrants,
  ...orgClients,
  ...orgRoleMembers,
  ...memberRoles,
  ...members,
  ...invitations,
  ...invitationEmails,
  ...eventStreams,
  ...eventDeliveries,
  ...events,
]
