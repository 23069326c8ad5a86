import { useState } from 'preact/hooks'
import type { ApiFailure } from '../lib/api'
import { draftProblems, toDraft, type OrgDraft } from '../lib/org-draft'
import type { Need } from '../lib/scopes'
import type { Organization } from '../lib/types'
import { useAction } from '../lib/use-async'
import { BrandingEditor } from './branding-editor'
import { ErrorNote } from './error-note'
import { Field } from './field'
import { MetadataEditor } from './metadata-editor'
import { ScopedButton } from './scoped-button'

interface Props {
  /** The organization being edited; absent when creating one. */
  org?: Organization
  need: Need
  submitLabel: string
  onSubmit: (draft: OrgDraft) => Promise<unknown>
}

/** Name, display name, access, branding and metadata: one form for create and edit. */
export function OrganizationForm({ org, need, submitLabel, onSubmit }: Props) {
  const [draft, setDraft] = useState(() => toDraft(org))
  const [problems, setProblems] = useState<Record<string, string>>({})
  const action = useAction()
  const set = (patch: Partial<OrgDraft>) => setDraft((d) => ({ ...d, ...patch }))
  const submit = async (e: Event) => {
    e.preventDefault()
    const found = draftProblems(draft)
    setProblems(found)
    if (Object.keys(found).length) return
    await action.run(() => onSubmit(draft))
  }
  // The API's message goes next to the field it names; anything else next to the button.
  const placed = placeError(action.error)
  const errors: Record<string, string | undefined> = { ...problems, ...(placed.field && { [placed.field]: action.error!.summary }) }
  return (
    <form class="org-form" onSubmit={submit} noValidate={false}>
      <fieldset>
        <legend>Identity</legend>
        <Field label="Name" hint="Lowercase letters, digits, - and _ (up to 50). Unique in the tenant." error={errors.name}>
          {(p) => (
            <input {...p} name="name" required maxLength={50} pattern="[a-z0-9_\-]+" value={draft.name} onInput={(e) => set({ name: e.currentTarget.value })} spellcheck={false} autocapitalize="off" autocomplete="off" />
          )}
        </Field>
        <Field label="Display name" hint="Shown to people logging in (up to 255)." error={errors.display_name}>
          {(p) => <input {...p} name="display_name" maxLength={255} value={draft.display_name} onInput={(e) => set({ display_name: e.currentTarget.value })} />}
        </Field>
      </fieldset>
      <fieldset>
        <legend>Access</legend>
        <Field label="Third-party applications" hint="Whether members may use third-party applications." error={errors.third_party_client_access}>
          {(p) => (
            <select {...p} value={draft.third_party_client_access} onChange={(e) => set({ third_party_client_access: e.currentTarget.value as OrgDraft['third_party_client_access'] })}>
              <option value="block">Block (default)</option>
              <option value="allow">Allow</option>
            </select>
          )}
        </Field>
        <label class="check">
          <input type="checkbox" checked={draft.is_app_entitlement_active} onChange={(e) => set({ is_app_entitlement_active: e.currentTarget.checked })} />
          App entitlement: members may use only the applications associated with this organization
        </label>
        {errors.is_app_entitlement_active && <p class="field-error">{errors.is_app_entitlement_active}</p>}
      </fieldset>
      <BrandingEditor draft={draft} set={set} errors={errors} />
      <MetadataEditor rows={draft.metadata} onChange={(metadata) => set({ metadata })} error={errors.metadata} />
      {!placed.field && <ErrorNote error={action.error} />}
      {placed.field && <p class="error">The server refused the change; see the message next to the field above.</p>}
      <div class="actions">
        <ScopedButton need={need} type="submit" class="primary" busy={action.busy}>
          {action.busy ? 'Saving…' : submitLabel}
        </ScopedButton>
        {org && (
          <button type="button" onClick={() => (setDraft(toDraft(org)), setProblems({}), action.clear())}>
            Discard changes
          </button>
        )}
      </div>
    </form>
  )
}

const FIELDS = ['name', 'display_name', 'third_party_client_access', 'is_app_entitlement_active', 'branding.logo_url', 'branding.colors.primary', 'branding.colors.page_background']

function placeError(error: ApiFailure | undefined): { field?: string } {
  if (!error || error.kind !== 'http') return {}
  if (error.errorCode === 'organization_conflict') return { field: 'name' }
  const property = error.property
  if (!property) return {}
  if (property.startsWith('metadata')) return { field: 'metadata' }
  if (property === 'branding.colors') return { field: 'branding.colors' }
  return FIELDS.includes(property) ? { field: property } : {}
}
