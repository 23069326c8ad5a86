// Runs in Node when vitest loads its config: compiles Auth0's OpenAPI documents into validators for the
// contract checker (test/helpers/contract.ts). workerd may not compile code at run time, so ajv runs
// here and its standalone output is served to the tests as a virtual module: nothing is written to disk.
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { resolve } from 'node:path'
import { _ } from 'ajv'
import Ajv2020 from 'ajv/dist/2020.js'
import standaloneCode from 'ajv/dist/standalone/index.js'
import type { Plugin } from 'vite'
import { CONTRACT_EXCEPTIONS, type ContractException } from '../test/helpers/contract-exceptions.ts'
import { CONTRACT_FORMATS } from '../test/helpers/contract-formats.ts'
import { LOCAL_CONTRACT } from '../test/helpers/contract-local.ts'
import type { ContractOperation } from '../test/helpers/contract-operation.ts'

type Json = Record<string, any>

export const CONTRACT_MODULE = 'virtual:auth0-contract'
export const DOCUMENTS_MODULE = 'virtual:auth0-contract/documents'
const VALIDATOR_MODULE = 'virtual:auth0-contract/validator/'

interface Contract {
  ajv: InstanceType<typeof Ajv2020>
  operations: ContractOperation[]
  validatorNames: string[]
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch']

export interface Auth0Documents {
  organizations: Json
  tenant: Json
  management: Json
}

/** Auth0's documents, carried in contract/ (see contract/README.md). */
export function readAuth0Documents(root: string): Auth0Documents {
  const read = (name: string) => {
    const text = readFileSync(resolve(root, 'contract', name), 'utf8')
    // The project's shared reference, where it is laid beside the repository (as in CI): the copy must match it.
    const shared = resolve(root, '../shared/contract', name)
    if (existsSync(shared) && readFileSync(shared, 'utf8') !== text) {
      throw new Error(`contract/${name} differs from ../shared/contract/${name}: copy the shared one again`)
    }
    return JSON.parse(text) as Json
  }
  return {
    organizations: read('auth0-organizations.openapi.json'),
    tenant: read('auth0-tenant-entities.openapi.json'),
    management: read('auth0-management-2026-07.openapi.json'),
  }
}

/**
 * Serves `virtual:auth0-contract` (the operation table, and one lazy import per validator) and each
 * validator as its own module, compiled on first import: a test file loads only the validators of the
 * operations it calls (Auth0's client schemas alone compile to ~200 kB each).
 */
export function auth0Contract(root: string): Plugin {
  let documents: Auth0Documents | undefined
  let contract: Contract | undefined
  const docs = () => (documents ??= readAuth0Documents(root))
  const built = () => (contract ??= buildContract(docs()))
  const formatsModule = resolve(root, 'test/helpers/contract-formats.ts')
  return {
    name: 'auth0-contract',
    resolveId: (id) => (id.startsWith(CONTRACT_MODULE) ? `\0${id}` : undefined),
    load(id) {
      if (!id.startsWith(`\0${CONTRACT_MODULE}`)) return undefined
      const name = id.slice(1)
      if (name === CONTRACT_MODULE) return indexModule(built())
      if (name === DOCUMENTS_MODULE) return `export const documents = ${JSON.stringify(docs())};`
      if (name.startsWith(VALIDATOR_MODULE)) return validatorModule(built(), name.slice(VALIDATOR_MODULE.length), formatsModule)
      return undefined
    },
  }
}

/**
 * Applies the exceptions, checks the formats, and registers one schema per operation status (compiled
 * lazily). An operation described by several documents is checked against the first of them in this
 * order: the classic documents (behaviour.md's reference), our local fragment, then Auth0's 2026
 * document, which covers what the others lack (organization connections, discovery domains, ...).
 */
export function buildContract(docs: Auth0Documents): Contract {
  const sources: Record<ContractOperation['source'], Json> = {
    organizations: structuredClone(docs.organizations),
    tenant: structuredClone(docs.tenant),
    local: structuredClone(LOCAL_CONTRACT),
    management: structuredClone(docs.management),
  }
  keepFirstDescription(sources)
  checkFormats(sources)
  for (const exception of CONTRACT_EXCEPTIONS) applyException(sources, exception)

  const ajv = new Ajv2020({
    strict: false, // OpenAPI keywords (example, x-*) are not JSON Schema's
    unicodeRegExp: false, // Auth0's patterns escape characters (`\:`) that the `u` flag refuses
    allErrors: false,
    code: { source: true, esm: true, formats: _`__formats` },
  })
  for (const [name, format] of Object.entries(CONTRACT_FORMATS)) ajv.addFormat(name, format)
  for (const [id, doc] of Object.entries(sources)) ajv.addSchema(doc, id)

  const operations: ContractOperation[] = []
  const validatorNames = ['auth0Error', 'eventMessage']
  ajv.addSchema({ $ref: 'local#/components/schemas/Auth0Error' }, 'auth0Error')
  // One message of GET /events, and (wrapped as one) the CloudEvent a webhook is sent: test/helpers/events.ts.
  ajv.addSchema({ $ref: 'management#/components/schemas/EventStreamSubscribeEventsResponseContent' }, 'eventMessage')
  for (const [source, doc] of Object.entries(sources) as [ContractOperation['source'], Json][]) {
    for (const [template, item] of Object.entries<Json>(doc.paths)) {
      for (const method of METHODS.filter((m) => item[m])) {
        const op = item[method]
        const responses: Record<string, string | null> = {}
        const streams: Record<string, string> = {}
        for (const [status, response] of Object.entries<Json>(op.responses ?? {})) {
          responses[status] = null
          if (response.content?.['text/event-stream']?.schema) {
            const name = `${op.operationId}_${status}_stream`.replace(/[^A-Za-z0-9_]/g, '_')
            ajv.addSchema({ $ref: `${source}#${pointer(['paths', template, method, 'responses', status, 'content', 'text/event-stream', 'schema'])}` }, name)
            validatorNames.push(name)
            streams[status] = name
          }
          if (!response.content?.['application/json']?.schema) continue
          const name = `${op.operationId}_${status}`.replace(/[^A-Za-z0-9_]/g, '_')
          ajv.addSchema({ $ref: `${source}#${pointer(['paths', template, method, 'responses', status, 'content', 'application/json', 'schema'])}` }, name)
          validatorNames.push(name)
          responses[status] = name
        }
        operations.push({ method: method.toUpperCase(), template, source, operationId: op.operationId, responses, streams })
      }
    }
  }
  return { ajv, operations, validatorNames }
}

function indexModule({ operations, validatorNames }: Contract): string {
  const loaders = validatorNames.map((name) => `  ${name}: () => import(${JSON.stringify(VALIDATOR_MODULE + name)}),`)
  return [`export const operations = ${JSON.stringify(operations)};`, `export const validators = {`, ...loaders, `};`].join('\n')
}

function validatorModule({ ajv, validatorNames }: Contract, name: string, formatsModule: string): string {
  if (!validatorNames.includes(name)) throw new Error(`contract: no validator ${name}`)
  return [
    `import { CONTRACT_FORMATS as __formats } from ${JSON.stringify(formatsModule)};`,
    inlineRuntime(standaloneCode(ajv, { validate: name })),
  ].join('\n')
}

/** ajv's standalone code `require`s small runtime helpers; workerd modules cannot, so their source is inlined. */
function inlineRuntime(code: string): string {
  return code.replace(/require\("(ajv\/dist\/runtime\/[a-z0-9]+)"\)\.default/g, (_m, path: string) => {
    const helper = (createRequire(import.meta.url)(path) as { default: unknown }).default
    if (typeof helper !== 'function') throw new Error(`contract: cannot inline ${path}`)
    return `(${helper.toString()})`
  })
}

/** Path templates with their parameters blanked: one document says {connectionId} where another says {connection_id}. */
const shape = (template: string) => template.replace(/\{\w+\}/g, '{}')

/** Drops every operation an earlier source already describes, so each is checked against one document. */
function keepFirstDescription(sources: Record<string, Json>): void {
  const seen = new Set<string>()
  for (const doc of Object.values(sources)) {
    for (const [template, item] of Object.entries<Json>(doc.paths)) {
      for (const method of METHODS.filter((m) => item[m])) {
        const key = `${method} ${shape(template)}`
        if (seen.has(key)) delete item[method]
        seen.add(key)
      }
      if (!METHODS.some((m) => item[m])) delete doc.paths[template]
    }
  }
}

function checkFormats(sources: Record<string, Json>): void {
  const unknown = new Set<string>()
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object') return
    const format = (node as Json).format
    if (typeof format === 'string' && !(format in CONTRACT_FORMATS)) unknown.add(format)
    Object.values(node).forEach(walk)
  }
  walk(sources)
  if (unknown.size) throw new Error(`contract: formats without a validator in contract-formats.ts: ${[...unknown].join(', ')}`)
}

