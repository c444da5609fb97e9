import { useMemo } from 'react';
import { formatFireTime, hasSeconds, nextFireTimes } from './next-fire-times.js';
import type { TriggerPanelProps } from './trigger-panel-props.js';

/** How many coming fire times are listed. */
const SHOWN = 5;

/**
 * When a schedule trigger fires next: five times in the schedule's own time zone (as the scheduler
 * computes them), each with the viewer's local time in its tooltip; or why that cannot be said.
 */
export function SchedulePanel({ nodeId, config }: TriggerPanelProps) {
  const zone = typeof config.timeZone === 'string' && config.timeZone !== '' ? config.timeZone : 'UTC';
  const cron = typeof config.cron === 'string' ? config.cron : '';
  // Computed from the moment the config is shown; the list is redrawn whenever the config changes.
  const fires = useMemo(() => nextFireTimes(cron, zone, new Date(), SHOWN), [cron, zone]);
  const seconds = hasSeconds(cron);
  return (
    <section className="inspector-section trigger-panel" aria-labelledby={`schedule-${nodeId}-title`}>
      <h3 id={`schedule-${nodeId}-title`}>Next runs</h3>
      {fires.ok ? (
        <>
          <p className="muted">The next {fires.times.length} times, in {zone}:</p>
          <ol className="fire-times" aria-label={`Next runs in ${zone}`}>
            {fires.times.map((time) => (
              <li key={time.toISOString()}>
                <time dateTime={time.toISOString()} title={`Your time: ${time.toLocaleString()}`}>
                  {formatFireTime(time, zone, seconds)}
                </time>
              </li>
            ))}
          </ol>
          <p className="muted">Runs start only while a version with this schedule is active.</p>
        </>
      ) : (
        <p className="muted">{fires.reason}</p>
      )}
    </section>
  );
}
