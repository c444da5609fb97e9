import type Database from 'better-sqlite3';
import type { SqlDatabase } from '../../runtime/store/sql/sql-database.js';

/** A column as both engines can describe it. */
export interface ColumnShape {
  readonly name: string;
  /** The declared type as the engine reports it, lower case (`integer`, `bigint`, `text`, `blob`, `bytea`). */
  readonly type: string;
  readonly notNull: boolean;
}

/** A named index (not one that backs a primary key or UNIQUE constraint). */
export interface IndexShape {
  readonly name: string;
  readonly unique: boolean;
  readonly partial: boolean;
  /**
   * Key columns in order. A case-insensitive key is `lower(col)` on both engines: SQLite's column
   * with the NOCASE collation is reported so, as PostgreSQL reports its expression.
   */
  readonly columns: readonly string[];
}

/** A foreign key: local columns, the table and columns they reference, and the ON DELETE action. */
export interface ForeignKeyShape {
  readonly columns: readonly string[];
  readonly references: string;
  readonly referencedColumns: readonly string[];
  readonly onDelete: string;
}

/** What the schema test compares of one table. */
export interface TableShape {
  readonly columns: readonly ColumnShape[];
  readonly primaryKey: readonly string[];
  /** UNIQUE constraints (column lists), sorted. */
  readonly uniques: readonly (readonly string[])[];
  readonly foreignKeys: readonly ForeignKeyShape[];
}

/** Tables by name, and the named indexes of those tables by name. */
export interface SchemaShape {
  readonly tables: Record<string, TableShape>;
  readonly indexes: Record<string, IndexShape & { readonly table: string }>;
}

const byText = (a: readonly string[], b: readonly string[]) => a.join(',').localeCompare(b.join(','));
const foreignKeyOrder = (a: ForeignKeyShape, b: ForeignKeyShape) => byText([...a.columns, a.references], [...b.columns, b.references]);

/** The tables of a SQLite database (without SQLite's own), for choosing which to describe. */
export function sqliteTableNames(db: Database.Database): string[] {
  const rows = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
  return rows.map((row) => row.name);
}

/** The named indexes of a SQLite database with their tables, for choosing which to describe. */
export function sqliteIndexTables(db: Database.Database): Map<string, string> {
  const rows = db.prepare("SELECT name, tbl_name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").all() as { name: string; tbl_name: string }[];
  return new Map(rows.map((row) => [row.name, row.tbl_name]));
}

/** Describes `tables` of a SQLite database through its PRAGMAs. */
export function sqliteSchemaShape(db: Database.Database, tables: readonly string[]): SchemaShape {
  const shape: { tables: Record<string, TableShape>; indexes: SchemaShape['indexes'] } = { tables: {}, indexes: {} };
  for (const table of tables) {
    const columns = db.pragma(`table_info(${table})`) as { name: string; type: string; notnull: number; pk: number }[];
    const indexList = db.pragma(`index_list(${table})`) as { name: string; unique: number; origin: string; partial: number }[];
    const indexColumns = (index: string) =>
      (db.pragma(`index_xinfo(${index})`) as { name: string | null; key: number; coll: string }[])
        .filter((column) => column.key === 1)
        .map((column) => (column.coll === 'NOCASE' ? `lower(${column.name})` : (column.name ?? '(expression)')));
    const foreignKeys = db.pragma(`foreign_key_list(${table})`) as { id: number; table: string; from: string; to: string; on_delete: string }[];
    for (const index of indexList.filter((entry) => entry.origin === 'c')) {
      shape.indexes[index.name] = { name: index.name, table, unique: index.unique === 1, partial: index.partial === 1, columns: indexColumns(index.name) };
    }
    shape.tables[table] = {
      // A rowid table lets a TEXT PRIMARY KEY hold NULL; PostgreSQL's never does, and Flowgate never stores one.
      columns: columns.map((column) => ({ name: column.name, type: column.type.toLowerCase(), notNull: column.notnull === 1 || column.pk > 0 })),
      primaryKey: columns
        .filter((column) => column.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((column) => column.name),
      uniques: indexList
        .filter((entry) => entry.origin === 'u')
        .map((entry) => indexColumns(entry.name))
        .sort(byText),
      foreignKeys: [...new Set(foreignKeys.map((key) => key.id))]
        .map((id) => {
          const parts = foreignKeys.filter((key) => key.id === id);
          return { columns: parts.map((key) => key.from), references: parts[0]!.table, referencedColumns: parts.map((key) => key.to), onDelete: parts[0]!.on_delete };
        })
        .sort(foreignKeyOrder),
    };
  }
  return shape;
}

const onDeleteActions: Record<string, string> = { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };

/** Describes every table of a PostgreSQL database's public schema except `excluded`, through its catalogs. */
export async function postgresSchemaShape(db: SqlDatabase, excluded: readonly string[] = []): Promise<SchemaShape> {
  const shape: { tables: Record<string, TableShape>; indexes: SchemaShape['indexes'] } = { tables: {}, indexes: {} };
  const tables = await db.all<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1");
  for (const { name: table } of tables.filter((row) => !excluded.includes(row.name))) {
    const columns = await db.all<{ name: string; type: string; nullable: string }>(
      "SELECT column_name AS name, data_type AS type, is_nullable AS nullable FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ? ORDER BY ordinal_position",
      [table],
    );
    const constraints = await db.all<{ type: string; columns: string[]; references: string | null; referenced: string[] | null; on_delete: string }>(
      `SELECT c.contype AS type,
              ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.i) AS columns,
              c.confrelid::regclass::text AS references,
              ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.i) AS referenced,
              c.confdeltype AS on_delete
         FROM pg_constraint c WHERE c.conrelid = ?::regclass AND c.contype IN ('p', 'u', 'f')`,
      [table],
    );
    const indexes = await db.all<{ name: string; unique: boolean; partial: boolean; columns: string[] }>(
      `SELECT ic.relname AS name, i.indisunique AS unique, i.indpred IS NOT NULL AS partial,
              ARRAY(SELECT pg_get_indexdef(i.indexrelid, k, true) FROM generate_series(1, i.indnkeyatts) k ORDER BY k) AS columns
         FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
        WHERE i.indrelid = ?::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`,
      [table],
    );
    for (const index of indexes) {
      shape.indexes[index.name] = { ...index, table };
    }
    shape.tables[table] = {
      columns: columns.map((column) => ({ name: column.name, type: column.type, notNull: column.nullable === 'NO' })),
      primaryKey: constraints.find((constraint) => constraint.type === 'p')?.columns ?? [],
      uniques: constraints
        .filter((constraint) => constraint.type === 'u')
        .map((constraint) => constraint.columns)
        .sort(byText),
      foreignKeys: constraints
        .filter((constraint) => constraint.type === 'f')
        .map((constraint) => ({
          columns: constraint.columns,
          references: constraint.references!,
          referencedColumns: constraint.referenced!,
          onDelete: onDeleteActions[constraint.on_delete]!,
        }))
        .sort(foreignKeyOrder),
    };
  }
  return shape;
}
