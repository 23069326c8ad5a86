import type { EventType } from '../schemas/event-stream'

/**
 * The `data.object` of a test event sent without `data` (POST /event-streams/{id}/test): a made-up
 * entity of the type's shape (Auth0's EventStreamCloudEvent<Name> schemas), marked by its ids.
 */
const organization = { id: 'org_TestEvent0000000', name: 'test-event-organization', display_name: 'Test event organization' }
const orgRef = { id: organization.id, name: organization.name }
const user = {
  user_id: 'auth0|test-event-user',
  email: 'test-event@example.com',
  email_verified: false,
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
  identities: [{ connection: 'Username-Password-Authentication', user_id: 'test-event-user', provider: 'auth0', isSocial: false }],
}
const member = { organization: orgRef, user: { user_id: user.user_id } }
const role = { organization: { id: organization.id }, user: { user_id: user.user_id }, role: { id: 'rol_TestEvent0000000', name: 'test-event-role' } }
const connection = { organization: orgRef, connection: { id: 'con_TestEvent0000000' } }
const settings = { assign_membership_on_login: false, show_as_button: true, is_signup_enabled: false }

const SAMPLES: Partial<Record<EventType, Record<string, unknown>>> = {
  'organization.created': organization,
  'organization.updated': organization,
  'organization.deleted': organization,
  'organization.member.added': member,
  'organization.member.deleted': member,
  'organization.member.role.assigned': role,
  'organization.member.role.deleted': role,
  'organization.connection.added': { ...connection, ...settings },
  'organization.connection.updated': { ...connection, ...settings },
  'organization.connection.removed': connection,
  'user.created': user,
  'user.updated': user,
  'user.deleted': { ...user, deleted_at: '2026-01-01T00:00:00.000Z' },
}

/** The test event's `data`: as sent, or a sample object (group events, which nothing here emits, get an empty one). */
export const testEventData = (type: EventType, data: Record<string, unknown> | undefined) => data ?? { object: SAMPLES[type] ?? {} }
