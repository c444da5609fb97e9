import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { requestPasswordReset } from './account-api.js';
import { AccountCard, ErrorMessage } from './account-card.js';
import { errorText } from './error-text.js';

/** Asks for a password reset link by mail; says the same whether or not the account exists. */
export function ForgotPasswordPage() {
  const [email, setEmail] = useState('');
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await requestPasswordReset(email);
      setSentTo(email);
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  };
  if (sentTo !== null) {
    return (
      <AccountCard title="Check your email">
        <p role="status">
          If there is an account for {sentTo}, we sent it a link to choose a new password. The link works once, for one hour.
        </p>
        <Link to="/sign-in">Back to sign-in</Link>
      </AccountCard>
    );
  }
  return (
    <AccountCard title="Forgot your password?">
      <form onSubmit={(event) => void submit(event)} aria-label="Ask for a reset link" className="account-form">
        <p>Enter your email address; we will send you a link to choose a new password.</p>
        <label>
          Email
          <input name="email" type="email" autoComplete="username" required value={email} onChange={(event) => setEmail(event.target.value)} />
        </label>
        {error ? <ErrorMessage>{error}</ErrorMessage> : null}
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Sending…' : 'Send reset link'}
        </button>
        <Link to="/sign-in">Back to sign-in</Link>
      </form>
    </AccountCard>
  );
}
