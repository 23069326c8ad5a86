export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8'
const JSON_TYPE = { 'content-type': JSON_CONTENT_TYPE }

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: JSON_TYPE })
}

export const created = (body: unknown) => json(body, 201)

export const noContent = () => new Response(null, { status: 204 })
