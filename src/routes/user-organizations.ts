import { Router, type IRequest } from 'itty-router'
import { z } from 'zod'
import { listUserOrganizations, toOrganization } from '../db/organizations'
import type { Env } from '../env'
import { requireScope } from '../http/auth'
import { cappedWindow, offsetBody } from '../http/pagination'
import { pathParams, queryParams } from '../http/params'
import { UserOrganizationsQuery } from '../schemas/member'

export const userOrganizations = Router<IRequest, [Env, ExecutionContext]>({ base: '/api/v2/users/:id/organizations' })

const UserPath = z.object({ id: z.string().min(1).max(1024).describe('ID of the user to retrieve the organizations for.') })

/** An unknown user simply has no organizations (Auth0 documents no 404 here). */
userOrganizations.get('/', requireScope('read:organizations'), async (req, env) => {
  const { id } = pathParams(UserPath, req)
  const q = queryParams(UserOrganizationsQuery, req)
  const { rows, total } = await listUserOrganizations(env.DB, id, cappedWindow(q))
  return offsetBody('organizations', q, rows.map(toOrganization), total)
})
