import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerHarness, type ServerHarness } from '../support/server-harness.js';
import { tempDir } from '../support/temp-dir.js';

const root = join(import.meta.dirname, '../..');
const tools = ['bash', 'curl', 'jq', 'openssl', 'awk'];
const missing = tools.filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0);

/** The `bash` blocks of docs/api.md, in order: the walkthrough as a reader copies it. */
function walkthrough(): string {
  const doc = readFileSync(join(root, 'docs/api.md'), 'utf8');
  return [...doc.matchAll(/^```bash\n([\s\S]*?)^```$/gm)].map((match) => match[1] ?? '').join('\n');
}

let server: ServerHarness;
const scratch = tempDir('flowgate-api-docs-');
beforeAll(async () => {
  // Mail goes to <data>/outbox, as on a server without FLOWGATE_SMTP_URL: the walkthrough reads its links there.
  server = await startServerHarness({ mail: 'outbox' });
});
afterAll(async () => {
  await server.close();
  scratch.remove();
});

describe.skipIf(missing.length > 0)(`docs/api.md (needs ${tools.join(', ')})`, () => {
  it('runs every curl example, in order, against a server with the demo workspace', async () => {
    const script = walkthrough();
    expect(script).toContain('/hooks/contoso/orders/intake');
    // Asynchronously: the server answering the calls runs in this process.
    const result = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn('bash', ['--norc', '--noprofile', '-euo', 'pipefail', '-c', script], {
        cwd: scratch.path,
        env: { PATH: process.env.PATH, HOME: scratch.path, FG: server.url, DATA: server.dataDir },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });
    expect(result.stderr).toBe('');
    expect(result.status, result.stdout).toBe(0);
    const out = result.stdout;
    // What the walkthrough says each step answers.
    expect(out).toContain('"slug": "contoso"');
    expect(out).toContain('{"valid":true,"problems":[]}');
    expect(out).toMatch(/^"FORBIDDEN"$/m);
    expect(out).toMatch(/^"SEPARATION_OF_DUTIES"$/m);
    expect(out).toMatch(/"status": "approved"/);
    expect(out).toContain('{"orderId":"SO-1002","priority":"high"}');
    expect(out).toMatch(/^\{"items":\[\{"id":"[^"]+","status":"succeeded"\}\],"nextCursor":"[^"]+"\}$/m);
    expect(out).toContain('{"version":1,"previousVersion":null,"rollback":false}');
    expect(out).toMatch(/^HTTP\/1\.1 201 Created\r?$/m);
    expect(out).toContain('{"orderId":"SO-1001","priority":"high"}');
    expect(out).toMatch(/^401$/m);
    // Service accounts: the run names the account; its token stops working once revoked.
    expect(out).toContain('{"name":"ERP order sync","scopes":["run.start","run.read"],"workflows":["Order intake"]}');
    expect(out).toMatch(/^ERP order sync \(service account sa_[\w-]+\)\n"FORBIDDEN"\n"FORBIDDEN"\n\[\{"hint":"[\w-]{4}","used":true\}\]\n401$/m);
    expect(out).toContain('"currentRevision":');
    expect(out).toContain('{"version":2,"previousVersion":1,"rollback":false}');
    expect(out).toContain('{"version":1,"previousVersion":2,"rollback":true}');
    expect(out).toContain('"reason":"Customer asked for the old threshold back"');
    expect(out).toContain('{"version":2,"baselineVersion":1,"sampled":4,"summary":{"same":2,"differentPath":0,"differentOutput":2,"failed":0,"sideEffectsChanged":0},"truncated":false}');
    expect(out).toContain(
      '{"outcome":"differentOutput","path":["received","sort","answer"],"outputDiff":[{"path":"output.priority","recorded":"high","preview":"normal"},{"path":"response.body.priority","recorded":"high","preview":"normal"}]}',
    );
    expect(out).toContain('"INVALID_REQUEST"');
    expect(out).toContain('{"error":{"code":"NOT_FOUND","message":"the tenant was not found","details":[]}}');
    expect(out).toContain('{"code":"WORKFLOW_INVALID","path":"settings.a.a.a.a.a.a"}');
    expect(out).toContain('{"code":"RUN_REQUEST","path":"input.a.a.a.a"}');
    expect(out).toContain('"CSRF"');
    expect(out).toContain('operator@contoso.example');
    expect(out).toContain('"name":"nightly export"');
    expect(out).toContain('"action":"workflow.rollback"');
    expect(out).toMatch(/\{"ok":true,"entries":\d+[,}]/);
    expect(out).toContain('{"name":"erp-api","type":"bearer","allowedHosts":["erp.contoso.example","*.api.contoso.example:443"],"allowDrafts":false}');
    expect(out).toContain('{"name":"erp-api","allowDrafts":true}');
    expect(out).toContain('["10.20.0.0/16:443","erp.contoso.internal:8443"]');
    expect(out).toContain('"body.entries.0"');
    expect(out).not.toContain('erp-token-from-the-vault');
    expect(out.match(/^idempotent-replayed: true$/gim)).toHaveLength(2);
    expect(out).toContain('"code":"IDEMPOTENCY_KEY_REUSED"');
    expect(out).toMatch(/^one run: [0-9a-f-]{36}$/m);
    expect(out).toContain('{"action":"run.start","actorId":"system:webhook","targetType":"run","path":"orders/intake"}');
    expect(out).toContain('{"invitation":{"email":"dana@contoso.example","roles":["approver"],"status":"pending"},"delivery":"sent"}');
    expect(out).toContain('{"email":"dana@contoso.example","roles":["approver"],"account":"new","workspace":"Contoso Distribution"}');
    expect(out).toContain('{"account":"created","roles":["approver"]}');
    expect(out).toMatch(/^"LINK_USED"$/m);
    expect(out).toMatch(/^202$/m);
    expect(out).toContain('{"code":"WEAK_PASSWORD","details":[{"path":"body.password","message":"must be at least 12 characters long (it has 5)"}]}');
    expect(out).toMatch(/^Dana Approver$/m);
    expect(out).toContain('{"approver":"dana@contoso.example","title":"Release order SO-2001 (900 EUR)","status":"open"}');
    expect(out).toMatch(/^"UNPROCESSABLE"$/m);
    expect(out).toContain('["approverId","expiresAt","sentTo"]');
    expect(out).toContain('{"status":"approved","decisions":[{"actorEmail":"dana@contoso.example","decision":"approve"}]}');
    // Nothing the walkthrough did made the server fail.
    expect(server.logs.filter((line) => (JSON.parse(line) as { level: number }).level >= 50)).toEqual([]);
    // About a hundred curl calls, each a process of its own: on a busy 2-core machine this takes longer than the default 30 s.
  }, 120_000);
});
