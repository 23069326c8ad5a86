import { env } from 'cloudflare:workers'
import { expect } from 'vitest'

/**
 * Every counter of migrations/0008 recounted from the rows it counts, in one read (one transaction):
 * what disagrees is returned, so a test can expect `[]`. The counters of a deleted organization are
 * its own and go with its cleanup, so only live organizations' member-role counters are compared.
 */
export async function counterMismatches(): Promise<unknown[]> {
  const checks = [
    `SELECT 'organizations' AS counter, '' AS key, (SELECT organizations FROM tenant_counts) AS kept, (SELECT count(*) FROM organizations) AS counted`,
    `SELECT 'members' AS counter, id AS key, member_count AS kept, (SELECT count(*) FROM org_members WHERE org_id = o.id) AS counted FROM organizations o`,
    `SELECT 'connections' AS counter, id AS key, connection_count AS kept, (SELECT count(*) FROM org_connections WHERE org_id = o.id) AS counted FROM organizations o`,
    `SELECT 'enabled_connections' AS counter, id AS key, enabled_connection_count AS kept,
       (SELECT count(*) FROM org_connections WHERE org_id = o.id AND is_enabled = 1) AS counted FROM organizations o`,
    `SELECT 'user_organizations' AS counter, k.user_id AS key, coalesce(c.n, 0) AS kept, (SELECT count(*) FROM org_members WHERE user_id = k.user_id) AS counted
       FROM (SELECT user_id FROM user_organization_counts UNION SELECT user_id FROM org_members) k
       LEFT JOIN user_organization_counts c ON c.user_id = k.user_id`,
    `SELECT 'member_roles' AS counter, k.org_id || ' ' || k.user_id AS key, coalesce(c.n, 0) AS kept,
       (SELECT count(*) FROM org_member_roles WHERE org_id = k.org_id AND user_id = k.user_id) AS counted
       FROM (SELECT org_id, user_id FROM member_role_counts UNION SELECT org_id, user_id FROM org_member_roles) k
       LEFT JOIN member_role_counts c ON c.org_id = k.org_id AND c.user_id = k.user_id
       WHERE EXISTS (SELECT 1 FROM organizations WHERE id = k.org_id)`,
  ]
  const results = await env.DB.batch(checks.map((sql) => env.DB.prepare(`SELECT * FROM (${sql}) WHERE kept IS NOT counted`)))
  return results.flatMap((r) => r.results)
}

export async function expectCountersExact(): Promise<void> {
  expect(await counterMismatches()).toEqual([])
}

/** The D1 rows a request read and wrote, from the bench/test-mode headers. */
export const rowsOf = (res: { headers: Headers }) => ({
  read: Number(res.headers.get('x-d1-rows-read')),
  written: Number(res.headers.get('x-d1-rows-written')),
})
