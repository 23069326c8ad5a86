#!/usr/bin/env node
// Writes src/schemas/generated/<resource>.ts: the zod request schemas of POST/PATCH /clients, /users,
// /connections and /client-grants, generated from Auth0's July 2026 Management API document so that
// the fields, types, enums and limits we accept are Auth0's by construction. Run it again after
// replacing contract/auth0-management-2026-07.openapi.json:
//
//   node scripts/generate-schemas.mjs          # rewrite the files
//   node scripts/generate-schemas.mjs --check  # exit 1 if a committed file differs from what it would write
//
// scripts/generate-schemas.overlay.json adds what the document lacks: the descriptions Auth0's
// validator prints in its 400s (the published document carries none), and the few rules where Auth0's
// own documentation is narrower than its schema, each with its reason. test/schemas/generated.test.ts
// compares the generated schemas with the document and the overlay.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const DOCUMENT = 'contract/auth0-management-2026-07.openapi.json'
const OVERLAY = 'scripts/generate-schemas.overlay.json'

/** Output file → the request bodies it exports (component names of the document). */
export const ROOTS = {
  client: ['CreateClientRequestContent', 'UpdateClientRequestContent'],
  user: ['CreateUserRequestContent', 'UpdateUserRequestContent'],
  connection: ['CreateConnectionRequestContent', 'UpdateConnectionRequestContent'],
  'client-grant': ['CreateClientGrantRequestContent', 'UpdateClientGrantRequestContent'],
}

/** The document's components with the overlay's narrowing applied (also used by the comparing test). */
export function loadComponents() {
  const doc = JSON.parse(readFileSync(resolve(root, DOCUMENT), 'utf8'))
  const overlay = JSON.parse(readFileSync(resolve(root, OVERLAY), 'utf8'))
  const schemas = structuredClone(doc.components.schemas)
  for (const { component, property, schema } of [...overlay.narrowings, ...overlay.widenings]) {
    const target = property ? schemas[component]?.properties?.[property] : schemas[component]
    if (!target) throw new Error(`overlay: ${component}${property ? `.${property}` : ''} is not in the document`)
    Object.assign(target, schema)
  }
  for (const { component, property, schema } of overlay.additions) {
    const properties = schemas[component]?.properties
    if (!properties || properties[property]) throw new Error(`overlay: ${component}.${property} is not an addition`)
    properties[property] = schema
  }
  return { schemas, descriptions: overlay.descriptions }
}

const refName = (ref) => ref.split('/').pop()

/** Components reachable from `names`, dependencies first. The document has no cycles here; refuse one. */
function closure(schemas, names) {
  const order = []
  const state = new Map()
  const visit = (name, path) => {
    if (state.get(name) === 'done') return
    if (state.get(name) === 'open') throw new Error(`cycle: ${[...path, name].join(' > ')}`)
    if (!schemas[name]) throw new Error(`missing component ${name}`)
    state.set(name, 'open')
    for (const ref of refsIn(schemas[name])) visit(ref, [...path, name])
    state.set(name, 'done')
    order.push(name)
  }
  for (const name of names) visit(name, [])
  return order
}

function refsIn(node, out = []) {
  if (Array.isArray(node)) node.forEach((n) => refsIn(n, out))
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref') out.push(refName(value))
      else refsIn(value, out)
    }
  }
  return out
}

const str = (value) => JSON.stringify(value)

/** One schema node as a zod expression. `describe` is the overlay's text for this node, if any. */
function expr(node, describe) {
  let out
  if (node.$ref) out = `${refName(node.$ref)}${node['x-nullable'] ? '.nullable()' : ''}`
  else {
    const types = node.type === undefined ? [] : [].concat(node.type)
    const nullable = types.includes('null') || (node.enum ?? []).includes(null)
    const concrete = types.filter((t) => t !== 'null')
    if (node.enum) {
      const values = node.enum.filter((v) => v !== null)
      if (!values.every((v) => typeof v === 'string')) throw new Error(`non-string enum ${str(node.enum)}`)
      out = `oneOf(${str(values)})`
    } else if (node.oneOf) out = `z.union([${node.oneOf.map((n) => expr(n)).join(', ')}])`
    else if (concrete.length > 1) out = `z.union([${concrete.map((t) => typed(t, node)).join(', ')}])`
    else if (concrete.length === 1) out = typed(concrete[0], node)
    else out = 'z.unknown()'
    if (nullable) out += '.nullable()'
  }
  return describe ? `${out}.describe(${str(describe)})` : out
}

