import { useState } from 'preact/hooks'
import { Confirm } from '../components/confirm'
import { ErrorNote } from '../components/error-note'
import { Field } from '../components/field'
import { Pager } from '../components/pager'
import { MissingScope, ScopedButton } from '../components/scoped-button'
import { seg } from '../lib/api'
import { useConsole } from '../lib/context'
import { offsetPage, usePages } from '../lib/paging'
import type { ClientGrant } from '../lib/types'
import { useRetryKey } from '../lib/retry-key'
import { useAction, useLoad } from '../lib/use-async'

const PAGE_SIZE = 50

/** Machine-to-machine access: client grants associated with the organization. */
export function ClientGrantsTab({ orgId }: { orgId: string }) {
  const { can } = useConsole()
  return (
    <>
      <h2>Client grants</h2>
      {can('listOrgGrants') ? <GrantList orgId={orgId} /> : <MissingScope need="listOrgGrants" />}
    </>
  )
}

function GrantList({ orgId }: { orgId: string }) {
  const { api, announce } = useConsole()
  const base = `/organizations/${seg(orgId)}/client-grants`
  const [removing, setRemoving] = useState<ClientGrant>()
  const pages = usePages(async (page: number | undefined) =>
    offsetPage<ClientGrant>(await api.get(base, { page: page ?? 0, per_page: PAGE_SIZE, include_totals: true }), 'client_grants', page ?? 0, PAGE_SIZE),
  )
  const items = pages.data?.items
  return (
    <>
      <AddGrant base={base} present={new Set(items?.map((g) => g.id))} onAdded={pages.restart} />
      <ErrorNote error={pages.error} />
      {items && items.length === 0 && !pages.hasPrevious && <p>No client grants are associated with this organization.</p>}
      {items && items.length > 0 && (
        <table class="list">
          <thead>
            <tr>
              <th scope="col">Grant</th>
              <th scope="col">Client</th>
              <th scope="col">Audience</th>
              <th scope="col">Scopes</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((g) => (
              <tr key={g.id}>
                <td data-label="Grant">
                  <code>{g.id}</code>
                </td>
                <td data-label="Client">
                  <code>{g.client_id}</code>
                </td>
                <td data-label="Audience">{g.audience}</td>
                <td data-label="Scopes">{g.scope.length ? g.scope.join(' ') : '—'}</td>
                <td class="row-actions">
                  <ScopedButton need="removeOrgGrant" class="danger" onClick={() => setRemoving(g)} aria-label={`Remove grant ${g.id}`}>
                    Remove
                  </ScopedButton>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager label="Client grant" page={pages.index} hasPrevious={pages.hasPrevious} hasNext={pages.hasNext} onPrevious={pages.previous} onNext={pages.next} busy={pages.loading} />
      {removing && (
        <Confirm
          title="Remove this client grant?"
          confirmLabel="Remove grant"
          onConfirm={async () => {
            await api.del(`${base}/${seg(removing.id)}`)
            announce(`Removed grant ${removing.id}.`)
            pages.reload()
          }}
          onClose={() => setRemoving(undefined)}
        >
          <p>
            Client <code>{removing.client_id}</code> can no longer get tokens for this organization through grant <code>{removing.id}</code>. The grant itself stays.
          </p>
        </Confirm>
      )}
    </>
  )
}

function AddGrant({ base, present, onAdded }: { base: string; present: Set<string>; onAdded: () => void }) {
  const { api, can, announce } = useConsole()
  const grants = useLoad(
    () => (can('readClientGrants') ? api.get<ClientGrant[]>('/client-grants', { per_page: 100 }) : Promise.resolve(undefined)),
    [],
  )
  const [grantId, setGrantId] = useState('')
  const action = useAction()
  const retry = useRetryKey()
  const choices = grants.data?.filter((g) => !present.has(g.id))
  const submit = async (e: Event) => {
    e.preventDefault()
    const body = { grant_id: grantId.trim() }
    if (await action.run(() => api.post(base, body, retry.keyFor(body)))) {
      retry.forget()
      announce(`Associated grant ${grantId.trim()}.`)
      setGrantId('')
      onAdded()
    }
  }
  return (
    <form class="inline-form" onSubmit={submit} aria-label="Associate a client grant">
      <Field label="Client grant" hint={choices ? undefined : 'The grant id, cgr_…'}>
        {(p) =>
          grants.loading ? (
            <select {...p} disabled>
              <option>Loading grants…</option>
            </select>
          ) : choices ? (
            <select {...p} required value={grantId} onChange={(e) => setGrantId(e.currentTarget.value)}>
              <option value="">Choose a grant…</option>
              {choices.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.client_id} → {g.audience} ({g.organization_usage ?? 'deny'})
                </option>
              ))}
            </select>
          ) : (
            <input {...p} required placeholder="cgr_…" value={grantId} onInput={(e) => setGrantId(e.currentTarget.value)} spellcheck={false} />
          )
        }
      </Field>
      <ScopedButton need="addOrgGrant" type="submit" class="primary" busy={action.busy}>
        Associate
      </ScopedButton>
      <ErrorNote error={grants.error ?? action.error} />
    </form>
  )
}
