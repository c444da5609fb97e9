import type { SqlDatabase, SqlValue } from '../../runtime/store/index.js';

/** The first column of the first row `query` answers (a count, one field), or undefined without rows. */
export async function firstValue<T = unknown>(sql: SqlDatabase, query: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
  const row = await sql.get<Record<string, unknown>>(query, params);
  return row === undefined ? undefined : (Object.values(row)[0] as T);
}

/** The first column of every row `query` answers. */
export async function firstColumn<T = unknown>(sql: SqlDatabase, query: string, params: readonly SqlValue[] = []): Promise<T[]> {
  const rows = await sql.all<Record<string, unknown>>(query, params);
  return rows.map((row) => Object.values(row)[0] as T);
}
