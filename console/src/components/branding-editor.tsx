import { useState } from 'preact/hooks'
import { HTML_COLOR, type OrgDraft } from '../lib/org-draft'
import { Field } from './field'

interface Props {
  draft: OrgDraft
  set: (patch: Partial<OrgDraft>) => void
  errors: Record<string, string | undefined>
}

/** Logo and colours, with a live preview of the login box they style. */
export function BrandingEditor({ draft, set, errors }: Props) {
  return (
    <fieldset class="branding">
      <legend>Branding</legend>
      <div class="branding-fields">
        <Field label="Logo URL" hint="An https:// address." error={errors['branding.logo_url']}>
          {(p) => (
            <input {...p} type="url" value={draft.logo_url} onInput={(e) => set({ logo_url: e.currentTarget.value })} placeholder="https://…" spellcheck={false} />
          )}
        </Field>
        <ColorField label="Primary colour" value={draft.primary} onChange={(primary) => set({ primary })} error={errors['branding.colors.primary']} />
        <ColorField
          label="Page background"
          value={draft.page_background}
          onChange={(page_background) => set({ page_background })}
          error={errors['branding.colors.page_background'] ?? errors['branding.colors']}
        />
      </div>
      <Preview draft={draft} />
    </fieldset>
  )
}

function ColorField({ label, value, onChange, error }: { label: string; value: string; onChange: (v: string) => void; error?: string }) {
  // <input type=color> cannot be empty and only knows #rrggbb, so the text field is the value and the
  // picker a helper beside it.
  const pickerValue = HTML_COLOR.test(value) ? expand(value) : '#000000'
  return (
    <Field label={label} hint="Hex, e.g. #0059d6. Leave both colours empty for none." error={error}>
      {(p) => (
        <span class="color-input">
          <input {...p} value={value} onInput={(e) => onChange(e.currentTarget.value)} placeholder="#rrggbb" maxLength={7} spellcheck={false} />
          <input type="color" value={pickerValue} onInput={(e) => onChange(e.currentTarget.value)} aria-label={`${label}: pick`} />
        </span>
      )}
    </Field>
  )
}

function Preview({ draft }: { draft: OrgDraft }) {
  // The logo lives on another host: it is fetched only when the operator asks, so opening the form
  // makes no request beyond the Worker.
  const [showLogo, setShowLogo] = useState(false)
  const primary = HTML_COLOR.test(draft.primary) ? draft.primary : '#3b4cca'
  const background = HTML_COLOR.test(draft.page_background) ? draft.page_background : '#eef0f5'
  const host = logoHost(draft.logo_url.trim())
  const logo = host ? draft.logo_url.trim() : undefined
  return (
    <figure class="preview">
      <figcaption>Preview of the login box</figcaption>
      <div class="preview-page" style={{ backgroundColor: background }} data-testid="branding-preview">
        <div class="preview-card">
          {logo && showLogo ? (
            <img src={logo} alt="Organization logo" referrerpolicy="no-referrer" class="preview-logo" />
          ) : (
            <div class="preview-logo placeholder" aria-hidden="true">
              logo
            </div>
          )}
          <p class="preview-title">Log in to {draft.display_name.trim() || draft.name.trim() || 'your organization'}</p>
          <span class="preview-button" style={{ backgroundColor: primary }}>
            Continue
          </span>
        </div>
      </div>
      <label class="check">
        <input type="checkbox" checked={showLogo} disabled={!logo} onChange={(e) => setShowLogo(e.currentTarget.checked)} />
        Load the logo in the preview (a request to {host ?? 'the logo’s host'})
      </label>
    </figure>
  )
}

function logoHost(url: string): string | undefined {
  try {
    const parsed = new URL(url)
    return parsed.protocol === 'https:' ? parsed.host : undefined
  } catch {
    return undefined
  }
}

const expand = (c: string) => (c.length === 4 ? `#${c[1]}${c[1]}${c[2]}${c[2]}${c[3]}${c[3]}` : c).toLowerCase()
