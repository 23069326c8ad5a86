/** The document's tags: every operation names one. */
export const TAGS = {
  organizations: 'Organizations and everything inside them: members, member roles, invitations, connections, discovery domains, clients, client grants.',
  users: 'Tenant users (what organization members are).',
  connections: 'Tenant connections (what organizations enable).',
  roles: 'Tenant and organization-level roles (what members are assigned), their permissions and users.',
  'resource-servers': 'APIs: what client grants and role permissions name, the tenant\'s own Management API among them.',
  clients: 'Applications (what invitations and client grants name).',
  'client-grants': 'Client grants (what organizations are associated with).',
  tenants: 'Tenant settings organizations rely on.',
  'event-streams': 'Webhooks sent every change (CloudEvents), their failed deliveries and redelivery.',
  events: 'The events feed: every change in commit order, as server-sent events.',
  meta: 'This API itself.',
} as const

export type Tag = keyof typeof TAGS
