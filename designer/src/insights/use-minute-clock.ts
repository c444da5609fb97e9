import { useEffect, useState } from 'react';

const MINUTE_MS = 60_000;

/**
 * The time now, moving on once a minute: the dashboard's range ends now, and its figures are read
 * again as the minute (and so the query) changes.
 */
export function useMinuteClock(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), MINUTE_MS);
    return () => window.clearInterval(timer);
  }, []);
  return now;
}
