import type { AccessLevel, OrgConnection } from '../lib/types'
import { Field } from './field'

/** The settings an organization keeps per connection (behaviour-2026 §2). */
export interface ConnectionDraft {
  organization_connection_name: string
  assign_membership_on_login: boolean
  show_as_button: boolean
  is_signup_enabled: boolean
  is_enabled: boolean
  organization_access_level: AccessLevel
}

export const defaultConnectionDraft = (c?: OrgConnection): ConnectionDraft => ({
  organization_connection_name: c?.organization_connection_name ?? '',
  assign_membership_on_login: c?.assign_membership_on_login ?? false,
  show_as_button: c?.show_as_button ?? true,
  is_signup_enabled: c?.is_signup_enabled ?? false,
  is_enabled: c?.is_enabled ?? true,
  organization_access_level: c?.organization_access_level ?? 'none',
})

/** The body for POST (with connection_id added) or PATCH; signup only where the connection has it. */
export function connectionBody(d: ConnectionDraft, isDatabase: boolean, forUpdate: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {
    assign_membership_on_login: d.assign_membership_on_login,
    show_as_button: d.show_as_button,
    is_enabled: d.is_enabled,
    organization_access_level: d.organization_access_level,
  }
  const name = d.organization_connection_name.trim()
  // An emptied name is cleared with null on update; on create it is simply not sent.
  if (name) body.organization_connection_name = name
  else if (forUpdate) body.organization_connection_name = null
  if (isDatabase) body.is_signup_enabled = d.is_signup_enabled
  return body
}

interface Props {
  draft: ConnectionDraft
  set: (patch: Partial<ConnectionDraft>) => void
  /** Sign-up applies to database connections only; unknown until one is chosen. */
  isDatabase: boolean | undefined
}

export function ConnectionSettingsFields({ draft, set, isDatabase }: Props) {
  return (
    <>
      <Field label="Name in this organization" hint="Optional, up to 50 characters.">
        {(p) => (
          <input {...p} maxLength={50} value={draft.organization_connection_name} onInput={(e) => set({ organization_connection_name: e.currentTarget.value })} />
        )}
      </Field>
      <Field label="Organization access level" hint="What the organization may do with this connection from its own dashboard.">
        {(p) => (
          <select {...p} value={draft.organization_access_level} onChange={(e) => set({ organization_access_level: e.currentTarget.value as AccessLevel })}>
            <option value="none">None (default)</option>
            <option value="readonly">Read only</option>
            <option value="limited">Limited</option>
            <option value="full">Full</option>
          </select>
        )}
      </Field>
      <label class="check">
        <input type="checkbox" checked={draft.is_enabled} onChange={(e) => set({ is_enabled: e.currentTarget.checked })} />
        Enabled for the organization
      </label>
      <label class="check">
        <input type="checkbox" checked={draft.assign_membership_on_login} onChange={(e) => set({ assign_membership_on_login: e.currentTarget.checked })} />
        Make users members when they log in through this connection
      </label>
      <label class="check">
        <input type="checkbox" checked={draft.show_as_button} onChange={(e) => set({ show_as_button: e.currentTarget.checked })} />
        Show as a button on the login page
      </label>
      {isDatabase !== false && (
        <label class="check">
          <input
            type="checkbox"
            checked={draft.is_signup_enabled}
            disabled={isDatabase === undefined}
            onChange={(e) => set({ is_signup_enabled: e.currentTarget.checked })}
          />
          Allow sign-up (database connections; needs membership on login)
        </label>
      )}
    </>
  )
}
