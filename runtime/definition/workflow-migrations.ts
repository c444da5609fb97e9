import { applyMigrations, createMigrationSequence, type MigrationSequence } from './migration-sequence.js';

/** A workflow document of any schema version, as stored or imported. */
export type WorkflowDocument = Record<string, unknown>;

/**
 * Migrations of the definition format. `schemaVersion: 1` is the baseline; a format change adds
 * `{ id: 'workflow/2', up }` here, bumps `CURRENT_SCHEMA_VERSION` and adds a fixture test.
 */
export const workflowMigrations: MigrationSequence<WorkflowDocument> = createMigrationSequence<WorkflowDocument>({
  sequenceId: 'workflow',
  baseline: 1,
  sequence: [],
});

/** Why a document could not be migrated. */
export class WorkflowMigrationError extends Error {
  override readonly name = 'WorkflowMigrationError';
}

/**
 * Brings a workflow document of any known `schemaVersion` to the current one. Documents from a
 * newer Flowgate, or without a usable `schemaVersion`, are refused with a clear error.
 */
export function migrateWorkflow(
  document: unknown,
  sequence: MigrationSequence<WorkflowDocument> = workflowMigrations,
): WorkflowDocument {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new WorkflowMigrationError('a workflow definition must be a JSON object');
  }
  const version = (document as WorkflowDocument).schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < sequence.baseline) {
    throw new WorkflowMigrationError(
      `schemaVersion must be an integer from ${sequence.baseline} to ${sequence.latest}, got ${JSON.stringify(version)}`,
    );
  }
  if (version > sequence.latest) {
    throw new WorkflowMigrationError(
      `schemaVersion ${version} is newer than this Flowgate supports (${sequence.latest}); upgrade Flowgate to open it`,
    );
  }
  const migrated = applyMigrations(sequence, document as WorkflowDocument, version);
  return { ...migrated, schemaVersion: sequence.latest };
}
