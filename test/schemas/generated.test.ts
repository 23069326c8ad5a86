import { documents } from 'virtual:auth0-contract/documents'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import overlayJson from '../../scripts/generate-schemas.overlay.json'
import * as client from '../../src/schemas/generated/client'
import * as clientGrant from '../../src/schemas/generated/client-grant'
import * as connection from '../../src/schemas/generated/connection'
import * as user from '../../src/schemas/generated/user'

/**
 * The generated request schemas against Auth0's document (with the overlay's recorded changes): the
 * same properties, required keys, additional-property rule, types (null included), enums, and every
 * limit (lengths, patterns, formats, ranges, item and property counts), all the way down. A document
 * update that is not regenerated, or a hand edit of a generated file, fails here.
 */
type Json = Record<string, any>

interface Change {
  component: string
  property?: string
  schema: Json
  reason: string
}
const overlay = overlayJson as unknown as { narrowings: Change[]; widenings: Change[]; additions: (Change & { property: string })[] }

function components(): Json {
  const schemas = structuredClone(documents.management.components.schemas) as Json
  for (const { component, property, schema } of [...overlay.narrowings, ...overlay.widenings]) {
    Object.assign(property ? schemas[component].properties[property] : schemas[component], schema)
  }
  for (const { component, property, schema } of overlay.additions) schemas[component].properties[property] = schema
  return schemas
}

const LIMITS = ['minLength', 'maxLength', 'pattern', 'format', 'minimum', 'maximum', 'minItems', 'maxItems', 'minProperties', 'maxProperties']
// What zod writes for every z.int(): not a limit of Auth0's.
const SAFE = new Set([Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER])

function compare(schemas: Json, doc: Json, ours: Json, path: string, problems: string[]) {
  while (doc.$ref) {
    const { $ref, ...rest } = doc
    doc = { ...schemas[$ref.split('/').pop()], ...rest }
  }
  const docTypes = new Set<string>([].concat(doc.type ?? []))
  if (doc['x-nullable'] || (doc.enum ?? []).includes(null)) docTypes.add('null')
  const ourTypes = new Set<string>()
  let node = ours
  const branches = ours.anyOf as Json[] | undefined
  if (branches) {
    for (const b of branches) if (b.type === 'null') ourTypes.add('null')
    const rest = branches.filter((b) => b.type !== 'null')
    if (doc.oneOf) {
      if (rest.length !== doc.oneOf.length) problems.push(`${path}: ${doc.oneOf.length} alternatives, ours ${rest.length}`)
      doc.oneOf.forEach((d: Json, i: number) => rest[i] && compare(schemas, d, rest[i]!, `${path}|${i}`, problems))
      return
    }
    if (rest.length === 1) node = { ...rest[0], ...Object.fromEntries(Object.entries(ours).filter(([k]) => k !== 'anyOf')) }
    else for (const b of rest) ourTypes.add(b.type)
  }
  for (const t of [].concat(node.type ?? [])) ourTypes.add(t)
  if (docTypes.size && [...docTypes].sort().join() !== [...ourTypes].sort().join()) problems.push(`${path}: type ${[...docTypes]} vs ours ${[...ourTypes]}`)
  if (doc.enum) {
    const values = (d: unknown[]) => d.filter((v) => v !== null).sort().join()
    if (values(doc.enum) !== values(node.enum ?? [])) problems.push(`${path}: enum ${doc.enum} vs ours ${node.enum}`)
  }
  for (const key of LIMITS) {
    // An enum fixes the values: a length limit beside it only has to hold for each of them.
    if (doc.enum && (key === 'minLength' || key === 'maxLength')) {
      if (doc[key] === undefined) continue
      const ok = doc.enum.every((v: unknown) => typeof v !== 'string' || (key === 'minLength' ? v.length >= doc[key] : v.length <= doc[key]))
      if (!ok) problems.push(`${path}: ${key} ${doc[key]} excludes an enum value`)
      continue
    }
    const zero = (v: unknown) => (v === 0 && (key === 'minLength' || key === 'minItems') ? undefined : v)
    const theirs = zero(doc[key])
    const mine = SAFE.has(node[key]) ? undefined : zero(node[key])
    if (theirs !== mine) problems.push(`${path}: ${key} ${theirs} vs ours ${mine}`)
  }
  if (docTypes.has('object') || doc.properties) {
    const theirKeys = Object.keys(doc.properties ?? {}).sort().join()
    const ourKeys = Object.keys(node.properties ?? {}).sort().join()
    if (theirKeys !== ourKeys) problems.push(`${path}: properties [${theirKeys}] vs ours [${ourKeys}]`)
    if ((doc.required ?? []).sort().join() !== (node.required ?? []).sort().join()) problems.push(`${path}: required ${doc.required} vs ours ${node.required}`)
    const closed = (a: unknown) => a === false
    if (closed(doc.additionalProperties) !== closed(node.additionalProperties)) problems.push(`${path}: additionalProperties ${doc.additionalProperties} vs ours ${JSON.stringify(node.additionalProperties)}`)
    if (typeof doc.additionalProperties === 'object' && typeof node.additionalProperties === 'object') {
      compare(schemas, doc.additionalProperties, node.additionalProperties, `${path}.*`, problems)
    }
    for (const [key, value] of Object.entries<Json>(doc.properties ?? {})) {
      if (node.properties?.[key]) compare(schemas, value, node.properties[key], `${path}.${key}`, problems)
    }
  }
  if (doc.items && node.items) compare(schemas, doc.items, node.items, `${path}[]`, problems)
}

const ROOTS: Record<string, z.ZodType> = { ...client, ...user, ...connection, ...clientGrant }

describe('generated request schemas', () => {
  const schemas = components()
  for (const [name, schema] of Object.entries(ROOTS)) {
    it(`${name} accepts what Auth0's document describes, with its types, enums and limits`, () => {
      const problems: string[] = []
      compare(schemas, { $ref: `#/components/schemas/${name}` }, z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) as Json, name, problems)
      expect(problems).toEqual([])
    })
  }

  it('covers every request body of the four resources', () => {
    expect(Object.keys(ROOTS).sort()).toEqual([
      'CreateClientGrantRequestContent', 'CreateClientRequestContent', 'CreateConnectionRequestContent', 'CreateUserRequestContent',
      'UpdateClientGrantRequestContent', 'UpdateClientRequestContent', 'UpdateConnectionRequestContent', 'UpdateUserRequestContent',
    ])
  })

  it('has a reason for every overlay change', () => {
    for (const change of [...overlay.narrowings, ...overlay.widenings, ...overlay.additions]) expect(change.reason.length).toBeGreaterThan(20)
  })
})
