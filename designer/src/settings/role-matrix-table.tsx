import { ROLES } from '../../../runtime/definition/roles.js';
import { PERMISSION_ACTIONS, allows, type Permission } from '../../../server/contract/permissions.js';
import { ROLE_SUMMARIES } from './role-choices.js';

/** The permissions in the order a person reads them: building, signing off, running, administering. */
const ORDER: readonly Permission[] = [
  'tenant.read',
  'workflow.read',
  'workflow.write',
  'version.submit',
  'version.review',
  'workflow.activate',
  'run.read',
  'run.start',
  'run.test',
  'run.manage',
  'task.read',
  'credential.read',
  'credential.write',
  'member.read',
  'member.manage',
  'tenant.create',
  'branding.manage',
  'policy.manage',
  'audit.read',
];

/**
 * What each role may do, from the server's own role matrix (server/contract/permissions.ts): the
 * page explains exactly what the server enforces.
 */
export function RoleMatrixTable() {
  return (
    <table className="table role-matrix">
      <caption className="sr-only">What each role may do</caption>
      <thead>
        <tr>
          <th scope="col">A person with this role may…</th>
          {ROLES.map((role) => (
            <th key={role} scope="col" title={ROLE_SUMMARIES[role]}>
              {role}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {ORDER.map((permission) => (
          <tr key={permission}>
            <th scope="row" style={{ fontWeight: 400 }}>
              {PERMISSION_ACTIONS[permission]}
            </th>
            {ROLES.map((role) => (
              <td key={role}>{allows([role], permission) ? <span className="yes">✓<span className="sr-only"> yes</span></span> : <span className="muted">—<span className="sr-only"> no</span></span>}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
