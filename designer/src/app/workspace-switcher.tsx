import { useNavigate } from 'react-router';
import type { Workspace } from './api-types.js';
import { sectionOf, sectionsFor, type Section } from './sections.js';
import { workspaceGroups, workspaceLabel } from './workspace-groups.js';
import { workspacePath } from './workspace.js';

/**
 * Moves between the user's workspaces — a partner and its customers, grouped — staying in the same
 * section where the other workspace has it. A native select: keyboard, screen readers and touch
 * work as everywhere. A user with one workspace sees its name.
 */
export function WorkspaceSwitcher({ workspaces, current, sections, pathname }: { workspaces: readonly Workspace[]; current: Workspace | null; sections: readonly Section[]; pathname: string }) {
  const navigate = useNavigate();
  if (current && workspaces.length === 1) return <span className="workspace-name">{current.tenant.name}</span>;
  const groups = workspaceGroups(workspaces);
  const open = (tenantId: string) => {
    const target = workspaces.find((workspace) => workspace.tenant.id === tenantId);
    if (!target) return;
    const here = sectionOf(pathname, sections);
    const allowed = sectionsFor(target, sections);
    const section = allowed.find((candidate) => candidate === here) ?? allowed[0];
    void navigate(workspacePath(tenantId, section?.path));
  };
  const options = (list: readonly Workspace[]) =>
    list.map((workspace) => (
      <option key={workspace.tenant.id} value={workspace.tenant.id}>
        {workspaceLabel(workspace)}
      </option>
    ));
  return (
    <select className="workspace-switcher" aria-label="Workspace" value={current?.tenant.id ?? ''} onChange={(event) => open(event.target.value)}>
      {current ? null : (
        <option value="" disabled>
          Choose a workspace
        </option>
      )}
      {groups.length === 1
        ? options(groups[0]?.workspaces ?? [])
        : groups.map((group) => (
            <optgroup key={group.label} label={group.label}>
              {options(group.workspaces)}
            </optgroup>
          ))}
    </select>
  );
}
