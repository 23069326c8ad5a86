/**
 * Auth0's `fields` / `include_fields` on tenant resources: a comma-separated list of the keys to keep
 * (or, with include_fields=false, to drop). A dotted name (`jwt_configuration.lifetime_in_seconds`)
 * keeps or drops one key of a nested object. No `fields` (or an empty one) means the whole item.
 */
export interface FieldsSelection {
  fields?: string
  include_fields?: boolean
}

export function projector(q: FieldsSelection): <T extends object>(item: T) => Partial<T> {
  const names = (q.fields ?? '').split(',').filter(Boolean)
  if (names.length === 0) return (item) => item
  const include = q.include_fields !== false
  const paths = names.map((name) => name.split('.'))
  return (item) => (include ? keep(item, paths) : drop(item, paths)) as Partial<typeof item>
}

type Json = Record<string, unknown>
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v)

function keep(item: object, paths: string[][]): Json {
  const out: Json = {}
  for (const [head, ...rest] of paths) {
    const value = (item as Json)[head!]
    if (!Object.hasOwn(item, head!) || value === undefined) continue
    if (rest.length === 0) define(out, head!, value)
    else if (isObject(value)) {
      const inner = keep(value, [rest])
      if (Object.keys(inner).length) define(out, head!, { ...(isObject(out[head!]) ? (out[head!] as Json) : {}), ...inner })
    }
  }
  return out
}

function drop(item: object, paths: string[][]): Json {
  const out: Json = { ...item }
  for (const [head, ...rest] of paths) {
    if (rest.length === 0) delete out[head!]
    else if (isObject(out[head!])) define(out, head!, drop(out[head!] as Json, [rest]))
  }
  return out
}

/** Assignment would treat a key named `__proto__` as the prototype; define it as a plain key. */
function define(target: Json, key: string, value: unknown) {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}
