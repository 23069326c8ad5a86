import { expect, expectStatus, raw, rejection } from './helpers.mjs'

export function register({ check, management, unique }) {
  // ---- organization client grants ---------------------------------------------------------

  check('org client grants: create', async (ctx) => {
    const org = await management.organizations.create({ name: `sdk-smoke-cg-${unique}` })
    ctx.cleanup(() => management.organizations.delete(org.id).catch(() => {}))
    const client = await management.clients.create({ name: `sdk-smoke-cg-${unique}`, app_type: 'non_interactive' })
    ctx.cleanup(() => management.clients.delete(client.client_id).catch(() => {}))
    const grants = []
    for (const n of [1, 2]) {
      grants.push(
        await management.clientGrants.create({
          client_id: client.client_id,
          audience: `https://sdk-smoke-${n}-${unique}.example.com/`,
          scope: ['read:things'],
          organization_usage: 'allow',
          allow_any_organization: true,
        }),
      )
    }
    for (const grant of grants) {
      const { data, status } = await raw(management.organizations.clientGrants.create(org.id, { grant_id: grant.id }))
      expectStatus(status, 201)
      // Auth0 answers `grant_id` here (the SDK's type says `id`).
      expect(data.grant_id === grant.id && data.audience === grant.audience, `got ${JSON.stringify(data)}`)
    }
    const again = await rejection(() => management.organizations.clientGrants.create(org.id, { grant_id: grants[0].id }))
    expect(again.statusCode === 409, `second create: ${again.statusCode ?? again.message}`)
    Object.assign(ctx, { cgOrg: org, cgClient: client, cgGrants: grants })
    return `201 ×2, again → 409`
  })

  check('org client grants: list with filters', async (ctx) => {
    const [org, client, [a, b]] = [ctx.need('cgOrg'), ctx.need('cgClient'), ctx.need('cgGrants')]
    const ids = async (request) => (await management.organizations.clientGrants.list(org.id, request)).data.map((g) => g.id).sort()
    const both = [a.id, b.id].sort()
    expect(JSON.stringify(await ids()) === JSON.stringify(both), 'unfiltered list')
    expect(JSON.stringify(await ids({ grant_ids: [a.id, b.id] })) === JSON.stringify(both), 'grant_ids (two)')
    expect(JSON.stringify(await ids({ grant_ids: [b.id] })) === JSON.stringify([b.id]), 'grant_ids (one)')
    expect(JSON.stringify(await ids({ audience: a.audience })) === JSON.stringify([a.id]), 'audience')
    expect(JSON.stringify(await ids({ client_id: client.client_id })) === JSON.stringify(both), 'client_id')
    const orgs = await management.clientGrants.organizations.list(a.id)
    expect(orgs.data.length === 1 && orgs.data[0].id === org.id, `grant organizations ${JSON.stringify(orgs.data)}`)
    return 'grant_ids, audience, client_id; grant → organizations'
  })

  check('org client grants: delete', async (ctx) => {
    const [org, [a, b]] = [ctx.need('cgOrg'), ctx.need('cgGrants')]
    const { status } = await raw(management.organizations.clientGrants.delete(org.id, a.id))
    expectStatus(status, 204)
    const left = (await management.organizations.clientGrants.list(org.id)).data.map((g) => g.id)
    expect(left.length === 1 && left[0] === b.id, `left ${JSON.stringify(left)}`)
    return `${status}`
  })
}
