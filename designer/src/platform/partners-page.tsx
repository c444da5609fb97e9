import { useState, type FormEvent } from 'react';
import type { Partner } from '../app/api-types.js';
import { DateTime } from '../app/date-time.js';
import { errorMessage } from '../app/error-message.js';
import { EmptyState, ErrorState, LoadingState } from '../shared/page-state.js';
import { FormDialog } from '../settings/form-dialog.js';
import '../settings/settings.css';
import { usePartnerActions, usePartners } from './api.js';
import { PageNotice, type PageMessage } from '../shared/page-notice.js';
import { TableHead } from '../shared/table-head.js';

/**
 * The platform operator's partners: each one's customers, members and standing; a new partner
 * (its owner invited by mail); suspending and resuming; its own sign-in host name. The operator
 * sees no partner's workflows, runs or credentials.
 */
export function PartnersPage() {
  const partners = usePartners();
  const [message, setMessage] = useState<PageMessage>(null);
  return (
    <section className="settings-page" aria-labelledby="partners-title">
      <h1 id="partners-title">Partners</h1>
      <p className="page-intro">The partners of this installation. Each runs its own customers under its own brand; you manage the partners, not their data.</p>
      <PageNotice message={message} />
      <NewPartner onMessage={setMessage} />
      {partners.isPending ? <LoadingState label="Loading partners…" /> : null}
      {partners.isError ? <ErrorState title="The partners could not be loaded" error={partners.error} onRetry={() => void partners.refetch()} /> : null}
      {partners.data?.length === 0 ? <EmptyState title="No partners yet">Create the first one above.</EmptyState> : null}
      {partners.data && partners.data.length > 0 ? <PartnerTable partners={partners.data} onMessage={setMessage} /> : null}
    </section>
  );
}

function NewPartner({ onMessage }: { onMessage: (message: PageMessage) => void }) {
  const { create } = usePartnerActions();
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const [ownerEmail, setOwnerEmail] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { name: name.trim(), slug: slug.trim(), ownerEmail: ownerEmail.trim() },
      {
        onSuccess: ({ partner, invitation, delivery }) => {
          onMessage(
            delivery === 'sent'
              ? { kind: 'ok', text: `${partner.name} was created; ${invitation.email} was invited as its owner (the link works once, for 72 hours).` }
              : { kind: 'bad', text: `${partner.name} was created, but the invitation mail to ${invitation.email} could not be sent; its owner can re-send it from Members once mail works.` },
          );
          setName('');
          setSlug('');
          setOwnerEmail('');
        },
        onError: (error) => onMessage({ kind: 'bad', text: errorMessage(error) }),
      },
    );
  };
  return (
    <form className="settings-form" onSubmit={submit} aria-labelledby="new-partner-title">
      <h2 id="new-partner-title" style={{ margin: 0 }}>
        New partner
      </h2>
      <div className="form-row">
        <label>
          Partner name
          <input required value={name} onChange={(event) => setName(event.target.value)} />
        </label>
        <label>
          Short name (in addresses)
          <input required value={slug} pattern="[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?" title="lowercase letters, digits and inner dashes" onChange={(event) => setSlug(event.target.value)} />
        </label>
      </div>
      <label>
        Owner’s email
        <input type="email" required value={ownerEmail} onChange={(event) => setOwnerEmail(event.target.value)} />
      </label>
      <p className="field-hint">The owner gets a link to choose their own password and then invites their people.</p>
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={create.isPending}>
          Create partner
        </button>
      </div>
    </form>
  );
}

