import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../app/error-message.js';
import { useCan } from '../app/permissions.js';
import { useWorkspace, workspacePath } from '../app/workspace.js';
import { EmptyState, ErrorState, LoadingState } from '../shared/page-state.js';
import { useCreateCustomer, useCustomers } from './api.js';
import type { PageMessage } from '../shared/page-notice.js';
import { TableHead } from '../shared/table-head.js';

/** A slug suggested from a name: "Fabrikam Retail" → "fabrikam-retail". */
function slugOf(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
}

/**
 * A partner's customers: each one's state at a glance (active workflows, runs and failures today,
 * members), a way into its workspace, and — for owners — a new customer workspace.
 */
export function CustomersPage() {
  const { tenant } = useWorkspace();
  const can = useCan();
  const customers = useCustomers(tenant.id);
  return (
    <section aria-labelledby="customers-title">
      <h1 id="customers-title">Customers</h1>
      <p className="page-intro">The customer workspaces of {tenant.name}. Your people act in each with the roles they hold here; customers never see each other.</p>
      {can('tenant.create') ? <NewCustomer tenantId={tenant.id} /> : null}
      {customers.isPending ? <LoadingState label="Loading customers…" /> : null}
      {customers.isError ? <ErrorState title="The customers could not be loaded" error={customers.error} onRetry={() => void customers.refetch()} /> : null}
      {customers.data?.length === 0 ? (
        <EmptyState title="No customers yet">
          <p>{can('tenant.create') ? 'Create the first customer workspace above.' : 'An owner of this workspace creates them.'}</p>
        </EmptyState>
      ) : null}
      {customers.data && customers.data.length > 0 ? (
        <table className="table">
          <TableHead caption="Customers and their activity today" columns={['Customer', 'Active workflows', 'Runs today', 'Failures today', 'Members']} />
          <tbody>
            {customers.data.map((customer) => (
              <tr key={customer.tenant.id}>
                <td>
                  <Link to={workspacePath(customer.tenant.id, 'workflows')}>{customer.tenant.name}</Link>
                  <div className="muted small">{customer.tenant.slug}</div>
                </td>
                <td className="numbers">{customer.activeWorkflows}</td>
                <td className="numbers">{customer.runsToday}</td>
                <td className={`numbers${customer.failuresToday > 0 ? ' failures' : ''}`}>{customer.failuresToday}</td>
                <td className="numbers">{customer.members}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

function NewCustomer({ tenantId }: { tenantId: string }) {
  const create = useCreateCustomer(tenantId);
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const [slugEdited, setSlugEdited] = useState(false);
  const [message, setMessage] = useState<PageMessage>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setMessage({ kind: 'bad', text: 'Enter the customer’s name.' });
      return;
    }
    create.mutate(
      { name: name.trim(), slug },
      {
        onSuccess: (created) => {
          setMessage({ kind: 'ok', text: `${created.name} was created. Invite its people from its own Settings → Members.` });
          setName('');
          setSlug('');
          setSlugEdited(false);
        },
        onError: (error) => setMessage({ kind: 'bad', text: errorMessage(error) }),
      },
    );
  };
  return (
    <form className="settings-form" onSubmit={submit} aria-labelledby="new-customer-title">
      <h2 id="new-customer-title" style={{ margin: 0 }}>
        New customer
      </h2>
      <div className="form-row">
        <label>
          Customer name
          <input
            value={name}
            onChange={(event) => {
              setName(event.target.value);
              if (!slugEdited) setSlug(slugOf(event.target.value));
            }}
          />
        </label>
        <label>
          Short name (in addresses)
          <input
            value={slug}
            pattern="[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?"
            title="lowercase letters, digits and inner dashes"
            onChange={(event) => {
              setSlug(event.target.value);
              setSlugEdited(true);
            }}
          />
        </label>
      </div>
      <p className="field-hint">The short name appears in the customer’s webhook addresses: /hooks/{slug || 'short-name'}/…</p>
      {message ? (
        <p role={message.kind === 'bad' ? 'alert' : 'status'} className={message.kind === 'bad' ? 'error' : 'notice'}>
          {message.text}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={create.isPending}>
          Create customer
        </button>
      </div>
    </form>
  );
}
