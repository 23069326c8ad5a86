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
  return shieldProtoKeys(body)
}

/**
 * A key spelled `__proto__` is data like any other (JSON.parse makes it an own property), but zod
 * skips it in records and loose objects, so metadata would silently lose it. Until the body is
 * validated it travels under this stand-in name; `restoreProtoKeys` puts it back as an own property.
 */
export const PROTO_KEY = '__proto__\u0000'

function renameKeys(value: unknown, from: string, to: string): unknown {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = renameKeys(value[i], from, to)
    return value
  }
  if (value === null || typeof value !== 'object') return value
  // fromEntries defines properties, so an own `__proto__` stays a key and never becomes the prototype.
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k === from ? to : k, renameKeys(v, from, to)]))
}

export const shieldProtoKeys = (value: unknown) => renameKeys(value, '__proto__', PROTO_KEY)
export const restoreProtoKeys = <T>(value: T): T => renameKeys(value, PROTO_KEY, '__proto__') as T

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
