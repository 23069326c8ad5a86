import type { RouterType } from 'itty-router'
import { json } from '../http/respond'
import { buildOpenApiDocument } from './document'

/** GET /api/v2/openapi.json: the document for the origin asked, built once per isolate and origin. Public. */
export function openApiHandler(root: RouterType<any, any[]>) {
  const built = new Map<string, unknown>()
  return (req: Request) => {
    const origin = new URL(req.url).origin
    if (!built.has(origin)) built.set(origin, buildOpenApiDocument(root, origin).document)
    return json(built.get(origin))
  }
}
