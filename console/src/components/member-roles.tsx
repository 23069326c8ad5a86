import { useState } from 'preact/hooks'
import { seg } from '../lib/api'
import { useConsole } from '../lib/context'
import type { Member, Role } from '../lib/types'
import { useAction, useLoad } from '../lib/use-async'
import { Dialog } from './dialog'
import { ErrorNote } from './error-note'
import { MissingScope, ScopedButton } from './scoped-button'

/** All of the tenant's roles (at most 1,000), 100 per request. */
async function allRoles(get: (page: number) => Promise<Role[]>): Promise<Role[]> {
  const roles: Role[] = []
  for (let page = 0; ; page++) {
    const batch = await get(page)
    roles.push(...batch)
    if (batch.length < 100) return roles
  }
}

/**
 * A member's roles in this organization. Each Assign / Remove is its own request and takes effect at
 * once, so there is never a half-saved set.
 */
export function MemberRoles({ orgId, member, onClose }: { orgId: string; member: Member; onClose: () => void }) {
  const { api, can } = useConsole()
  const base = `/organizations/${seg(orgId)}/members/${seg(member.user_id)}/roles`
  const assigned = useLoad(
    () => (can('readMemberRoles') ? api.get<{ roles: Role[] }>(base, { per_page: 100, include_totals: true }).then((b) => b.roles) : Promise.resolve([])),
    [base],
  )
  const roles = useLoad(() => (can('readRoles') ? allRoles((page) => api.get<Role[]>('/roles', { page, per_page: 100 })) : Promise.resolve([])), [])
  const held = new Set((assigned.data ?? []).map((r) => r.id))
  return (
    <Dialog title={`Roles of ${member.email ?? member.name ?? member.user_id}`} onClose={onClose}>
      {!can('readMemberRoles') && <MissingScope need="readMemberRoles" />}
      {!can('readRoles') && <MissingScope need="readRoles" />}
      <ErrorNote error={assigned.error ?? roles.error} />
      {(assigned.loading || roles.loading) && <p>Loading…</p>}
      {roles.data && roles.data.length === 0 && can('readRoles') && <p>The tenant has no roles yet.</p>}
      {/* Rows start from the assigned set, so both lists must be in before they render. */}
      {roles.data && assigned.data && roles.data.length > 0 && (
        <ul class="role-list">
          {roles.data.map((role) => (
            <RoleRow key={role.id} role={role} held={held.has(role.id)} base={base} onChange={assigned.reload} />
          ))}
        </ul>
      )}
      <div class="actions">
        <button type="button" onClick={onClose}>
          Done
        </button>
      </div>
    </Dialog>
  )
}

function RoleRow({ role, held, base, onChange }: { role: Role; held: boolean; base: string; onChange: () => void }) {
  const { api, announce } = useConsole()
  const action = useAction()
  const [now, setNow] = useState(held)
  const toggle = () =>
    action.run(async () => {
      if (now) await api.del(base, { roles: [role.id] })
      else await api.post(base, { roles: [role.id] })
      announce(`${now ? 'Removed' : 'Assigned'} role ${role.name}.`)
      setNow(!now)
      onChange()
    })
  return (
    <li>
      <span>
        <strong>{role.name}</strong> {role.description && <span class="muted">{role.description}</span>}
        <span class="badge">{now ? 'assigned' : 'not assigned'}</span>
      </span>
      <ScopedButton need={now ? 'removeMemberRoles' : 'assignMemberRoles'} onClick={toggle} busy={action.busy} aria-label={`${now ? 'Remove' : 'Assign'} ${role.name}`}>
        {now ? 'Remove' : 'Assign'}
      </ScopedButton>
      <ErrorNote error={action.error} />
    </li>
  )
}
