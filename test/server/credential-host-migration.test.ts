import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NodeExecutionError, createMigrationSequence, type TenantHttp } from '../../runtime/definition/index.js';
import { SqliteDatabase, openDatabase, runMigrations } from '../../runtime/store/index.js';
import { serverMigrations } from '../../server/db/server-migrations.js';
import { KeyRing } from '../../server/security/key-ring.js';
import { CredentialService } from '../../server/services/credentials.js';
import { tempDir } from '../support/temp-dir.js';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.remove());

/** Credentials are read from the database only; no HTTP is expected. */
const noHttp: TenantHttp = {
  forTenant: () => () => Promise.reject(new Error('no HTTP expected')),
  addressesForTenant: () => () => Promise.reject(new Error('no connection expected')),
};

describe('migration server/4: credentials bound to hosts', () => {
  it('leaves a credential created before it with no hosts and no draft use, refused until its hosts are set', async () => {
    const db = openDatabase(join(dir.path, 'flowgate.db'));
    runMigrations(db, createMigrationSequence({ sequenceId: serverMigrations.sequenceId, baseline: 0, sequence: serverMigrations.sequence.slice(0, 3) }));
    const keyRing = await KeyRing.open(new SqliteDatabase(db), randomBytes(32));
    db.prepare("INSERT INTO tenants (id, slug, name, kind, policy, created_at) VALUES ('t1', 'acme', 'Acme', 'customer', '{}', 0)").run();
    const sealed = keyRing.encrypt(JSON.stringify({ type: 'bearer', token: 'old-token-value' }), 'credential:t1:c1');
    db.prepare("INSERT INTO credentials (id, tenant_id, name, type, secret, created_by, created_at) VALUES ('c1', 't1', 'old-erp', 'bearer', ?, 'u1', 0)").run(sealed);

    runMigrations(db, serverMigrations);
    const credentials = new CredentialService(new SqliteDatabase(db), keyRing, noHttp);
    expect(await credentials.get('t1', 'c1')).toMatchObject({ name: 'old-erp', allowedHosts: [], allowDrafts: false });
    const store = credentials.secretStore();
    const refused = await store.get('t1', 'old-erp', { url: 'https://erp.acme.example/orders', draft: false }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(NodeExecutionError);
    expect(refused).toMatchObject({ code: 'CREDENTIAL_HOST_NOT_ALLOWED', retryable: false });
    expect((refused as Error).message).toContain('names no hosts it may be sent to (it was created before credentials were bound to hosts)');
    expect((refused as Error).message).not.toContain('old-token-value');

    await credentials.setAllowedHosts('t1', 'c1', ['erp.acme.example']);
    expect(await store.get('t1', 'old-erp', { url: 'https://erp.acme.example/orders', draft: false })).toEqual({ type: 'bearer', token: 'old-token-value' });
    await expect(store.get('t1', 'old-erp', { url: 'https://erp.acme.example/orders', draft: true })).rejects.toMatchObject({ code: 'CREDENTIAL_DRAFT_NOT_ALLOWED' });
    db.close();
  });
});
