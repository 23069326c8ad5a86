import { useState } from 'preact/hooks'
import { Confirm } from '../components/confirm'
import { ConnectionSettingsFields, connectionBody, defaultConnectionDraft, type ConnectionDraft } from '../components/connection-settings'
import { Dialog } from '../components/dialog'
import { ErrorNote } from '../components/error-note'
import { Field } from '../components/field'
import { Pager } from '../components/pager'
import { MissingScope, ScopedButton } from '../components/scoped-button'
import { seg } from '../lib/api'
import { useConsole } from '../lib/context'
import { offsetPage, usePages } from '../lib/paging'
import type { Connection, OrgConnection } from '../lib/types'
import { useRetryKey } from '../lib/retry-key'
import { useAction, useLoad } from '../lib/use-async'

const PAGE_SIZE = 50

/** The organization's connections, through the 2026 API (/organizations/{id}/connections). */
export function ConnectionsTab({ orgId }: { orgId: string }) {
  const { can } = useConsole()
  return (
    <>
      <h2>Connections</h2>
      {can('listConnections') ? <ConnectionList orgId={orgId} /> : <MissingScope need="listConnections" />}
    </>
  )
}

function ConnectionList({ orgId }: { orgId: string }) {
  const { api, announce } = useConsole()
  const base = `/organizations/${seg(orgId)}/connections`
  const [editing, setEditing] = useState<OrgConnection>()
  const [removing, setRemoving] = useState<OrgConnection>()
  const pages = usePages(async (page: number | undefined) =>
    offsetPage<OrgConnection>(await api.get(base, { page: page ?? 0, per_page: PAGE_SIZE, include_totals: true }), 'connections', page ?? 0, PAGE_SIZE),
  )
  const items = pages.data?.items
  return (
    <>
      <AddConnection base={base} present={new Set(items?.map((c) => c.connection_id))} onAdded={pages.restart} />
      <ErrorNote error={pages.error} />
      {items && items.length === 0 && <p>No connections yet: members cannot log in to this organization.</p>}
      {items && items.length > 0 && (
        <table class="list">
          <thead>
            <tr>
              <th scope="col">Connection</th>
              <th scope="col">Enabled</th>
              <th scope="col">Membership on login</th>
              <th scope="col">Access level</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((c) => (
              <tr key={c.connection_id}>
                <td data-label="Connection">
                  {c.connection.name} <span class="muted">({c.connection.strategy})</span>
                  {c.organization_connection_name && <div class="muted">as {c.organization_connection_name}</div>}
                </td>
                <td data-label="Enabled">{c.is_enabled ? 'yes' : 'no'}</td>
                <td data-label="Membership on login">{c.assign_membership_on_login ? 'yes' : 'no'}</td>
                <td data-label="Access level">{c.organization_access_level}</td>
                <td class="row-actions">
                  <ScopedButton need="updateConnection" onClick={() => setEditing(c)} aria-label={`Settings of ${c.connection.name}`}>
                    Settings
                  </ScopedButton>
                  <ScopedButton need="removeConnection" class="danger" onClick={() => setRemoving(c)} aria-label={`Remove ${c.connection.name}`}>
                    Remove
                  </ScopedButton>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager label="Connection" page={pages.index} hasPrevious={pages.hasPrevious} hasNext={pages.hasNext} onPrevious={pages.previous} onNext={pages.next} busy={pages.loading} />
      {editing && <EditConnection base={base} connection={editing} onClose={() => (setEditing(undefined), pages.reload())} />}
      {removing && (
        <Confirm
          title={`Remove ${removing.connection.name}?`}
          confirmLabel="Remove connection"
          onConfirm={async () => {
            await api.del(`${base}/${seg(removing.connection_id)}`)
            announce(`Removed connection ${removing.connection.name}.`)
            pages.reload()
          }}
          onClose={() => setRemoving(undefined)}
        >
          <p>Members can no longer log in to this organization through it. The connection itself stays in the tenant.</p>
        </Confirm>
      )}
    </>
  )
}

function AddConnection({ base, present, onAdded }: { base: string; present: Set<string>; onAdded: () => void }) {
  const { api, can, announce } = useConsole()
  const tenant = useLoad(
    () => (can('readTenantConnections') ? api.get<Connection[]>('/connections', { per_page: 100 }) : Promise.resolve(undefined)),
    [],
  )
  const [connectionId, setConnectionId] = useState('')
  const [draft, setDraft] = useState<ConnectionDraft>(defaultConnectionDraft())
  const action = useAction()
  const retry = useRetryKey()
  const chosen = tenant.data?.find((c) => c.id === connectionId)
  const choices = tenant.data?.filter((c) => !present.has(c.id))
  const submit = async (e: Event) => {
    e.preventDefault()
    const body = { connection_id: connectionId.trim(), ...connectionBody(draft, chosen?.strategy === 'auth0', false) }
    const ok = await action.run(() => api.post(base, body, retry.keyFor(body)))
    if (ok) {
      retry.forget()
      announce(`Added connection ${chosen?.name ?? connectionId}.`)
      setConnectionId('')
      setDraft(defaultConnectionDraft())
      onAdded()
    }
  }
  return (
    <details class="add-panel">
      <summary>Add a connection</summary>
      <form onSubmit={submit}>
        <Field label="Connection">
          {(p) =>
            tenant.loading ? (
              <select {...p} disabled>
                <option>Loading connections…</option>
              </select>
            ) : choices ? (
              <select {...p} required value={connectionId} onChange={(e) => setConnectionId(e.currentTarget.value)}>
                <option value="">Choose a connection…</option>
                {choices.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name} ({c.strategy})
                  </option>
                ))}
              </select>
            ) : (
              <input {...p} required placeholder="con_…" value={connectionId} onInput={(e) => setConnectionId(e.currentTarget.value)} spellcheck={false} />
            )
          }
        </Field>
        <ErrorNote error={tenant.error} />
        <ConnectionSettingsFields draft={draft} set={(p) => setDraft((d) => ({ ...d, ...p }))} isDatabase={chosen ? chosen.strategy === 'auth0' : undefined} />
        <ErrorNote error={action.error} />
        <ScopedButton need="addConnection" type="submit" class="primary" busy={action.busy}>
          Add connection
        </ScopedButton>
      </form>
    </details>
  )
}

function EditConnection({ base, connection, onClose }: { base: string; connection: OrgConnection; onClose: () => void }) {
  const { api, announce } = useConsole()
  const [draft, setDraft] = useState(defaultConnectionDraft(connection))
  const action = useAction()
  const isDatabase = connection.connection.strategy === 'auth0'
  const submit = async (e: Event) => {
    e.preventDefault()
    if (await action.run(() => api.patch(`${base}/${seg(connection.connection_id)}`, connectionBody(draft, isDatabase, true)))) {
      announce(`Saved settings of ${connection.connection.name}.`)
      onClose()
    }
  }
  return (
    <Dialog title={`Settings of ${connection.connection.name}`} onClose={onClose}>
      <form onSubmit={submit}>
        <ConnectionSettingsFields draft={draft} set={(p) => setDraft((d) => ({ ...d, ...p }))} isDatabase={isDatabase} />
        <ErrorNote error={action.error} />
        <div class="actions">
          <ScopedButton need="updateConnection" type="submit" class="primary" busy={action.busy}>
            Save
          </ScopedButton>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  )
}
