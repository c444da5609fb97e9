import { useState } from 'react';
import { errorMessage } from '../app/error-message.js';
import { useCan } from '../app/permissions.js';
import { useMe } from '../app/session.js';
import { useAssignableMembers, useBulkAssign } from './api.js';

/**
 * The bar over the queue for the selected exceptions of one workspace: assign them all to me or
 * to a member (all or none); says what was done, or why not, and clears the selection when done.
 */
export function BulkAssign({ tenantId, selected, onDone }: { tenantId: string; selected: readonly string[]; onDone: () => void }) {
  const can = useCan();
  const { me } = useMe();
  const members = useAssignableMembers(tenantId, can('member.read'));
  const assign = useBulkAssign(tenantId);
  const [memberId, setMemberId] = useState('');
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const count = selected.length;
  const plural = (n: number) => `${n} exception${n === 1 ? '' : 's'}`;
  const run = (assigneeId: string, whom: string) => {
    setResult(null);
    assign.mutate(
      { ids: selected, assigneeId },
      {
        onSuccess: ({ items }) => {
          setResult({ ok: true, text: `Assigned ${plural(items.length)} to ${whom}.` });
          setMemberId('');
          onDone();
        },
        onError: (error) => setResult({ ok: false, text: `Nothing was assigned: ${errorMessage(error)}` }),
      },
    );
  };
  const others = (members.data ?? []).filter((member) => member.userId !== me?.user.id);
  const chosen = others.find((member) => member.userId === memberId);
  return (
    <div className="bulk-assign" role="group" aria-label="Work the selected exceptions">
      <span>{count === 0 ? 'Select exceptions to assign them together.' : `${plural(count)} selected`}</span>
      <button type="button" className="button" disabled={count === 0 || assign.isPending} onClick={() => run('me', 'you')}>
        Assign to me
      </button>
      {others.length > 0 ? (
        <>
          <label>
            Assign to
            <select value={memberId} onChange={(event) => setMemberId(event.target.value)}>
              <option value="">Choose a member</option>
              {others.map((member) => (
                <option key={member.userId} value={member.userId}>
                  {member.name} ({member.email})
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="button" disabled={count === 0 || chosen === undefined || assign.isPending} onClick={() => chosen && run(chosen.userId, chosen.name)}>
            Assign
          </button>
        </>
      ) : null}
      {result ? (
        <p role={result.ok ? 'status' : 'alert'} className={result.ok ? 'small' : 'error'}>
          {result.text}
        </p>
      ) : null}
    </div>
  );
}
