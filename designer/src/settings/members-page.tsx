import { useState, type FormEvent } from 'react';
import type { Role } from '../../../runtime/definition/roles.js';
import { rolesInWords } from '../../../server/contract/permissions.js';
import type { Member } from '../app/api-types.js';
import { DateTime } from '../app/date-time.js';
import { errorMessage } from '../app/error-message.js';
import { useCan } from '../app/permissions.js';
import { useMe } from '../app/session.js';
import { useWorkspace } from '../app/workspace.js';
import { EmptyState, ErrorState, LoadingState } from '../shared/page-state.js';
import { useInvitations, useMemberActions, useMembers, usePartnerStaff } from './api.js';
import { FormDialog } from './form-dialog.js';
import { RoleChoices } from './role-choices.js';
import { RoleMatrixTable } from './role-matrix-table.js';
import { PageNotice, type PageMessage } from '../shared/page-notice.js';
import { TableHead } from '../shared/table-head.js';

/**
 * The workspace's people and their roles; owners invite (a single-use link mailed to the person,
 * valid 72 hours), re-send or revoke invitations, change roles and remove members. The last owner
 * cannot be removed or demoted, and nobody gives themselves roles. The role matrix below says
 * what each role may do.
 */
export function MembersPage() {
  const { tenant } = useWorkspace();
  const can = useCan();
  const manage = can('member.manage');
  const members = useMembers(tenant.id);
  const [message, setMessage] = useState<PageMessage>(null);
  return (
    <section aria-labelledby="members-title">
      <h1 id="members-title">Members</h1>
      <p className="page-intro">
        The people of {tenant.name} and their roles.
      </p>
      <PageNotice message={message} />
      {manage ? <InviteForm tenantId={tenant.id} onMessage={setMessage} /> : null}
      {members.isPending ? <LoadingState label="Loading members…" /> : null}
      {members.isError ? <ErrorState title="The members could not be loaded" error={members.error} onRetry={() => void members.refetch()} /> : null}
      {members.data ? <MemberTable tenantId={tenant.id} members={members.data} manage={manage} onMessage={setMessage} /> : null}
      {manage ? <Invitations tenantId={tenant.id} onMessage={setMessage} /> : null}
      {tenant.kind === 'customer' ? <PartnerStaffTable tenantId={tenant.id} /> : null}
      <h2 id="roles-title">What each role may do</h2>
      <p className="page-intro">A person may hold several roles; they add up. Two rules sit on top: nobody approves a version they submitted, and who may decide an approval task is set by the task itself.</p>
      <RoleMatrixTable />
    </section>
  );
}

/**
 * The partner's people, who act in this customer's workspace with the roles they hold in the
 * partner's: listed so the customer knows who can, managed in the partner's workspace.
 */
