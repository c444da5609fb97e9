import { useMemo, useRef } from 'react';
import { nodeCatalog } from '../../../../nodes/catalog.js';
import { checkOperationConfig } from '../../../../nodes/connector.openapi/operation-config.js';
import { formatPath, workflowNodeSchema } from '../../../../runtime/definition/index.js';
import { assignProblems } from '../model/field-problems.js';
import { describeForm, flattenFields } from '../model/form-fields.js';
import { nodeSettingsSchema } from '../model/node-settings-schema.js';
import { useProblems } from '../problems/use-problems.js';
import { useEditorStore, useEditorStoreApi } from '../store/editor-context.js';
import { TriggerPanel } from '../triggers/trigger-panel.js';
import { FormContext, type FormContextValue } from './form-context.js';
import { writeNodeField } from './node-writes.js';
import { ProblemList } from './problem-list.js';
import { ReadOnlyForm } from './read-only-form.js';
import { SchemaForm } from './schema-form.js';
import { useFocusField } from './use-focus-field.js';
import { useOperationForm } from './use-operation-form.js';

/** A node type the catalog does not know still shows its config, as name → JSON entries. */
const unknownConfigSchema = workflowNodeSchema.shape.config;

/**
 * The form of one node: its name, the config form generated from its spec's zod schema, and its
 * notes, retry policy and timeout — all drawn by the one schema renderer, every change written
 * through `store.updateNode` (undoable), the validator's problems next to their fields. A
 * trigger's panel (how to call a webhook, when a schedule fires) comes first, outside the
 * read-only fieldset, so every role can copy a URL or an example.
 */
export function NodeInspector({ nodeId, readOnly }: { nodeId: string; readOnly: boolean }) {
  const root = useRef<HTMLDivElement>(null);
  const store = useEditorStoreApi();
  const data = useEditorStore((state) => state.nodes.find((node) => node.id === nodeId)?.data);
  const spec = data ? nodeCatalog.get(data.type, data.version) : undefined;
  const allProblems = useProblems();
  const config = data?.config;
  // An API connector step's form comes from the operation it calls, and so do its checks (the server repeats them on save).
  const operation = useOperationForm(data?.type, config);
  const problems = useMemo(() => {
    const own = allProblems.filter((problem) => problem.nodeId === nodeId);
    if (!operation.resolved || !config) return own;
    const checked = checkOperationConfig(operation.resolved, config).map((problem) => ({ code: 'config', path: formatPath(['nodes', 0, 'config', ...problem.path]), message: problem.message, nodeId }));
    return [...own, ...checked];
  }, [allProblems, nodeId, operation.resolved, config]);
  const configSchema = operation.schema ?? spec?.config ?? unknownConfigSchema;
  const configFields = useMemo(() => describeForm(configSchema, config, ['config']), [configSchema, config]);
  const settings = useMemo(() => (data ? { name: data.name, notes: data.notes, retry: data.retry, timeoutMs: data.timeoutMs } : {}), [data]);
  const settingsFields = useMemo(() => describeForm(nodeSettingsSchema, settings, []), [settings]);
  // Joined, so the ids (and the problems assigned to them) stay the same while only values change.
  const fieldIdsKey = useMemo(
    () =>
      flattenFields([...configFields, ...settingsFields])
        .filter((field) => field.visible)
        .map((field) => field.id)
        .join('\n'),
    [configFields, settingsFields],
  );
  const fieldIds = useMemo(() => fieldIdsKey.split('\n'), [fieldIdsKey]);
  const assigned = useMemo(() => assignProblems(problems, fieldIds), [problems, fieldIds]);
  const configForm = useMemo<FormContextValue>(() => ({ change: (path, value) => writeNodeField(store, nodeId, ['config', ...path], value), problems: assigned, nodeId }), [assigned, nodeId, store]);
  const settingsForm = useMemo<FormContextValue>(() => ({ change: (path, value) => writeNodeField(store, nodeId, path, value), problems: assigned, nodeId }), [assigned, nodeId, store]);
  useFocusField(root, fieldIds);
  if (!data) return null;
  const [nameField, ...otherSettings] = settingsFields;
  return (
    <div className="inspector" ref={root}>
      <header className="inspector-head">
        <h2>{spec?.title ?? data.type}</h2>
        <p className="muted">
          <code>{nodeId}</code> · {data.type} v{data.version}
        </p>
        {spec ? (
          <details className="inspector-about">
            <summary>About this node</summary>
            <p>{spec.description}</p>
          </details>
        ) : (
          <p className="field-message error">This workflow uses a node type this designer does not know; its config is shown as JSON.</p>
        )}
      </header>
      {operation.state === 'none' ? null : <OperationSummary form={operation} />}
      <ProblemList problems={assigned.get('')} />
      <TriggerPanel nodeId={nodeId} type={data.type} config={data.config} />
      <ReadOnlyForm readOnly={readOnly}>
        <FormContext.Provider value={settingsForm}>{nameField ? <SchemaForm fields={[nameField]} /> : null}</FormContext.Provider>
        <section className="inspector-section" aria-label="Configuration">
          <h3>Configuration</h3>
          <FormContext.Provider value={configForm}>
            {configFields.length === 0 ? <p className="muted">Nothing to configure.</p> : <SchemaForm fields={configFields} />}
          </FormContext.Provider>
        </section>
        <details className="inspector-section">
          <summary>
            <h3>Notes, retries and timeout</h3>
          </summary>
          <FormContext.Provider value={settingsForm}>
            <SchemaForm fields={otherSettings} />
          </FormContext.Provider>
        </details>
      </ReadOnlyForm>
    </div>
  );
}

/** Which API operation an API connector step calls, or why it cannot be shown. */
function OperationSummary({ form }: { form: ReturnType<typeof useOperationForm> }) {
  if (form.state === 'loading') return <p className="muted">Loading the operation…</p>;
  if (form.state === 'missing') return <p className="field-message error">The API connector, its version or this operation no longer exists; choose the operation again from the palette.</p>;
  if (form.state === 'error' || !form.resolved) return <p className="field-message error">The operation could not be loaded; its fields are shown as saved.</p>;
  const { operation, connectorName } = form.resolved;
  return (
    <p className="operation-summary">
      <strong>{connectorName}</strong>: <code>{operation.method} {operation.path}</code>
      {operation.description ? <span className="muted"> · {operation.description}</span> : null}
    </p>
  );
}
