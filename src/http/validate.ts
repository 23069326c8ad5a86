import { z } from 'zod'
import { ApiError } from '../errors'
import { PROTO_KEY } from './body'

type Where = 'invalid_body' | 'invalid_query_string' | 'invalid_uri'

const PREFIX: Record<Where, string> = {
  invalid_body: 'Payload validation error',
  invalid_query_string: 'Query validation error',
  invalid_uri: 'Path validation error',
}

/** Parses `data` with `schema`, or throws Auth0's 400 with a z-schema style message for the first problem. */
export function parse<S extends z.ZodType>(schema: S, data: unknown, where: Where): z.output<S> {
  // No body at all reads as an empty object, so the schema names the first missing property.
  if (where === 'invalid_body' && data === undefined) data = {}
  const result = schema.safeParse(data, { reportInput: true })
  if (result.success) return result.data
  throw validationError(schema, result.error.issues, where)
}

export function validationError(schema: z.ZodType, issues: z.core.$ZodIssue[], where: Where): ApiError {
  const issue = firstIssue(issues)
  const described = describeIssue(issue, schema)
  // Keys named `__proto__` are validated under a stand-in name (http/body.ts); errors show the real one.
  const path = described.path.map((key) => (key === PROTO_KEY ? '__proto__' : key))
  const text = described.text.replaceAll(PROTO_KEY, '__proto__')
  if (path.length === 0) return new ApiError(where, `${PREFIX[where]}: '${text}'`)
  const description = descriptionAt(schema, path)
  const suffix = description ? ` (${description}).` : '.'
  return new ApiError(where, `${PREFIX[where]}: '${text}' on property ${formatPath(path)}${suffix}`)
}

/** z-schema checks an object's own keywords (required, additional properties) before descending. */
function firstIssue(issues: z.core.$ZodIssue[]): z.core.$ZodIssue {
  const rank = (i: z.core.$ZodIssue) => {
    const missing = isMissing(i)
    const depth = missing ? i.path.length - 1 : i.path.length
    const kind = missing ? 0 : i.code === 'unrecognized_keys' ? 1 : 2
    return depth * 10 + kind
  }
  return [...issues].sort((a, b) => rank(a) - rank(b))[0]!
}

/** An absent required key: whatever the rule that failed (type, enum, ...), z-schema reports it as missing. */
function isMissing(issue: z.core.$ZodIssue): boolean {
  return issue.input === undefined && issue.path.length > 0 && issue.code !== 'unrecognized_keys'
}

function describeIssue(issue: z.core.$ZodIssue, schema: z.ZodType): { path: PropertyKey[]; text: string } {
  const path = issue.path
  if (isMissing(issue)) return { path: path.slice(0, -1), text: `Missing required property: ${String(path.at(-1))}` }
  switch (issue.code) {
    case 'invalid_type': {
      let expected = issue.expected === 'number' && hasLayer(schema, path, isIntegerDef) ? 'integer' : jsonTypeName(issue.expected)
      // JSON Schema `type: [T, "null"]`: z-schema prints both.
      if (hasLayer(schema, path, (def) => def.type === 'nullable')) expected += ',null'
      return { path, text: `Expected type ${expected} but found type ${jsonType(issue.input)}` }
    }
    case 'unrecognized_keys':
      return { path, text: `Additional properties not allowed: ${issue.keys.join(',')}` }
    case 'too_small':
    case 'too_big':
      return { path, text: sizeText(issue) }
    case 'invalid_format': {
      if (issue.format === 'regex' && 'pattern' in issue) {
        const pattern = String(issue.pattern).replace(/^\/(.*)\/[a-z]*$/, '$1')
        return { path, text: `String does not match pattern ${pattern}: ${String(issue.input)}` }
      }
      return { path, text: `Object didn't pass validation for format ${issue.format}: ${String(issue.input)}` }
    }
    case 'invalid_value':
      return { path, text: `No enum match for: ${formatValue(issue.input)}` }
    case 'invalid_union': {
      const types = new Set(issue.errors.flat().filter((e) => e.code === 'invalid_type').map((e) => e.expected))
      if (types.size > 0 && issue.errors.flat().every((e) => e.code === 'invalid_type')) {
        return { path, text: `Expected type ${[...types].map(jsonTypeName).join(',')} but found type ${jsonType(issue.input)}` }
      }
      const inner = issue.errors.find((errs) => errs.length > 0)?.[0]
      if (inner) {
        const described = describeIssue(inner, schema)
        return { path: [...path, ...described.path], text: described.text }
      }
      return { path, text: issue.message }
    }
    default:
      return { path, text: issue.message }
  }
}

