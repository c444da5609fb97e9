import { useState, type FormEvent } from 'react';
import { changePassword } from './account-api.js';
import { ErrorMessage } from './account-card.js';
import { errorText } from './error-text.js';
import { NewPasswordFields, newPasswordProblem } from './new-password-fields.js';

/** Change one's password (from the user menu); the other sessions end, this one stays. */
export function ChangePasswordPage() {
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problem = newPasswordProblem(password, repeat);
    setError(problem);
    setDone(null);
    if (problem) return;
    setBusy(true);
    try {
      const { endedSessions } = await changePassword(current, password);
      setDone(`Your password is changed.${endedSessions > 0 ? ` ${endedSessions} other ${endedSessions === 1 ? 'session was' : 'sessions were'} signed out.` : ''}`);
      setCurrent('');
      setPassword('');
      setRepeat('');
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="account-page">
      <h1>Change password</h1>
      <form onSubmit={(event) => void submit(event)} aria-label="Change password" className="card account-form">
        <label>
          Current password
          <input name="current-password" type="password" autoComplete="current-password" required value={current} onChange={(event) => setCurrent(event.target.value)} />
        </label>
        <NewPasswordFields password={password} repeat={repeat} onPassword={setPassword} onRepeat={setRepeat} />
        {error ? <ErrorMessage>{error}</ErrorMessage> : null}
        {done ? <p role="status">{done}</p> : null}
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Saving…' : 'Change password'}
        </button>
      </form>
    </section>
  );
}
