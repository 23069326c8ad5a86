import { now } from '../ids'
import type { EventRow } from '../events/cloud-event'
import type { EventType } from '../schemas/event-stream'
import { SOCIAL } from '../schemas/social-providers'

/**
 * The events outbox (migrations/0009_events.sql). Each function below returns the statement that
 * writes the events of one change; the write path appends it to the batch that makes the change,
 * so the change and its events commit together or not at all, in the same round trip.
 *
 * Each statement is an INSERT ... SELECT whose WHERE makes the event row exist iff the change
 * happened, whatever ran concurrently:
 * - "after": placed right after the statement it reports. An insert that cannot be ignored reads the
 *   row it made; a statement that may change nothing (INSERT OR IGNORE, a guarded UPDATE) is reported
 *   only if `changes() > 0`: SQLite's count of rows changed by the statement just before, on the same
 *   connection, inside the batch's transaction (cleanups.ts relies on the same).
 * - "before": placed right before a DELETE by key, it reads the row that DELETE is about to remove
 *   (so the event carries it), in the same transaction: the row exists here iff the DELETE removes it.
 *
 * `data.object` is built in SQL from the rows themselves, one mapper per entity, in Auth0's shapes
 * (EventStreamCloudEvent<Name> in Auth0's 2026 document; test/events/payloads.test.ts validates them).
 */

const EVENT_ID = `'evt_' || lower(hex(randomblob(11)))`

/** An integer column as JSON true/false. */
const bool = (column: string) => `json(CASE WHEN ${column} THEN 'true' ELSE 'false' END)`

/**
 * json_object(...) less the keys whose value is SQL NULL: Auth0 leaves unset fields out, where
 * json_object writes null (and json_remove of a path that is not there changes nothing).
 */
function objectSql(pairs: [key: string, value: string][], nullable: Record<string, string> = {}): string {
  const object = `json_object(${pairs.map(([k, v]) => `'${k}', ${v}`).join(', ')})`
  const absent = Object.entries(nullable).map(([k, column]) => `CASE WHEN ${column} IS NULL THEN '$.${k}' ELSE '$.__absent' END`)
  return absent.length ? `json_remove(${object}, ${absent.join(', ')})` : object
}

/** An organization as its events carry it (no token quota or 2026 settings: not in Auth0's event schemas). */
const organizationObject = (o: string, withBranding: boolean) =>
  objectSql(
    [
      ['id', `${o}.id`],
      ['name', `${o}.name`],
      ['display_name', `${o}.display_name`],
      ['metadata', `json(${o}.metadata)`],
      ...(withBranding ? ([['branding', `json(${o}.branding)`]] as [string, string][]) : []),
    ],
    { display_name: `${o}.display_name`, metadata: `${o}.metadata`, ...(withBranding && { branding: `${o}.branding` }) },
  )

const PROVIDER = (u: string) => `substr(${u}.user_id, 1, instr(${u}.user_id, '|') - 1)`
const SOCIAL_SQL = [...SOCIAL].map((p) => `'${p}'`).join(', ')

/** A user as GET /users/{id} answers it (db/users.ts toUser), plus `deleted_at` for user.deleted. */
const userObject = (u: string, deletedAt?: string) =>
  objectSql(
    [
      ['user_id', `${u}.user_id`],
      ['email', `${u}.email`],
      ['email_verified', bool(`${u}.email_verified`)],
      ['name', `${u}.name`],
      ['nickname', `${u}.nickname`],
      ['picture', `${u}.picture`],
      ['created_at', `${u}.created_at`],
      ['updated_at', `${u}.updated_at`],
      [
        'identities',
        `json_array(json_object('connection', ${u}.connection, 'user_id', substr(${u}.user_id, instr(${u}.user_id, '|') + 1),
          'provider', ${PROVIDER(u)}, 'isSocial', ${bool(`${PROVIDER(u)} IN (${SOCIAL_SQL})`)}))`,
      ],
      ['app_metadata', `json(${u}.app_metadata)`],
      ['user_metadata', `json(${u}.user_metadata)`],
      ['blocked', `json(CASE ${u}.blocked WHEN 1 THEN 'true' WHEN 0 THEN 'false' END)`],
      ...(deletedAt ? ([['deleted_at', deletedAt]] as [string, string][]) : []),
    ],
    {
      email: `${u}.email`,
      name: `${u}.name`,
      nickname: `${u}.nickname`,
      picture: `${u}.picture`,
      app_metadata: `${u}.app_metadata`,
      user_metadata: `${u}.user_metadata`,
      blocked: `${u}.blocked`,
    },
  )

