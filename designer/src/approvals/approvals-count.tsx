import { useApprovalInbox } from './api.js';

/** How many items wait for the user, beside Approvals in the navigation (nothing while none wait). */
export function ApprovalsCount() {
  const { data } = useApprovalInbox('waiting');
  if (!data || data.waiting === 0) return null;
  return (
    <span className={data.overdue > 0 ? 'nav-count overdue' : 'nav-count'} data-testid="approvals-count">
      {data.waiting}
      <span className="sr-only">{data.overdue > 0 ? ` waiting, ${data.overdue} overdue` : ' waiting'}</span>
    </span>
  );
}
