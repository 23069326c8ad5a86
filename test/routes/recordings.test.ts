import { describe, expect, it } from 'vitest'
import goAuth0 from '../data/auth0-recordings/go-auth0.json'
import terraform from '../data/auth0-recordings/terraform.json'
import { call } from '../helpers/api'

/**
 * Replays request bodies that Auth0's own test suites sent to live tenants (go-auth0's and the
 * Terraform provider's recordings, extracted by scripts/extract-recordings.py): each cassette's
 * requests to /clients, /users, /connections and /client-grants in recorded order, each expected to
 * answer the status Auth0 answered. Ids Auth0 gave are mapped to the ones we give as the replay goes.
 * Every answer also goes through the contract checks of helpers/api.ts.
 *
 * Left out by the extraction, each for a stated reason: refusals that come from Auth0 rules beyond the
 * request schema (connection attribute semantics, tenant custom domains, express_configuration clients,
 * profile ids), request fields newer than the July 2026 document that Auth0's own strict connection
 * responses could not carry back (cross_app_access_*, my_organization_configuration.invitation_landing_client_id),
 * grants made by default for third-party clients (no client_id), and cassettes acting on resources
 * made through endpoints outside these four (e.g. /clients/register).
 */
interface Step {
  method: string
  path: string
  status: number
  body?: unknown
  id?: string
}
interface Cassette {
  cassette: string
  steps: Step[]
}

const ID_KEY: Record<string, string> = { clients: 'client_id', users: 'user_id', connections: 'id', 'client-grants': 'id' }

/**
 * The APIs the cassette's grants name, with every scope its grant requests use: on Auth0 they existed
 * (made by steps outside the four resources, or before the recording), and here a grant's audience
 * must name a resource server defining its scopes. Created before the replay; their paths to delete after.
 */
async function apisFor(steps: Step[]): Promise<string[]> {
  const grants = steps.filter((s) => s.path.startsWith('/client-grants') && s.body && typeof s.body === 'object') as (Step & { body: Record<string, unknown> })[]
  const scopes = new Set(grants.flatMap((s) => (Array.isArray(s.body.scope) ? (s.body.scope as string[]) : [])))
  const audiences = new Set(grants.map((s) => s.body.audience).filter((a): a is string => typeof a === 'string'))
  const made: string[] = []
  for (const identifier of audiences) {
    const res = await call('POST', '/api/v2/resource-servers', { identifier, scopes: [...scopes].map((value) => ({ value })) })
    if (res.status === 201) made.push(`/resource-servers/${(res.body as { id: string }).id}`)
  }
  return made
}

async function replay({ steps }: Cassette): Promise<string[]> {
  const ids = new Map<string, string>()
  const made: string[] = await apisFor(steps)
  const failures: string[] = []
  const deleted = new Set<string>()
  const mapped = (text: string) => {
    for (const [recorded, ours] of ids) {
      text = text.split(encodeURIComponent(recorded)).join(encodeURIComponent(ours)).split(recorded).join(ours)
    }
    return text
  }
  for (const [i, step] of steps.entries()) {
    const path = mapped(step.path)
    const body = step.body === undefined ? undefined : JSON.parse(mapped(JSON.stringify(step.body)))
    try {
      const res = await call(step.method, `/api/v2${path}`, body)
      // Auth0 deletes connections in the background: a second DELETE right after the first was recorded
      // as 202 again, and as 204 once the deletion was done. Here it is done at once, so it is 204.
      const again = step.method === 'DELETE' && step.status === 202 && deleted.has(path) && res.status === 204
      if (step.method === 'DELETE') deleted.add(path)
      if (res.status !== step.status && !again) failures.push(`#${i} ${step.method} ${step.path}: ${res.status} (Auth0 ${step.status}) ${JSON.stringify(res.body).slice(0, 300)}`)
      if (step.id && res.status === 201) {
        const resource = path.split('/')[1]!
        const ours = (res.body as Record<string, string>)[ID_KEY[resource]!]!
        ids.set(step.id, ours)
        made.push(`/${resource}/${encodeURIComponent(ours)}`)
      }
    } catch (err) {
      failures.push(`#${i} ${step.method} ${step.path}: ${(err as Error).message.slice(0, 300)}`)
    }
  }
  // What the cassette left behind would clash with a later cassette's names and emails (the APIs go last).
  for (const path of made.reverse()) await call('DELETE', `/api/v2${path}`)
  return failures
}

for (const [suite, data] of [['go-auth0', goAuth0], ['terraform-provider-auth0', terraform]] as const) {
  describe(`${suite} recordings (${data.source})`, () => {
    for (const cassette of data.cassettes as Cassette[]) {
      it(`${cassette.cassette}: ${cassette.steps.length} requests answer Auth0's status`, async () => {
        expect(await replay(cassette)).toEqual([])
      })
    }
  })
}