const orgRef = (o: string) => `json_object('id', ${o}.id, 'name', ${o}.name)`

/** An org connection's event object: the association's settings with `withSettings`. */
const connectionObject = (oc: string, o: string, withSettings: boolean) =>
  `json_object('organization', ${orgRef(o)}, 'connection', json_object('id', ${oc}.connection_id)${
    withSettings
      ? `, 'assign_membership_on_login', ${bool(`${oc}.assign_membership_on_login`)}, 'show_as_button', ${bool(`${oc}.show_as_button`)},
         'is_signup_enabled', ${bool(`${oc}.is_signup_enabled`)}`
      : ''
  })`

/** INSERT ... SELECT of events; `?1` is the time, the FROM clause numbers its own parameters from ?2. */
function insertEvents(db: D1Database, type: EventType | string, object: string, from: string, ...values: unknown[]): D1PreparedStatement {
  return db
    .prepare(`INSERT INTO events (id, type, time, data) SELECT ${EVENT_ID}, ${type}, ?1, json_object('object', ${object}) ${from}`)
    .bind(now(), ...values)
}

const literal = (type: EventType) => `'${type}'`

// Organizations.

/** After the INSERT of the organization. */
export const organizationCreatedEvent = (db: D1Database, orgId: string) =>
  insertEvents(db, literal('organization.created'), organizationObject('o', true), 'FROM organizations o WHERE o.id = ?2', orgId)

/** Right after the UPDATE of the organization. */
export const organizationUpdatedEvent = (db: D1Database, orgId: string) =>
  insertEvents(db, literal('organization.updated'), organizationObject('o', true), 'FROM organizations o WHERE o.id = ?2 AND changes() > 0', orgId)

/** Right before the DELETE of the organization; `versions` is that DELETE's If-Match (a JSON array, or null for none). */
export const organizationDeletedEvent = (db: D1Database, orgId: string, versions: string | null = null) =>
  insertEvents(
    db,
    literal('organization.deleted'),
    organizationObject('o', false),
    'FROM organizations o WHERE o.id = ?2 AND (?3 IS NULL OR o.version IN (SELECT value FROM json_each(?3)))',
    orgId,
    versions,
  )

// Members and their roles.

/** Right after the INSERT OR IGNORE of one membership. */
export const memberAddedEvent = (db: D1Database, orgId: string, userId: string) =>
  insertEvents(
    db,
    literal('organization.member.added'),
    `json_object('organization', ${orgRef('o')}, 'user', json_object('user_id', ?3))`,
    'FROM organizations o WHERE o.id = ?2 AND changes() > 0',
    orgId,
    userId,
  )

/** Right before the DELETE of one membership. */
export const memberDeletedEvent = (db: D1Database, orgId: string, userId: string) =>
  insertEvents(
    db,
    literal('organization.member.deleted'),
    `json_object('organization', ${orgRef('o')}, 'user', json_object('user_id', m.user_id))`,
    'FROM org_members m JOIN organizations o ON o.id = m.org_id WHERE m.org_id = ?2 AND m.user_id = ?3',
    orgId,
    userId,
  )

const memberRoleObject = `json_object('organization', json_object('id', ?2), 'user', json_object('user_id', ?3), 'role', json_object('id', r.id, 'name', r.name))`

/**
 * Right before the one INSERT that assigns several roles (db/member-roles.ts): `assigned` is the SELECT
 * of the role ids that INSERT writes (in ?2 org, ?3 user, ?4 the requested ids as JSON), read in the
 * same transaction, so there is an event per assignment it makes and none when it makes none. The
 * events follow the order of the request.
 */
export const memberRolesAssignedEvents = (db: D1Database, orgId: string, userId: string, roleIds: string[], assigned: string) =>
  insertEvents(
    db,
    literal('organization.member.role.assigned'),
    memberRoleObject,
    `FROM roles r WHERE r.id IN (${assigned})
     ORDER BY (SELECT min(j.key) FROM json_each(?4) j WHERE j.value = r.id)`,
    orgId,
    userId,
    JSON.stringify(roleIds),
  )

