import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeCatalog } from '../../../nodes/catalog.js';
import {
  CURRENT_SCHEMA_VERSION,
  WorkflowMigrationError,
  applyMigrations,
  createMigrationSequence,
  migrateWorkflow,
  migrationVersion,
  validateWorkflow,
  workflowMigrations,
  type Migration,
  type MigrationSequence,
  type WorkflowDocument,
} from '../../../runtime/definition/index.js';

const FIXTURE = join(import.meta.dirname, '../../fixtures/definitions/order-routing.v1.json');

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A fresh copy of the stored v1 fixture on every call, so one test cannot leak into another. */
function loadFixture(): WorkflowDocument {
  const parsed: unknown = JSON.parse(readFileSync(FIXTURE, 'utf8'));
  if (!isRecord(parsed)) throw new Error(`${FIXTURE} does not hold a JSON object`);
  return parsed;
}

function nodesOf(document: WorkflowDocument): Record<string, unknown>[] {
  const nodes = document.nodes;
  if (!Array.isArray(nodes)) throw new Error('document has no nodes array');
  return nodes.map((node: unknown) => {
    if (!isRecord(node)) throw new Error('node is not an object');
    return node;
  });
}

/** Test-only format change 2: nodes call their display name `title` instead of `name`. */
const renameNodeName: Migration<WorkflowDocument> = {
  id: 'workflow/2',
  up: (document) => ({
    ...document,
    nodes: nodesOf(document).map(({ name, ...node }) => ({ ...node, title: name })),
  }),
};

/** Test-only format change 3: nodes gain a `disabled` flag, false unless set. */
const addDisabledDefault: Migration<WorkflowDocument> = {
  id: 'workflow/3',
  up: (document) => ({
    ...document,
    nodes: nodesOf(document).map((node) => ({ disabled: false, ...node })),
  }),
};

const testSequence = createMigrationSequence<WorkflowDocument>({
  sequenceId: 'workflow',
  baseline: 1,
  sequence: [renameNodeName, addDisabledDefault],
});

const FIXTURE_NODE_NAMES = [
  ['received', 'Order received'],
  ['big', 'Large order?'],
  ['review', 'Send to manual review'],
  ['auto', 'Auto-approve'],
];

/** The error `migrateWorkflow` throws for `document`; fails the test when it throws nothing or something else. */
function migrationFailure(document: unknown, sequence?: MigrationSequence<WorkflowDocument>): WorkflowMigrationError {
  try {
    migrateWorkflow(document, sequence);
  } catch (error) {
    if (error instanceof WorkflowMigrationError) return error;
    throw error;
  }
  throw new Error(`expected migrateWorkflow to refuse ${JSON.stringify(document)}`);
}

describe('workflowMigrations (the real sequence)', () => {
  it('starts at schemaVersion 1 and ends at CURRENT_SCHEMA_VERSION', () => {
    expect(workflowMigrations.sequenceId).toBe('workflow');
    expect(workflowMigrations.baseline).toBe(1);
    expect(workflowMigrations.latest).toBe(CURRENT_SCHEMA_VERSION);
    expect(workflowMigrations.sequence.map(migrationVersion)).toEqual(
      workflowMigrations.sequence.map((_migration, index) => workflowMigrations.baseline + index + 1),
    );
  });

  it('migrates the stored v1 fixture unchanged, and the result still validates', () => {
    const stored = loadFixture();
    expect(stored.schemaVersion).toBe(1);
    const migrated = migrateWorkflow(stored);
    expect(migrated).toStrictEqual(loadFixture());
    expect(migrated.schemaVersion).toBe(CURRENT_SCHEMA_VERSION);
    expect(validateWorkflow(migrated, nodeCatalog)).toEqual([]);
  });
});

