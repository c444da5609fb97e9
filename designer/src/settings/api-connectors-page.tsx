import { FileUp, Plus, RefreshCw, Trash2 } from 'lucide-react';
import { useState } from 'react';
import type { ApiConnectorSummary } from '../../../server/contract/api-connectors.js';
import { DateTime } from '../app/date-time.js';
import { errorMessage } from '../app/error-message.js';
import { can } from '../app/permissions.js';
import { useWorkspace } from '../app/workspace.js';
import { ErrorMessage } from '../account/account-card.js';
import { EmptyState, ErrorState, LoadingState } from '../shared/page-state.js';
import { PageNotice, type PageMessage } from '../shared/page-notice.js';
import { useApiConnector, useApiConnectorActions, useApiConnectors, type ImportResult } from './api-connectors-api.js';
import { FormDialog } from './form-dialog.js';
import { TableHead } from '../shared/table-head.js';

/**
 * Settings → API connectors: a partner's owners import OpenAPI documents as connectors (each
 * operation becomes a palette entry), re-import them as new versions seeing what changed, and
 * remove them; everyone else, and the partner's customers, see them read-only.
 */
export function ApiConnectorsPage() {
  const workspace = useWorkspace();
  const { tenant } = workspace;
  const mayManage = tenant.kind === 'partner' && can(workspace, 'connector.manage');
  const connectors = useApiConnectors(tenant.id);
  const [message, setMessage] = useState<PageMessage>(null);
  const [dialog, setDialog] = useState<{ reimport?: ApiConnectorSummary } | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  return (
    <section aria-labelledby="api-connectors-title">
      <h1 id="api-connectors-title">API connectors</h1>
      <p className="page-intro">
        {tenant.kind === 'partner'
          ? 'Import an OpenAPI 3.0 or 3.1 document (JSON or YAML) of any HTTP API: each operation becomes a step in the palette with a form for its parameters and body, and its answer feeds the data paths of later steps. Your customers use them read-only.'
          : 'The APIs your partner imported from OpenAPI documents. Their operations are in the palette under each connector; your partner manages them.'}
      </p>
      <PageNotice message={message} />
      {result ? <ImportSummary result={result} onDone={() => setResult(null)} /> : null}
      {mayManage ? (
        <div className="form-actions">
          <button type="button" className="button primary" onClick={() => setDialog({})}>
            <Plus size={16} aria-hidden="true" />
            Import OpenAPI document
          </button>
        </div>
      ) : null}
      {connectors.isPending ? <LoadingState label="Loading API connectors…" /> : null}
      {connectors.isError ? <ErrorState title="The API connectors could not be loaded" error={connectors.error} onRetry={() => void connectors.refetch()} /> : null}
      {connectors.data?.length === 0 ? (
        <EmptyState title="No API connectors yet">
          <p>{mayManage ? 'Import the OpenAPI document of an API your customers use, such as an ERP extension or a legacy system.' : 'None has been imported yet.'}</p>
        </EmptyState>
      ) : null}
      {connectors.data && connectors.data.length > 0 ? (
        <table className="table api-connectors">
          <TableHead caption="API connectors" columns={['Name', 'Address', 'Operations', 'Version']} actions />
          <tbody>
            {connectors.data.map((connector) => (
              <ConnectorRow
                key={connector.id}
                connector={connector}
                open={open === connector.id}
                onToggle={() => setOpen(open === connector.id ? null : connector.id)}
                onReimport={() => setDialog({ reimport: connector })}
                onMessage={setMessage}
              />
            ))}
          </tbody>
        </table>
      ) : null}
      {dialog ? (
        <ImportDialog
          tenantId={tenant.id}
          reimport={dialog.reimport}
          onClose={() => setDialog(null)}
          onDone={(done) => {
            setDialog(null);
            setMessage(null);
            setResult(done);
          }}
        />
      ) : null}
    </section>
  );
}

