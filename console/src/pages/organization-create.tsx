import { OrganizationForm } from '../components/organization-form'
import { useConsole } from '../lib/context'
import { createBody } from '../lib/org-draft'
import { useRetryKey } from '../lib/retry-key'
import { href, navigate } from '../lib/route'
import type { Organization } from '../lib/types'

export function NewOrganizationPage() {
  const { api, announce } = useConsole()
  const retry = useRetryKey()
  return (
    <>
      <p class="crumbs">
        <a href={href.organizations()}>Organizations</a> /
      </p>
      <h1>Create organization</h1>
      <OrganizationForm
        need="createOrganization"
        submitLabel="Create organization"
        onSubmit={async (draft) => {
          const body = createBody(draft)
          const org = await api.post<Organization>('/organizations', body, retry.keyFor(body))
          retry.forget()
          announce(`Organization ${org.name} created.`)
          navigate(href.organization(org.id))
        }}
      />
    </>
  )
}
