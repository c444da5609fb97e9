import { X } from 'lucide-react';
import { useState } from 'react';
import {
  UNARY_OPERATORS,
  changeOperator,
  convertOperand,
  operandType,
  type ConditionOperator,
  type ConditionRow,
  type Literal,
  type Operand,
  type OperandType,
} from '../model/condition-rules.js';
import { NumberText } from './inputs/number-text.js';
import { useEditSession } from './use-edit-session.js';

const OPERATORS: readonly { readonly value: ConditionOperator; readonly label: string }[] = [
  { value: '==', label: 'equals' },
  { value: '!=', label: 'does not equal' },
  { value: '>', label: 'is greater than' },
  { value: '>=', label: 'is at least' },
  { value: '<', label: 'is less than' },
  { value: '<=', label: 'is at most' },
  { value: 'in', label: 'is one of' },
  { value: 'contains', label: 'contains' },
  { value: 'empty', label: 'is empty' },
  { value: 'notEmpty', label: 'is not empty' },
  { value: 'missing', label: 'is missing' },
];

const TYPES: readonly { readonly value: OperandType; readonly label: string }[] = [
  { value: 'text', label: 'text' },
  { value: 'number', label: 'number' },
  { value: 'boolean', label: 'yes/no' },
  { value: 'null', label: 'null' },
  { value: 'path', label: 'data path' },
];

interface RowProps {
  readonly row: ConditionRow;
  readonly onChange: (row: ConditionRow) => void;
  readonly onRemove: () => void;
  /** The datalist of data paths to suggest. */
  readonly listId: string;
}

/** One condition of the builder: data path, operator and (unless the operator takes none) value. */
export function ConditionRowEditor({ row, onChange, onRemove, listId }: RowProps) {
  const session = useEditSession();
  const setOperand = (operand: Operand) => onChange({ ...row, operand });
  return (
    <div className="condition-row">
      <input
        className="condition-path"
        list={listId}
        value={row.field}
        placeholder="input.total"
        aria-label="Data path"
        spellCheck={false}
        onChange={(event) => onChange({ ...row, field: event.target.value })}
        {...session}
      />
      <button type="button" className="icon-button" aria-label="Remove condition" onClick={onRemove}>
        <X size={14} aria-hidden="true" />
      </button>
      <select aria-label="Operator" value={row.operator} onChange={(event) => onChange(changeOperator(row, event.target.value as ConditionOperator))}>
        {OPERATORS.map((operator) => (
          <option key={operator.value} value={operator.value}>
            {operator.label}
          </option>
        ))}
      </select>
      {UNARY_OPERATORS.has(row.operator) ? null : row.operator === 'in' && row.operand.kind === 'list' ? (
        <ListOperand values={row.operand.values} onChange={(values) => setOperand({ kind: 'list', values })} session={session} />
      ) : (
        <OperandInput operand={row.operand} onChange={setOperand} listId={listId} session={session} />
      )}
    </div>
  );
}

type Session = ReturnType<typeof useEditSession>;

/** The value of a comparison, typed: text, number, yes/no, null, or another data path. */
function OperandInput({ operand, onChange, listId, session }: { operand: Operand; onChange: (operand: Operand) => void; listId: string; session: Session }) {
  const type = operandType(operand);
  const value = operand.kind === 'literal' ? operand.value : null;
  return (
    <span className="condition-operand">
      <select aria-label="Value type" value={type} onChange={(event) => onChange(convertOperand(operand, event.target.value as OperandType))}>
        {TYPES.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {type === 'text' ? (
        <input aria-label="Value" value={typeof value === 'string' ? value : ''} onChange={(event) => onChange({ kind: 'literal', value: event.target.value })} {...session} />
      ) : null}
      {type === 'number' ? (
        <NumberText label="Value" value={typeof value === 'number' ? value : undefined} onChange={(number) => onChange({ kind: 'literal', value: number ?? 0 })} {...session} />
      ) : null}
      {type === 'boolean' ? (
        <select aria-label="Value" value={String(value === true)} onChange={(event) => onChange({ kind: 'literal', value: event.target.value === 'true' })}>
          <option value="true">true</option>
          <option value="false">false</option>
        </select>
      ) : null}
      {type === 'path' && operand.kind === 'path' ? (
        <input aria-label="Data path to compare with" list={listId} value={operand.path} spellCheck={false} onChange={(event) => onChange({ kind: 'path', path: event.target.value })} {...session} />
      ) : null}
    </span>
  );
}

/** The list of "is one of": values separated by commas, all text or all numbers. */
function ListOperand({ values, onChange, session }: { values: readonly Literal[]; onChange: (values: Literal[]) => void; session: Session }) {
  const [numbers, setNumbers] = useState(() => allNumbers(values));
  const [draft, setDraft] = useState(values.join(', '));
  const [shown, setShown] = useState(values);
  if (values !== shown) {
    // Changed elsewhere (undo, the raw editor): show the new list unless the draft already says it.
    setShown(values);
    if (JSON.stringify(parseList(draft, numbers)) !== JSON.stringify(values)) {
      setDraft(values.join(', '));
      if (values.length > 0) setNumbers(allNumbers(values));
    }
  }
  return (
    <span className="condition-operand">
      <select
        aria-label="Type of the values"
        value={numbers ? 'number' : 'text'}
        onChange={(event) => {
          const next = event.target.value === 'number';
          setNumbers(next);
          onChange(parseList(draft, next));
        }}
      >
        <option value="text">text</option>
        <option value="number">numbers</option>
      </select>
      <input
        aria-label="Values, separated by commas"
        value={draft}
        placeholder="a, b, c"
        onChange={(event) => {
          setDraft(event.target.value);
          onChange(parseList(event.target.value, numbers));
        }}
        {...session}
      />
    </span>
  );
}

function allNumbers(values: readonly Literal[]): boolean {
  return values.length > 0 && values.every((value) => typeof value === 'number');
}

function parseList(text: string, numbers: boolean): Literal[] {
  const items = text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  return numbers ? items.map(Number).filter(Number.isFinite) : items;
}
