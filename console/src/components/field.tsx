import type { ComponentChildren, HTMLAttributes } from 'preact'
import { useId } from 'preact/hooks'

export interface ControlProps {
  id: string
  'aria-describedby'?: string
  'aria-invalid'?: HTMLAttributes['aria-invalid']
}

interface Props {
  label: string
  hint?: ComponentChildren
  /** A message about this field (e.g. the API's validation error naming it). */
  error?: string
  children: (control: ControlProps) => ComponentChildren
}

/** A labelled control with its hint and error tied to it for screen readers. */
export function Field({ label, hint, error, children }: Props) {
  const id = useId()
  const described = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ')
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children({ id, 'aria-describedby': described || undefined, 'aria-invalid': error ? true : undefined })}
      {hint && (
        <small class="hint" id={`${id}-hint`}>
          {hint}
        </small>
      )}
      {error && (
        <small class="field-error" id={`${id}-error`} role="alert">
          {error}
        </small>
      )}
    </div>
  )
}
