import { useState, type FormEvent } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { ApiError } from './api-client.js';
import { useMe, useSessionActions } from './session.js';

/**
 * Where to go after signing in: the page the user was sent here from (a link someone shared), when
 * it is a path of this app, otherwise the start. Only the router's own state carries it, never the URL.
 */
function returnPath(state: unknown): string {
  const from = (state as { from?: unknown } | null)?.from;
  return typeof from === 'string' && from.startsWith('/') && !from.startsWith('//') && !from.startsWith('/sign-in') ? from : '/';
}

/** Sign-in with email and password; the session lives in an HttpOnly cookie. */
export function SignInPage() {
  const { signIn } = useSessionActions();
  const { me } = useMe();
  const navigate = useNavigate();
  const location = useLocation();
  const next = returnPath(location.state);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(email, password);
      await navigate(next, { replace: true });
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'Sign-in failed; try again.');
    } finally {
      setBusy(false);
    }
  };
  if (me) return <Navigate to={next} replace />;
  return (
    <main className="sign-in">
      <form className="card" onSubmit={(event) => void submit(event)} aria-label="Sign in">
        <h1>Sign in</h1>
        <label>
          Email
          <input name="email" type="email" autoComplete="username" required value={email} onChange={(event) => setEmail(event.target.value)} />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" required value={password} onChange={(event) => setPassword(event.target.value)} />
        </label>
        {error ? (
          <p role="alert" className="error">
            {error}
          </p>
        ) : null}
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <Link to="/forgot-password">Forgot password?</Link>
      </form>
    </main>
  );
}
