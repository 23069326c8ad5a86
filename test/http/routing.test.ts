import { describe, expect, it } from 'vitest'
import { api } from '../helpers/api'
import { createOrganization } from '../helpers/factories'

describe('routing', () => {
  // Auth0 routes /organizations/name/{name} before /organizations/{id}/...: an organization may be
  // called like a sub-resource (names allow lowercase letters, digits, '-' and '_').
  it.each(['members', 'invitations', 'enabled_connections', 'client-grants'])('finds the organization named %s by name', async (name) => {
    const org = await createOrganization({ name })
    const res = await api.get(`/api/v2/organizations/name/${name}`)
    expect(res.status).toBe(200)
    expect(res.body).toEqual(org)
  })

  it('keeps serving the sub-resources and name lookups of other organizations', async () => {
    const org = await createOrganization()
    expect((await api.get(`/api/v2/organizations/${org.id}/members`)).status).toBe(200)
    expect((await api.get(`/api/v2/organizations/name/${org.name}`)).body).toEqual(org)
  })
})
