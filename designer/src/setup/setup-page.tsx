import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { AccountCard, ErrorMessage, Loading } from '../account/account-card.js';
import { NewPasswordFields, newPasswordProblem } from '../account/new-password-fields.js';
import { api } from '../app/api-client.js';
import type { Tenant } from '../app/api-types.js';
import { errorMessage } from '../app/error-message.js';
import { useSessionActions } from '../app/session.js';
import '../settings/settings.css';

interface SetupDone {
  partner: Tenant | null;
  owner: 'operator' | 'invited' | null;
  delivery: 'sent' | 'failed' | null;
}

/**
 * First-run setup (`/setup`) of an installation started without the demo: the setup code printed
 * at start, the platform operator's account, and the first partner — owned by the operator or
 * with its owner invited by mail. Afterwards the operator is signed in.
 */
export function SetupPage() {
  const status = useQuery({ queryKey: ['setup'], queryFn: () => api<{ needed: boolean }>('GET', '/api/v1/setup') });
  if (status.isPending) {
    return (
      <AccountCard title="Set up">
        <Loading what="Checking this installation…" />
      </AccountCard>
    );
  }
  if (status.isError) {
    return (
      <AccountCard title="Set up">
        <ErrorMessage>{errorMessage(status.error)}</ErrorMessage>
      </AccountCard>
    );
  }
  if (!status.data.needed) {
    return (
      <AccountCard title="Already set up">
        <p>This installation has its platform operator. Sign in to use it.</p>
        <Link className="button primary" to="/sign-in">
          Sign in
        </Link>
      </AccountCard>
    );
  }
  return <SetupForm />;
}

function SetupForm() {
  const { signIn } = useSessionActions();
  const navigate = useNavigate();
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [partnerName, setPartnerName] = useState('');
  const [slug, setSlug] = useState('');
  const [ownerIsMe, setOwnerIsMe] = useState(true);
  const [ownerEmail, setOwnerEmail] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problem = newPasswordProblem(password, repeat);
    setError(problem);
    if (problem) return;
    setBusy(true);
    try {
      const done = await api<SetupDone>('POST', '/api/v1/setup', {
        code: code.trim(),
        operator: { name: name.trim(), email: email.trim(), password },
        partner: { name: partnerName.trim(), slug: slug.trim(), ownerEmail: ownerIsMe ? null : ownerEmail.trim() },
      });
      await signIn(email.trim(), password);
      await navigate(done.owner === 'operator' && done.partner ? `/t/${done.partner.id}/settings` : '/platform/partners', { replace: true });
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <AccountCard title="Set up Flowgate">
      <p>Create the account that runs this installation, and its first partner.</p>
      <form className="account-form" onSubmit={(event) => void submit(event)} aria-label="First-run setup">
        <label>
          Setup code
          <input required value={code} onChange={(event) => setCode(event.target.value)} autoComplete="off" aria-describedby="code-hint" />
        </label>
        <p className="hint muted" id="code-hint">
          Printed when the server started, and kept in setup-code.txt in its data directory.
        </p>
        <fieldset className="setup-group">
          <legend>You, the platform operator</legend>
          <label>
            Your name
            <input required value={name} onChange={(event) => setName(event.target.value)} autoComplete="name" />
          </label>
          <label>
            Your email
            <input type="email" required value={email} onChange={(event) => setEmail(event.target.value)} autoComplete="username" />
          </label>
          <NewPasswordFields label="Your password" password={password} repeat={repeat} onPassword={setPassword} onRepeat={setRepeat} />
        </fieldset>
        <fieldset className="setup-group">
          <legend>The first partner</legend>
          <label>
            Partner name
            <input required value={partnerName} onChange={(event) => setPartnerName(event.target.value)} />
          </label>
          <label>
            Short name (in addresses)
            <input required value={slug} pattern="[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?" title="lowercase letters, digits and inner dashes" onChange={(event) => setSlug(event.target.value)} />
          </label>
          <label className="checkbox">
            <input type="radio" name="owner" checked={ownerIsMe} onChange={() => setOwnerIsMe(true)} />I own it myself
          </label>
          <label className="checkbox">
            <input type="radio" name="owner" checked={!ownerIsMe} onChange={() => setOwnerIsMe(false)} />
            Invite its owner by email
          </label>
          {ownerIsMe ? null : (
            <label>
              Owner’s email
              <input type="email" required value={ownerEmail} onChange={(event) => setOwnerEmail(event.target.value)} />
            </label>
          )}
        </fieldset>
        {error ? <ErrorMessage>{error}</ErrorMessage> : null}
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Setting up…' : 'Set up'}
        </button>
      </form>
    </AccountCard>
  );
}
