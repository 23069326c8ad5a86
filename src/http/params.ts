import type { z } from 'zod'
import { ApiError } from '../errors'
import { queryObject } from './body'
import { parse } from './validate'

/** Path parameters, percent-decoded (user ids arrive as `auth0%7C...`), validated by `schema`. */
export function pathParams<S extends z.ZodType>(schema: S, req: { params: Record<string, string> }): z.output<S> {
  const decoded: Record<string, string> = {}
  for (const [key, value] of Object.entries(req.params)) {
    try {
      decoded[key] = decodeURIComponent(value)
    } catch {
      throw new ApiError('invalid_uri', `Path validation error: 'Malformed percent-encoding' on property ${key}.`)
    }
  }
  return parse(schema, decoded, 'invalid_uri')
}

export function queryParams<S extends z.ZodType>(schema: S, req: Request): z.output<S> {
  return parse(schema, queryObject(new URL(req.url)), 'invalid_query_string')
}
