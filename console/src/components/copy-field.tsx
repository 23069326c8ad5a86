import { useState } from 'preact/hooks'
import { Field } from './field'

/** A read-only value with a copy button; selecting the text works where the clipboard API does not. */
export function CopyField({ label, value }: { label: string; value: string }) {
  const [copied, setCopied] = useState(false)
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value)
      setCopied(true)
    } catch {
      setCopied(false)
    }
  }
  return (
    <div class="copy-field">
      <Field label={label}>{(p) => <input {...p} readOnly value={value} onFocus={(e) => e.currentTarget.select()} />}</Field>
      <button type="button" onClick={copy}>
        {copied ? 'Copied' : 'Copy'}
      </button>
    </div>
  )
}
