import {
  addAssociation,
  findAssociation,
  listAssociations,
  MAX_ORG_CONNECTIONS,
  removeAssociation,
  toOrgConnection,
  updateAssociation,
  withDefaults,
  type AddRefusal,
} from '../db/org-connections'
import { ApiError, fail } from '../errors'
import { orgNotFound } from '../http/not-found'
import { ok, operation } from '../http/operation'
import { offsetBody, offsetWindow } from '../http/pagination'
import { listOf, OrgConnectionResponse } from '../openapi/responses'
import { SIGNUP_RULE } from '../schemas/enabled-connection'
import { OrgConnectionCreate, OrgConnectionListQuery, OrgConnectionPath, OrgConnectionsPath, OrgConnectionUpdate } from '../schemas/org-connection'

/** The text of Auth0's document for this API (sic); an unknown organization answers the recorded org 404. */
const notAssociated = () => new ApiError('not_found', 'The organization connection does not exists.')
const signupRule = () => new ApiError('invalid_body', SIGNUP_RULE)

const ADD_REFUSALS: Record<AddRefusal, () => ApiError> = {
  no_organization: orgNotFound,
  no_connection: () => new ApiError('inexistent_connection', 'The connection does not exist'),
  signup_rule: signupRule,
  already_added: () => new ApiError('conflict', 'The organization connection already exists.'),
  limit_reached: () =>
    new ApiError('conflict', `Quota exceeded; cannot add more than ${MAX_ORG_CONNECTIONS} connections to a single organization`),
}

const BASE = '/organizations/{id}/connections'
const DESCRIPTION = 'The association enabled_connections also serves: a connection added through either API is seen by both.'

const create = operation(
  {
    method: 'POST',
    path: BASE,
    operationId: 'post_organization_connection',
    summary: 'Add a connection to the organization',
    tag: 'organizations',
    description: DESCRIPTION,
    scopes: ['create:organization_connections'],
    params: OrgConnectionsPath,
    body: OrgConnectionCreate,
    responses: { 201: ok('The organization connection.', OrgConnectionResponse) },
    errors: [404, 409],
  },
  async ({ params: { id }, body: { connection_id, ...settings }, env }) => {
    const result = await addAssociation(env.DB, id, connection_id, withDefaults(settings))
    return typeof result === 'string' ? fail(ADD_REFUSALS[result]()) : toOrgConnection(result)
  },
)

const list = operation(
  {
    method: 'GET',
    path: BASE,
    operationId: 'get_organization_connections',
    summary: "List the organization's connections",
    tag: 'organizations',
    description: `${DESCRIPTION} Offset paging only; \`is_enabled\` filters.`,
    scopes: ['read:organization_connections'],
    params: OrgConnectionsPath,
    query: OrgConnectionListQuery,
    responses: { 200: ok('Organization connections.', listOf('connections', OrgConnectionResponse)) },
    errors: [404],
  },
  async ({ params: { id }, query: q, env }) => {
    const page = (await listAssociations(env.DB, id, offsetWindow(q), { isEnabled: q.is_enabled, order: 'connection_id' })) ?? fail(orgNotFound())
    return offsetBody('connections', q, page.rows.map(toOrgConnection), page.total)
  },
)

const get = operation(
  {
    method: 'GET',
    path: `${BASE}/{connection_id}`,
    operationId: 'get_organization_connection',
    summary: 'Get an organization connection',
    tag: 'organizations',
    scopes: ['read:organization_connections'],
    params: OrgConnectionPath,
    responses: { 200: ok('The organization connection.', OrgConnectionResponse) },
    errors: [404],
  },
  async ({ params: { id, connection_id }, env }) => {
    const row = await findAssociation(env.DB, id, connection_id)
    if (row === 'no_organization') throw orgNotFound()
    return row ? toOrgConnection(row) : fail(notAssociated())
  },
)

const update = operation(
  {
    method: 'PATCH',
    path: `${BASE}/{connection_id}`,
    operationId: 'patch_organization_connection',
    summary: 'Update an organization connection',
    tag: 'organizations',
    description: 'Keys not sent stay; `null` resets the name (absent), the access level (`none`) and `is_enabled` (true).',
    scopes: ['update:organization_connections'],
    params: OrgConnectionPath,
    body: OrgConnectionUpdate,
    responses: { 200: ok('The organization connection.', OrgConnectionResponse) },
    errors: [404],
  },
  async ({ params: { id, connection_id }, body: patch, env }) => {
    const row = await updateAssociation(env.DB, id, connection_id, patch)
    if (row === 'no_organization') throw orgNotFound()
    if (row === 'signup_rule') throw signupRule()
    return row ? toOrgConnection(row) : fail(notAssociated())
  },
)

const remove = operation(
  {
    method: 'DELETE',
    path: `${BASE}/{connection_id}`,
    operationId: 'delete_organization_connection',
    summary: 'Remove a connection from the organization',
    description: 'Idempotent: 204 whether or not the connection was associated (recorded).',
    tag: 'organizations',
    scopes: ['delete:organization_connections'],
    params: OrgConnectionPath,
    responses: { 204: ok('Removed (idempotent).') },
    errors: [404],
  },
  async ({ params: { id, connection_id }, env }) => {
    if (!(await removeAssociation(env.DB, id, connection_id))) throw orgNotFound()
  },
)

export const orgConnections = [create, list, get, update, remove]
