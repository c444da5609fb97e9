import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SqlDatabase } from '../../../runtime/store/index.js';
import { toHttpFailure } from '../../../server/http/error-handler.js';
import { expectError, expectOk } from '../../support/api-helpers.js';
import { workflow } from '../../support/definitions.js';
import { DEMO, startServerHarness, type ApiClient, type ServerHarness } from '../../support/server-harness.js';
import { sqlEngines } from '../../support/sql-engines.js';

/** The answer's message for a key whose columns read `what`. */
function racedMessage(what: string): string {
  return `another request created a record with ${what} at the same moment; reload and try again`;
}

describe('a unique key raced past a service check, over HTTP', () => {
  let server: ServerHarness;
  let customerOwner: ApiClient;

  beforeAll(async () => {
    server = await startServerHarness();
    customerOwner = await server.signIn(DEMO.customerOwner);
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers 409 CONFLICT naming the duplicated field, not 500', async () => {
    // Workflow names may repeat, so the service checks nothing; this index stands in for a unique key
    // whose service check another request passed at the same moment.
    await server.app.sql.exec('CREATE UNIQUE INDEX test_workflows_by_name ON workflows (tenant_id, name)');
    const path = `/api/v1/tenants/${server.tenants.customer}/workflows`;
    const body = { name: 'Order sync', definition: workflow([{ id: 'start', type: 'trigger.manual' }], []) };
    expectOk(await customerOwner.request('POST', path, body), 201);
    expect(expectError(await customerOwner.request('POST', path, body), 409, 'CONFLICT').message).toBe(racedMessage('this name'));
  });
});

/** How each engine's migrations make a key case-insensitive. */
const CASE_INSENSITIVE_EMAIL: Record<string, string> = { sqlite: 'email COLLATE NOCASE', postgres: 'lower(email)' };

describe.each(Object.keys(sqlEngines))('the answer to a unique violation on %s', (engine) => {
  let db: SqlDatabase;
  let remove: () => void;

  beforeEach(async () => {
    ({ db, remove } = await sqlEngines[engine]!());
    await db.exec('CREATE TABLE accounts (id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, display_name TEXT NOT NULL, email TEXT NOT NULL)');
    await db.exec('CREATE UNIQUE INDEX accounts_by_display_name ON accounts (tenant_id, display_name)');
    await db.exec(`CREATE UNIQUE INDEX accounts_by_email ON accounts (${CASE_INSENSITIVE_EMAIL[engine]})`);
    await db.run("INSERT INTO accounts (id, tenant_id, display_name, email) VALUES ('a1', 't1', 'Anna', 'anna@example.com')");
  });
  afterEach(async () => {
    await db.close();
    remove();
  });

  /** The HTTP answer to the error the insert of this row fails with. */
  async function answerToInsert(id: string, displayName: string, email: string) {
    const error: unknown = await db.run('INSERT INTO accounts (id, tenant_id, display_name, email) VALUES (?, ?, ?, ?)', [id, 't1', displayName, email]).then(
      () => expect.fail('the insert should have failed'),
      (failure: unknown) => failure,
    );
    const { status, error: domainError } = toHttpFailure(error);
    return { status, code: domainError.code, message: domainError.message };
  }

  it('names the columns of the key other than the tenant and id', async () => {
    expect(await answerToInsert('a2', 'Anna', 'other@example.com')).toEqual({ status: 409, code: 'CONFLICT', message: racedMessage('this display name') });
  });

  it('names the column of a case-insensitive key (an expression on PostgreSQL)', async () => {
    expect(await answerToInsert('a2', 'Ben', 'ANNA@example.com')).toEqual({ status: 409, code: 'CONFLICT', message: racedMessage('this email') });
  });

  it('says "this key" for a duplicated primary key', async () => {
    expect(await answerToInsert('a1', 'Ben', 'ben@example.com')).toEqual({ status: 409, code: 'CONFLICT', message: racedMessage('this key') });
  });
});