function sizeText(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig): string {
  const small = issue.code === 'too_small'
  const limit = Number(small ? (issue as z.core.$ZodIssueTooSmall).minimum : (issue as z.core.$ZodIssueTooBig).maximum)
  const input = issue.input
  switch (issue.origin) {
    case 'string': {
      const n = String(input).length
      return small ? `String is too short (${n} chars), minimum ${limit}` : `String is too long (${n} chars), maximum ${limit}`
    }
    case 'array': {
      const n = Array.isArray(input) ? input.length : 0
      return small ? `Array is too short (${n}), minimum ${limit}` : `Array is too long (${n}), maximum ${limit}`
    }
    case 'object': {
      const n = input && typeof input === 'object' ? Object.keys(input).length : 0
      return small
        ? `Too few properties defined (${n}), minimum ${limit}`
        : `Too many properties defined (${n}), maximum ${limit}`
    }
    default:
      return small ? `Value ${String(input)} is less than minimum ${limit}` : `Value ${String(input)} is greater than maximum ${limit}`
  }
}

function jsonTypeName(expected: string): string {
  if (expected === 'int') return 'integer'
  if (expected === 'record') return 'object'
  return expected
}

function jsonType(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number'
  return typeof value
}

function formatValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value)
}

function formatPath(path: PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '')
}

function nodeAt(schema: z.ZodType, path: PropertyKey[]): z.ZodType | undefined {
  let node: z.ZodType | undefined = schema
  for (const key of path) node = node && child(node, key)
  return node
}

type Def = Record<string, unknown>

const isIntegerDef = (def: Def) => def.type === 'number' && typeof def.format === 'string' && def.format.includes('int')

function hasLayer(schema: z.ZodType, path: PropertyKey[], test: (def: Def) => boolean): boolean {
  for (let layer = nodeAt(schema, path); layer; layer = unwrap(layer)) {
    if (test(layer._zod.def as unknown as Def)) return true
  }
  return false
}

/**
 * The `description` of the schema node at `path`, looked up through wrappers (optional, nullable, ...).
 * A node without one (e.g. a metadata value) borrows its nearest described ancestor's.
 */
function descriptionAt(schema: z.ZodType, path: PropertyKey[]): string | undefined {
  let node: z.ZodType | undefined = schema
  let nearest = ownDescription(node)
  for (const key of path) {
    node = child(node, key)
    if (!node) break
    nearest = ownDescription(node) ?? nearest
  }
  return nearest
}

function ownDescription(node: z.ZodType): string | undefined {
  for (let layer: z.ZodType | undefined = node; layer; layer = unwrap(layer)) {
    if (layer.description) return layer.description
  }
  return undefined
}

function unwrap(node: z.ZodType): z.ZodType | undefined {
  const def = node._zod.def as unknown as Record<string, unknown>
  if ('innerType' in def) return def.innerType as z.ZodType
  if (def.type === 'pipe') {
    // z.preprocess(fn, schema) is a pipe from a transform into the schema that matters.
    const input = def.in as z.ZodType
    return (input._zod.def.type === 'transform' ? def.out : input) as z.ZodType
  }
  return undefined
}

function child(node: z.ZodType | undefined, key: PropertyKey): z.ZodType | undefined {
  while (node) {
    const def = node._zod.def as unknown as Record<string, unknown>
    if (def.type === 'object') return (def.shape as Record<string, z.ZodType>)[String(key)] ?? (def.catchall as z.ZodType | undefined)
    if (def.type === 'array') return def.element as z.ZodType
    if (def.type === 'record') return def.valueType as z.ZodType
    if (def.type === 'union') {
      for (const option of def.options as z.ZodType[]) {
        const found = child(option, key)
        if (found) return found
      }
      return undefined
    }
    node = unwrap(node)
  }
  return undefined
}
