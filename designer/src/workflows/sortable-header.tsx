import { ArrowDown, ArrowUp, ArrowUpDown } from 'lucide-react';
import type { WorkflowSort, WorkflowSortKey } from './workflow-sort.js';

/** A column header that sorts the list by its column: click to sort, again to turn the order round. */
export function SortableHeader({ label, column, sort, onSort }: { label: string; column: WorkflowSortKey; sort: WorkflowSort; onSort: (column: WorkflowSortKey) => void }) {
  const active = sort.key === column;
  const Icon = !active ? ArrowUpDown : sort.direction === 'asc' ? ArrowUp : ArrowDown;
  return (
    <th scope="col" aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : undefined}>
      <button type="button" className={active ? 'sort-button active' : 'sort-button'} onClick={() => onSort(column)}>
        {label}
        <Icon size={14} aria-hidden="true" />
      </button>
    </th>
  );
}
