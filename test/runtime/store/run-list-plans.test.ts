import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteRunStore, openDatabase, SqliteDatabase } from '../../../runtime/store/index.js';
import { runPageQuery, runStatusCountQuery, type RunPageFilter } from '../../../runtime/store/run-list-sql.js';
import type { SqlStatement } from '../../../runtime/store/rows.js';
import { tempDir } from '../../support/temp-dir.js';

/**
 * The runs list stays fast with millions of runs only if every filter it offers is served by an
 * index in the list's order: a page then reads its rows and stops. SQLite's query plan says so —
 * an index search, and no temporary B-tree to sort (which would mean reading every match first).
 */
let dir: ReturnType<typeof tempDir>;
let db: Database.Database;

beforeAll(() => {
  dir = tempDir();
  db = openDatabase(join(dir.path, 'plans.db'));
  new SqliteRunStore(new SqliteDatabase(db)); // the schema and its indexes
});
afterAll(() => {
  db.close();
  dir.remove();
});

const cursor = { createdAt: 1_700_000_000_000, id: 'run-1' };

function plan(query: SqlStatement): string {
  return (db.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(...query.params) as { detail: string }[]).map((row) => row.detail).join('\n');
}

describe('the runs list query plans', () => {
  const filters: [string, RunPageFilter, RegExp][] = [
    ['no filter', { tenantId: 't' }, /USING INDEX runs_by_tenant\b/],
    ['status', { tenantId: 't', status: 'failed' }, /USING INDEX runs_by_tenant_status\b/],
    ['workflow', { tenantId: 't', workflowId: 'w' }, /USING INDEX runs_by_(workflow|version)\b/],
    ['workflow + status', { tenantId: 't', workflowId: 'w', status: 'failed' }, /USING INDEX runs_by_workflow_status\b/],
    ['workflow + version', { tenantId: 't', workflowId: 'w', workflowVersion: 2 }, /USING INDEX runs_by_version\b/],
    ['trigger kind', { tenantId: 't', triggerType: 'schedule' }, /USING INDEX runs_by_tenant_trigger\b/],
    ['time range', { tenantId: 't', from: 1, to: 2 }, /USING INDEX runs_by_tenant\b/],
    ['business key', { tenantId: 't', businessKey: 'SO-1' }, /USING INDEX runs_by_business_key\b/],
    ['business key + status', { tenantId: 't', businessKey: 'SO-1', status: 'failed' }, /USING INDEX runs_by_business_key\b/],
  ];

  it.each(filters)('serves a page filtered by %s from its index, in order, first page and behind a cursor', (_label, filter, index) => {
    for (const paged of [filter, { ...filter, after: cursor }]) {
      const detail = plan(runPageQuery(paged, 50, 'sqlite'));
      expect(detail).toMatch(index);
      expect(detail).not.toContain('TEMP B-TREE');
      expect(detail).not.toMatch(/^SCAN runs$/m);
    }
  });

  it('reads an attribute search from the attribute index and its runs by primary key, sorting only the matches', () => {
    const filter: RunPageFilter = { tenantId: 't', attributes: [{ name: 'customer', value: 'ACME' }, { name: 'region', value: 'EU' }], after: cursor };
    const detail = plan(runPageQuery(filter, 50, 'sqlite'));
    expect(detail).toMatch(/USING (COVERING )?INDEX run_search_attributes_by_value\b/);
    expect(detail).toMatch(/SEARCH runs USING INDEX sqlite_autoindex_runs_1 \(id=\?\)/);
    expect(detail).toMatch(/SEARCH a EXISTS USING PRIMARY KEY \(run_id=\? AND name=\?\)/);
    expect(detail).not.toMatch(/^SCAN runs$/m);
  });

  it('counts a status through an index, never by reading the table', () => {
    for (const filter of [{ tenantId: 't' }, { tenantId: 't', workflowId: 'w' }, { tenantId: 't', triggerType: 'webhook' }]) {
      const detail = plan(runStatusCountQuery(filter, 'failed', 10_000, 'sqlite'));
      expect(detail).toMatch(/USING (COVERING )?INDEX runs_by_/);
      expect(detail).not.toMatch(/SCAN runs\b(?! USING)/);
    }
  });
});
