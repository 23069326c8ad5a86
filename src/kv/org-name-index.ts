import type { Organization } from '../schemas/organization'

/**
 * ORG_INDEX: a derived, rebuildable index for GET /organizations/name/{name}. Two keys per org:
 *   name:v2:<name> → the organization document (written on create, rename, update and on a miss)
 *   id:<id>     → the org's current name, '' once deleted (written only by create, update and delete)
 * A hit is trusted unless the id key names another name or the tombstone: a rename or delete whose
 * old-name delete failed is detected without asking D1. A refill after a miss writes one key only,
 * never the id key, so a refill racing a rename cannot vouch for the old name.
 * D1 stays the truth; every KV failure is logged and swallowed, never failing a request D1 accepted.
 */
// `v2`: documents carry third_party_client_access and is_app_entitlement_active; older ones are never read again and expire.
export const nameKey = (name: string) => `name:v2:${name}`
const idKey = (id: string) => `id:${id}`

/** Documents expire, which bounds how long any missed invalidation could linger. */
const TTL_SECONDS = 24 * 3600
/** A tombstone must outlive any document it could contradict. */
const TOMBSTONE_TTL_SECONDS = 2 * TTL_SECONDS

export async function lookupByName(kv: KVNamespace, name: string): Promise<Organization | null> {
  const doc = await safely(() => kv.get<Organization>(nameKey(name), 'json'), null)
  if (!doc) return null
  const current = await safely(() => kv.get(idKey(doc.id)), null)
  // No id key (an org indexed while KV was failing, or seeded): nothing contradicts the document.
  if (doc.name === name && (current === null || current === name)) return doc
  await safely(() => kv.delete(nameKey(name)), undefined)
  return null
}

/** After a miss answered from D1: one write, the document only. */
export async function refillByName(kv: KVNamespace, org: Organization): Promise<void> {
  await safely(() => kv.put(nameKey(org.name), JSON.stringify(org), { expirationTtl: TTL_SECONDS }), undefined)
}

export async function indexOrganization(kv: KVNamespace, org: Organization, previousName?: string): Promise<void> {
  await Promise.all([
    refillByName(kv, org),
    safely(() => kv.put(idKey(org.id), org.name), undefined),
    previousName && previousName !== org.name ? safely(() => kv.delete(nameKey(previousName)), undefined) : undefined,
  ])
}

export async function unindexOrganization(kv: KVNamespace, id: string, name: string): Promise<void> {
  await Promise.all([
    safely(() => kv.delete(nameKey(name)), undefined),
    safely(() => kv.put(idKey(id), '', { expirationTtl: TOMBSTONE_TTL_SECONDS }), undefined),
  ])
}

async function safely<T>(op: () => Promise<T>, fallback: T): Promise<T> {
  try {
    return await op()
  } catch (err) {
    console.error(JSON.stringify({ level: 'warn', msg: 'org index (KV) operation failed', error: String(err) }))
    return fallback
  }
}
