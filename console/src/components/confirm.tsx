import type { ComponentChildren } from 'preact'
import { useState } from 'preact/hooks'
import { useAction } from '../lib/use-async'
import { Dialog } from './dialog'
import { ErrorNote } from './error-note'
import { Field } from './field'

interface Props {
  title: string
  children: ComponentChildren
  confirmLabel: string
  /** Destructive actions on a whole organization ask for its name to be typed. */
  typeToConfirm?: string
  onConfirm: () => Promise<unknown>
  /** Called after success too; the caller reloads what changed. */
  onClose: () => void
}

/** Asks before a destructive change; the change's own error stays in the dialog so it can be retried. */
export function Confirm({ title, children, confirmLabel, typeToConfirm, onConfirm, onClose }: Props) {
  const action = useAction()
  const [typed, setTyped] = useState('')
  const ready = typeToConfirm === undefined || typed === typeToConfirm
  const submit = async (e: Event) => {
    e.preventDefault()
    if (ready && (await action.run(onConfirm))) onClose()
  }
  return (
    <Dialog title={title} onClose={onClose}>
      <form onSubmit={submit}>
        {children}
        {typeToConfirm !== undefined && (
          <Field label={`Type ${typeToConfirm} to confirm`}>
            {(p) => <input {...p} value={typed} onInput={(e) => setTyped(e.currentTarget.value)} autocomplete="off" spellcheck={false} />}
          </Field>
        )}
        <ErrorNote error={action.error} />
        <div class="actions">
          <button type="submit" class="danger" disabled={!ready || action.busy} aria-busy={action.busy || undefined}>
            {confirmLabel}
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  )
}
