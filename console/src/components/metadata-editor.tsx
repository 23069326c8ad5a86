import { METADATA_MAX_KEYS, METADATA_MAX_VALUE, type MetadataRow } from '../lib/org-draft'

interface Props {
  rows: MetadataRow[]
  onChange: (rows: MetadataRow[]) => void
  error?: string
}

/** Key/value pairs; Auth0 keeps at most 25, each value a string of up to 255 characters. */
export function MetadataEditor({ rows, onChange, error }: Props) {
  const update = (i: number, patch: Partial<MetadataRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)))
  return (
    <fieldset class="metadata">
      <legend>Metadata</legend>
      {rows.length === 0 && <p class="hint">No metadata.</p>}
      {rows.map((row, i) => (
        <div class="metadata-row" key={i}>
          <label>
            <span class="visually-hidden">Metadata key {i + 1}</span>
            <input value={row.key} onInput={(e) => update(i, { key: e.currentTarget.value })} placeholder="key" spellcheck={false} />
          </label>
          <label>
            <span class="visually-hidden">Metadata value {i + 1}</span>
            <input value={row.value} maxLength={METADATA_MAX_VALUE} onInput={(e) => update(i, { value: e.currentTarget.value })} placeholder="value" />
          </label>
          <button type="button" onClick={() => onChange(rows.filter((_, j) => j !== i))} aria-label={`Remove metadata ${row.key || i + 1}`}>
            Remove
          </button>
        </div>
      ))}
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
      <button type="button" onClick={() => onChange([...rows, { key: '', value: '' }])} disabled={rows.length >= METADATA_MAX_KEYS}>
        Add metadata
      </button>
    </fieldset>
  )
}
