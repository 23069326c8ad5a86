import { expect, expectStatus, raw, rejection } from './helpers.mjs'

export function register({ check, management, unique }) {
  // ---- organization invitations ----------------------------------------------------------

  check('invitations: create', async (ctx) => {
    const org = await management.organizations.create({ name: `sdk-smoke-inv-${unique}`, display_name: 'SDK Smoke' })
    ctx.cleanup(() => management.organizations.delete(org.id).catch(() => {}))
    const client = await management.clients.create({
      name: `sdk-smoke-inv-${unique}`,
      app_type: 'regular_web',
      organization_usage: 'allow',
      initiate_login_uri: 'https://app.example.com/login',
    })
    ctx.cleanup(() => management.clients.delete(client.client_id).catch(() => {}))
    const { data, status } = await raw(
      management.organizations.invitations.create(org.id, {
        inviter: { name: 'SDK Smoke' },
        invitee: { email: `sdk-smoke-${unique}@example.com` },
        client_id: client.client_id,
      }),
    )
    expectStatus(status, 201)
    expect(/^uinv_[A-Za-z0-9]{16}$/.test(data.id) && data.organization_id === org.id, `got ${JSON.stringify(data)}`)
    const url = `https://app.example.com/login?invitation=${data.ticket_id}&organization=${org.id}&organization_name=${org.name}`
    expect(data.invitation_url === url, `invitation_url ${data.invitation_url}`)
    Object.assign(ctx, { invOrg: org, invitation: data })
    return `${status}, email queued for ${data.invitee.email} (see the dev server log)`
  })

  check('invitations: list', async (ctx) => {
    const [org, invitation] = [ctx.need('invOrg'), ctx.need('invitation')]
    const page = await management.organizations.invitations.list(org.id)
    expectStatus(page.rawResponse.status, 200)
    expect(page.data.length === 1 && page.data[0].id === invitation.id, `got ${JSON.stringify(page.data)}`)
    return `${page.rawResponse.status}, ${page.data.length} item`
  })

  check('invitations: get', async (ctx) => {
    const [org, invitation] = [ctx.need('invOrg'), ctx.need('invitation')]
    const { data, status } = await raw(management.organizations.invitations.get(org.id, invitation.id))
    expectStatus(status, 200)
    expect(JSON.stringify(data) === JSON.stringify(invitation), `got ${JSON.stringify(data)}`)
    return `${status}`
  })

  check('invitations: delete', async (ctx) => {
    const [org, invitation] = [ctx.need('invOrg'), ctx.need('invitation')]
    // Let the queue (batches wait up to 1 s) send the email first: a deleted invitation's email is never sent.
    await new Promise((resolve) => setTimeout(resolve, 2500))
    const { status } = await raw(management.organizations.invitations.delete(org.id, invitation.id))
    expectStatus(status, 204)
    const err = await rejection(() => management.organizations.invitations.get(org.id, invitation.id))
    expect(err.statusCode === 404 && err.body?.errorCode === 'inexistent_invitation', `get after delete: ${JSON.stringify(err.body)}`)
    return `${status}, then get → 404 inexistent_invitation`
  })
}