function ConnectorRow({
  connector,
  open,
  onToggle,
  onReimport,
  onMessage,
}: {
  connector: ApiConnectorSummary;
  open: boolean;
  onToggle: () => void;
  onReimport: () => void;
  onMessage: (message: PageMessage) => void;
}) {
  const { tenant } = useWorkspace();
  const { remove } = useApiConnectorActions(tenant.id);
  const removeIt = () => {
    if (!window.confirm(`Remove the API connector ${connector.name}? Workflows can no longer add its operations; runs in flight finish.`)) return;
    remove.mutate(connector.id, {
      onSuccess: () => onMessage({ kind: 'ok', text: `${connector.name} was removed.` }),
      onError: (error) => onMessage({ kind: 'bad', text: errorMessage(error) }),
    });
  };
  return (
    <>
      <tr>
        <td>
          <strong>{connector.name}</strong>
          {connector.title ? <div className="muted small">{connector.title}</div> : null}
        </td>
        <td>
          <code>{connector.baseUrl}</code>
        </td>
        <td>
          <button type="button" className="link-button" aria-expanded={open} onClick={onToggle}>
            {connector.operationCount} operation{connector.operationCount === 1 ? '' : 's'}
          </button>
        </td>
        <td>
          v{connector.version} · <DateTime iso={connector.updatedAt} />
        </td>
        <td className="row-actions">
          {connector.editable ? (
            <>
              <button type="button" className="button" onClick={onReimport} aria-label={`Re-import ${connector.name}`}>
                <RefreshCw size={14} aria-hidden="true" /> Re-import
              </button>
              <button type="button" className="button danger" onClick={removeIt} disabled={remove.isPending} aria-label={`Remove ${connector.name}`}>
                <Trash2 size={14} aria-hidden="true" /> Remove
              </button>
            </>
          ) : (
            <span className="muted small">read-only</span>
          )}
        </td>
      </tr>
      {open ? (
        <tr>
          <td colSpan={5}>
            <Operations connectorId={connector.id} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

/** The operations of a connector's newest version, and the security schemes its credentials must fit. */
function Operations({ connectorId }: { connectorId: string }) {
  const { tenant } = useWorkspace();
  const connector = useApiConnector(tenant.id, connectorId);
  if (connector.isPending) return <LoadingState label="Loading operations…" />;
  if (connector.isError) return <ErrorState title="The operations could not be loaded" error={connector.error} onRetry={() => void connector.refetch()} />;
  return (
    <div className="api-operations">
      <ul aria-label={`Operations of ${connector.data.name}`}>
        {connector.data.operations.map((operation) => (
          <li key={operation.id}>
            <code>
              {operation.method} {operation.path}
            </code>{' '}
            {operation.summary || operation.id}
          </li>
        ))}
      </ul>
      {connector.data.securitySchemes.length > 0 ? (
        <p className="field-hint">
          Credentials:{' '}
          {connector.data.securitySchemes
            .map((scheme) =>
              scheme.credentialType === 'apiKey'
                ? `${scheme.scheme}: API key in the ${scheme.in} "${scheme.name}"`
                : scheme.credentialType === 'unsupported'
                  ? `${scheme.scheme}: not supported (${scheme.reason})`
                  : `${scheme.scheme}: ${scheme.credentialType}`,
            )
            .join('; ')}
        </p>
      ) : null}
    </div>
  );
}

/** What an import created, or what a re-import changed. */
function ImportSummary({ result, onDone }: { result: ImportResult; onDone: () => void }) {
  const diff = result.diff;
  return (
    <div className="import-summary" role="status">
      {diff === null ? (
        <p>
          <strong>{result.name}</strong> was imported with {result.operationCount} operations; they are in the palette under its name.
        </p>
      ) : (
        <>
          <p>
            <strong>{result.name}</strong> is now at version {result.version}. Workflows keep the version they were built with until their steps are changed.
          </p>
          {diff.added.length + diff.removed.length + diff.changed.length === 0 ? <p>No operation changed.</p> : null}
          <DiffList label="Added" items={diff.added} />
          <DiffList label="Removed" items={diff.removed} />
          <DiffList label="Changed" items={diff.changed.map((change) => `${change.id} (${change.parts.join(', ')})`)} />
        </>
      )}
      <div className="form-actions">
        <button type="button" className="button" onClick={onDone}>
          Done
        </button>
      </div>
    </div>
  );
}

function DiffList({ label, items }: { label: string; items: readonly string[] }) {
  if (items.length === 0) return null;
  return (
    <div>
      <h2 className="small-heading">{label}</h2>
      <ul aria-label={`${label} operations`}>
        {items.map((item) => (
          <li key={item}>
            <code>{item}</code>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Imports a document as a new connector, or (given `reimport`) as the connector's next version. */
function ImportDialog({ tenantId, reimport, onClose, onDone }: { tenantId: string; reimport?: ApiConnectorSummary; onClose: () => void; onDone: (result: ImportResult) => void }) {
  const actions = useApiConnectorActions(tenantId);
  const [name, setName] = useState('');
  const [document, setDocument] = useState('');
  const [baseUrl, setBaseUrl] = useState('');
  const [error, setError] = useState<string | null>(null);
  const busy = actions.importDocument.isPending || actions.reimport.isPending;
  const readFile = async (file: File | undefined) => {
    if (!file) return;
    setDocument(await file.text());
    if (!reimport && name.trim() === '') setName(file.name.replace(/\.(ya?ml|json)$/i, ''));
  };
  const submit = () => {
    if (document.trim() === '') return setError('Paste the document or choose its file.');
    const fail = (caught: unknown) => setError(errorMessage(caught));
    const address = baseUrl.trim() === '' ? undefined : baseUrl.trim();
    if (reimport) actions.reimport.mutate({ connectorId: reimport.id, document, ...(address ? { baseUrl: address } : {}) }, { onSuccess: onDone, onError: fail });
    else actions.importDocument.mutate({ name: name.trim(), document, ...(address ? { baseUrl: address } : {}) }, { onSuccess: onDone, onError: fail });
  };
  return (
    <FormDialog title={reimport ? `Re-import ${reimport.name}` : 'Import an OpenAPI document'} submitLabel={reimport ? 'Import as next version' : 'Import'} busy={busy} onClose={onClose} onSubmit={submit}>
      <div className="dialog-fields">
        {reimport ? null : (
          <label>
            Name
            <input required maxLength={100} value={name} onChange={(event) => setName(event.target.value)} placeholder="Contoso ERP" />
          </label>
        )}
        <label>
          <span>
            <FileUp size={14} aria-hidden="true" /> Document file <span className="muted">(JSON or YAML)</span>
          </span>
          <input type="file" accept=".json,.yaml,.yml,application/json,application/yaml,text/yaml" onChange={(event) => void readFile(event.target.files?.[0])} />
        </label>
        <label>
          Document
          <textarea rows={10} value={document} onChange={(event) => setDocument(event.target.value)} placeholder="openapi: 3.0.3 …" spellCheck={false} />
        </label>
        <label>
          API address <span className="muted">(optional: instead of the document&apos;s first server)</span>
          <input type="url" value={baseUrl} onChange={(event) => setBaseUrl(event.target.value)} placeholder={reimport?.baseUrl ?? 'https://erp.contoso.example/api'} />
        </label>
      </div>
      {error ? <ErrorMessage>{error}</ErrorMessage> : null}
    </FormDialog>
  );
}
