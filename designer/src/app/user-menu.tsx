import { Building2, ChevronDown, KeyRound, LogOut, MonitorSmartphone } from 'lucide-react';
import { useEffect, useId, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { rolesInWords } from '../../../server/contract/permissions.js';
import type { Me, Workspace } from './api-types.js';
import { useSessionActions } from './session.js';

/**
 * The signed-in user: a button with their name opening who they are, their role in this workspace,
 * Change password, the platform's partners (for its operator) and Sign out. Escape or a click elsewhere closes it, and focus returns to the button.
 */
export function UserMenu({ user, workspace, platformOperator = false }: { user: Me['user']; workspace: Workspace | null; platformOperator?: boolean }) {
  const { signOut } = useSessionActions();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (event: PointerEvent | FocusEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    const escape = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener('pointerdown', close);
    document.addEventListener('focusin', close);
    document.addEventListener('keydown', escape);
    return () => {
      document.removeEventListener('pointerdown', close);
      document.removeEventListener('focusin', close);
      document.removeEventListener('keydown', escape);
    };
  }, [open]);

  return (
    <div className="user-menu" ref={root}>
      <button ref={button} type="button" className="button subtle user-button" aria-expanded={open} aria-controls={menuId} onClick={() => setOpen(!open)}>
        {user.name}
        <ChevronDown size={14} aria-hidden="true" />
      </button>
      {open ? (
        <div className="user-panel" id={menuId}>
          <p className="user-email">{user.email}</p>
          {workspace ? (
            <p className="muted">
              Your role in {workspace.tenant.name}: {rolesInWords(workspace.roles)}
            </p>
          ) : null}
          {workspace ? (
            <Link className="button subtle" to={`/t/${workspace.tenant.id}/account/password`} onClick={() => setOpen(false)}>
              <KeyRound size={14} aria-hidden="true" />
              Change password
            </Link>
          ) : null}
          {workspace ? (
            <Link className="button subtle" to={`/t/${workspace.tenant.id}/account/sessions`} onClick={() => setOpen(false)}>
              <MonitorSmartphone size={14} aria-hidden="true" />
              Sessions
            </Link>
          ) : null}
          {platformOperator ? (
            <Link className="button subtle" to="/platform/partners" onClick={() => setOpen(false)}>
              <Building2 size={14} aria-hidden="true" />
              Partners (platform)
            </Link>
          ) : null}
          <button
            type="button"
            className="button"
            onClick={() => {
              void signOut().then(() => navigate('/sign-in'));
            }}
          >
            <LogOut size={14} aria-hidden="true" />
            Sign out
          </button>
        </div>
      ) : null}
    </div>
  );
}
