import { CircleCheck, CircleDashed, CircleX, Clock, LoaderCircle, SkipForward } from 'lucide-react';
import type { ReactNode } from 'react';
import type { RunDetail, RunStep } from '../../app/api-types.js';
import './run-trace.css';

/** A run's or a step's status. */
type RunOrStepStatus = RunDetail['status'] | RunStep['status'];

const STATUS_ICONS: Record<RunOrStepStatus, ReactNode> = {
  queued: <CircleDashed size={14} aria-hidden="true" />,
  running: <LoaderCircle size={14} aria-hidden="true" className="spin" />,
  waiting: <Clock size={14} aria-hidden="true" />,
  succeeded: <CircleCheck size={14} aria-hidden="true" />,
  failed: <CircleX size={14} aria-hidden="true" />,
  cancelled: <CircleX size={14} aria-hidden="true" />,
  skipped: <SkipForward size={14} aria-hidden="true" />,
};

/** A run's or a step's status as a coloured chip with an icon and the word. */
export function StatusChip({ status }: { status: RunOrStepStatus }) {
  return (
    <span className={`run-status ${status}`} data-status={status}>
      {STATUS_ICONS[status]} {status}
    </span>
  );
}