function findOperations(sources: Record<string, Json>, spec: string): { source: string; key: string; op: Json }[] {
  const found: { source: string; key: string; op: Json }[] = []
  for (const [source, doc] of Object.entries(sources)) {
    for (const [template, item] of Object.entries<Json>(doc.paths)) {
      for (const method of METHODS.filter((m) => item[m])) {
        const key = `${method.toUpperCase()} ${template}`
        if (spec === '*' || spec === key) found.push({ source, key, op: item[method] })
      }
    }
  }
  if (found.length === 0) throw new Error(`contract exception: no operation ${spec} in the documents`)
  return found
}

function applyException(sources: Record<string, Json>, ex: ContractException): void {
  const specs = Array.isArray(ex.operations) ? ex.operations : [ex.operations]
  const status = String(ex.status)
  for (const { source, key, op } of specs.flatMap((spec) => findOperations(sources, spec))) {
    const responses = op.responses as Json
    const where = `contract exception ${key} ${status}`
    if (ex.sameAs !== undefined || ex.undocumented) {
      if (responses[status]) {
        if (specs.includes('*')) continue
        throw new Error(`${where}: the document now lists ${status}; drop the exception`)
      }
      if (ex.sameAs !== undefined && !responses[String(ex.sameAs)]) throw new Error(`${where}: no ${ex.sameAs} to borrow`)
      responses[status] = ex.sameAs !== undefined ? structuredClone(responses[String(ex.sameAs)]) : { description: ex.reason }
    }
    if (ex.body) {
      if (!responses[status] || responses[status].content) throw new Error(`${where}: not a documented status without a body`)
      responses[status] = { description: ex.reason, content: { 'application/json': { schema: ex.body } } }
    }
    if (ex.replacesBody) {
      if (!responses[status]?.content?.['application/json']?.schema) throw new Error(`${where}: no documented body to replace`)
      responses[status] = { description: ex.reason, content: { 'application/json': { schema: ex.replacesBody } } }
    }
    if (ex.component) patchComponent(sources, source, key, status, ex.component)
    if (ex.oneOfAsAnyOf) oneOfAsAnyOf(sources[source]!, key, status, responses[status])
  }
}