/**
 * Right before the one DELETE of several role assignments: an event per assignment it removes that
 * anyone could see (its role and org still exist; the rest are the cleanup queue's leftovers).
 */
export const memberRolesDeletedEvents = (db: D1Database, orgId: string, userId: string, roleIds: string[]) =>
  insertEvents(
    db,
    literal('organization.member.role.deleted'),
    memberRoleObject,
    `FROM org_member_roles mr JOIN roles r ON r.id = mr.role_id
     WHERE mr.org_id = ?2 AND mr.user_id = ?3 AND mr.role_id IN (SELECT value FROM json_each(?4))
       AND EXISTS (SELECT 1 FROM organizations WHERE id = ?2)`,
    orgId,
    userId,
    JSON.stringify(roleIds),
  )

// Organization connections (both the classic enabled_connections and the 2026 connections API).

const CONNECTION_ROW = 'FROM org_connections oc JOIN organizations o ON o.id = oc.org_id WHERE oc.org_id = ?2 AND oc.connection_id = ?3'

/**
 * Right after the guarded INSERT of an association (db/org-connections.ts insertAssociation) made with
 * `createdAt`: a row of that age is new (added); an older one was re-enabled by the classic API (updated).
 */
export const connectionAddedEvent = (db: D1Database, orgId: string, connectionId: string, createdAt: string) =>
  insertEvents(
    db,
    `CASE WHEN oc.created_at = ?4 THEN 'organization.connection.added' ELSE 'organization.connection.updated' END`,
    connectionObject('oc', 'o', true),
    `${CONNECTION_ROW} AND changes() > 0`,
    orgId,
    connectionId,
    createdAt,
  )

/** Right after the UPDATE of an association. */
export const connectionUpdatedEvent = (db: D1Database, orgId: string, connectionId: string) =>
  insertEvents(db, literal('organization.connection.updated'), connectionObject('oc', 'o', true), `${CONNECTION_ROW} AND changes() > 0`, orgId, connectionId)

/** Right before the DELETE of an association. */
export const connectionRemovedEvent = (db: D1Database, orgId: string, connectionId: string) =>
  insertEvents(db, literal('organization.connection.removed'), connectionObject('oc', 'o', false), CONNECTION_ROW, orgId, connectionId)

/** Last in the batch that creates an organization: every association the new organization has, that batch made. */
export const newOrganizationConnectionEvents = (db: D1Database, orgId: string) =>
  insertEvents(
    db,
    literal('organization.connection.added'),
    connectionObject('oc', 'o', true),
    'FROM org_connections oc JOIN organizations o ON o.id = oc.org_id WHERE oc.org_id = ?2 ORDER BY oc.connection_id',
    orgId,
  )

// Users.

/** After the INSERT of the user. */
export const userCreatedEvent = (db: D1Database, userId: string) =>
  insertEvents(db, literal('user.created'), userObject('u'), 'FROM users u WHERE u.user_id = ?2', userId)

/** Right after the UPDATE of the user. */
export const userUpdatedEvent = (db: D1Database, userId: string) =>
  insertEvents(db, literal('user.updated'), userObject('u'), 'FROM users u WHERE u.user_id = ?2 AND changes() > 0', userId)

/** Right before the DELETE of the user. */
export const userDeletedEvent = (db: D1Database, userId: string) =>
  insertEvents(db, literal('user.deleted'), userObject('u', '?1'), 'FROM users u WHERE u.user_id = ?2', userId)

/**
 * A test event (POST /event-streams/{id}/test): in the outbox like any event, but dispatched to that
 * one stream only and left out of the feed. Null when there is no such stream.
 */
export function insertTestEvent(db: D1Database, streamId: string, type: EventType, data: unknown): Promise<EventRow | null> {
  return db
    .prepare(
      `INSERT INTO events (id, type, time, data, stream_id) SELECT ${EVENT_ID}, ?1, ?2, ?3, id FROM event_streams WHERE id = ?4
       RETURNING seq, id, type, time, data, stream_id`,
    )
    .bind(type, now(), JSON.stringify(data), streamId)
    .first<EventRow>()
}
