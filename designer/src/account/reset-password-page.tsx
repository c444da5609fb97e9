import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { confirmPasswordReset, useResetLink } from './account-api.js';
import { AccountCard, ErrorMessage, Loading } from './account-card.js';
import { errorText } from './error-text.js';
import { useLinkToken } from './link-token.js';
import { NewPasswordFields, newPasswordProblem } from './new-password-fields.js';

/** A password reset link (`/reset-password?token=…`): choose a new password, once. */
export function ResetPasswordPage() {
  const token = useLinkToken();
  const link = useResetLink(token);
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problem = newPasswordProblem(password, repeat);
    setError(problem);
    if (problem) return;
    setBusy(true);
    try {
      await confirmPasswordReset(token, password);
      setDone(true);
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  };
  if (done) {
    return (
      <AccountCard title="Password changed">
        <p role="status">Your new password is set. You were signed out everywhere, and your personal API tokens were revoked.</p>
        <Link to="/sign-in">Sign in</Link>
      </AccountCard>
    );
  }
  if (token === '' || link.isError) {
    return (
      <AccountCard title="Choose a new password">
        <ErrorMessage>{token === '' ? 'This link is incomplete. Open the link from the email again.' : errorText(link.error)}</ErrorMessage>
        <Link to="/forgot-password">Ask for a new link</Link>
      </AccountCard>
    );
  }
  if (link.isPending) {
    return (
      <AccountCard title="Choose a new password">
        <Loading what="Checking your link…" />
      </AccountCard>
    );
  }
  return (
    <AccountCard title="Choose a new password">
      <form onSubmit={(event) => void submit(event)} aria-label="Choose a new password" className="account-form">
        <p>
          For <strong>{link.data.email}</strong>.
        </p>
        <NewPasswordFields password={password} repeat={repeat} onPassword={setPassword} onRepeat={setRepeat} />
        {error ? <ErrorMessage>{error}</ErrorMessage> : null}
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Saving…' : 'Set new password'}
        </button>
      </form>
    </AccountCard>
  );
}
