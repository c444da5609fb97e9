import { Link } from 'react-router';
import { useMe } from '../app/session.js';
import { workspacePath } from '../app/workspace.js';
import { EmptyState } from '../shared/page-state.js';

/** What an empty list says; an empty workspace points to the user's other workspaces. */
export function EmptyList({ tenantId, filtered, canCreate }: { tenantId: string; filtered: boolean; canCreate: boolean }) {
  const { me } = useMe();
  if (filtered) return <EmptyState title="No workflow matches the search." />;
  const others = me?.workspaces.filter((workspace) => workspace.tenant.id !== tenantId) ?? [];
  return (
    <EmptyState title="No workflows yet">
      <p>
        {canCreate ? 'Create one, or import a JSON file.' : 'Workflows appear here once someone who designs them creates one.'}
        {others.length > 0 ? (
          <>
            {' '}Other workspaces:{' '}
            {others.map((workspace, index) => (
              <span key={workspace.tenant.id}>
                {index > 0 ? ', ' : null}
                <Link to={workspacePath(workspace.tenant.id, 'workflows')}>{workspace.tenant.name}</Link>
              </span>
            ))}
            .
          </>
        ) : null}
      </p>
    </EmptyState>
  );
}
