/** The document's tags: every operation names one. */
export const TAGS = {
  organizations: 'Organizations and everything inside them: members, member roles, invitations, enabled connections, client grants.',
  users: 'Tenant users (what organization members are).',
  connections: 'Tenant connections (what organizations enable).',
  roles: 'Tenant roles (what members are assigned).',
  clients: 'Applications (what invitations and client grants name).',
  'client-grants': 'Client grants (what organizations are associated with).',
  tenants: 'Tenant settings organizations rely on.',
  'event-streams': 'Webhooks sent every change (CloudEvents), their failed deliveries and redelivery.',
  events: 'The events feed: every change in commit order, as server-sent events.',
  meta: 'This API itself.',
} as const

export type Tag = keyof typeof TAGS
