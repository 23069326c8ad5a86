import { listUserOrganizations, toOrganization } from '../db/organizations'
import { ok, operation } from '../http/operation'
import { cappedWindow, offsetBody } from '../http/pagination'
import { listOf, OrganizationResponse } from '../openapi/responses'
import { UserOrganizationsPath, UserOrganizationsQuery } from '../schemas/member'

/** An unknown user simply has no organizations (Auth0 documents no 404 here). */
const list = operation(
  {
    method: 'GET',
    path: '/users/{id}/organizations',
    operationId: 'get_user_organizations',
    summary: "List a user's organizations",
    tag: 'organizations',
    scopes: ['read:organizations'],
    params: UserOrganizationsPath,
    query: UserOrganizationsQuery,
    responses: { 200: ok('Organizations.', listOf('organizations', OrganizationResponse)) },
  },
  async ({ params: { id }, query: q, env }) => {
    const { rows, total } = await listUserOrganizations(env.DB, id, cappedWindow(q))
    return offsetBody('organizations', q, rows.map(toOrganization), total)
  },
)

export const userOrganizations = [list]
