import { describe, expect, it } from 'vitest';
import type { WorkflowSummary } from '../../designer/src/app/api-types.js';
import { DEFAULT_SORT, nextSort, readSort, sortWorkflows } from '../../designer/src/workflows/workflow-sort.js';

function summary(id: string, name: string, updatedAt: string, state: Partial<Pick<WorkflowSummary, 'activeVersion' | 'pendingVersions' | 'archived'>> = {}): WorkflowSummary {
  return { id, tenantId: 't', name, description: '', revision: 1, activeVersion: null, latestVersion: null, pendingVersions: 0, archived: false, createdBy: 'u', createdAt: updatedAt, updatedAt, updatedBy: 'u', ...state };
}

const workflows = [
  summary('a', 'Flow 10', '2026-12-01T10:00:00.000Z'),
  summary('b', 'flow 2', '2026-12-03T10:00:00.000Z', { activeVersion: 1 }),
  summary('c', 'Archive me', '2026-12-02T10:00:00.000Z', { archived: true }),
  summary('d', 'Sign-off', '2026-11-30T10:00:00.000Z', { pendingVersions: 1 }),
  summary('e', 'Another draft', '2026-12-01T10:00:00.000Z'),
];
const ids = (sorted: readonly WorkflowSummary[]) => sorted.map((workflow) => workflow.id).join('');

describe('sortWorkflows', () => {
  it('sorts by name as people read names (no case, numbers by value), both ways', () => {
    expect(ids(sortWorkflows(workflows, { key: 'name', direction: 'asc' }))).toBe('ecbad');
    expect(ids(sortWorkflows(workflows, { key: 'name', direction: 'desc' }))).toBe('dabce');
  });

  it('sorts by status: live, waiting for sign-off, draft, archived; ties by name', () => {
    expect(ids(sortWorkflows(workflows, { key: 'status', direction: 'asc' }))).toBe('bdeac');
    expect(ids(sortWorkflows(workflows, { key: 'status', direction: 'desc' }))).toBe('ceadb');
  });

  it('sorts by the time of the last change, newest first by default; ties by name', () => {
    expect(ids(sortWorkflows(workflows, DEFAULT_SORT))).toBe('bcead');
    expect(ids(sortWorkflows(workflows, { key: 'updated', direction: 'asc' }))).toBe('deacb');
  });

  it('leaves the list it was given alone', () => {
    const before = ids(workflows);
    sortWorkflows(workflows, { key: 'name', direction: 'asc' });
    expect(ids(workflows)).toBe(before);
  });
});

describe('the sort in the address', () => {
  it('reads what it writes and falls back to newest first', () => {
    expect(readSort('name', 'desc')).toEqual({ key: 'name', direction: 'desc' });
    expect(readSort('name', null)).toEqual({ key: 'name', direction: 'asc' });
    expect(readSort('updated', 'sideways')).toEqual({ key: 'updated', direction: 'desc' });
    expect(readSort('size', 'asc')).toEqual(DEFAULT_SORT);
    expect(readSort(null, null)).toEqual(DEFAULT_SORT);
  });

  it('turns the current column around and starts another in its natural direction', () => {
    expect(nextSort(DEFAULT_SORT, 'updated')).toEqual({ key: 'updated', direction: 'asc' });
    expect(nextSort(DEFAULT_SORT, 'name')).toEqual({ key: 'name', direction: 'asc' });
    expect(nextSort({ key: 'name', direction: 'asc' }, 'name')).toEqual({ key: 'name', direction: 'desc' });
    expect(nextSort({ key: 'name', direction: 'asc' }, 'status')).toEqual({ key: 'status', direction: 'asc' });
  });
});
