import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, runMigrations, runtimeMigrations } from '../../runtime/store/index.js';
import { runPostgresMigrations } from '../../runtime/store/postgres/run-postgres-migrations.js';
import { openPostgresDatabase } from '../../runtime/store/sql/postgres-database.js';
import { postgresServerMigrations } from '../../server/db/postgres-server-migrations.js';
import { serverMigrations } from '../../server/db/server-migrations.js';
import { freshPostgresDatabase } from '../support/postgres.js';
import { postgresSchemaShape, sqliteIndexTables, sqliteSchemaShape, sqliteTableNames, type IndexShape, type SchemaShape } from '../support/schema-shape.js';
import { tempDir } from '../support/temp-dir.js';

/**
 * Where PostgreSQL must differ, and only there: SQLite's case-insensitive UNIQUE constraints
 * (a `COLLATE NOCASE` column) are unique indexes on `lower(col)`, which PostgreSQL names.
 */
const caseInsensitiveUniques: Record<string, { table: string; columns: string[] }> = {
  users_by_email: { table: 'users', columns: ['lower(email)'] },
  service_accounts_by_name: { table: 'service_accounts', columns: ['tenant_id', 'lower(name)'] },
};

/**
 * Indexes SQLite's server/19 puts on the runtime's tables: the runtime's PostgreSQL sequence
 * creates them, since the server's tables exist without the runtime's there.
 */
const serverIndexesOnRuntimeTables = ['tasks_open_by_tenant'];

/** Epoch milliseconds: BIGINT on PostgreSQL. */
const isEpochMs = (column: string) => column.endsWith('_at') || ['hour', 'day', 'week', 'until'].includes(column.split('_').at(-1)!);

/** The shape PostgreSQL must have, from SQLite's: case-insensitive UNIQUE constraints become the named indexes above. */
function expectedOnPostgres(sqlite: SchemaShape): SchemaShape {
  const tables = structuredClone(sqlite.tables);
  const indexes: Record<string, IndexShape & { table: string }> = { ...sqlite.indexes };
  for (const [name, { table, columns }] of Object.entries(caseInsensitiveUniques)) {
    const uniques = tables[table]!.uniques;
    expect(uniques, `${table} has a UNIQUE (${columns.join(', ')}) on SQLite`).toContainEqual(columns);
    tables[table] = { ...tables[table]!, uniques: uniques.filter((unique) => unique.join() !== columns.join()) };
    indexes[name] = { name, table, unique: true, partial: false, columns };
  }
  return { tables, indexes };
}

describe("the server's PostgreSQL schema", () => {
  let sqlite: SchemaShape;
  let postgres: SchemaShape;
  let runtimeIndexesFromServer: string[];

  beforeAll(async () => {
    const dir = tempDir();
    try {
      const runtimeOnly = openDatabase(`${dir.path}/runtime.db`);
      runMigrations(runtimeOnly, runtimeMigrations);
      const runtimeTables = sqliteTableNames(runtimeOnly);
      const runtimeIndexes = sqliteIndexTables(runtimeOnly);
      runtimeOnly.close();

      const server = openDatabase(`${dir.path}/server.db`);
      runMigrations(server, serverMigrations);
      sqlite = sqliteSchemaShape(
        server,
        sqliteTableNames(server).filter((table) => !runtimeTables.includes(table)),
      );
      runtimeIndexesFromServer = [...sqliteIndexTables(server)]
        .filter(([name, table]) => runtimeTables.includes(table) && !runtimeIndexes.has(name))
        .map(([name]) => name);
      server.close();
    } finally {
      dir.remove();
    }

    const db = openPostgresDatabase(await freshPostgresDatabase());
    try {
      await runPostgresMigrations(db, postgresServerMigrations);
      postgres = await postgresSchemaShape(db, ['schema_migrations']);
    } finally {
      await db.close();
    }
  });
  it('is numbered like the SQLite sequence: one step at its latest version', () => {
    expect(postgresServerMigrations.sequenceId).toBe(serverMigrations.sequenceId);
    expect(postgresServerMigrations.latest).toBe(serverMigrations.latest);
    expect(postgresServerMigrations.baseline).toBe(serverMigrations.latest - 1);
  });

  it('has the same tables, and in each the same columns, NOT NULL-ness, primary key, UNIQUE constraints and foreign keys', () => {
    const expected = expectedOnPostgres(sqlite);
    expect(Object.keys(postgres.tables).sort()).toEqual(Object.keys(expected.tables).sort());
    for (const [table, shape] of Object.entries(expected.tables)) {
      const actual = postgres.tables[table]!;
      expect(
        actual.columns.map(({ name, notNull }) => ({ name, notNull })),
        `columns of ${table}`,
      ).toEqual(shape.columns.map(({ name, notNull }) => ({ name, notNull })));
      expect(actual.primaryKey, `primary key of ${table}`).toEqual(shape.primaryKey);
      expect(actual.uniques, `UNIQUE constraints of ${table}`).toEqual(shape.uniques);
      expect(actual.foreignKeys, `foreign keys of ${table}`).toEqual(shape.foreignKeys);
    }
  });

  it('maps the column types: epoch milliseconds to BIGINT, other integers to INTEGER or BIGINT, TEXT to TEXT, BLOB to BYTEA', () => {
    const types: Record<string, string[]> = { integer: ['integer', 'bigint'], text: ['text'], blob: ['bytea'] };
    for (const [table, shape] of Object.entries(sqlite.tables)) {
      for (const column of shape.columns) {
        const actual = postgres.tables[table]?.columns.find((candidate) => candidate.name === column.name)?.type;
        expect(types[column.type], `${table}.${column.name} (${column.type})`).toContain(actual);
        if (column.type === 'integer' && isEpochMs(column.name)) expect(actual, `${table}.${column.name}`).toBe('bigint');
      }
    }
  });

  it('has the same named indexes, each as unique and as partial, over the same columns', () => {
    const expected = expectedOnPostgres(sqlite);
    expect(Object.keys(postgres.indexes).sort()).toEqual(Object.keys(expected.indexes).sort());
    for (const [name, index] of Object.entries(expected.indexes)) {
      expect(postgres.indexes[name], `index ${name}`).toEqual(index);
    }
  });

  it('refuses, like SQLite, a second e-mail address or service account name that differs only in case', async () => {
    const db = openPostgresDatabase(await freshPostgresDatabase());
    try {
      await runPostgresMigrations(db, postgresServerMigrations);
      const addUser = (id: string, email: string) =>
        db.run("INSERT INTO users (id, email, name, password_hash, created_at) VALUES (?, ?, 'Ann', 'x', 0)", [id, email]);
      await addUser('u1', 'Ann@Example.com');
      await expect(addUser('u2', 'ann@example.COM')).rejects.toThrow(/users_by_email/);
      await db.run("INSERT INTO tenants (id, slug, name, kind, policy, created_at) VALUES ('t1', 'acme', 'Acme', 'customer', '{}', 0)");
      const addAccount = (id: string, name: string) =>
        db.run("INSERT INTO service_accounts (id, tenant_id, name, scopes, created_by, created_at) VALUES (?, 't1', ?, '[]', 'u1', 0)", [id, name]);
      await addAccount('s1', 'Importer');
      await expect(addAccount('s2', 'IMPORTER')).rejects.toThrow(/service_accounts_by_name/);
    } finally {
      await db.close();
    }
  });

  it("leaves to the runtime's sequence only the indexes listed on the runtime's tables", () => {
    expect(runtimeIndexesFromServer.sort()).toEqual(serverIndexesOnRuntimeTables);
  });
});
