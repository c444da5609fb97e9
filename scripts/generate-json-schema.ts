import { writeFileSync } from 'node:fs';
import { WORKFLOW_JSON_SCHEMA_PATH, workflowJsonSchema } from '../runtime/definition/index.js';

/** Regenerates runtime/definition/workflow.schema.json from the zod schema. */
writeFileSync(WORKFLOW_JSON_SCHEMA_PATH, `${JSON.stringify(workflowJsonSchema(), null, 2)}\n`);
console.log(`wrote ${WORKFLOW_JSON_SCHEMA_PATH}`);
