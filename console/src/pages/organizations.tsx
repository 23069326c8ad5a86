import { useState } from 'preact/hooks'
import { ErrorNote } from '../components/error-note'
import { Field } from '../components/field'
import { Pager } from '../components/pager'
import { MissingScope, ScopedButton } from '../components/scoped-button'
import { seg } from '../lib/api'
import { useConsole } from '../lib/context'
import { checkpointPage, usePages } from '../lib/paging'
import { href, navigate } from '../lib/route'
import type { Organization } from '../lib/types'
import { useAction } from '../lib/use-async'

const PAGE_SIZE = 50

export function OrganizationsPage() {
  const { can } = useConsole()
  return (
    <>
      <div class="page-head">
        <h1>Organizations</h1>
        <ScopedButton need="createOrganization" class="primary" onClick={() => navigate(href.newOrganization())}>
          Create organization
        </ScopedButton>
      </div>
      <FindByName />
      {can('listOrganizations') ? <OrganizationList /> : <MissingScope need="listOrganizations" />}
    </>
  )
}

function OrganizationList() {
  const { api } = useConsole()
  // Checkpoint paging (take/from): each page is one keyset read, however deep.
  const pages = usePages(async (from: string | undefined) =>
    checkpointPage<Organization>(await api.get('/organizations', { take: PAGE_SIZE, from }), 'organizations'),
  )
  const items = pages.data?.items
  return (
    <section aria-labelledby="org-list-title">
      <h2 id="org-list-title">All organizations</h2>
      <ErrorNote error={pages.error} />
      {pages.loading && !items && <p aria-live="polite">Loading…</p>}
      {items && items.length === 0 && <p>No organizations yet.</p>}
      {items && items.length > 0 && (
        <table class="list" aria-busy={pages.loading || undefined}>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Display name</th>
              <th scope="col">ID</th>
            </tr>
          </thead>
          <tbody>
            {items.map((o) => (
              <tr key={o.id}>
                <td data-label="Name">
                  <a href={href.organization(o.id)}>{o.name}</a>
                </td>
                <td data-label="Display name">{o.display_name ?? '—'}</td>
                <td data-label="ID">
                  <code>{o.id}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager
        label="Organization"
        page={pages.index}
        hasPrevious={pages.hasPrevious}
        hasNext={pages.hasNext}
        onPrevious={pages.previous}
        onNext={pages.next}
        busy={pages.loading}
      />
    </section>
  )
}

function FindByName() {
  const { api } = useConsole()
  const [name, setName] = useState('')
  const action = useAction()
  const submit = async (e: Event) => {
    e.preventDefault()
    let org: Organization | undefined
    if (await action.run(async () => (org = await api.get<Organization>(`/organizations/name/${seg(name.trim())}`)))) {
      navigate(href.organization(org!.id))
    }
  }
  return (
    <form class="inline-form" onSubmit={submit} role="search" aria-label="Find an organization by name">
      <Field label="Find by name">
        {(p) => <input {...p} required maxLength={50} value={name} onInput={(e) => setName(e.currentTarget.value)} spellcheck={false} autocapitalize="off" />}
      </Field>
      <ScopedButton need="findOrganizationByName" type="submit" busy={action.busy}>
        Find
      </ScopedButton>
      <ErrorNote error={action.error} />
    </form>
  )
}
