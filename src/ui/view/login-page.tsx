/** The login page shown when the analyzer answers 401 (auth on): POST /login sets the cookie. */
import { useState } from 'preact/hooks'
import { login, type Permission } from '../api/rest.js'

/** Props of LoginPage. */
export interface LoginPageProps { onLoggedIn(permissions: Permission[] | undefined): void; reason?: string | undefined }

/** The form. */
export function LoginPage({ onLoggedIn, reason }: LoginPageProps) {
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string | undefined>(reason)
  const [busy, setBusy] = useState(false)
  const submit = async (e: Event) => {
    e.preventDefault()
    setBusy(true)
    setError(undefined)
    try {
      const res = await login(username, password)
      onLoggedIn(res.Permissions ?? undefined)
    } catch (err) {
      setError((err as Error).message)
    } finally {
      setBusy(false)
    }
  }
  return (
    <div class="login-page">
      <form class="login" onSubmit={submit} data-testid="login-form">
        <h1><span class="logo">◈</span> Skydive</h1>
        <p class="muted">This analyzer requires authentication.</p>
        <label>Username<input name="username" autocomplete="username" required value={username} onInput={(e) => setUsername((e.target as HTMLInputElement).value)} /></label>
        <label>Password<input name="password" type="password" autocomplete="current-password" value={password} onInput={(e) => setPassword((e.target as HTMLInputElement).value)} /></label>
        {error && <p class="error" data-testid="login-error">{error}</p>}
        <button class="primary" type="submit" disabled={busy}>{busy ? 'Signing in…' : 'Sign in'}</button>
      </form>
    </div>
  )
}