function PartnerStaffTable({ tenantId }: { tenantId: string }) {
  const staff = usePartnerStaff(tenantId, true);
  if (staff.isPending) return <LoadingState label="Loading the partner’s people…" />;
  if (staff.isError) return <ErrorState title="The partner’s people could not be loaded" error={staff.error} onRetry={() => void staff.refetch()} />;
  const { partner, members } = staff.data;
  if (!partner) return null;
  return (
    <>
      <h2 id="partner-staff-title">Through {partner.name}</h2>
      <p className="page-intro">
        {partner.name}’s people act here too, with the roles they hold in {partner.name}’s workspace; they are managed there, not here.
      </p>
      {members.length === 0 ? (
        <p className="muted">Nobody at {partner.name} yet.</p>
      ) : (
        <table className="table" aria-labelledby="partner-staff-title">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Roles</th>
            </tr>
          </thead>
          <tbody>
            {members.map((member) => (
              <tr key={member.userId}>
                <td>{member.name}</td>
                <td>{member.email}</td>
                <td>{rolesInWords(member.roles)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function InviteForm({ tenantId, onMessage }: { tenantId: string; onMessage: (message: PageMessage) => void }) {
  const { invite } = useMemberActions(tenantId);
  const [email, setEmail] = useState('');
  const [roles, setRoles] = useState<Role[]>(['viewer']);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (roles.length === 0) {
      onMessage({ kind: 'bad', text: 'Choose at least one role for the person you invite.' });
      return;
    }
    invite.mutate(
      { email: email.trim(), roles },
      {
        onSuccess: ({ invitation, delivery }) => {
          onMessage(
            delivery === 'sent'
              ? { kind: 'ok', text: `An invitation was sent to ${invitation.email}. The link works once, for 72 hours.` }
              : { kind: 'bad', text: `The invitation for ${invitation.email} was saved, but the mail could not be sent. Send it again below once mail works.` },
          );
          setEmail('');
          setRoles(['viewer']);
        },
        onError: (error) => onMessage({ kind: 'bad', text: errorMessage(error) }),
      },
    );
  };
  return (
    <form className="settings-form" onSubmit={submit} aria-labelledby="invite-title">
      <h2 id="invite-title" style={{ margin: 0 }}>
        Invite a person
      </h2>
      <label>
        Email
        <input type="email" required value={email} onChange={(event) => setEmail(event.target.value)} autoComplete="off" />
      </label>
      <RoleChoices legend="Roles" value={roles} onChange={setRoles} />
      <p className="field-hint">They get a link that lets them choose their own password; you never see or set it.</p>
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={invite.isPending}>
          Send invitation
        </button>
      </div>
    </form>
  );
}

function MemberTable({ tenantId, members, manage, onMessage }: { tenantId: string; members: Member[]; manage: boolean; onMessage: (message: PageMessage) => void }) {
  const { me } = useMe();
  const { remove, resetPassword } = useMemberActions(tenantId);
  const [editing, setEditing] = useState<Member | null>(null);
  const owners = members.filter((member) => member.roles.includes('owner'));
  if (members.length === 0) {
    return (
      <EmptyState title="No members of its own yet">
        <p>{manage ? 'Invite the first person above.' : 'An owner invites them.'}</p>
      </EmptyState>
    );
  }
  const lastOwner = (member: Member) => owners.length === 1 && member.roles.includes('owner');
  return (
    <>
      <table className="table">
        <TableHead caption="Members" columns={['Name', 'Email', 'Roles']} actions={manage} />
        <tbody>
          {members.map((member) => (
            <tr key={member.userId}>
              <td>
                {member.name}
                {member.userId === me?.user.id ? <span className="muted"> (you)</span> : null}
              </td>
              <td>{member.email}</td>
              <td>{rolesInWords(member.roles)}</td>
              {manage ? (
                <td className="row-actions">
                  <button type="button" className="button subtle" aria-label={`Change roles of ${member.name}`} onClick={() => setEditing(member)}>
                    Change roles
                  </button>
                  {member.userId === me?.user.id ? null : (
                    <button
                      type="button"
                      className="button subtle"
                      aria-label={`Reset password of ${member.name}`}
                      onClick={() => {
                        if (!window.confirm(`Mail ${member.name} a link to choose a new password? Their current password keeps working until they use it.`)) return;
                        resetPassword.mutate(member.userId, {
                          onSuccess: (sent) =>
                            onMessage(
                              sent.delivery === 'sent'
                                ? { kind: 'ok', text: `A password reset link was mailed to ${sent.email}; it works once, for 72 hours.` }
                                : { kind: 'bad', text: `The link to ${sent.email} could not be mailed; try again once mail works.` },
                            ),
                          onError: (error) => onMessage({ kind: 'bad', text: errorMessage(error) }),
                        });
                      }}
                    >
                      Reset password
                    </button>
                  )}
                  <button
                    type="button"
                    className="button subtle"
                    aria-label={`Remove ${member.name}`}
                    disabled={lastOwner(member)}
                    title={lastOwner(member) ? 'The last owner cannot be removed; make someone else an owner first.' : undefined}
                    onClick={() => {
                      if (!window.confirm(`Remove ${member.name} from this workspace?`)) return;
                      remove.mutate(member.userId, {
                        onSuccess: () => onMessage({ kind: 'ok', text: `${member.name} was removed.` }),
                        onError: (error) => onMessage({ kind: 'bad', text: errorMessage(error) }),
                      });
                    }}
                  >
                    Remove
                  </button>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      {editing ? <RolesDialog tenantId={tenantId} member={editing} self={editing.userId === me?.user.id} lastOwner={lastOwner(editing)} onClose={() => setEditing(null)} onMessage={onMessage} /> : null}
    </>
  );
}

function RolesDialog({ tenantId, member, self, lastOwner, onClose, onMessage }: { tenantId: string; member: Member; self: boolean; lastOwner: boolean; onClose: () => void; onMessage: (message: PageMessage) => void }) {
  const { setRoles } = useMemberActions(tenantId);
  const [roles, setChosen] = useState<Role[]>(member.roles);
  const [error, setError] = useState<string | null>(null);
  const save = () => {
    if (roles.length === 0) {
      setError('Keep at least one role; to take every role away, remove the member.');
      return;
    }
    setRoles.mutate(
      { userId: member.userId, roles },
      {
        onSuccess: (changed) => {
          onMessage({ kind: 'ok', text: `${changed.name} is now ${rolesInWords(changed.roles)}.` });
          onClose();
        },
        onError: (caught) => setError(errorMessage(caught)),
      },
    );
  };
  return (
    <FormDialog title={`Roles of ${member.name}`} submitLabel="Save roles" busy={setRoles.isPending} onSubmit={save} onClose={onClose}>
      <RoleChoices
        legend="Roles"
        value={roles}
        onChange={setChosen}
        disabled={(role) => (self && !member.roles.includes(role)) || (lastOwner && role === 'owner')}
      />
      {self ? <p className="field-hint">You can give up roles, but not give yourself new ones: another owner does that.</p> : null}
      {lastOwner ? <p className="field-hint">{member.name} is the last owner, so stays one until someone else is made an owner.</p> : null}
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
    </FormDialog>
  );
}

function Invitations({ tenantId, onMessage }: { tenantId: string; onMessage: (message: PageMessage) => void }) {
  const invitations = useInvitations(tenantId, true);
  const { resend, revoke } = useMemberActions(tenantId);
  if (!invitations.data || invitations.data.length === 0) return null;
  return (
    <>
      <h2 id="invitations-title">Invitations not yet accepted</h2>
      <table className="table" aria-labelledby="invitations-title">
        <thead>
          <tr>
            <th scope="col">Email</th>
            <th scope="col">Roles</th>
            <th scope="col">Status</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {invitations.data.map((invitation) => (
            <tr key={invitation.id}>
              <td>{invitation.email}</td>
              <td>{rolesInWords(invitation.roles)}</td>
              <td>
                {invitation.status === 'expired' ? (
                  'Expired'
                ) : (
                  <>
                    Valid until <DateTime iso={invitation.expiresAt} />
                  </>
                )}
              </td>
              <td className="row-actions">
                <button
                  type="button"
                  className="button subtle"
                  aria-label={`Send again to ${invitation.email}`}
                  onClick={() =>
                    resend.mutate(invitation.id, {
                      onSuccess: ({ delivery }) =>
                        onMessage(delivery === 'sent' ? { kind: 'ok', text: `A new link was sent to ${invitation.email}; the old one no longer works.` } : { kind: 'bad', text: 'The mail could not be sent.' }),
                      onError: (error) => onMessage({ kind: 'bad', text: errorMessage(error) }),
                    })
                  }
                >
                  Send again
                </button>
                <button
                  type="button"
                  className="button subtle"
                  aria-label={`Revoke the invitation to ${invitation.email}`}
                  onClick={() =>
                    revoke.mutate(invitation.id, {
                      onSuccess: () => onMessage({ kind: 'ok', text: `The invitation to ${invitation.email} was revoked.` }),
                      onError: (error) => onMessage({ kind: 'bad', text: errorMessage(error) }),
                    })
                  }
                >
                  Revoke
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
