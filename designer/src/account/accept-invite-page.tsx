import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useMe, useSessionActions } from '../app/session.js';
import { acceptInvitation, useInvitation, type InvitationView } from './account-api.js';
import { AccountCard, ErrorMessage, Loading } from './account-card.js';
import { errorText } from './error-text.js';
import { useLinkToken } from './link-token.js';
import { NewPasswordFields, newPasswordProblem } from './new-password-fields.js';

/**
 * An invitation link (`/accept-invite?token=…`): what it grants, then — for a new account — name and
 * password, or — for an existing one — signing in as that account; the membership exists only then.
 */
export function AcceptInvitePage() {
  const token = useLinkToken();
  const invitation = useInvitation(token);
  if (token === '') {
    return (
      <AccountCard title="Invitation">
        <ErrorMessage>This link is incomplete. Open the link from your invitation email again.</ErrorMessage>
      </AccountCard>
    );
  }
  if (invitation.isPending) {
    return (
      <AccountCard title="Invitation">
        <Loading what="Checking your invitation…" />
      </AccountCard>
    );
  }
  if (invitation.isError) {
    return (
      <AccountCard title="Invitation">
        <ErrorMessage>{errorText(invitation.error)}</ErrorMessage>
        <Link to="/sign-in">Go to sign-in</Link>
      </AccountCard>
    );
  }
  const view = invitation.data;
  return (
    <AccountCard title={`Join ${view.tenant.name}`} branding={view.branding}>
      <p>
        {view.invitedBy} invites <strong>{view.email}</strong> to {view.tenant.name} as {view.roles.join(', ')}.
      </p>
      {view.account === 'new' ? <NewAccountForm token={token} view={view} /> : <ExistingAccount token={token} view={view} />}
    </AccountCard>
  );
}

/** Goes to the workspace just joined, with who the user is refreshed. */
function useEnterWorkspace() {
  const client = useQueryClient();
  const navigate = useNavigate();
  return async (tenantId: string) => {
    await client.invalidateQueries({ queryKey: ['me'] });
    await navigate(`/t/${tenantId}/workflows`, { replace: true });
  };
}

function NewAccountForm({ token, view }: { token: string; view: InvitationView }) {
  const { signIn } = useSessionActions();
  const enter = useEnterWorkspace();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problem = newPasswordProblem(password, repeat);
    setError(problem);
    if (problem) return;
    setBusy(true);
    try {
      const accepted = await acceptInvitation(token, { name, password });
      await signIn(view.email, password);
      await enter(accepted.workspace.tenant.id);
    } catch (caught) {
      setError(errorText(caught));
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(event) => void submit(event)} aria-label="Create your account" className="account-form">
      <label>
        Your name
        <input name="name" autoComplete="name" required maxLength={200} value={name} onChange={(event) => setName(event.target.value)} />
      </label>
      <NewPasswordFields label="Choose a password" password={password} repeat={repeat} onPassword={setPassword} onRepeat={setRepeat} />
      {error ? <ErrorMessage>{error}</ErrorMessage> : null}
      <button type="submit" className="button primary" disabled={busy}>
        {busy ? 'Creating your account…' : 'Create account and join'}
      </button>
    </form>
  );
}

function ExistingAccount({ token, view }: { token: string; view: InvitationView }) {
  const { me, loading } = useMe();
  const { signIn, signOut } = useSessionActions();
  const enter = useEnterWorkspace();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const accept = async (event: FormEvent, withSignIn: boolean) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (withSignIn) await signIn(view.email, password);
      const accepted = await acceptInvitation(token, {});
      await enter(accepted.workspace.tenant.id);
    } catch (caught) {
      setError(errorText(caught));
      setBusy(false);
    }
  };
  if (loading) return <Loading what="Checking who is signed in…" />;
  if (me && me.user.email.toLowerCase() !== view.email.toLowerCase()) {
    return (
      <>
        <p>
          You are signed in as {me.user.email}. Sign out, then accept as {view.email}.
        </p>
        <button type="button" className="button" onClick={() => void signOut()}>
          Sign out
        </button>
      </>
    );
  }
  if (me) {
    return (
      <form onSubmit={(event) => void accept(event, false)} aria-label="Accept the invitation" className="account-form">
        {error ? <ErrorMessage>{error}</ErrorMessage> : null}
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Joining…' : 'Accept invitation'}
        </button>
      </form>
    );
  }
  return (
    <form onSubmit={(event) => void accept(event, true)} aria-label="Sign in to accept" className="account-form">
      <p>You already have an account. Sign in to accept.</p>
      <label>
        Password
        <input name="password" type="password" autoComplete="current-password" required value={password} onChange={(event) => setPassword(event.target.value)} />
      </label>
      {error ? <ErrorMessage>{error}</ErrorMessage> : null}
      <button type="submit" className="button primary" disabled={busy}>
        {busy ? 'Joining…' : 'Sign in and accept'}
      </button>
      <Link to="/forgot-password">Forgot password?</Link>
    </form>
  );
}
