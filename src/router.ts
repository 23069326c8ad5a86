import { Router, type IRequest } from 'itty-router'
import type { Env } from './env'
import { ApiError } from './errors'
import { errorResponse } from './http/error-response'
import { bySpecificity, routePath } from './http/operation'
import { json } from './http/respond'
import { OPERATIONS } from './operations'
import { bench } from './routes/bench'
import { oauth } from './routes/oauth'

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

// First match wins, so literal segments are registered before parameters (an org may be named "members").
for (const op of [...OPERATIONS].sort(bySpecificity)) router[op.method.toLowerCase() as 'get'](routePath(op), op.handle)