function PartnerTable({ partners, onMessage }: { partners: Partner[]; onMessage: (message: PageMessage) => void }) {
  const { resume } = usePartnerActions();
  const [suspending, setSuspending] = useState<Partner | null>(null);
  const [hosting, setHosting] = useState<Partner | null>(null);
  return (
    <>
      <table className="table">
        <TableHead caption="Partners" columns={['Partner', 'Customers', 'Members', 'Sign-in address', 'Status']} actions />
        <tbody>
          {partners.map((partner) => (
            <tr key={partner.id}>
              <td>
                <strong>{partner.name}</strong>
                <div className="muted small">
                  {partner.slug} · since <DateTime iso={partner.createdAt} />
                </div>
              </td>
              <td className="numbers">{partner.customers}</td>
              <td className="numbers">{partner.members}</td>
              <td>
                <div>/sign-in/{partner.slug}</div>
                {partner.signInHost ? <div>{partner.signInHost}</div> : null}
              </td>
              <td>
                {partner.suspendedAt ? (
                  <>
                    <span className="status-badge suspended">Suspended</span>
                    <div className="small">{partner.suspensionReason}</div>
                  </>
                ) : (
                  <span className="status-badge active">Active</span>
                )}
              </td>
              <td className="row-actions">
                <button type="button" className="button subtle" aria-label={`Host name of ${partner.name}`} onClick={() => setHosting(partner)}>
                  Host name
                </button>
                {partner.suspendedAt ? (
                  <button
                    type="button"
                    className="button subtle"
                    aria-label={`Resume ${partner.name}`}
                    onClick={() =>
                      resume.mutate(partner.id, {
                        onSuccess: () => onMessage({ kind: 'ok', text: `${partner.name} is active again.` }),
                        onError: (error) => onMessage({ kind: 'bad', text: errorMessage(error) }),
                      })
                    }
                  >
                    Resume
                  </button>
                ) : (
                  <button type="button" className="button subtle" aria-label={`Suspend ${partner.name}`} onClick={() => setSuspending(partner)}>
                    Suspend
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {suspending ? <SuspendDialog partner={suspending} onClose={() => setSuspending(null)} onMessage={onMessage} /> : null}
      {hosting ? <HostDialog partner={hosting} onClose={() => setHosting(null)} onMessage={onMessage} /> : null}
    </>
  );
}

function SuspendDialog({ partner, onClose, onMessage }: { partner: Partner; onClose: () => void; onMessage: (message: PageMessage) => void }) {
  const { suspend } = usePartnerActions();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <FormDialog
      title={`Suspend ${partner.name}`}
      submitLabel="Suspend"
      busy={suspend.isPending}
      onClose={onClose}
      onSubmit={() =>
        suspend.mutate(
          { id: partner.id, reason: reason.trim() },
          {
            onSuccess: () => {
              onMessage({ kind: 'ok', text: `${partner.name} is suspended.` });
              onClose();
            },
            onError: (caught) => setError(errorMessage(caught)),
          },
        )
      }
    >
      <p>Its people and its {partner.customers} customers’ people can no longer open their workspaces; webhooks answer “not found” and schedules stop. Nothing is deleted, and resuming brings everything back.</p>
      <label>
        Reason (recorded in the partner’s audit log)
        <input required value={reason} onChange={(event) => setReason(event.target.value)} />
      </label>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
    </FormDialog>
  );
}

function HostDialog({ partner, onClose, onMessage }: { partner: Partner; onClose: () => void; onMessage: (message: PageMessage) => void }) {
  const { setHost } = usePartnerActions();
  const [host, setHostName] = useState(partner.signInHost ?? '');
  const [error, setError] = useState<string | null>(null);
  return (
    <FormDialog
      title={`Sign-in host name of ${partner.name}`}
      submitLabel="Save"
      busy={setHost.isPending}
      onClose={onClose}
      onSubmit={() =>
        setHost.mutate(
          { id: partner.id, host: host.trim() || null },
          {
            onSuccess: (saved) => {
              onMessage({ kind: 'ok', text: saved.signInHost ? `The sign-in page at ${saved.signInHost} shows ${partner.name}’s brand.` : `${partner.name} has no host name of its own now.` });
              onClose();
            },
            onError: (caught) => setError(errorMessage(caught)),
          },
        )
      }
    >
      <label>
        Host name
        <input value={host} placeholder="flow.partner.example" onChange={(event) => setHostName(event.target.value)} />
      </label>
      <p className="field-hint">Point this name at the server (DNS and your reverse proxy); leave it empty to remove it. The address /sign-in/{partner.slug} always works.</p>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
    </FormDialog>
  );
}
