import { WorkflowMigrationError, migrateWorkflow, type WorkflowDocument } from '../../runtime/definition/index.js';
import { CliError } from './cli-error.js';
import { readJsonFile } from './read-json-file.js';

/** Reads a workflow file and brings it to the current schema version. */
export function readWorkflowFile(path: string): WorkflowDocument {
  const document = readJsonFile(path, 'workflow file');
  try {
    return migrateWorkflow(document);
  } catch (error) {
    if (error instanceof WorkflowMigrationError) throw new CliError(`${path}: ${error.message}`, 1);
    throw error;
  }
}
