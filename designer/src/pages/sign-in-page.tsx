import { useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate } from 'react-router';
import { ApiError } from '../app/api-client.js';
import { useMe, useSessionActions } from '../app/session.js';

/** Sign-in with email and password; the session lives in an HttpOnly cookie. */
export function SignInPage() {
  const { signIn } = useSessionActions();
  const { me } = useMe();
  const navigate = useNavigate();
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
      await navigate('/', { replace: true });
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'Sign-in failed; try again.');
    } finally {
      setBusy(false);
    }
  };
  if (me) return <Navigate to="/" replace />;
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
