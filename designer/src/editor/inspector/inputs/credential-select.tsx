import { useQuery } from '@tanstack/react-query';
import { api } from '../../../app/api-client.js';
import type { TextField } from '../../model/form-fields.js';
import { useCan } from '../../../app/permissions.js';
import { useEditorStore } from '../../store/editor-context.js';
import { useFormContext } from '../form-context.js';
import { TextInput } from './text-input.js';

/** A stored credential as the API lists it (values are never returned). */
interface CredentialSummary {
  readonly id: string;
  readonly name: string;
  readonly type: string;
}

/**
 * Picks one of the workspace's stored credentials (GET /api/v1/tenants/:tenantId/credentials). The
 * config keeps the credential's name, which the engine resolves per tenant, so a workflow cloned
 * into another workspace finds that workspace's credential of the same name. A role that may not
 * see the credentials (they are not asked for) or a failed listing shows the name as text instead.
 * A node that names the credential types it accepts is offered only credentials of those types.
 */
export function CredentialSelect({ field, inputId, invalid }: { field: TextField; inputId: string; invalid: boolean }) {
  const { change } = useFormContext();
  const tenantId = useEditorStore((state) => state.tenantId);
  const mayList = useCan()('credential.read');
  const query = useQuery({
    queryKey: ['credentials', tenantId],
    queryFn: () => api<CredentialSummary[]>('GET', `/api/v1/tenants/${tenantId}/credentials`),
    enabled: tenantId !== '' && mayList,
    staleTime: 30_000,
  });
  if (!mayList) return <TextInput field={{ ...field, kind: 'text' }} inputId={inputId} invalid={invalid} />;
  if (query.isError) {
    return (
      <>
        <TextInput field={{ ...field, kind: 'text' }} inputId={inputId} invalid={invalid} />
        <p className="field-message muted">The workspace&apos;s credentials could not be listed; enter a credential name.</p>
      </>
    );
  }
  const accepted = field.credentialTypes;
  const all = query.data ?? [];
  const credentials = all.filter((credential) => accepted === undefined || accepted.includes(credential.type));
  const current = typeof field.value === 'string' ? field.value : '';
  const selected = credentials.find((credential) => credential.name === current) ?? credentials.find((credential) => credential.id === current);
  const ofAnotherType = selected ? undefined : all.find((credential) => credential.name === current || credential.id === current);
  const missing = ofAnotherType ? `${current} (a ${ofAnotherType.type} credential, which this step cannot use)` : `${current} (not in this workspace)`;
  return (
    <>
      <select
        id={inputId}
        value={selected ? selected.name : current}
        aria-invalid={invalid || undefined}
        aria-busy={query.isLoading || undefined}
        onChange={(event) => change(field.path, event.target.value === '' ? undefined : event.target.value)}
      >
        <option value="">{field.optional ? '— none —' : '— choose —'}</option>
        {current !== '' && !selected && !query.isLoading ? <option value={current}>{missing}</option> : null}
        {credentials.map((credential) => (
          <option key={credential.id} value={credential.name}>
            {credential.name} ({credential.type})
          </option>
        ))}
      </select>
      {query.isSuccess && credentials.length === 0 ? (
        <p className="field-message muted">
          This workspace has no {accepted === undefined ? '' : `${accepted.join(' or ')} `}credential yet; add one in Settings → Credentials.
        </p>
      ) : null}
    </>
  );
}
