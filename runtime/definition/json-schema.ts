import { z } from 'zod';
import { workflowDefinitionSchema } from './workflow-schema.js';

/** Where the checked-in JSON Schema of the definition format lives, relative to the repository root. */
export const WORKFLOW_JSON_SCHEMA_PATH = 'runtime/definition/workflow.schema.json';

/**
 * The JSON Schema (draft 2020-12) of the workflow definition format, generated from the zod
 * schema so the two never drift. Monaco in the designer and editors outside the product use it.
 */
export function workflowJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(workflowDefinitionSchema, { io: 'input' }),
    $id: 'https://flowgate.dev/schemas/workflow-definition-1.json',
    title: 'Flowgate workflow definition',
    description: 'A workflow: nodes on a canvas connected by edges from output ports to input ports (schemaVersion 1).',
  };
}
