import { Check, X } from 'lucide-react';
import { useId, useState } from 'react';
import { errorMessage } from '../app/error-message.js';

/** An approve-or-reject decision with its comment. */
export type Decision = 'approve' | 'reject';

/**
 * Approve and Reject with a comment — for a version's sign-off, an approval-gate task, a test run's
 * gate. Where the person may not decide, both buttons are disabled and the reason is written next
 * to them (and read with them); the server enforces the same rule.
 */
export function DecisionForm({
  refusal,
  onDecide,
  commentLabel = 'Comment',
  approveLabel = 'Approve',
  rejectLabel = 'Reject',
}: {
  /** Why this person may not decide, or null when they may. */
  refusal: string | null;
  onDecide: (decision: Decision, comment: string) => Promise<unknown>;
  commentLabel?: string;
  approveLabel?: string;
  rejectLabel?: string;
}) {
  const commentId = useId();
  const reasonId = useId();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState<Decision | null>(null);
  const [error, setError] = useState<unknown>(null);
  const decide = async (decision: Decision) => {
    setBusy(decision);
    setError(null);
    try {
      await onDecide(decision, comment.trim());
      setComment('');
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
    }
  };
  const disabled = refusal !== null || busy !== null;
  return (
    <div className="decision-form">
      <label htmlFor={commentId} className="field-label">
        {commentLabel} <span className="muted">(optional)</span>
      </label>
      <textarea id={commentId} rows={2} maxLength={5000} value={comment} onChange={(event) => setComment(event.target.value)} disabled={refusal !== null} />
      <div className="decision-buttons">
        <button type="button" className="button primary" disabled={disabled} aria-describedby={refusal ? reasonId : undefined} onClick={() => void decide('approve')}>
          <Check size={14} aria-hidden="true" /> {busy === 'approve' ? 'Approving…' : approveLabel}
        </button>
        <button type="button" className="button" disabled={disabled} aria-describedby={refusal ? reasonId : undefined} onClick={() => void decide('reject')}>
          <X size={14} aria-hidden="true" /> {busy === 'reject' ? 'Rejecting…' : rejectLabel}
        </button>
      </div>
      {refusal ? (
        <p id={reasonId} className="decision-refusal" data-testid="decision-refusal">
          {refusal}
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="error small">
          {capitalise(errorMessage(error))}
        </p>
      ) : null}
    </div>
  );
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
