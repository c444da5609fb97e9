import { useMemo, useRef } from 'react';
import { assignProblems, workflowField } from '../model/field-problems.js';
import { describeForm, flattenFields } from '../model/form-fields.js';
import { workflowSettingsSchema } from '../model/workflow-settings-schema.js';
import { useProblems } from '../problems/use-problems.js';
import { useEditorStore, useEditorStoreApi } from '../store/editor-context.js';
import { FormContext, type FormContextValue } from './form-context.js';
import { writeMetaField } from './node-writes.js';
import { ProblemList } from './problem-list.js';
import { SchemaForm } from './schema-form.js';
import { useFocusField } from './use-focus-field.js';

/** What the inspector shows with nothing selected: the workflow's own name, description, params and settings. */
export function WorkflowInspector() {
  const root = useRef<HTMLDivElement>(null);
  const store = useEditorStoreApi();
  const meta = useEditorStore((state) => state.meta);
  const readOnly = useEditorStore((state) => state.readOnly);
  const allProblems = useProblems();
  const problems = useMemo(() => allProblems.filter((problem) => workflowField(problem) !== undefined || problem.path === 'nodes'), [allProblems]);
  const fields = useMemo(() => describeForm(workflowSettingsSchema, meta, []), [meta]);
  // Joined, so the ids (and the problems assigned to them) stay the same while only values change.
  const fieldIdsKey = useMemo(
    () =>
      flattenFields(fields)
        .filter((field) => field.visible)
        .map((field) => field.id)
        .join('\n'),
    [fields],
  );
  const fieldIds = useMemo(() => fieldIdsKey.split('\n'), [fieldIdsKey]);
  const assigned = useMemo(() => assignProblems(problems, fieldIds, workflowField), [problems, fieldIds]);
  const form = useMemo<FormContextValue>(() => ({ change: (path, value) => writeMetaField(store, path, value), problems: assigned, nodeId: null }), [assigned, store]);
  useFocusField(root, fieldIds);
  return (
    <div className="inspector" ref={root}>
      <header className="inspector-head">
        <h2>Workflow</h2>
        <p className="muted">Select a node on the canvas to {readOnly ? 'see its settings' : 'edit it'}.</p>
      </header>
      <ProblemList problems={assigned.get('')} />
      <FormContext.Provider value={form}>
        <SchemaForm fields={fields} />
      </FormContext.Provider>
    </div>
  );
}
