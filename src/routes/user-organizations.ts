import { Router, type IRequest } from 'itty-router'
import { listUserOrganizations, toOrganization } from '../db/organizations'
import type { Env } from '../env'
import { requireScope } from '../http/auth'
import { cappedWindow, offsetBody } from '../http/pagination'
import { pathParams, queryParams } from '../http/params'
import { UserOrganizationsPath, UserOrganizationsQuery } from '../schemas/member'

export const userOrganizations = Router<IRequest, [Env, ExecutionContext]>({ base: '/api/v2/users/:id/organizations' })

/** An unknown user simply has no organizations (Auth0 documents no 404 here). */
userOrganizations.get('/', requireScope('read:organizations'), async (req, env) => {
  const { id } = pathParams(UserOrganizationsPath, req)
  const q = queryParams(UserOrganizationsQuery, req)
  const { rows, total } = await listUserOrganizations(env.DB, id, cappedWindow(q))
  return offsetBody('organizations', q, rows.map(toOrganization), total)
})
