import { ApiError } from '../errors'
import { MAX_BODY_DEPTH, nestsDeeperThan, tooDeep } from '../json-depth'

export const MAX_BODY_BYTES = 1024 * 1024

/**
 * Reads a JSON (or form-encoded, as Auth0's schema also allows) request body. An absent body reads
 * as `undefined` so the schema reports what is missing.
 */
export async function readBody(req: Request): Promise<unknown> {
  const declared = Number(req.headers.get('content-length') ?? '0')
  if (declared > MAX_BODY_BYTES) throw tooLarge()
  const raw = await req.text()
  if (new TextEncoder().encode(raw).length > MAX_BODY_BYTES) throw tooLarge()
  if (raw.trim() === '') return undefined
  const type = (req.headers.get('content-type') ?? 'application/json').split(';')[0]!.trim().toLowerCase()
  if (type === 'application/x-www-form-urlencoded') return formToObject(new URLSearchParams(raw))
  if (type !== 'application/json' && !type.endsWith('+json')) {
    throw new ApiError('invalid_body', `Unsupported content type: ${type}. Send application/json.`)
  }
  let body: unknown
  try {
    body = JSON.parse(raw)
  } catch {
    throw new ApiError('invalid_body', 'Invalid request payload JSON format')
  }
  // Refused before validation: nothing downstream (error messages, stored JSON, answers) meets deeper JSON.
  if (nestsDeeperThan(body, MAX_BODY_DEPTH)) throw new ApiError('invalid_body', `Payload validation error: '${tooDeep(MAX_BODY_DEPTH)}'`)
  return body
}

function tooLarge(): ApiError {
  return new ApiError('payload_too_large', `Payload content length greater than maximum allowed: ${MAX_BODY_BYTES}`)
}

function formToObject(form: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const [key, value] of form) {
    const existing = out[key]
    out[key] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value]
  }
  return out
}

/** Query parameters as an object; a key given more than once becomes an array. */
export function queryObject(url: URL): Record<string, string | string[]> {
  return formToObject(url.searchParams)
}
