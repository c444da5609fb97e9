import type { ServerConfig } from '../config.js';
import { createAppContext, type AppContext } from '../context.js';
import { joinDeployment } from '../db/deployment-lock.js';

/** A process's storage, engine and services, opened for its role. */
export interface OpenedProcess {
  readonly app: AppContext;
  /** Lets running steps finish and be recorded, then closes the database and leaves the deployment. */
  close(): Promise<void>;
}

/**
 * Joins the deployment on PostgreSQL (see `joinDeployment`: alone in the role `all`, beside other
 * role processes otherwise) before anything opens, so a refused process has started nothing it
 * must stop; then opens the app context for the configured role.
 */
export async function openProcess(config: ServerConfig): Promise<OpenedProcess> {
  const deployment = config.databaseUrl === undefined ? undefined : await joinDeployment(config.databaseUrl, config.role);
  const app = await createAppContext(config).catch(async (error: unknown) => {
    await deployment?.release();
    throw error;
  });
  return {
    app,
    async close() {
      await app.engine.shutdown();
      await app.egress.close();
      await app.store.close();
      await deployment?.release();
      app.mailer.close();
    },
  };
}