describe('migrateWorkflow with a test-only sequence (2 renames node.name, 3 adds node.disabled)', () => {
  it('migrates the v1 fixture through every step to the latest version', () => {
    const stored = loadFixture();
    const migrated = migrateWorkflow(stored, testSequence);

    expect(migrated.schemaVersion).toBe(3);
    const nodes = nodesOf(migrated);
    expect(nodes.map((node) => [node.id, node.title])).toEqual(FIXTURE_NODE_NAMES);
    expect(nodes.every((node) => !('name' in node) && node.disabled === false)).toBe(true);
    expect(nodes.map((node) => node.config)).toEqual(nodesOf(stored).map((node) => node.config));
    expect(migrated.edges).toEqual(stored.edges);
    expect(migrated.params).toEqual(stored.params);
    expect(migrated.settings).toEqual(stored.settings);
    expect(stored).toStrictEqual(loadFixture());
  });

  it('gives the same result one step at a time as in one go', () => {
    const onlyStep2 = createMigrationSequence<WorkflowDocument>({ sequenceId: 'workflow', baseline: 1, sequence: [renameNodeName] });
    const v2 = migrateWorkflow(loadFixture(), onlyStep2);
    expect(v2.schemaVersion).toBe(2);
    expect(nodesOf(v2).map((node) => [node.id, node.title])).toEqual(FIXTURE_NODE_NAMES);
    expect(nodesOf(v2).some((node) => 'disabled' in node)).toBe(false);

    expect(migrateWorkflow(v2, testSequence)).toStrictEqual(migrateWorkflow(loadFixture(), testSequence));
  });

  it('applies only the newer migrations to a document at an intermediate version', () => {
    const v2: WorkflowDocument = {
      ...loadFixture(),
      schemaVersion: 2,
      nodes: nodesOf(loadFixture()).map(({ name, ...node }) => ({ ...node, title: name })),
    };
    const migrated = migrateWorkflow(v2, testSequence);
    expect(migrated.schemaVersion).toBe(3);
    expect(nodesOf(migrated).map((node) => [node.id, node.title, node.disabled])).toEqual(
      FIXTURE_NODE_NAMES.map(([id, title]) => [id, title, false]),
    );
  });

  it('leaves a document at the latest version as it is', () => {
    const v3: WorkflowDocument = { ...migrateWorkflow(loadFixture(), testSequence) };
    expect(migrateWorkflow(v3, testSequence)).toStrictEqual(v3);
  });

  it('does not change the document it is given, even when a migration returns it as it is', () => {
    const keep = (id: string): Migration<WorkflowDocument> => ({ id, up: (document) => document });
    const sequence = createMigrationSequence<WorkflowDocument>({ sequenceId: 'workflow', baseline: 1, sequence: [keep('workflow/2')] });
    const stored = loadFixture();
    expect(migrateWorkflow(stored, sequence).schemaVersion).toBe(2);
    expect(stored).toStrictEqual(loadFixture());
  });

  it('refuses a document newer than the sequence', () => {
    expect(migrationFailure({ ...loadFixture(), schemaVersion: 4 }, testSequence).message).toBe(
      'schemaVersion 4 is newer than this Flowgate supports (3); upgrade Flowgate to open it',
    );
  });
});

describe('applyMigrations', () => {
  const log: string[] = [];
  const recording = (id: string): Migration<WorkflowDocument> => ({
    id,
    up: (document) => {
      log.push(id);
      const trail = typeof document.trail === 'string' ? document.trail : '';
      return { ...document, trail: `${trail}${id};` };
    },
  });
  const sequence = createMigrationSequence<WorkflowDocument>({
    sequenceId: 'workflow',
    baseline: 1,
    sequence: [recording('workflow/2'), recording('workflow/3'), recording('workflow/4')],
  });

  it.each([
    [1, ['workflow/2', 'workflow/3', 'workflow/4']],
    [2, ['workflow/3', 'workflow/4']],
    [3, ['workflow/4']],
    [4, []],
  ])('from version %i runs %j, in order, once each', (fromVersion, expected) => {
    log.length = 0;
    const result = applyMigrations(sequence, {}, fromVersion);
    expect(log).toEqual(expected);
    expect(result.trail ?? '').toBe(expected.map((id) => `${id};`).join(''));
  });

  it('returns the value itself when there is nothing to run', () => {
    const value = { schemaVersion: 1 };
    expect(applyMigrations(createMigrationSequence({ sequenceId: 'workflow', baseline: 1, sequence: [] }), value, 1)).toBe(value);
  });
});

