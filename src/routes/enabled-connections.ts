import {
  addAssociation,
  findAssociation,
  listAssociations,
  MAX_ORG_CONNECTIONS,
  removeAssociation,
  toEnabledConnection,
  updateAssociation,
  withDefaults,
  type AddRefusal,
} from '../db/org-connections'
import { ApiError, fail } from '../errors'
import { orgNotFound } from '../http/not-found'
import { ok, operation } from '../http/operation'
import { offsetBody, offsetWindow } from '../http/pagination'
import { EnabledConnectionResponse, listOf } from '../openapi/responses'
import { OffsetQuery } from '../schemas/common'
import {
  EnabledConnectionCreate,
  EnabledConnectionPath,
  EnabledConnectionsPath,
  EnabledConnectionUpdate,
  SIGNUP_RULE,
} from '../schemas/enabled-connection'

/** Recorded on GET/PATCH of a connection the org has not enabled: no errorCode. */
const notEnabled = () => new ApiError('not_found', 'No connection found by that id')

const signupRule = () => new ApiError('invalid_body', SIGNUP_RULE)

/**
 * Auth0's texts for the two conflicts are not recorded: the first is the sibling `/connections`
 * API's, the second follows the client-grants quota text. Neither carries an errorCode.
 */
const ENABLE_REFUSALS: Record<AddRefusal, () => ApiError> = {
  no_organization: orgNotFound,
  // Auth0's answer is unrecorded: the tenant's own connection 404 (POST /organizations, naming several, answers 400).
  no_connection: () => new ApiError('inexistent_connection', 'The connection does not exist'),
  signup_rule: signupRule,
  already_added: () => new ApiError('conflict', 'The organization connection already exists.'),
  limit_reached: () =>
    new ApiError('conflict', `Quota exceeded; cannot add more than ${MAX_ORG_CONNECTIONS} connections to a single organization`),
}

const BASE = '/organizations/{id}/enabled_connections'

const create = operation(
  {
    method: 'POST',
    path: BASE,
    operationId: 'post_enabled_connections',
    summary: 'Enable a connection for the organization',
    tag: 'organizations',
    scopes: ['create:organization_connections'],
    params: EnabledConnectionsPath,
    body: EnabledConnectionCreate,
    responses: { 201: ok('The enabled connection.', EnabledConnectionResponse) },
    errors: [404, 409],
  },
  async ({ params: { id }, body: input, env }) => {
    // An association made through /connections but not enabled is enabled by this POST.
    const result = await addAssociation(env.DB, id, input.connection_id, withDefaults(input), true)
    return typeof result === 'string' ? fail(ENABLE_REFUSALS[result]()) : toEnabledConnection(result)
  },
)

const list = operation(
  {
    method: 'GET',
    path: BASE,
    operationId: 'get_enabled_connections',
    summary: 'List enabled connections',
    tag: 'organizations',
    description: 'With include_totals, `limit` is the number of items returned.',
    scopes: ['read:organization_connections'],
    params: EnabledConnectionsPath,
    query: OffsetQuery,
    responses: { 200: ok('Enabled connections.', listOf('enabled_connections', EnabledConnectionResponse)) },
    errors: [404],
  },
  async ({ params: { id }, query: q, env }) => {
    const page = (await listAssociations(env.DB, id, offsetWindow(q), { isEnabled: true, order: 'added' })) ?? fail(orgNotFound())
    // Offset only; `limit` is the number of items returned, as recorded.
    return offsetBody('enabled_connections', q, page.rows.map(toEnabledConnection), page.total, 'returned')
  },
)

const get = operation(
  {
    method: 'GET',
    path: `${BASE}/{connectionId}`,
    operationId: 'get_enabled_connections_by_connectionId',
    summary: 'Get an enabled connection',
    tag: 'organizations',
    scopes: ['read:organization_connections'],
    params: EnabledConnectionPath,
    responses: { 200: ok('The enabled connection.', EnabledConnectionResponse) },
    errors: [404],
  },
  async ({ params: { id, connectionId }, env }) => {
    const row = await findAssociation(env.DB, id, connectionId)
    if (row === 'no_organization') throw orgNotFound()
    return row?.is_enabled ? toEnabledConnection(row) : fail(notEnabled())
  },
)

const update = operation(
  {
    method: 'PATCH',
    path: `${BASE}/{connectionId}`,
    operationId: 'patch_enabled_connections_by_connectionId',
    summary: 'Update an enabled connection',
    tag: 'organizations',
    scopes: ['update:organization_connections'],
    params: EnabledConnectionPath,
    body: EnabledConnectionUpdate,
    responses: { 200: ok('The enabled connection.', EnabledConnectionResponse) },
    errors: [404],
  },
  async ({ params: { id, connectionId }, body: patch, env }) => {
    const row = await updateAssociation(env.DB, id, connectionId, patch, true)
    if (row === 'no_organization') throw orgNotFound()
    if (row === 'signup_rule') throw signupRule()
    return row ? toEnabledConnection(row) : fail(notEnabled())
  },
)

const remove = operation(
  {
    method: 'DELETE',
    path: `${BASE}/{connectionId}`,
    operationId: 'delete_enabled_connections_by_connectionId',
    summary: 'Disable a connection for the organization',
    tag: 'organizations',
    scopes: ['delete:organization_connections'],
    params: EnabledConnectionPath,
    responses: { 204: ok('Disabled (idempotent).') },
    errors: [404],
  },
  async ({ params: { id, connectionId }, env }) => {
    // Idempotent: 204 whether or not the connection was enabled.
    if (!(await removeAssociation(env.DB, id, connectionId))) throw orgNotFound()
  },
)

export const enabledConnections = [create, list, get, update, remove]
