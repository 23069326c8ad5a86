import { useRef, useState } from 'preact/hooks'
import { ApiFailure } from '../lib/api'
import { useConsole } from '../lib/context'
import { addMembers, isEmail, parseEntries, resolveUsers } from '../lib/members'
import { NEEDS } from '../lib/scopes'
import { asFailure } from '../lib/use-async'
import { ErrorNote } from './error-note'
import { Field } from './field'
import { Progress } from './progress'
import { ScopedButton } from './scoped-button'

type Step = { kind: 'idle' } | { kind: 'checking' | 'adding'; done: number; total: number }

/**
 * Adds members by email or user id, one or many. Every entry is looked up first and nothing is added
 * unless all are found; then the ids go ten per request, with progress.
 */
export function MemberAdd({ orgId, onAdded }: { orgId: string; onAdded: () => void }) {
  const { api, can, announce } = useConsole()
  const [text, setText] = useState('')
  const [step, setStep] = useState<Step>({ kind: 'idle' })
  const [error, setError] = useState<ApiFailure>()
  const [missing, setMissing] = useState<string[]>([])
  const stop = useRef<AbortController | undefined>(undefined)
  const canLookUp = can('readUsers')

  const submit = async (e: Event) => {
    e.preventDefault()
    const entries = parseEntries(text)
    if (!entries.length || step.kind !== 'idle') return
    setError(undefined)
    setMissing([])
    if (!canLookUp && entries.some(isEmail)) {
      return setError(new ApiFailure('http', `Finding users by email needs ${NEEDS.readUsers.join(' or ')}; enter user ids instead.`, undefined, 'Not allowed'))
    }
    const controller = (stop.current = new AbortController())
    let added = 0
    try {
      let ids = entries
      if (canLookUp) {
        setStep({ kind: 'checking', done: 0, total: entries.length })
        const { found, missing } = await resolveUsers(api, entries, (done) => setStep({ kind: 'checking', done, total: entries.length }), controller.signal)
        if (controller.signal.aborted) return announce('Stopped: nothing was added.')
        if (missing.length) return setMissing(missing)
        ids = [...new Set(entries.map((e) => found.get(e)!))]
      }
      setStep({ kind: 'adding', done: 0, total: ids.length })
      added = await addMembers(api, orgId, ids, (done) => setStep({ kind: 'adding', done, total: ids.length }), controller.signal)
      announce(controller.signal.aborted ? `Stopped after adding ${added} of ${ids.length}.` : `Added ${added} member${added === 1 ? '' : 's'}.`)
      if (!controller.signal.aborted) setText('')
    } catch (err) {
      const failure = asFailure(err)
      setError(added ? new ApiFailure(failure.kind, `${failure.summary} — ${added} were added before this; adding again is safe.`, undefined, undefined) : failure)
    } finally {
      setStep({ kind: 'idle' })
      if (added) onAdded()
    }
  }

  return (
    <form class="member-add" onSubmit={submit}>
      <Field
        label="Add members"
        hint={canLookUp ? 'Emails or user ids (like auth0|abc123), one per line. Every entry is checked before any is added.' : 'User ids (like auth0|abc123), one per line.'}
      >
        {(p) => <textarea {...p} rows={3} value={text} onInput={(e) => setText(e.currentTarget.value)} spellcheck={false} autocapitalize="off" />}
      </Field>
      {step.kind !== 'idle' && (
        <Progress
          label={step.kind === 'checking' ? 'Looking up users' : 'Adding members'}
          value={step.done}
          max={step.total}
          onCancel={() => stop.current?.abort()}
        />
      )}
      {missing.length > 0 && (
        <p class="error" role="alert">
          Nothing was added: no user found for {missing.join(', ')}.
        </p>
      )}
      <ErrorNote error={error} />
      <ScopedButton need="addMembers" type="submit" class="primary" busy={step.kind !== 'idle'}>
        Add
      </ScopedButton>
    </form>
  )
}
