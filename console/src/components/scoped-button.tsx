import type { ButtonHTMLAttributes } from 'preact'
import { useId } from 'preact/hooks'
import { useConsole } from '../lib/context'
import { NEEDS, type Need } from '../lib/scopes'

type Props = ButtonHTMLAttributes<HTMLButtonElement> & { need: Need; busy?: boolean }

/**
 * A button for an action that needs a scope. Without the scope it is disabled and says which scope
 * is missing (visible text, tied to the button for screen readers), so nothing fails with 403.
 */
export function ScopedButton({ need, busy, disabled, children, ...rest }: Props) {
  const { can } = useConsole()
  const hintId = useId()
  const allowed = can(need)
  return (
    <span class="scoped">
      <button
        type="button"
        {...rest}
        disabled={!allowed || busy || disabled}
        aria-busy={busy || undefined}
        aria-describedby={allowed ? undefined : hintId}
      >
        {children}
      </button>
      {!allowed && (
        <small class="missing-scope" id={hintId}>
          needs {NEEDS[need].join(' or ')}
        </small>
      )}
    </span>
  )
}

/** A note in place of a section the token may not read. */
export function MissingScope({ need }: { need: Need }) {
  return <p class="missing-scope">Not available: the signed-in client needs {NEEDS[need].join(' or ')}.</p>
}
