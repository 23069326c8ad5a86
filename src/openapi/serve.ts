import { z } from 'zod'
import { ok, operation, type Operation } from '../http/operation'
import { buildOpenApiDocument } from './document'

/**
 * GET /api/v2/openapi.json: the document for the origin asked, built once per isolate and origin.
 * Public. `all` is a thunk because this operation is itself one of them.
 */
export function openApiOperation(all: () => readonly Operation[]): Operation {
  const built = new Map<string, unknown>()
  return operation(
    {
      method: 'GET',
      path: '/openapi.json',
      operationId: 'get_openapi',
      summary: 'This OpenAPI document',
      tag: 'meta',
      description: 'Public: no token needed.',
      scopes: 'public',
      responses: { 200: ok('The OpenAPI 3.1 document of this API.', z.record(z.string(), z.unknown())) },
    },
    ({ req }) => {
      const origin = new URL(req.url).origin
      if (!built.has(origin)) built.set(origin, buildOpenApiDocument(all(), origin))
      return built.get(origin)
    },
  )
}