function typed(type, node) {
  switch (type) {
    case 'string': {
      let s = 'z.string()'
      if (node.minLength !== undefined) s += `.min(${node.minLength})`
      if (node.maxLength !== undefined) s += `.max(${node.maxLength})`
      if (node.pattern !== undefined) s = `matching(${s}, new RegExp(${str(node.pattern)}))`
      if (node.format !== undefined) s = `format(${s}, ${str(node.format)})`
      return s
    }
    case 'integer':
    case 'number': {
      let n = type === 'integer' ? 'z.int()' : 'z.number()'
      if (node.minimum !== undefined) n += `.min(${node.minimum})`
      if (node.maximum !== undefined) n += `.max(${node.maximum})`
      return n
    }
    case 'boolean':
      return 'z.boolean()'
    case 'array': {
      let a = `z.array(${node.items ? expr(node.items) : 'z.unknown()'})`
      if (node.minItems) a += `.min(${node.minItems})`
      if (node.maxItems !== undefined) a += `.max(${node.maxItems})`
      return a
    }
    case 'object':
      return object(node)
    default:
      throw new Error(`unknown type ${type}`)
  }
}

function object(node, descriptions = {}) {
  const properties = Object.entries(node.properties ?? {})
  const required = new Set(node.required ?? [])
  const extra = node.additionalProperties
  let o
  if (properties.length === 0 && extra !== false) {
    // A free-form map: a record, so every value is checked against `additionalProperties`; any value
    // at all (metadata, options) is free-form JSON, held to the depth limit of schemas/common.ts.
    o = typeof extra === 'object' ? `z.record(z.string(), ${expr(extra)})` : 'freeFormObject()'
  } else {
    const shape = properties
      .map(([key, value]) => `    ${str(key)}: ${expr(value, descriptions[key])}${required.has(key) ? '' : '.optional()'},`)
      .join('\n')
    const make = extra === false ? 'z.strictObject' : 'z.looseObject'
    o = `${typeof extra === 'object' ? 'z.object' : make}({\n${shape}\n  })`
    if (typeof extra === 'object') o += `.catchall(${expr(extra)})`
    // The keys a loose object does not name are free-form JSON: the same depth limit.
    if (make === 'z.looseObject' && typeof extra !== 'object') o = `withDepthLimit(${o})`
  }
  if (node.minProperties) o = `minProperties(${o}, ${node.minProperties})`
  if (node.maxProperties !== undefined) o = `maxProperties(${o}, ${node.maxProperties})`
  return o
}

/** A component's definition: objects take the overlay's property descriptions, anything gets its own. */
function definition(name, node, descriptions) {
  const own = descriptions[name] ?? {}
  const isObject = !node.$ref && !node.enum && !node.oneOf && [].concat(node.type ?? []).includes('object')
  let out = isObject ? object(node, own) : expr(node)
  if (isObject && [].concat(node.type).includes('null')) out += '.nullable()'
  if (own.$) out += `.describe(${str(own.$)})`
  return out
}

export function generate() {
  const { schemas, descriptions } = loadComponents()
  const files = {}
  for (const [file, roots] of Object.entries(ROOTS)) {
    const names = closure(schemas, roots)
    const body = names
      .map((name) => `${roots.includes(name) ? 'export ' : ''}const ${name} = ${definition(name, schemas[name], descriptions)}`)
      .join('\n\n')
    files[file] = `// GENERATED by scripts/generate-schemas.mjs from ${DOCUMENT} and ${OVERLAY}.
// Do not edit: change the overlay (or replace the document) and run \`node scripts/generate-schemas.mjs\`.
// Longer than the house limit for files because it is generated: one constant per component of the document.
import { z } from 'zod'
import { freeFormObject, withDepthLimit } from '../common'
import { format, matching, maxProperties, minProperties, oneOf } from '../formats'

${body}
`
  }
  return files
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check')
  const dir = resolve(root, 'src/schemas/generated')
  mkdirSync(dir, { recursive: true })
  let stale = 0
  for (const [file, text] of Object.entries(generate())) {
    const path = resolve(dir, `${file}.ts`)
    let current = ''
    try {
      current = readFileSync(path, 'utf8')
    } catch {}
    if (current === text) continue
    if (check) {
      console.error(`stale: src/schemas/generated/${file}.ts`)
      stale++
    } else {
      writeFileSync(path, text)
      console.log(`wrote src/schemas/generated/${file}.ts`)
    }
  }
  process.exit(stale ? 1 : 0)
}
