import { useState } from 'preact/hooks'
import { seg } from '../lib/api'
import { useConsole } from '../lib/context'
import { TTL_DEFAULT_DAYS, TTL_MAX_DAYS, ttlSeconds } from '../lib/format'
import type { Client, EnabledConnection, Invitation, Role } from '../lib/types'
import { useRetryKey } from '../lib/retry-key'
import { asFailure, useAction, useLoad } from '../lib/use-async'
import { CopyField } from './copy-field'
import { ErrorNote } from './error-note'
import { Field } from './field'
import { ScopedButton } from './scoped-button'

interface Choices {
  clients?: Client[]
  connections?: EnabledConnection[]
  roles?: Role[]
  /** A list that could not be read: the form still works, with a text field or without that choice. */
  failure?: unknown
}

/** What the form offers to pick from, each read only if the token may, each failing on its own. */
function useChoices(orgId: string) {
  const { api, can } = useConsole()
  return useLoad<Choices>(async () => {
    const [clients, connections, roles] = await Promise.allSettled([
      can('readClients') ? api.get<Client[]>('/clients', { per_page: 100 }) : undefined,
      // The classic list holds exactly the connections enabled for the organization, which is what an
      // invitation may name.
      can('listConnections') ? api.get<EnabledConnection[]>(`/organizations/${seg(orgId)}/enabled_connections`, { per_page: 100 }) : undefined,
      can('readRoles') ? api.get<Role[]>('/roles', { per_page: 100 }) : undefined,
    ])
    const value = <T,>(r: PromiseSettledResult<T>) => (r.status === 'fulfilled' ? r.value : undefined)
    const failed = [clients, connections, roles].find((r) => r.status === 'rejected') as PromiseRejectedResult | undefined
    return {
      // Invitations need an application that allows organizations.
      clients: value(clients)?.filter((c) => c.organization_usage === 'allow' || c.organization_usage === 'require'),
      connections: value(connections),
      roles: value(roles),
      failure: failed?.reason,
    }
  }, [orgId])
}

/** Invite someone by email: application, optional connection and roles, and how long the link lives. */
export function InvitationCreate({ orgId, onCreated }: { orgId: string; onCreated: () => void }) {
  const { api, announce } = useConsole()
  const choices = useChoices(orgId)
  const [inviter, setInviter] = useState('')
  const [email, setEmail] = useState('')
  const [clientId, setClientId] = useState('')
  const [connectionId, setConnectionId] = useState('')
  const [roles, setRoles] = useState<string[]>([])
  const [days, setDays] = useState(TTL_DEFAULT_DAYS)
  const [sendEmail, setSendEmail] = useState(true)
  const [created, setCreated] = useState<Invitation>()
  const action = useAction()
  const retry = useRetryKey()
  const { clients, connections, roles: allRoles } = choices.data ?? {}

  const submit = async (e: Event) => {
    e.preventDefault()
    const body = {
      inviter: { name: inviter.trim() },
      invitee: { email: email.trim() },
      client_id: clientId.trim(),
      ...(connectionId && { connection_id: connectionId }),
      ...(roles.length && { roles }),
      ttl_sec: ttlSeconds(days),
      send_invitation_email: sendEmail,
    }
    let invitation: Invitation | undefined
    if (await action.run(async () => (invitation = await api.post<Invitation>(`/organizations/${seg(orgId)}/invitations`, body, retry.keyFor(body))))) {
      retry.forget()
      setCreated(invitation)
      announce(`Invited ${invitation!.invitee.email}.`)
      setEmail('')
      setRoles([])
      onCreated()
    }
  }

  return (
    <form class="invite" onSubmit={submit} aria-label="Invite someone">
      <div class="grid">
        <Field label="Invitee email">
          {(p) => <input {...p} type="email" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} autocomplete="off" />}
        </Field>
        <Field label="Inviter name" hint="Shown in the email as who invited them.">
          {(p) => <input {...p} required maxLength={300} value={inviter} onInput={(e) => setInviter(e.currentTarget.value)} />}
        </Field>
        <Field label="Application" hint={clients ? 'Applications that allow organizations.' : 'The client id of an application that allows organizations.'}>
          {(p) =>
            choices.loading ? (
              <select {...p} disabled>
                <option>Loading applications…</option>
              </select>
            ) : clients ? (
              <select {...p} required value={clientId} onChange={(e) => setClientId(e.currentTarget.value)}>
                <option value="">Choose an application…</option>
                {clients.map((c) => (
                  <option key={c.client_id} value={c.client_id}>
                    {c.name}
                  </option>
                ))}
              </select>
            ) : (
              <input {...p} required value={clientId} onInput={(e) => setClientId(e.currentTarget.value)} spellcheck={false} />
            )
          }
        </Field>
        {connections && (
          <Field label="Connection" hint="Optional: the connection the invitee signs up with.">
            {(p) => (
              <select {...p} value={connectionId} onChange={(e) => setConnectionId(e.currentTarget.value)}>
                <option value="">Any</option>
                {connections.map((c) => (
                  <option key={c.connection_id} value={c.connection_id}>
                    {c.connection.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <Field label="Expires after (days)" hint={`1 to ${TTL_MAX_DAYS}.`}>
          {(p) => <input {...p} type="number" min={1} max={TTL_MAX_DAYS} step="any" required value={days} onInput={(e) => setDays(Number(e.currentTarget.value))} />}
        </Field>
      </div>
      {allRoles && allRoles.length > 0 && (
        <fieldset class="roles">
          <legend>Roles given on joining</legend>
          {allRoles.map((r) => (
            <label class="check" key={r.id}>
              <input
                type="checkbox"
                checked={roles.includes(r.id)}
                onChange={(e) => setRoles((rs) => (e.currentTarget.checked ? [...rs, r.id] : rs.filter((x) => x !== r.id)))}
              />
              {r.name}
            </label>
          ))}
        </fieldset>
      )}
      <label class="check">
        <input type="checkbox" checked={sendEmail} onChange={(e) => setSendEmail(e.currentTarget.checked)} />
        Send the invitation email
      </label>
      <ErrorNote error={choices.error ?? (choices.data?.failure ? asFailure(choices.data.failure) : undefined)} />
      <ErrorNote error={action.error} />
      <ScopedButton need="createInvitation" type="submit" class="primary" busy={action.busy}>
        Send invitation
      </ScopedButton>
      {created && (
        <div class="created">
          <p>
            Invitation for <strong>{created.invitee.email}</strong> created.
          </p>
          <CopyField label="Invitation link" value={created.invitation_url} />
        </div>
      )}
    </form>
  )
}
