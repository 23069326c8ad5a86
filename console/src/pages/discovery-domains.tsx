import { useState } from 'preact/hooks'
import { Confirm } from '../components/confirm'
import { ErrorNote } from '../components/error-note'
import { Field } from '../components/field'
import { Pager } from '../components/pager'
import { MissingScope, ScopedButton } from '../components/scoped-button'
import { seg } from '../lib/api'
import { useConsole } from '../lib/context'
import { checkpointPage, usePages } from '../lib/paging'
import type { DiscoveryDomain } from '../lib/types'
import { useRetryKey } from '../lib/retry-key'
import { useAction } from '../lib/use-async'

const PAGE_SIZE = 50

/** Email domains that lead users of that domain to this organization at login (behaviour-2026 §3). */
export function DiscoveryDomainsTab({ orgId }: { orgId: string }) {
  const { can } = useConsole()
  return (
    <>
      <h2>Discovery domains</h2>
      <p class="hint">
        People whose email is at a verified domain are sent to this organization when they log in. Domains do not restrict who may join.
      </p>
      {can('listDomains') ? <DomainList orgId={orgId} /> : <MissingScope need="listDomains" />}
    </>
  )
}

function DomainList({ orgId }: { orgId: string }) {
  const { api, announce } = useConsole()
  const base = `/organizations/${seg(orgId)}/discovery-domains`
  const [removing, setRemoving] = useState<DiscoveryDomain>()
  const pages = usePages(async (from: string | undefined) => checkpointPage<DiscoveryDomain>(await api.get(base, { take: PAGE_SIZE, from }), 'domains'))
  const items = pages.data?.items
  return (
    <>
      <AddDomain base={base} onAdded={pages.restart} />
      <ErrorNote error={pages.error} />
      {items && items.length === 0 && !pages.hasPrevious && <p>No discovery domains.</p>}
      {items && items.length > 0 && (
        <table class="list">
          <thead>
            <tr>
              <th scope="col">Domain</th>
              <th scope="col">Status</th>
              <th scope="col">Used for discovery</th>
              <th scope="col">DNS TXT record to verify</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((d) => (
              <DomainRow key={d.id} base={base} domain={d} onChanged={pages.reload} onRemove={() => setRemoving(d)} />
            ))}
          </tbody>
        </table>
      )}
      <Pager label="Domain" page={pages.index} hasPrevious={pages.hasPrevious} hasNext={pages.hasNext} onPrevious={pages.previous} onNext={pages.next} busy={pages.loading} />
      {removing && (
        <Confirm
          title={`Remove ${removing.domain}?`}
          confirmLabel="Remove domain"
          onConfirm={async () => {
            await api.del(`${base}/${seg(removing.id)}`)
            announce(`Removed ${removing.domain}.`)
            pages.reload()
          }}
          onClose={() => setRemoving(undefined)}
        >
          <p>Users at this domain will no longer be led to this organization.</p>
        </Confirm>
      )}
    </>
  )
}

function DomainRow({ base, domain: d, onChanged, onRemove }: { base: string; domain: DiscoveryDomain; onChanged: () => void; onRemove: () => void }) {
  const { api, announce } = useConsole()
  const action = useAction()
  const update = (patch: Partial<Pick<DiscoveryDomain, 'status' | 'use_for_organization_discovery'>>, done: string) =>
    action.run(async () => {
      await api.patch(`${base}/${seg(d.id)}`, patch)
      announce(done)
      onChanged()
    })
  const verified = d.status === 'verified'
  return (
    <tr>
      <td data-label="Domain">{d.domain}</td>
      <td data-label="Status">{d.status}</td>
      <td data-label="Used for discovery">{d.use_for_organization_discovery ? 'yes' : 'no'}</td>
      <td data-label="DNS TXT record">
        <code>{d.verification_host}</code> = <code>{d.verification_txt}</code>
      </td>
      <td class="row-actions">
        <ScopedButton need="updateDomain" busy={action.busy} onClick={() => update({ status: verified ? 'pending' : 'verified' }, `${d.domain} marked ${verified ? 'pending' : 'verified'}.`)}>
          {verified ? 'Mark pending' : 'Mark verified'}
        </ScopedButton>
        <ScopedButton
          need="updateDomain"
          busy={action.busy}
          onClick={() => update({ use_for_organization_discovery: !d.use_for_organization_discovery }, `${d.domain} ${d.use_for_organization_discovery ? 'no longer' : 'now'} used for discovery.`)}
        >
          {d.use_for_organization_discovery ? 'Stop using for discovery' : 'Use for discovery'}
        </ScopedButton>
        <ScopedButton need="removeDomain" class="danger" onClick={onRemove} aria-label={`Remove ${d.domain}`}>
          Remove
        </ScopedButton>
        <ErrorNote error={action.error} />
      </td>
    </tr>
  )
}

function AddDomain({ base, onAdded }: { base: string; onAdded: () => void }) {
  const { api, announce } = useConsole()
  const [domain, setDomain] = useState('')
  const [status, setStatus] = useState<'pending' | 'verified'>('pending')
  const [useForDiscovery, setUseForDiscovery] = useState(true)
  const action = useAction()
  const retry = useRetryKey()
  const submit = async (e: Event) => {
    e.preventDefault()
    const body = { domain: domain.trim(), status, use_for_organization_discovery: useForDiscovery }
    const ok = await action.run(() => api.post(base, body, retry.keyFor(body)))
    if (ok) {
      retry.forget()
      announce(`Added ${domain.trim()}.`)
      setDomain('')
      onAdded()
    }
  }
  return (
    <form class="inline-form" onSubmit={submit} aria-label="Add a discovery domain">
      <Field label="Domain">
        {(p) => <input {...p} required minLength={3} maxLength={255} placeholder="example.com" value={domain} onInput={(e) => setDomain(e.currentTarget.value)} spellcheck={false} autocapitalize="off" />}
      </Field>
      <Field label="Status">
        {(p) => (
          <select {...p} value={status} onChange={(e) => setStatus(e.currentTarget.value as 'pending' | 'verified')}>
            <option value="pending">Pending</option>
            <option value="verified">Verified</option>
          </select>
        )}
      </Field>
      <label class="check">
        <input type="checkbox" checked={useForDiscovery} onChange={(e) => setUseForDiscovery(e.currentTarget.checked)} />
        Use for discovery
      </label>
      <ScopedButton need="addDomain" type="submit" class="primary" busy={action.busy}>
        Add domain
      </ScopedButton>
      <ErrorNote error={action.error} />
    </form>
  )
}
