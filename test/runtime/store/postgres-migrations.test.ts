import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMigrationSequence } from '../../../runtime/definition/index.js';
import { ddl, runPostgresMigrations } from '../../../runtime/store/postgres/run-postgres-migrations.js';
import { openPostgresDatabase, type PostgresDatabase } from '../../../runtime/store/sql/postgres-database.js';
import { freshPostgresDatabase } from '../../support/postgres.js';

const first = { id: 'demo/3', up: ddl('CREATE TABLE notes (id TEXT PRIMARY KEY)') };
const second = { id: 'demo/4', up: ddl("ALTER TABLE notes ADD COLUMN body TEXT NOT NULL DEFAULT ''; CREATE INDEX notes_by_body ON notes (body)") };

describe('PostgreSQL migrations', () => {
  let url: string;
  let dbs: PostgresDatabase[];
  const open = () => {
    const db = openPostgresDatabase(url);
    dbs.push(db);
    return db;
  };

  beforeEach(async () => {
    url = await freshPostgresDatabase();
    dbs = [];
  });
  afterEach(async () => {
    await Promise.all(dbs.map((db) => db.close()));
  });

  it('applies each new step once, numbered from the baseline, even when processes start together', async () => {
    const sequence = createMigrationSequence({ sequenceId: 'demo', baseline: 2, sequence: [first, second] });
    await Promise.all([runPostgresMigrations(open(), sequence), runPostgresMigrations(open(), sequence), runPostgresMigrations(open(), sequence)]);
    const db = open();
    expect(await db.all('SELECT version FROM schema_migrations WHERE sequence_id = ? ORDER BY version', ['demo'])).toEqual([
      { version: 3 },
      { version: 4 },
    ]);
    await db.run('INSERT INTO notes (id, body) VALUES (?, ?)', ['n1', 'hello']);
    await runPostgresMigrations(db, sequence);
    expect(await db.all('SELECT id, body FROM notes')).toEqual([{ id: 'n1', body: 'hello' }]);
  });

  it('applies only the steps added since, and refuses a database newer than this Flowgate', async () => {
    const db = open();
    await runPostgresMigrations(db, createMigrationSequence({ sequenceId: 'demo', baseline: 2, sequence: [first] }));
    await db.run('INSERT INTO notes (id) VALUES (?)', ['kept']);
    await runPostgresMigrations(db, createMigrationSequence({ sequenceId: 'demo', baseline: 2, sequence: [first, second] }));
    expect(await db.all('SELECT id, body FROM notes')).toEqual([{ id: 'kept', body: '' }]);
    await expect(runPostgresMigrations(db, createMigrationSequence({ sequenceId: 'demo', baseline: 2, sequence: [first] }))).rejects.toThrow(
      'the database is at demo version 4, newer than this Flowgate (3); upgrade Flowgate',
    );
  });
});
