import type { Organization } from '../schemas/organization'

/**
 * ORG_INDEX: a derived, rebuildable index for GET /organizations/name/{name}. Two keys per org:
 *   name:v2:<name> → {org, version}: the document and its version (written on create, rename, update and on a miss)
 *   id:v2:<id>     → `<version> <name>` of the org now, '' once deleted (written only by create, update and delete)
 * A hit is trusted unless the id key names another version or name, or the tombstone: a rename,
 * update or delete whose old entry survived, and a refill racing an update with an older row, are
 * all detected without asking D1. A refill after a miss writes one key only, never the id key, so
 * it cannot vouch for what it read. D1 stays the truth; every KV failure is logged and swallowed,
 * never failing a request D1 accepted.
 */
// `v2`: documents carry the version and the 2026 fields; entries of the older format are never read again and expire.
export const nameKey = (name: string) => `name:v2:${name}`
const idKey = (id: string) => `id:v2:${id}`

export interface Indexed {
  org: Organization
  version: number
}

/** Documents expire, which bounds how long any missed invalidation could linger. */
const TTL_SECONDS = 24 * 3600
/** A tombstone must outlive any document it could contradict. */
const TOMBSTONE_TTL_SECONDS = 2 * TTL_SECONDS

const stamp = ({ org, version }: Indexed) => `${version} ${org.name}`

export async function lookupByName(kv: KVNamespace, name: string): Promise<Indexed | null> {
  const entry = await safely(() => kv.get<Indexed>(nameKey(name), 'json'), null)
  if (!entry?.org) return null
  const current = await safely(() => kv.get(idKey(entry.org.id)), null)
  // No id key (an org indexed while KV was failing, or seeded): nothing contradicts the document.
  if (entry.org.name === name && (current === null || current === stamp(entry))) return entry
  await safely(() => kv.delete(nameKey(name)), undefined)
  return null
}

/** After a miss answered from D1: one write, the document only. */
export async function refillByName(kv: KVNamespace, entry: Indexed): Promise<void> {
  await safely(() => kv.put(nameKey(entry.org.name), JSON.stringify(entry), { expirationTtl: TTL_SECONDS }), undefined)
}

export async function indexOrganization(kv: KVNamespace, entry: Indexed, previousName?: string): Promise<void> {
  await Promise.all([
    refillByName(kv, entry),
    safely(() => kv.put(idKey(entry.org.id), stamp(entry)), undefined),
    previousName && previousName !== entry.org.name ? safely(() => kv.delete(nameKey(previousName)), undefined) : undefined,
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