function oneOfAsAnyOf(doc: Json, key: string, status: string, response: Json | undefined): void {
  const where = `contract exception ${key} ${status}`
  const inline = response?.content?.['application/json']?.schema
  // GET /clients spells its oneOf in the response itself rather than in a component.
  if (inline?.oneOf) {
    inline.anyOf = inline.oneOf
    delete inline.oneOf
    return
  }
  const ref: unknown = inline?.$ref
  if (typeof ref !== 'string' || !ref.startsWith('#/components/schemas/')) throw new Error(`${where}: no component schema`)
  const name = ref.slice('#/components/schemas/'.length)
  const schema = doc.components.schemas[name]
  const users = responseUsers(doc, name)
  if (users.join() !== `${key} ${status}`) throw new Error(`${where}: ${name} is answered by ${users.join(', ')}`)
  if (!schema.oneOf) throw new Error(`${where}: ${name} has no oneOf`)
  schema.anyOf = schema.oneOf
  delete schema.oneOf
}

function patchComponent(
  sources: Record<string, Json>,
  source: string,
  key: string,
  status: string,
  patch: NonNullable<ContractException['component']>,
): void {
  const doc = sources[source]!
  const schema = doc.components?.schemas?.[patch.name]
  const where = `contract exception ${key} ${status} (${patch.name})`
  if (!schema) throw new Error(`${where}: no such component`)
  const users = responseUsers(doc, patch.name)
  if (users.join() !== `${key} ${status}`) throw new Error(`${where}: answered by ${users.join(', ') || 'nothing'}, not only ${key} ${status}`)
  for (const name of patch.removeProperties ?? []) {
    if (!schema.properties?.[name]) throw new Error(`${where}: no property ${name}`)
    delete schema.properties[name]
  }
  for (const [name, prop] of Object.entries(patch.addProperties ?? {})) {
    if (schema.properties?.[name]) throw new Error(`${where}: the document now has ${name}`)
    schema.properties = { ...schema.properties, [name]: prop }
  }
}

/** `METHOD /template status` of every response whose schema reaches component `name` through $refs. */
function responseUsers(doc: Json, name: string): string[] {
  const target = `#/components/schemas/${name}`
  const reaches = (node: unknown, seen: Set<string>): boolean => {
    if (!node || typeof node !== 'object') return false
    const ref = (node as Json).$ref
    if (typeof ref === 'string' && ref.startsWith('#/components/schemas/')) {
      if (ref === target) return true
      if (seen.has(ref)) return false
      seen.add(ref)
      return reaches(doc.components.schemas[ref.slice('#/components/schemas/'.length)], seen)
    }
    return Object.values(node).some((child) => reaches(child, seen))
  }
  const users: string[] = []
  for (const [template, item] of Object.entries<Json>(doc.paths)) {
    for (const method of METHODS.filter((m) => item[m])) {
      for (const [status, response] of Object.entries<Json>(item[method].responses ?? {})) {
        if (reaches(response.content, new Set())) users.push(`${method.toUpperCase()} ${template} ${status}`)
      }
    }
  }
  return users
}

function pointer(tokens: string[]): string {
  return `/${tokens.map((t) => t.replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`
}
