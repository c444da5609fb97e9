import { invalid } from '../domain/domain-error.js';
import { CLOSED_STATES, type ExceptionState } from './exception-model.js';

/** The states each state may move to: work starts, ends (resolved or dismissed), and a closed one reopens. */
const NEXT: Readonly<Record<ExceptionState, readonly ExceptionState[]>> = {
  open: ['assigned', 'in_progress', 'resolved', 'dismissed'],
  assigned: ['open', 'in_progress', 'resolved', 'dismissed'],
  in_progress: ['open', 'assigned', 'resolved', 'dismissed'],
  resolved: ['open'],
  dismissed: ['open'],
};

/** The change a person asks for: a state, an assignee (null: nobody), or both. */
export interface WorkChange {
  readonly state?: ExceptionState;
  readonly assigneeId?: string | null;
}

/**
 * The state and assignee after a change. Assigning an open exception makes it assigned;
 * unassigning an assigned one opens it again; `assigned` needs an assignee; a closed exception
 * changes only by reopening. Refuses (422 at `body.state`) a move the states do not allow.
 */
export function nextWork(current: { state: ExceptionState; assigneeId: string | null }, change: WorkChange): { state: ExceptionState; assigneeId: string | null } {
  const assigneeId = change.assigneeId === undefined ? current.assigneeId : change.assigneeId;
  let state = change.state ?? current.state;
  if (change.state === undefined && change.assigneeId !== undefined) {
    if (CLOSED_STATES.has(current.state)) throw invalid(`the exception is ${current.state}; reopen it before assigning it`, [{ path: 'body.assigneeId', message: `the exception is ${current.state}` }]);
    if (current.state === 'open' && assigneeId !== null) state = 'assigned';
    if (current.state === 'assigned' && assigneeId === null) state = 'open';
  }
  if (state !== current.state && !NEXT[current.state].includes(state)) {
    throw invalid(`an exception that is ${current.state} cannot become ${state}`, [{ path: 'body.state', message: `from ${current.state} it can become ${NEXT[current.state].join(', ')}` }]);
  }
  if (state === 'assigned' && assigneeId === null) throw invalid('assign the exception to someone', [{ path: 'body.assigneeId', message: 'is required to make it assigned' }]);
  return { state, assigneeId };
}
