/** One numbered step of a migration sequence; `id` is `<sequenceId>/<version it produces>`. */
export interface Migration<T> {
  readonly id: string;
  readonly up: (value: T) => T;
}

/** An ordered list of migrations whose ids increase by one from the baseline. */
export interface MigrationSequence<T> {
  readonly sequenceId: string;
  /** The version a value has before any migration of this sequence ran. */
  readonly baseline: number;
  readonly sequence: readonly Migration<T>[];
  /** The version a value has after every migration ran. */
  readonly latest: number;
}

/**
 * Declares a migration sequence (the shape tldraw's store uses), checking that the ids are
 * `<sequenceId>/<baseline + 1>`, `<sequenceId>/<baseline + 2>`, ... with no gaps or repeats.
 */
export function createMigrationSequence<T>(options: {
  sequenceId: string;
  baseline: number;
  sequence: readonly Migration<T>[];
}): MigrationSequence<T> {
  const { sequenceId, baseline, sequence } = options;
  sequence.forEach((migration, index) => {
    const expected = `${sequenceId}/${baseline + index + 1}`;
    if (migration.id !== expected) {
      throw new Error(`migration ${index + 1} of "${sequenceId}" has id "${migration.id}", expected "${expected}"`);
    }
  });
  return { sequenceId, baseline, sequence, latest: baseline + sequence.length };
}

/** The version number encoded in a migration id. */
export function migrationVersion(migration: { readonly id: string }): number {
  return Number(migration.id.slice(migration.id.lastIndexOf('/') + 1));
}

/** Applies, in order, every migration of `sequence` newer than `fromVersion`. */
export function applyMigrations<T>(sequence: MigrationSequence<T>, value: T, fromVersion: number): T {
  let current = value;
  for (const migration of sequence.sequence) {
    if (migrationVersion(migration) > fromVersion) current = migration.up(current);
  }
  return current;
}
