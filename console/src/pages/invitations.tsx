import { useState } from 'preact/hooks'
import { Confirm } from '../components/confirm'
import { ErrorNote } from '../components/error-note'
import { InvitationCreate } from '../components/invitation-create'
import { Pager } from '../components/pager'
import { MissingScope, ScopedButton } from '../components/scoped-button'
import { seg } from '../lib/api'
import { useConsole } from '../lib/context'
import { when } from '../lib/format'
import { offsetPage, usePages } from '../lib/paging'
import type { Invitation, InvitationEmail, Role } from '../lib/types'
import { useLoad } from '../lib/use-async'

const PAGE_SIZE = 50

const EMAIL_LABELS: Record<string, string> = {
  none: 'not sent (link only)',
  queued: 'queued',
  sending: 'sending',
  sent: 'sent',
  failed: 'failed, retrying',
}

export function InvitationsTab({ orgId, orgName }: { orgId: string; orgName?: string }) {
  const { can } = useConsole()
  const [version, setVersion] = useState(0)
  return (
    <>
      <h2>Invitations</h2>
      <details class="add-panel" open>
        <summary>Invite someone{orgName ? ` to ${orgName}` : ''}</summary>
        <InvitationCreate orgId={orgId} onCreated={() => setVersion((v) => v + 1)} />
      </details>
      {can('listInvitations') ? <InvitationList key={version} orgId={orgId} /> : <MissingScope need="listInvitations" />}
    </>
  )
}

function InvitationList({ orgId }: { orgId: string }) {
  const { api, can, announce } = useConsole()
  const base = `/organizations/${seg(orgId)}/invitations`
  const [revoking, setRevoking] = useState<Invitation>()
  // Newest first; the API gives no total for invitations, so a full page means there may be more.
  const pages = usePages(async (page: number | undefined) =>
    offsetPage<Invitation>(await api.get(base, { page: page ?? 0, per_page: PAGE_SIZE, include_totals: true }), 'invitations', page ?? 0, PAGE_SIZE),
  )
  // Invitations carry role ids; the tenant's roles give them names where the token may read them.
  const roles = useLoad(() => (can('readRoles') ? api.get<Role[]>('/roles', { per_page: 100 }) : Promise.resolve([])), [])
  const roleName = (id: string) => roles.data?.find((r) => r.id === id)?.name ?? id
  const items = pages.data?.items
  // Where each invitation's email stands: this server's own endpoint (Auth0's body has no such field).
  const ids = items?.map((i) => i.id).join(',') ?? ''
  const emails = useLoad(
    () => (ids ? api.get<InvitationEmail[]>(`/organizations/${seg(orgId)}/invitation-emails`, { ids }) : Promise.resolve([])),
    [ids],
  )
  const states = new Map(emails.data?.map((e) => [e.invitation_id, e.state]))
  const emailState = (id: string) => EMAIL_LABELS[states.get(id) ?? ''] ?? (emails.error ? 'unknown' : '…')
  const now = Date.now()
  return (
    <section aria-labelledby="invitation-list-title">
      <h3 id="invitation-list-title">Pending invitations</h3>
      <ErrorNote error={pages.error} />
      {items && items.length === 0 && !pages.hasPrevious && <p>No pending invitations.</p>}
      {items && items.length > 0 && (
        <table class="list">
          <thead>
            <tr>
              <th scope="col">Invitee</th>
              <th scope="col">Invited by</th>
              <th scope="col">Created</th>
              <th scope="col">Expires</th>
              <th scope="col">Roles</th>
              <th scope="col">Email</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => {
              const expired = Date.parse(i.expires_at) <= now
              return (
                <tr key={i.id}>
                  <td data-label="Invitee">{i.invitee.email}</td>
                  <td data-label="Invited by">{i.inviter.name}</td>
                  <td data-label="Created">{when(i.created_at)}</td>
                  <td data-label="Expires">
                    {when(i.expires_at)} {expired && <span class="badge warn">expired</span>}
                  </td>
                  <td data-label="Roles">{i.roles?.length ? i.roles.map(roleName).join(', ') : '—'}</td>
                  <td data-label="Email">{emailState(i.id)}</td>
                  <td class="row-actions">
                    <ScopedButton need="revokeInvitation" class="danger" onClick={() => setRevoking(i)} aria-label={`Revoke invitation for ${i.invitee.email}`}>
                      Revoke
                    </ScopedButton>
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
      <Pager label="Invitation" page={pages.index} hasPrevious={pages.hasPrevious} hasNext={pages.hasNext} onPrevious={pages.previous} onNext={pages.next} busy={pages.loading} />
      {revoking && (
        <Confirm
          title={`Revoke the invitation for ${revoking.invitee.email}?`}
          confirmLabel="Revoke invitation"
          onConfirm={async () => {
            await api.del(`${base}/${seg(revoking.id)}`)
            announce(`Revoked the invitation for ${revoking.invitee.email}.`)
            pages.reload()
          }}
          onClose={() => setRevoking(undefined)}
        >
          <p>Its link stops working at once.</p>
        </Confirm>
      )}
    </section>
  )
}
