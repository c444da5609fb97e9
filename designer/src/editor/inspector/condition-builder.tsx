import { Plus, X } from 'lucide-react';
import { useId, useState } from 'react';
import { emptyGroup, parseCondition, toJsonLogic, type ConditionGroup, type ConditionNode, type ConditionRow } from '../model/condition-rules.js';
import type { FieldDescriptor } from '../model/form-fields.js';
import { ConditionRowEditor } from './condition-row.js';
import { useDataPaths } from './data-path-source.js';
import { useFormContext } from './form-context.js';

/** Deepest nesting of groups the builder offers; deeper logic belongs in the raw editor. */
const MAX_DEPTH = 3;

const NEW_ROW: ConditionRow = { kind: 'row', field: '', operator: '==', operand: { kind: 'literal', value: '' } };

/**
 * The condition builder: rows of data path, operator and value, in nested "all of" / "any of"
 * groups, written as json-logic on every change. It reads back the json-logic it can represent
 * exactly (see `parseCondition`); for anything else it says why and offers the raw editor, so a
 * rule is never rewritten behind the user's back.
 */
export function ConditionBuilder({ field, onRaw }: { field: Extract<FieldDescriptor, { kind: 'expression' }>; onRaw: () => void }) {
  const { change, nodeId } = useFormContext();
  const listId = useId();
  const paths = useDataPaths(nodeId);
  const [state, setState] = useState(() => fromValue(field.value));
  if (field.value !== state.source && JSON.stringify(field.value) !== JSON.stringify(toJsonLogic(state.group ?? emptyGroup()))) {
    // Changed elsewhere (undo, the raw editor, the JSON view): read it again.
    setState(fromValue(field.value));
  }
  if (!state.group) {
    const parsed = parseCondition(field.value);
    return (
      <div className="builder-refusal">
        <p>The builder cannot show this rule{parsed.ok ? '' : `: ${parsed.reason}`}.</p>
        <button type="button" className="button small" onClick={onRaw}>
          Edit as JSON-logic
        </button>
      </div>
    );
  }
  const update = (group: ConditionGroup) => {
    const rule = toJsonLogic(group);
    setState({ source: rule, group });
    change(field.path, rule);
  };
  return (
    <div className="condition-builder">
      <datalist id={listId}>
        {paths.map((candidate) => (
          <option key={candidate.path} value={candidate.path}>
            {candidate.detail}
          </option>
        ))}
      </datalist>
      <GroupEditor group={state.group} onChange={update} depth={0} listId={listId} />
    </div>
  );
}

function fromValue(value: unknown): { source: unknown; group: ConditionGroup | null } {
  const parsed = parseCondition(value);
  return { source: value, group: parsed.ok ? parsed.group : null };
}

interface GroupEditorProps {
  readonly group: ConditionGroup;
  readonly onChange: (group: ConditionGroup) => void;
  readonly onRemove?: () => void;
  readonly depth: number;
  readonly listId: string;
}

function GroupEditor({ group, onChange, onRemove, depth, listId }: GroupEditorProps) {
  const replace = (index: number, child: ConditionNode | null) =>
    onChange({ ...group, children: child === null ? group.children.filter((_, at) => at !== index) : group.children.map((old, at) => (at === index ? child : old)) });
  return (
    <div className={`condition-group depth-${depth}`} role="group" aria-label={depth === 0 ? 'Conditions' : 'Group of conditions'}>
      <div className="condition-group-head">
        <select aria-label="Combine" value={group.combinator} onChange={(event) => onChange({ ...group, combinator: event.target.value === 'or' ? 'or' : 'and' })}>
          <option value="and">All of these (and)</option>
          <option value="or">Any of these (or)</option>
        </select>
        {onRemove ? (
          <button type="button" className="icon-button" aria-label="Remove group" onClick={onRemove}>
            <X size={14} aria-hidden="true" />
          </button>
        ) : null}
      </div>
      {group.children.length === 0 ? <p className="muted">No conditions yet.</p> : null}
      {group.children.map((child, index) =>
        child.kind === 'group' ? (
          <GroupEditor key={index} group={child} onChange={(next) => replace(index, next)} onRemove={() => replace(index, null)} depth={depth + 1} listId={listId} />
        ) : (
          <ConditionRowEditor key={index} row={child} onChange={(next) => replace(index, next)} onRemove={() => replace(index, null)} listId={listId} />
        ),
      )}
      <div className="condition-group-actions">
        <button type="button" className="button small" onClick={() => onChange({ ...group, children: [...group.children, NEW_ROW] })}>
          <Plus size={14} aria-hidden="true" /> Add condition
        </button>
        {depth < MAX_DEPTH - 1 ? (
          <button type="button" className="button small" onClick={() => onChange({ ...group, children: [...group.children, { ...emptyGroup(), combinator: group.combinator === 'and' ? 'or' : 'and' }] })}>
            <Plus size={14} aria-hidden="true" /> Add group
          </button>
        ) : null}
      </div>
    </div>
  );
}
