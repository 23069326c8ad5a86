import { deleteInvitation, findInvitation, gatherCreateChecks, insertInvitation, listInvitations, type CreateChecks } from '../db/invitations'
import type { Env } from '../env'
import { ApiError, fail } from '../errors'
import { orgNotFound } from '../http/not-found'
import { ok, operation } from '../http/operation'
import { cappedWindow, offsetBody } from '../http/pagination'
import { newId, randomAlphanumeric, now } from '../ids'
import { InvitationFieldsResponse, InvitationResponse, listOf } from '../openapi/responses'
import {
  DEFAULT_TTL_SEC,
  Invitation,
  InvitationCreate,
  InvitationFieldsQuery,
  InvitationListQuery,
  InvitationPath,
  InvitationsPath,
} from '../schemas/invitation'

const notFound = () => new ApiError('inexistent_invitation', 'The invitation does not exist.')
const invalid = (message: string) => new ApiError('invalid_body', message)

export const NO_LOGIN_ROUTE =
  'A default login route is required to generate the invitation url. For more information, see https://auth0.com/docs/universal-login/configure-default-login-routes'

const BASE = '/organizations/{id}/invitations'

const create = operation(
  {
    method: 'POST',
    path: BASE,
    operationId: 'post_invitations',
    summary: 'Invite someone to the organization',
    tag: 'organizations',
    description: 'Answers 201, as Auth0 does (its document says 200). The email is sent in the background unless send_invitation_email is false.',
    scopes: ['create:organization_invitations'],
    params: InvitationsPath,
    body: InvitationCreate,
    responses: { 201: ok('The invitation.', InvitationResponse) },
    errors: [404],
  },
  async ({ params: { id: orgId }, body: input, env, keep }) => {
    const checks = await gatherCreateChecks(env.DB, orgId, { clientId: input.client_id, connectionId: input.connection_id, roleIds: input.roles })
    const loginUri = checkCreate(input, checks)
    const invitation = newInvitation(orgId, checks.org!.name, loginUri, input)
    const sendEmail = input.send_invitation_email !== false
    keep(invitation)
    if (!(await insertInvitation(env.DB, invitation, sendEmail ? 'queued' : 'none'))) throw orgNotFound()
    // Sending is the queue's work; only the enqueue is awaited. A lost enqueue is redone by the scheduled sweep.
    if (sendEmail) await enqueueEmail(env, invitation.id)
    return invitation
  },
)

const list = operation(
  {
    method: 'GET',
    path: BASE,
    operationId: 'get_invitations',
    summary: 'List invitations, newest first',
    tag: 'organizations',
    description: 'With include_totals: `{invitations, start, limit}`, where `limit` is the number returned and no total is given.',
    scopes: ['read:organization_invitations'],
    params: InvitationsPath,
    query: InvitationListQuery,
    responses: { 200: ok('Invitations.', listOf('invitations', InvitationFieldsResponse, { total: false })) },
    errors: [404],
  },
  async ({ params: { id: orgId }, query: q, env }) => {
    const sort = q.sort === 'created_at:1' ? 'created_at:1' : 'created_at:-1'
    const { orgFound, invitations: items } = await listInvitations(env.DB, orgId, cappedWindow(q), sort, now())
    if (!orgFound) throw orgNotFound()
    // Auth0 reports `limit` as the number of items returned, and never a total.
    return offsetBody('invitations', q, items.map((i) => project(i, q)), undefined, 'returned')
  },
)

const get = operation(
  {
    method: 'GET',
    path: `${BASE}/{invitation_id}`,
    operationId: 'get_invitations_by_invitation_id',
    summary: 'Get an invitation',
    tag: 'organizations',
    scopes: ['read:organization_invitations'],
    params: InvitationPath,
    query: InvitationFieldsQuery,
    responses: { 200: ok('The invitation.', InvitationFieldsResponse) },
    errors: [404],
  },
  async ({ params: { id: orgId, invitation_id: invitationId }, query: q, env }) => {
    const { orgFound, invitation } = await findInvitation(env.DB, orgId, invitationId, now())
    if (!orgFound) throw orgNotFound()
    return project(invitation ?? fail(notFound()), q)
  },
)

