import pg from 'pg';
import { setTimeout as delay } from 'node:timers/promises';

/** How often a standby asks for the leadership. */
const CAMPAIGN_INTERVAL_MS = 500;

/** A process standing for leadership; `elected` resolves once it leads. */
export interface Candidacy {
  /** Resolves when this process leads; never, if it withdraws first. */
  readonly elected: Promise<void>;
  /** Stops standing, or gives the leadership up (the next candidate takes it). */
  withdraw(): Promise<void>;
}

/**
 * Stands for the leadership named `name` among the processes on one PostgreSQL database: a
 * session-level advisory lock on a connection of its own, asked for every half second while
 * another process holds it. The lock lives as long as the session: a leader that dies (even by
 * SIGKILL) loses it at once and a standby takes over within the interval. A leader whose session
 * is lost while it runs can no longer prove it leads: `onLost` is called (the process should exit
 * and be restarted, so two leaders never act at once).
 */
export async function standForLeadership(databaseUrl: string, name: string, onLost: (error: Error) => void): Promise<Candidacy> {
  const session = new pg.Client({ connectionString: databaseUrl, keepAlive: true });
  let withdrawn = false;
  const lost = (error: Error) => {
    if (!withdrawn) onLost(error);
  };
  session.on('error', lost);
  session.on('end', () => lost(new Error(`the session holding the leadership "${name}" ended`)));
  await session.connect();
  const campaign = async () => {
    for (;;) {
      const { rows } = await session.query<{ leads: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS leads', [name]);
      if (rows[0]?.leads === true) return;
      await delay(CAMPAIGN_INTERVAL_MS);
    }
  };
  // Once withdrawn, the campaign's failing query means nothing: the candidate is simply never elected.
  const elected = campaign().catch((error: unknown) => {
    if (withdrawn) return new Promise<void>(() => undefined);
    throw error;
  });
  return {
    elected,
    async withdraw() {
      withdrawn = true;
      await session.end().catch(() => undefined);
    },
  };
}
