import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { Session } from '../app/api-types.js';
import { DateTime } from '../app/date-time.js';
import { errorMessage } from '../app/error-message.js';
import { useSessionActions } from '../app/session.js';
import { EmptyState, ErrorState, LoadingState } from '../shared/page-state.js';
import { endAllSessions, endSession, useSessions } from './account-api.js';
import { PageNotice, type PageMessage } from '../shared/page-notice.js';
import { TableHead } from '../shared/table-head.js';

/** A browser's user agent in a few words ("Firefox on Linux"), the whole string when it is unfamiliar. */
function deviceOf(userAgent: string | null): string {
  if (!userAgent) return 'Unknown device';
  const browser = /Edg\//.test(userAgent) ? 'Edge' : /Firefox\//.test(userAgent) ? 'Firefox' : /Chrom(e|ium)\//.test(userAgent) ? 'Chrome' : /Safari\//.test(userAgent) ? 'Safari' : null;
  const system = /Windows/.test(userAgent) ? 'Windows' : /Mac OS X/.test(userAgent) ? 'macOS' : /Android/.test(userAgent) ? 'Android' : /iPhone|iPad/.test(userAgent) ? 'iOS' : /Linux/.test(userAgent) ? 'Linux' : null;
  if (browser && system) return `${browser} on ${system}`;
  return browser ?? system ?? userAgent;
}

/**
 * Where the person is signed in: each session with how (password or single sign-on) and from where
 * it signed in, when it was last used; end one, or sign out everywhere else (or everywhere).
 */
export function SessionsPage() {
  const sessions = useSessions();
  const client = useQueryClient();
  const { signOut } = useSessionActions();
  const navigate = useNavigate();
  const leave = async () => {
    await signOut();
    await navigate('/sign-in');
  };
  const [message, setMessage] = useState<PageMessage>(null);
  const [busy, setBusy] = useState(false);
  const refresh = () => client.invalidateQueries({ queryKey: ['me', 'sessions'] });

  const run = async (action: () => Promise<PageMessage>) => {
    setBusy(true);
    try {
      setMessage(await action());
    } catch (error) {
      setMessage({ kind: 'bad', text: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  };
  const end = (session: Session) =>
    run(async () => {
      const { current } = await endSession(session.id);
      if (current) {
        await leave();
        return null;
      }
      await refresh();
      return { kind: 'ok', text: `The session on ${deviceOf(session.userAgent)} was signed out.` };
    });
  const endOthers = () =>
    run(async () => {
      const { ended } = await endAllSessions(true);
      await refresh();
      return { kind: 'ok', text: ended === 0 ? 'You were signed in nowhere else.' : `${ended} other ${ended === 1 ? 'session was' : 'sessions were'} signed out.` };
    });
  const endEverywhere = () =>
    run(async () => {
      if (!window.confirm('Sign out everywhere, this browser too?')) return null;
      await endAllSessions(false);
      await leave();
      return null;
    });

  return (
    <section className="account-page wide" aria-labelledby="sessions-title">
      <h1 id="sessions-title">Sessions</h1>
      <p className="page-intro">Where you are signed in. Sign out a session you do not recognise, then change your password. Personal API tokens are not sessions and stay.</p>
      <PageNotice message={message} />
      {sessions.isPending ? <LoadingState label="Loading your sessions…" /> : null}
      {sessions.isError ? <ErrorState title="Your sessions could not be loaded" error={sessions.error} onRetry={() => void sessions.refetch()} /> : null}
      {sessions.data && sessions.data.length === 0 ? <EmptyState title="No sessions">You are signed in nowhere.</EmptyState> : null}
      {sessions.data && sessions.data.length > 0 ? (
        <>
          <table className="table">
            <TableHead caption="Your sessions" columns={['Device', 'Signed in with', 'From', 'Signed in', 'Last used']} actions />
            <tbody>
              {sessions.data.map((session) => (
                <tr key={session.id}>
                  <td>
                    {deviceOf(session.userAgent)}
                    {session.current ? (
                      <>
                        {' '}
                        <span className="badge">This browser</span>
                      </>
                    ) : null}
                  </td>
                  <td>{session.method === 'sso' ? 'Single sign-on' : 'Password'}</td>
                  <td>{session.address ?? 'Unknown'}</td>
                  <td>
                    <DateTime iso={session.createdAt} />
                  </td>
                  <td>{session.lastUsedAt ? <DateTime iso={session.lastUsedAt} /> : 'Not since'}</td>
                  <td className="row-actions">
                    <button type="button" className="button subtle" disabled={busy} aria-label={`Sign out ${session.current ? 'this browser' : deviceOf(session.userAgent)}`} onClick={() => void end(session)}>
                      Sign out
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="form-actions">
            <button type="button" className="button" disabled={busy} onClick={() => void endOthers()}>
              Sign out everywhere else
            </button>
            <button type="button" className="button danger" disabled={busy} onClick={() => void endEverywhere()}>
              Sign out everywhere
            </button>
          </div>
        </>
      ) : null}
    </section>
  );
}