const remove = operation(
  {
    method: 'DELETE',
    path: `${BASE}/{invitation_id}`,
    operationId: 'delete_invitations_by_invitation_id',
    summary: 'Delete an invitation',
    tag: 'organizations',
    scopes: ['delete:organization_invitations'],
    params: InvitationPath,
    responses: { 204: ok('Deleted.') },
    errors: [404],
  },
  async ({ params: { id: orgId, invitation_id: invitationId }, env }) => {
    const { orgFound } = await deleteInvitation(env.DB, orgId, invitationId)
    if (!orgFound) throw orgNotFound()
  },
)

export const invitations = [create, list, get, remove]

/** Auth0's checks in its order; returns the login URI the invitation link starts from. */
function checkCreate(input: InvitationCreate, checks: CreateChecks): string {
  if (!checks.org) throw orgNotFound()
  const { client, connection } = checks
  if (!client) throw invalid('The specified client_id does not exist.')
  if (client.organization_usage !== 'allow' && client.organization_usage !== 'require') {
    throw invalid('The specified client_id does not allow organizations.')
  }
  if (input.connection_id !== undefined) {
    if (!connection) throw invalid('The specified connection does not exist.')
    if (!connection.enabled) throw invalid(`The specified connection (${input.connection_id}) is not enabled for the organization`)
    if (PASSWORDLESS.has(connection.strategy)) throw invalid('Passwordless connections are not supported.')
  }
  const unknownRoles = [...new Set(input.roles ?? [])].filter((r) => !checks.foundRoleIds.has(r))
  if (unknownRoles.length) throw invalid(`One or more of the specified roles do not exist: ${unknownRoles.join(', ')}`)
  const loginUri = client.initiate_login_uri || checks.tenantLoginUri
  if (!loginUri) throw invalid(NO_LOGIN_ROUTE)
  return loginUri
}

const PASSWORDLESS = new Set(['email', 'sms'])

function newInvitation(orgId: string, orgName: string, loginUri: string, input: InvitationCreate): Invitation {
  const createdAt = new Date()
  const ticketId = randomAlphanumeric(32)
  const ttl = input.ttl_sec || DEFAULT_TTL_SEC
  return {
    id: newId('uinv'),
    client_id: input.client_id,
    inviter: input.inviter,
    invitee: input.invitee,
    invitation_url: invitationUrl(loginUri, { invitation: ticketId, organization: orgId, organization_name: orgName }),
    ticket_id: ticketId,
    created_at: createdAt.toISOString(),
    expires_at: new Date(createdAt.getTime() + ttl * 1000).toISOString(),
    organization_id: orgId,
    ...(input.connection_id !== undefined && { connection_id: input.connection_id }),
    ...(input.app_metadata !== undefined && { app_metadata: input.app_metadata }),
    ...(input.user_metadata !== undefined && { user_metadata: input.user_metadata }),
    ...(input.roles !== undefined && { roles: input.roles }),
  }
}

/**
 * Appends the invitation parameters to the login URI: after its query with `&` when it has one,
 * before any fragment. The URI's own text is kept as written (it may hold `{...}` placeholders).
 */
export function invitationUrl(loginUri: string, params: Record<string, string>): string {
  const hash = loginUri.indexOf('#')
  const base = hash === -1 ? loginUri : loginUri.slice(0, hash)
  const fragment = hash === -1 ? '' : loginUri.slice(hash)
  const query = Object.entries(params).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')
  const separator = !base.includes('?') ? '?' : base.endsWith('?') || base.endsWith('&') ? '' : '&'
  return `${base}${separator}${query}${fragment}`
}

/** `fields` / `include_fields`: keep (or drop) the named keys; `ticket_id` is never selectable, so only dropping keeps it. */
function project(invitation: Invitation, q: { fields?: string; include_fields?: boolean }): Partial<Invitation> {
  if (!q.fields) return invitation
  const named = new Set(q.fields.split(','))
  const include = q.include_fields !== false
  return Object.fromEntries(Object.entries(invitation).filter(([key]) => named.has(key) === include))
}

async function enqueueEmail(env: Env, invitationId: string): Promise<void> {
  try {
    await env.JOBS.send({ type: 'invitation.email', invitationId })
  } catch (err) {
    console.error(JSON.stringify({ level: 'error', msg: 'enqueue invitation email failed', invitationId, error: String(err) }))
  }
}
