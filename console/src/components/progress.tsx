interface Props {
  label: string
  value: number
  /** Unknown totals show an indeterminate bar with the count so far. */
  max?: number
  onCancel?: () => void
}

/** Progress of long work (a walk through every member, a bulk add), with a way to stop it. */
export function Progress({ label, value, max, onCancel }: Props) {
  const text = max === undefined ? `${value.toLocaleString()} so far` : `${value.toLocaleString()} of ${max.toLocaleString()}`
  return (
    <div class="progress">
      <label>
        <span>{label}</span>
        <progress value={max === undefined ? undefined : value} max={max} aria-valuetext={text} />
      </label>
      <span aria-live="polite">{text}</span>
      {onCancel && (
        <button type="button" onClick={onCancel}>
          Stop
        </button>
      )}
    </div>
  )
}
