import { jsonDefaults } from 'monaco-editor/languages/features/json/register';
import workflowSchema from '../../../../runtime/definition/workflow.schema.json';

/** The URI of the JSON view's model; the workflow JSON Schema applies to this model only. */
export const WORKFLOW_MODEL_URI = 'flowgate://workflow/definition.json';

/**
 * Registers the definition's JSON Schema (runtime/definition/workflow.schema.json, generated from
 * the zod schema) with Monaco's JSON support for the JSON view's model: validation as you type,
 * completion of property names and enum values, hovers with the descriptions. Keeps any other
 * schemas already registered; never fetches a schema from the network.
 */
export function registerWorkflowSchema(): void {
  const options = jsonDefaults.diagnosticsOptions;
  const others = (options.schemas ?? []).filter((entry) => entry.uri !== workflowSchema.$id);
  jsonDefaults.setDiagnosticsOptions({
    ...options,
    validate: true,
    enableSchemaRequest: false,
    schemas: [...others, { uri: workflowSchema.$id, fileMatch: [WORKFLOW_MODEL_URI], schema: workflowSchema }],
  });
}
