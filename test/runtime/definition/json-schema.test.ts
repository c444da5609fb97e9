import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WORKFLOW_JSON_SCHEMA_PATH, workflowJsonSchema } from '../../../runtime/definition/index.js';

const REPOSITORY_ROOT = join(import.meta.dirname, '../../..');

describe('workflow JSON Schema', () => {
  it('is checked in exactly as generated from the zod schema', () => {
    const checkedIn: unknown = JSON.parse(readFileSync(join(REPOSITORY_ROOT, WORKFLOW_JSON_SCHEMA_PATH), 'utf8'));
    expect(
      checkedIn,
      `${WORKFLOW_JSON_SCHEMA_PATH} is out of date with the zod schema; run \`npx tsx scripts/generate-json-schema.ts\` and commit the result`,
    ).toStrictEqual(workflowJsonSchema());
  });

  it('identifies itself as a draft 2020-12 schema of the definition format', () => {
    const schema = workflowJsonSchema();
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe('https://flowgate.dev/schemas/workflow-definition-1.json');
    expect(schema.title).toBe('Flowgate workflow definition');
    expect(schema.type).toBe('object');
  });

  it('requires schemaVersion, name and nodes only, and allows no other top-level properties', () => {
    const schema = workflowJsonSchema();
    expect(schema.required).toEqual(['schemaVersion', 'name', 'nodes']);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties).toMatchObject({ schemaVersion: { const: 1 } });
  });
});
