import { useState } from 'preact/hooks'
import { ErrorNote } from '../components/error-note'
import { Field } from '../components/field'
import { signIn, type Session } from '../lib/session'
import { useAction } from '../lib/use-async'

interface Props {
  onSignedIn: (session: Session) => void
  /** Set when a session ended: the form then renews it without leaving the page underneath. */
  previousClientId?: string
}

/** Client id and secret in, token out. The secret is sent once and then dropped with the form. */
export function SignInForm({ onSignedIn, previousClientId }: Props) {
  const [clientId, setClientId] = useState(previousClientId ?? '')
  const [secret, setSecret] = useState('')
  const action = useAction()
  const submit = async (e: Event) => {
    e.preventDefault()
    let session: Session | undefined
    if (await action.run(async () => (session = await signIn(clientId.trim(), secret)))) onSignedIn(session!)
  }
  return (
    <form onSubmit={submit} class="sign-in" autocomplete="off">
      <Field label="Client ID">
        {(p) => (
          <input {...p} name="client_id" required value={clientId} onInput={(e) => setClientId(e.currentTarget.value)} spellcheck={false} autocapitalize="off" />
        )}
      </Field>
      <Field label="Client secret">
        {(p) => <input {...p} name="client_secret" type="password" required value={secret} onInput={(e) => setSecret(e.currentTarget.value)} />}
      </Field>
      <ErrorNote error={action.error} />
      <div class="actions">
        <button type="submit" class="primary" disabled={action.busy} aria-busy={action.busy || undefined}>
          {action.busy ? 'Signing in…' : 'Sign in'}
        </button>
      </div>
    </form>
  )
}

export function SignInPage({ onSignedIn }: Props) {
  return (
    <main id="main" class="narrow">
      <h1>Sign in to the organizations console</h1>
      <p>
        Use the client ID and secret of a client with a grant on this server's Management API. The token stays in this tab's
        memory until you sign out or close the tab. Locally, the bootstrap client is in <code>.dev.vars</code>
        (<code>BOOTSTRAP_CLIENT_ID</code>, <code>BOOTSTRAP_CLIENT_SECRET</code>).
      </p>
      <SignInForm onSignedIn={onSignedIn} />
    </main>
  )
}
