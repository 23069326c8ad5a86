import type { Organization } from '../schemas/organization'

/**
 * ORG_INDEX: a derived, rebuildable index for GET /organizations/name/{name}. Two keys per org:
 *   name:<name> → the organization document
 *   id:<id>     → the org's current name (lets a hit detect a stale entry left by a failed rename)
 * D1 stays the truth; every KV failure is logged and swallowed, never failing a request D1 accepted.
 */
const nameKey = (name: string) => `name:${name}`
const idKey = (id: string) => `id:${id}`

/** Entries also expire, which bounds how long any missed invalidation could linger. */
const TTL_SECONDS = 24 * 3600

export async function lookupByName(kv: KVNamespace, name: string): Promise<Organization | null> {
  const doc = await safely(() => kv.get<Organization>(nameKey(name), 'json'), null)
  if (!doc) return null
  const current = await safely(() => kv.get(idKey(doc.id)), null)
  if (current === name && doc.name === name) return doc
  await safely(() => kv.delete(nameKey(name)), undefined)
  return null
}

export async function indexOrganization(kv: KVNamespace, org: Organization, previousName?: string): Promise<void> {
  await Promise.all([
    safely(() => kv.put(nameKey(org.name), JSON.stringify(org), { expirationTtl: TTL_SECONDS }), undefined),
    safely(() => kv.put(idKey(org.id), org.name, { expirationTtl: TTL_SECONDS }), undefined),
    previousName && previousName !== org.name ? safely(() => kv.delete(nameKey(previousName)), undefined) : undefined,
  ])
}

export async function unindexOrganization(kv: KVNamespace, id: string, name: string): Promise<void> {
  await Promise.all([safely(() => kv.delete(nameKey(name)), undefined), safely(() => kv.delete(idKey(id)), undefined)])
}

async function safely<T>(op: () => Promise<T>, fallback: T): Promise<T> {
  try {
    return await op()
  } catch (err) {
    console.error(JSON.stringify({ level: 'warn', msg: 'org index (KV) operation failed', error: String(err) }))
    return fallback
  }
}
