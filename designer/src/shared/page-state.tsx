import { CircleAlert, Inbox, LoaderCircle } from 'lucide-react';
import type { ReactNode } from 'react';
import { errorMessage } from '../app/error-message.js';

/** A page (or panel) waiting for its data: says what it is loading, to sight and to screen readers. */
export function LoadingState({ label }: { label: string }) {
  return (
    <div className="page-state loading" role="status" aria-busy="true">
      <LoaderCircle size={20} aria-hidden="true" className="spin" />
      <p>{label}</p>
    </div>
  );
}

/** Data that could not be loaded: what, why, and a way to try again. */
export function ErrorState({ title, error, onRetry, children }: { title: string; error: unknown; onRetry?: () => void; children?: ReactNode }) {
  return (
    <div className="page-state error-state" role="alert">
      <CircleAlert size={24} aria-hidden="true" />
      <h2>{title}</h2>
      <p>{capitalise(errorMessage(error))}.</p>
      {children}
      {onRetry ? (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

/** Nothing (yet) to show: says so and what to do next. */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="page-state empty-state">
      <Inbox size={24} aria-hidden="true" />
      <h2>{title}</h2>
      {children}
    </div>
  );
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1).replace(/\.$/, '');
}
