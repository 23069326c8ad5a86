import { useState } from 'preact/hooks'
import { Confirm } from '../components/confirm'
import { OrganizationForm } from '../components/organization-form'
import { ScopedButton } from '../components/scoped-button'
import { seg } from '../lib/api'
import { useConsole } from '../lib/context'
import { patchBody } from '../lib/org-draft'
import { href, navigate } from '../lib/route'
import type { Organization } from '../lib/types'

export function SettingsTab({ org, onSaved }: { org: Organization; onSaved: (org: Organization) => void }) {
  const { api, announce } = useConsole()
  const [deleting, setDeleting] = useState(false)
  // The form starts from the organization as loaded; a new version (after saving) starts it afresh.
  const version = JSON.stringify(org)
  return (
    <>
      <h2 class="visually-hidden">Settings</h2>
      <OrganizationForm
        key={version}
        org={org}
        need="updateOrganization"
        submitLabel="Save changes"
        onSubmit={async (draft) => {
          const body = patchBody(org, draft)
          if (Object.keys(body).length === 0) return announce('Nothing to save: no field changed.')
          // The answer is the organization as saved: the form starts again from it.
          onSaved(await api.patch<Organization>(`/organizations/${seg(org.id)}`, body))
          announce(`Organization ${draft.name.trim()} saved.`)
        }}
      />
      <section class="danger-zone" aria-labelledby="delete-title">
        <h3 id="delete-title">Delete this organization</h3>
        <p>Its members, invitations, connections and grants are removed with it. Users stay in the tenant.</p>
        <ScopedButton need="deleteOrganization" class="danger" onClick={() => setDeleting(true)}>
          Delete organization
        </ScopedButton>
      </section>
      {deleting && (
        <Confirm
          title={`Delete ${org.name}?`}
          confirmLabel="Delete organization"
          typeToConfirm={org.name}
          onConfirm={async () => {
            await api.del(`/organizations/${seg(org.id)}`)
            announce(`Organization ${org.name} deleted.`)
            navigate(href.organizations())
          }}
          onClose={() => setDeleting(false)}
        >
          <p>This cannot be undone.</p>
        </Confirm>
      )}
    </>
  )
}
