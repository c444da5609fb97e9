import { ROLES, type Role } from '../../../runtime/definition/roles.js';

/** What each role is for, in a few words (the matrix on the Members page says what it may do). */
export const ROLE_SUMMARIES: Readonly<Record<Role, string>> = {
  owner: 'everything, members and settings included',
  designer: 'builds workflows and submits versions',
  approver: 'signs off and activates versions',
  operator: 'runs workflows and handles runs',
  viewer: 'reads',
};

/** Checkboxes for the roles of a membership (at least one must stay chosen). */
export function RoleChoices({ legend, value, onChange, disabled = () => false }: { legend: string; value: readonly Role[]; onChange: (roles: Role[]) => void; disabled?: (role: Role) => boolean }) {
  return (
    <fieldset className="role-choices">
      <legend>{legend}</legend>
      {ROLES.map((role) => (
        <label key={role} className="checkbox" title={ROLE_SUMMARIES[role]}>
          <input
            type="checkbox"
            checked={value.includes(role)}
            disabled={disabled(role)}
            onChange={(event) => onChange(event.target.checked ? ROLES.filter((candidate) => candidate === role || value.includes(candidate)) : value.filter((candidate) => candidate !== role))}
          />
          {role}
        </label>
      ))}
    </fieldset>
  );
}
