import type { ReactNode } from 'react';

/**
 * Disables every field inside it when the editor is read-only (a disabled fieldset disables them
 * all, however deep, so none can be missed); otherwise it adds nothing.
 */
export function ReadOnlyForm({ readOnly, children }: { readOnly: boolean; children: ReactNode }) {
  if (!readOnly) return <>{children}</>;
  return (
    <fieldset className="read-only-form" disabled>
      <legend className="sr-only">Read-only</legend>
      {children}
    </fieldset>
  );
}
