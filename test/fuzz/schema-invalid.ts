import fc from 'fast-check'
import { validValue, type Resolve, type Schema } from './schema-arbitrary'

/** One sample value of each JSON type; `number` is one that is not an integer. */
const SAMPLES: Record<string, unknown> = { string: 'fuzz', integer: 7, number: 1.5, boolean: true, null: null, array: [], object: {} }

/** The JSON types a schema admits, or null when it admits any. `integer` admits no fraction; `number` admits integers. */
function admittedTypes(s: Schema, resolve: Resolve): Set<string> | null {
  s = resolve(s)
  if ('const' in s || s.enum) {
    const values: unknown[] = 'const' in s ? [s.const] : s.enum
    return new Set(values.map((v) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v)))
  }
  const branches = (s.anyOf ?? s.oneOf) as Schema[] | undefined
  if (branches) {
    const all = new Set<string>()
    for (const branch of branches) {
      const types = admittedTypes(branch, resolve)
      if (!types) return null
      types.forEach((t) => all.add(t))
    }
    return all
  }
  if (!s.type) return null
  const types = new Set<string>(Array.isArray(s.type) ? s.type : [s.type])
  if (types.has('number')) types.add('integer')
  return types
}

/**
 * Values that break `schema` for certain, each by one rule the document states: a JSON type it does
 * not admit, a length, range, item count, property count or nesting depth past its bound, a value
 * outside its enum, a missing required property, a property it does not allow. Inside an object or an
 * array, one member is broken and the rest stay valid. null when the schema admits anything.
 */
export function invalidValue(schema: Schema, resolve: Resolve, depth = 0): fc.Arbitrary<unknown> | null {
  const s = resolve(schema)
  const options: fc.Arbitrary<unknown>[] = []
  const types = admittedTypes(s, resolve)
  if (types) {
    const wrong = Object.keys(SAMPLES).filter((t) => !types.has(t))
    if (wrong.length) options.push(fc.constantFrom(...wrong.map((t) => SAMPLES[t])))
  }
  const branches = (s.anyOf ?? s.oneOf) as Schema[] | undefined
  if (!branches) options.push(...ruleBreakers(s, resolve, depth))
  // A branch's rules can be broken when no other branch admits its types (an object or null: break the object).
  for (const [i, branch] of (branches ?? []).entries()) {
    const own = admittedTypes(branch, resolve)
    const others = branches!.filter((_, j) => j !== i).map((b) => admittedTypes(b, resolve))
    if (own && others.every((t) => t && ![...own].some((type) => t.has(type)))) options.push(...ruleBreakers(resolve(branch), resolve, depth))
  }
  return options.length ? fc.oneof(...options) : null
}

function ruleBreakers(s: Schema, resolve: Resolve, depth: number): fc.Arbitrary<unknown>[] {
  const out: fc.Arbitrary<unknown>[] = []
  if (s.enum && s.enum.every((v: unknown) => typeof v === 'string')) out.push(fc.constant('not-one-of-the-enum'))
  if (s.type === 'string' && !s.enum) {
    if (s.maxLength !== undefined) out.push(fc.constant('x'.repeat(s.maxLength + 1)))
    if (s.minLength > 0) out.push(fc.constant(''))
  }
  if (s.type === 'integer' || s.type === 'number') {
    if (s.maximum !== undefined) out.push(fc.constant(s.maximum + 1))
    if (s.minimum !== undefined) out.push(fc.constant(s.minimum - 1))
  }
  if (s.type === 'array') {
    const item = validValue(s.items ?? {}, resolve)
    if (s.maxItems !== undefined) out.push(fc.array(item, { minLength: s.maxItems + 1, maxLength: s.maxItems + 1 }))
    if (s.minItems > 0) out.push(fc.constant([]))
    const bad = depth < 4 ? invalidValue(s.items ?? {}, resolve, depth + 1) : null
    if (bad) out.push(fc.tuple(fc.array(item, { minLength: Math.max(0, (s.minItems ?? 1) - 1), maxLength: 2 }), bad).map(([ok, b]) => [...ok, b]))
  }
  if (s.type === 'object') out.push(...objectBreakers(s, resolve, depth))
  return out
}

function objectBreakers(s: Schema, resolve: Resolve, depth: number): fc.Arbitrary<unknown>[] {
  const out: fc.Arbitrary<unknown>[] = []
  const valid = validValue(s, resolve) as fc.Arbitrary<Record<string, unknown>>
  const properties = (s.properties ?? {}) as Record<string, Schema>
  for (const key of (s.required ?? []) as string[]) {
    out.push(valid.map(({ [key]: _, ...rest }) => rest))
  }
  if (s.additionalProperties === false) out.push(valid.map((o) => ({ ...o, fuzz_extra_property: 1 })))
  if (s.maxProperties !== undefined && s.additionalProperties !== false) {
    const value = validValue(s.additionalProperties ?? {}, resolve)
    out.push(fc.array(value, { minLength: s.maxProperties + 1, maxLength: s.maxProperties + 1 }).map((vs) => Object.fromEntries(vs.map((v, i) => [`k${i}`, v]))))
  }
  if (s['x-max-depth'] !== undefined) {
    const levels = s['x-max-depth'] as number
    out.push(fc.constant(JSON.parse(`${'{"a":'.repeat(levels)}{}${'}'.repeat(levels)}`)))
  }
  if (depth < 4) {
    for (const [key, prop] of Object.entries(properties)) {
      const bad = invalidValue(prop, resolve, depth + 1)
      if (bad) out.push(fc.tuple(valid, bad).map(([o, b]) => ({ ...o, [key]: b })))
    }
  }
  return out
}
