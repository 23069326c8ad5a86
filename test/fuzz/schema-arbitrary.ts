import fc from 'fast-check'
import { Ref, type FixtureKind } from './fixtures'

/** A JSON Schema node of our OpenAPI document (draft 2020-12, as zod writes it). */
export type Schema = Record<string, any>

/** Resolves `$ref`s into `components.schemas` of the document. */
export type Resolve = (schema: Schema) => Schema

/** Ids that name fixtures, by the `format` the document gives them. */
const FORMAT_KINDS: Record<string, FixtureKind> = {
  'organization-id': 'org',
  'user-id-with-max-length': 'user',
  'role-id': 'role',
  'connection-id': 'connection',
  'client-id': 'client',
  'client-grant-id': 'client_grant',
  'user-invitation-id': 'invitation',
}

/** Ids that name fixtures, by the property that holds them (for arrays: their items). */
const PROPERTY_KINDS: Record<string, FixtureKind> = {
  connection_id: 'connection',
  client_id: 'client',
  grant_id: 'client_grant',
  connection: 'connection_name',
  roles: 'role',
  members: 'user',
  enabled_clients: 'client',
}

const word = fc.stringMatching(/^[a-z][a-z0-9]{0,11}$/)
const https = word.map((w) => `https://${w}.example.com/${w}`)

/** Values for the named formats (a value of the right shape; fixtures come first where the format is an id). */
const FORMATS: Record<string, fc.Arbitrary<string>> = {
  email: word.map((w) => `${w}@example.com`),
  'organization-name': fc.stringMatching(/^[a-z0-9_-]{1,50}$/),
  'html-color': fc.stringMatching(/^#[0-9a-f]{6}$/),
  'strict-uri': https,
  uri: https,
  'absolute-uri-or-empty': fc.oneof(https, fc.constant('')),
  'absolute-https-uri-or-empty': fc.oneof(https, fc.constant('')),
  'absolute-https-uri-with-placeholders-or-empty': https,
  'strict-https-uri-or-null': https,
  // With and without milliseconds: a schema capped at 20 characters (whole seconds, the event-stream
  // filters) must get values too, or the length filter below rejects every one and fast-check spins.
  'date-time': fc
    .tuple(fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }), fc.boolean())
    .map(([d, whole]) => (whole ? d.toISOString().replace(/\.\d{3}Z$/, 'Z') : d.toISOString())),
}

const text = (min: number, max: number) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.string({ minLength: min, maxLength: max, unit: 'grapheme-ascii' }) },
    { weight: 1, arbitrary: fc.string({ minLength: min, maxLength: max, unit: 'binary' }) },
  )

/** A fixture where the document says an id of that kind goes, else a value of the schema (usually naming nothing). */
const orFixture = (kind: FixtureKind | undefined, arbitrary: fc.Arbitrary<unknown>) =>
  kind ? fc.oneof({ weight: 4, arbitrary: fc.constant(new Ref(kind)) }, { weight: 1, arbitrary }) : arbitrary

/**
 * Values valid for `schema`: every keyword the document uses (type, enum, const, lengths, ranges,
 * pattern, format, items, properties, required, additionalProperties, anyOf, x-max-depth).
 * `hint` is the property name the value is for, to put fixtures where ids go.
 */
export function validValue(schema: Schema, resolve: Resolve, hint?: string, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(schema)
  if (depth > 6) return fc.constant(null)
  if ('const' in s) return fc.constant(s.const)
  if (s.enum) return fc.constantFrom(...(s.enum as unknown[]))
  const branches = (s.anyOf ?? s.oneOf) as Schema[] | undefined
  if (branches) return fc.oneof(...branches.map((b) => validValue(b, resolve, hint, depth + 1)))
  const types: string[] = Array.isArray(s.type) ? s.type : s.type ? [s.type] : []
  if (types.length === 0) return fc.jsonValue({ maxDepth: 2 })
  if (types.length > 1) return fc.oneof(...types.map((type) => validValue({ ...s, type }, resolve, hint, depth + 1)))
  switch (types[0]) {
    case 'null':
      return fc.constant(null)
    case 'boolean':
      return fc.boolean()
    case 'integer':
      return fc.integer({ min: s.minimum ?? -1000, max: s.maximum ?? 100_000 })
    case 'number':
      return fc.double({ min: s.minimum ?? -1e6, max: s.maximum ?? 1e6, noNaN: true })
    case 'string':
      return orFixture(FORMAT_KINDS[s.format] ?? PROPERTY_KINDS[hint ?? ''], validString(s))
    case 'array': {
      const item = validValue(s.items ?? {}, resolve, undefined, depth + 1)
      const items = PROPERTY_KINDS[hint ?? ''] ? orFixture(PROPERTY_KINDS[hint!], item) : item
      const limits = { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 4, (s.minItems ?? 0) + 4) }
      return s.uniqueItems ? fc.uniqueArray(items, { ...limits, selector: (v) => JSON.stringify(v) }) : fc.array(items, limits)
    }
    case 'object':
      return validObject(s, resolve, depth)
    default:
      return fc.jsonValue({ maxDepth: 2 })
  }
}

function validString(s: Schema): fc.Arbitrary<string> {
  const max = Math.min(s.maxLength ?? 40, (s.minLength ?? 0) + 40)
  const fits = (v: string) => v.length >= (s.minLength ?? 0) && v.length <= (s.maxLength ?? Infinity)
  if (s.format && FORMATS[s.format]) return FORMATS[s.format]!.filter(fits)
  if (s.pattern) return fc.stringMatching(new RegExp(s.pattern)).filter(fits)
  return text(s.minLength ?? 0, max)
}

function validObject(s: Schema, resolve: Resolve, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const properties = (s.properties ?? {}) as Record<string, Schema>
  const required = new Set<string>(s.required ?? [])
  const named = fc.record(
    Object.fromEntries(Object.entries(properties).map(([key, prop]) => [key, validValue(prop, resolve, key, depth + 1)])),
    { requiredKeys: [...required] },
  )
  const extra = s.additionalProperties
  if (extra === false || (extra === undefined && Object.keys(properties).length > 0)) return named
  // A map (metadata, options): free-form values stay shallow, far inside any x-max-depth.
  const value = extra && Object.keys(extra).length > 0 ? validValue(extra, resolve, undefined, depth + 1) : fc.jsonValue({ maxDepth: 2 })
  const maxKeys = Math.min(s.maxProperties ?? 5, 5)
  return fc
    .tuple(named, fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), value, { maxKeys }))
    .map(([known, more]) => ({ ...more, ...known }))
    .filter((o) => Object.keys(o).length <= (s.maxProperties ?? Infinity))
}
