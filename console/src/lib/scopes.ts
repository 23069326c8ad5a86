// What each console action needs, as the Management API checks it (any one scope of a list lets
// the request in). Buttons and forms read this table, so an action the token cannot perform is
// shown disabled instead of failing with 403.

export const NEEDS = {
  listOrganizations: ['read:organizations', 'read:organizations_summary'],
  findOrganizationByName: ['read:organizations'],
  createOrganization: ['create:organizations'],
  updateOrganization: ['update:organizations'],
  deleteOrganization: ['delete:organizations'],

  listMembers: ['read:organization_members'],
  addMembers: ['create:organization_members'],
  removeMembers: ['delete:organization_members'],
  readMemberRoles: ['read:organization_member_roles'],
  assignMemberRoles: ['create:organization_member_roles'],
  removeMemberRoles: ['delete:organization_member_roles'],
  /** Finding a user by email, and checking user ids before adding them. */
  readUsers: ['read:users'],
  readRoles: ['read:roles'],

  listConnections: ['read:organization_connections'],
  addConnection: ['create:organization_connections'],
  updateConnection: ['update:organization_connections'],
  removeConnection: ['delete:organization_connections'],
  readTenantConnections: ['read:connections'],

  listDomains: ['read:organization_discovery_domains'],
  addDomain: ['create:organization_discovery_domains'],
  updateDomain: ['update:organization_discovery_domains'],
  removeDomain: ['delete:organization_discovery_domains'],

  listOrgGrants: ['read:organization_client_grants'],
  addOrgGrant: ['create:organization_client_grants'],
  removeOrgGrant: ['delete:organization_client_grants'],
  readClientGrants: ['read:client_grants'],

  listInvitations: ['read:organization_invitations'],
  createInvitation: ['create:organization_invitations'],
  revokeInvitation: ['delete:organization_invitations'],
  readClients: ['read:clients'],
} as const satisfies Record<string, readonly string[]>

export type Need = keyof typeof NEEDS
