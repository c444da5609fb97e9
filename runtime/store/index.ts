export * from './run-store.js';
export { openDatabase, type DatabaseOptions, type SynchronousMode } from './sqlite/open-database.js';
export { runMigrations, type DatabaseMigrationSequence } from './sqlite/run-migrations.js';
export { runtimeMigrations } from './sqlite/runtime-migrations.js';
export { SqliteRunStore } from './sqlite/sqlite-run-store.js';
export { WriteQueue, type QueuedWrite } from './sqlite/write-queue.js';
export { SqliteDatabase, type SqliteTransactionOptions } from './sql/sqlite-database.js';
export type { SqlDatabase, SqlDialect, SqlValue } from './sql/sql-database.js';