describe('migrateWorkflow refuses unusable documents with a clear error', () => {
  const range = `an integer from 1 to ${CURRENT_SCHEMA_VERSION}`;

  it.each([['a string', 'order routing'], ['null', null], ['an array', [{ schemaVersion: 1 }]], ['a number', 1]])(
    'refuses %s',
    (_kind, document) => {
      expect(migrationFailure(document).message).toBe('a workflow definition must be a JSON object');
    },
  );

  it('refuses a document without schemaVersion', () => {
    const document = loadFixture();
    delete document.schemaVersion;
    expect(migrationFailure(document).message).toBe(`schemaVersion must be ${range}, got undefined`);
  });

  it('refuses a schemaVersion that is not an integer', () => {
    expect(migrationFailure({ ...loadFixture(), schemaVersion: 1.5 }).message).toBe(`schemaVersion must be ${range}, got 1.5`);
    expect(migrationFailure({ ...loadFixture(), schemaVersion: '1' }).message).toBe(`schemaVersion must be ${range}, got "1"`);
  });

  it('refuses a schemaVersion below the baseline', () => {
    expect(migrationFailure({ ...loadFixture(), schemaVersion: 0 }).message).toBe(`schemaVersion must be ${range}, got 0`);
  });

  it('refuses a schemaVersion newer than this build supports, telling the user to upgrade', () => {
    const newer = CURRENT_SCHEMA_VERSION + 1;
    const error = migrationFailure({ ...loadFixture(), schemaVersion: newer });
    expect(error.name).toBe('WorkflowMigrationError');
    expect(error.message).toBe(
      `schemaVersion ${newer} is newer than this Flowgate supports (${CURRENT_SCHEMA_VERSION}); upgrade Flowgate to open it`,
    );
  });
});

describe('createMigrationSequence', () => {
  const step = (id: string): Migration<WorkflowDocument> => ({ id, up: (document) => document });

  it('accepts an empty sequence, whose latest version is its baseline', () => {
    const empty = createMigrationSequence<WorkflowDocument>({ sequenceId: 'workflow', baseline: 7, sequence: [] });
    expect(empty).toMatchObject({ sequenceId: 'workflow', baseline: 7, latest: 7 });
    expect(empty.sequence).toEqual([]);
  });

  it('counts the latest version from the baseline', () => {
    const sequence = createMigrationSequence<WorkflowDocument>({
      sequenceId: 'tenant',
      baseline: 5,
      sequence: [step('tenant/6'), step('tenant/7')],
    });
    expect(sequence.latest).toBe(7);
  });

  it('throws for a gap in the numbering', () => {
    expect(() =>
      createMigrationSequence({ sequenceId: 'workflow', baseline: 1, sequence: [step('workflow/2'), step('workflow/4')] }),
    ).toThrow('migration 2 of "workflow" has id "workflow/4", expected "workflow/3"');
  });

  it('throws for a repeated id', () => {
    expect(() =>
      createMigrationSequence({ sequenceId: 'workflow', baseline: 1, sequence: [step('workflow/2'), step('workflow/2')] }),
    ).toThrow('migration 2 of "workflow" has id "workflow/2", expected "workflow/3"');
  });

  it('throws for a first migration that does not come after the baseline', () => {
    expect(() => createMigrationSequence({ sequenceId: 'workflow', baseline: 1, sequence: [step('workflow/1')] })).toThrow(
      'migration 1 of "workflow" has id "workflow/1", expected "workflow/2"',
    );
  });

  it('throws for an id of another sequence', () => {
    expect(() => createMigrationSequence({ sequenceId: 'workflow', baseline: 1, sequence: [step('tenant/2')] })).toThrow(
      'migration 1 of "workflow" has id "tenant/2", expected "workflow/2"',
    );
  });
});

describe('migrationVersion', () => {
  it('reads the number after the last slash', () => {
    expect(migrationVersion({ id: 'workflow/2' })).toBe(2);
    expect(migrationVersion({ id: 'workflow/12' })).toBe(12);
    expect(migrationVersion({ id: 'store/runs/3' })).toBe(3);
  });
});
