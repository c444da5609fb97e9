import { useMe } from '../app/session.js';
import { useWorkspace } from '../app/workspace.js';

/**
 * The partner's customers this person reaches (their workspaces), and the name of a workspace a
 * cross-customer list shows by id.
 */
export function useCustomerScope() {
  const { tenant } = useWorkspace();
  const { me } = useMe();
  const customers = (me?.workspaces ?? []).filter((workspace) => workspace.tenant.parentId === tenant.id).map((workspace) => workspace.tenant);
  const workspaceName = (tenantId: string) => (tenantId === tenant.id ? tenant.name : (customers.find((customer) => customer.id === tenantId)?.name ?? tenantId));
  return { customers, workspaceName };
}

/**
 * A partner's choice of whose items a list shows ("Show runs of"): its own (''), its and all its
 * customers' (`all`), or one customer's (the id). Nothing in a customer's workspace.
 */
export function CustomerScopeSelect({ noun, value, onChange }: { noun: string; value: string; onChange: (value: string) => void }) {
  const { tenant } = useWorkspace();
  const { customers } = useCustomerScope();
  if (tenant.kind !== 'partner') return null;
  return (
    <label>
      Show {noun} of
      <select value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">{tenant.name} only</option>
        <option value="all">{tenant.name} and all customers</option>
        {customers.map((customer) => (
          <option key={customer.id} value={customer.id}>
            {customer.name}
          </option>
        ))}
      </select>
    </label>
  );
}
