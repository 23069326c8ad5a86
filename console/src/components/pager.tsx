interface Props {
  page: number
  hasPrevious: boolean
  hasNext: boolean
  onPrevious: () => void
  onNext: () => void
  busy?: boolean
  label: string
}

/** Previous / next through pages (checkpoint cursors or offset pages alike). */
export function Pager({ page, hasPrevious, hasNext, onPrevious, onNext, busy, label }: Props) {
  if (!hasPrevious && !hasNext) return null
  return (
    <nav class="pager" aria-label={`${label} pages`}>
      <button type="button" onClick={onPrevious} disabled={!hasPrevious || busy}>
        Previous
      </button>
      <span>Page {page + 1}</span>
      <button type="button" onClick={onNext} disabled={!hasNext || busy}>
        Next
      </button>
    </nav>
  )
}
