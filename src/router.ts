import { Router, type IRequest } from 'itty-router'
import type { Env } from './env'
import { ApiError } from './errors'
import { errorResponse } from './http/error-response'
import { json } from './http/respond'
import { openApiHandler } from './openapi/serve'
import { bench } from './routes/bench'
import { clientGrants } from './routes/client-grants'
import { clients } from './routes/clients'
import { connections } from './routes/connections'
import { enabledConnections } from './routes/enabled-connections'
import { grantOrganizations } from './routes/grant-organizations'
import { memberRoles } from './routes/member-roles'
import { members } from './routes/members'
import { invitations } from './routes/invitations'
import { oauth } from './routes/oauth'
import { orgClientGrants } from './routes/org-client-grants'
import { organizations } from './routes/organizations'
import { roles } from './routes/roles'
import { userOrganizations } from './routes/user-organizations'
import { tenantSettings } from './routes/tenant-settings'
import { users } from './routes/users'

type Args = [Env, ExecutionContext]

/** Handlers return a Response, or a plain value sent as JSON 200. Nothing matched: Auth0's 404. */
function toResponse(result: unknown): Response {
  if (result instanceof Response) return result
  if (result === undefined) throw new ApiError('route_not_found', 'Not Found')
  return json(result)
}

export const router = Router<IRequest, Args>({
  catch: errorResponse,
  finally: [(result: unknown) => (result instanceof Response ? result : safely(() => toResponse(result)))],
})

function safely(make: () => Response): Response {
  try {
    return make()
  } catch (err) {
    return errorResponse(err)
  }
}

router
  .all('/oauth/*', oauth.fetch)
  .all('/.well-known/*', oauth.fetch)
  .all('/__bench/*', bench.fetch)
  .get('/api/v2/openapi.json', openApiHandler(router))
  .all('/api/v2/roles*', roles.fetch)
  .all('/api/v2/users/:id/organizations', userOrganizations.fetch)
  .all('/api/v2/connections*', connections.fetch)
  .all('/api/v2/users', users.fetch)
  .all('/api/v2/users/:id', users.fetch)
  .all('/api/v2/clients*', clients.fetch)
  .all('/api/v2/client-grants/:id/organizations', grantOrganizations.fetch)
  .all('/api/v2/client-grants', clientGrants.fetch)
  .all('/api/v2/client-grants/:id', clientGrants.fetch)
  .all('/api/v2/tenants/settings', tenantSettings.fetch)
  .all('/api/v2/organizations/name/:name', organizations.fetch) // before /:id/...: an org may be named "members"
  .all('/api/v2/organizations/:id/enabled_connections*', enabledConnections.fetch)
  .all('/api/v2/organizations/:id/client-grants*', orgClientGrants.fetch)
  .all('/api/v2/organizations/:id/members/:userId/roles', memberRoles.fetch)
  .all('/api/v2/organizations/:id/members', members.fetch)
  .all('/api/v2/organizations/:id/invitations*', invitations.fetch)
  .all('/api/v2/organizations*', organizations.fetch)
