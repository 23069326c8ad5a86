import { useRef, useState } from 'preact/hooks'
import { Confirm } from '../components/confirm'
import { ErrorNote } from '../components/error-note'
import { MemberAdd } from '../components/member-add'
import { MemberRoles } from '../components/member-roles'
import { Pager } from '../components/pager'
import { Progress } from '../components/progress'
import { MissingScope, ScopedButton } from '../components/scoped-button'
import { ApiFailure, seg } from '../lib/api'
import { useConsole } from '../lib/context'
import { countMembers, membersCsv, walkMembers } from '../lib/members'
import { checkpointPage, usePages } from '../lib/paging'
import type { Member } from '../lib/types'
import { asFailure } from '../lib/use-async'

const PAGE_SIZE = 50

export function MembersTab({ orgId }: { orgId: string }) {
  const { can } = useConsole()
  // Bumped after an addition: the list is read again from its first page.
  const [version, setVersion] = useState(0)
  return (
    <>
      <h2>Members</h2>
      <MemberAdd orgId={orgId} onAdded={() => setVersion((v) => v + 1)} />
      {can('listMembers') ? <MemberList key={version} orgId={orgId} /> : <MissingScope need="listMembers" />}
    </>
  )
}

function MemberList({ orgId }: { orgId: string }) {
  const { api, can, announce } = useConsole()
  const withRoles = can('readMemberRoles')
  const [removing, setRemoving] = useState<Member>()
  const [editing, setEditing] = useState<Member>()
  // Checkpoint pages: the 2,000th page is one keyset read, like the first.
  const pages = usePages(async (from: string | undefined) =>
    checkpointPage<Member>(
      await api.get(`/organizations/${seg(orgId)}/members`, {
        take: PAGE_SIZE,
        from,
        ...(withRoles && { fields: 'user_id,email,name,roles', include_fields: true }),
      }),
      'members',
    ),
  )
  const items = pages.data?.items
  return (
    <section aria-labelledby="member-list-title">
      <div class="section-head">
        <h3 id="member-list-title">Current members</h3>
        <ExportMembers orgId={orgId} />
      </div>
      <ErrorNote error={pages.error} />
      {pages.loading && !items && <p>Loading…</p>}
      {items && items.length === 0 && !pages.hasPrevious && <p>No members yet.</p>}
      {items && items.length > 0 && (
        <table class="list" aria-busy={pages.loading || undefined}>
          <thead>
            <tr>
              <th scope="col">Member</th>
              <th scope="col">User ID</th>
              {withRoles && <th scope="col">Roles</th>}
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((m) => (
              <tr key={m.user_id}>
                <td data-label="Member">
                  {m.name && m.name !== m.email ? `${m.name} ` : ''}
                  {m.email && <span class="muted">{m.email}</span>}
                </td>
                <td data-label="User ID">
                  <code>{m.user_id}</code>
                </td>
                {withRoles && <td data-label="Roles">{m.roles?.length ? m.roles.map((r) => r.name).join(', ') : '—'}</td>}
                <td class="row-actions">
                  <button type="button" onClick={() => setEditing(m)} aria-label={`Roles of ${m.email ?? m.user_id}`}>
                    Roles
                  </button>
                  <ScopedButton need="removeMembers" class="danger" onClick={() => setRemoving(m)} aria-label={`Remove ${m.email ?? m.user_id}`}>
                    Remove
                  </ScopedButton>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager label="Member" page={pages.index} hasPrevious={pages.hasPrevious} hasNext={pages.hasNext} onPrevious={pages.previous} onNext={pages.next} busy={pages.loading} />
      {removing && (
        <Confirm
          title="Remove member?"
          confirmLabel="Remove member"
          onConfirm={async () => {
            await api.del(`/organizations/${seg(orgId)}/members`, { members: [removing.user_id] })
            announce(`Removed ${removing.email ?? removing.user_id}.`)
            pages.reload()
          }}
          onClose={() => setRemoving(undefined)}
        >
          <p>
            {removing.email ?? removing.user_id} leaves this organization and loses its roles here. The user stays in the tenant.
          </p>
        </Confirm>
      )}
      {editing && <MemberRoles orgId={orgId} member={editing} onClose={() => (setEditing(undefined), pages.reload())} />}
    </section>
  )
}

/** Reads every member (a walk of checkpoint pages) into a CSV download, with progress and a stop button. */
function ExportMembers({ orgId }: { orgId: string }) {
  const { api, announce } = useConsole()
  const [progress, setProgress] = useState<{ done: number; total?: number }>()
  const [error, setError] = useState<ApiFailure>()
  const [download, setDownload] = useState<{ url: string; count: number }>()
  const stop = useRef<AbortController | undefined>(undefined)
  const start = async () => {
    const controller = (stop.current = new AbortController())
    const members: Member[] = []
    setError(undefined)
    if (download) URL.revokeObjectURL(download.url)
    setDownload(undefined)
    try {
      const total = await countMembers(api, orgId).catch(() => undefined)
      setProgress({ done: 0, total })
      await walkMembers(api, orgId, (page) => (members.push(...page), setProgress({ done: members.length, total })), controller.signal)
      if (controller.signal.aborted) return announce(`Stopped after reading ${members.length} members.`)
      setDownload({ url: URL.createObjectURL(new Blob([membersCsv(members)], { type: 'text/csv' })), count: members.length })
      announce(`Read all ${members.length} members.`)
    } catch (err) {
      setError(asFailure(err))
    } finally {
      setProgress(undefined)
    }
  }
  return (
    <div class="export">
      <ScopedButton need="listMembers" onClick={start} busy={!!progress}>
        Read all members (CSV)
      </ScopedButton>
      {progress && <Progress label="Reading members" value={progress.done} max={progress.total} onCancel={() => stop.current?.abort()} />}
      {download && (
        <a href={download.url} download={`members-${orgId}.csv`}>
          Download {download.count} members as CSV
        </a>
      )}
      <ErrorNote error={error} />
    </div>
  )
}
