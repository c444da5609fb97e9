import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteRunStore } from '../../../runtime/store/index.js';
import { tempDir } from '../../support/temp-dir.js';

const root = join(import.meta.dirname, '../../..');
const fixtures = join(root, 'test/fixtures/workflows');
const scratch = tempDir();
afterAll(() => scratch.remove());

/**
 * Runs the real `flowgate` binary (bin/flowgate.js → dist) as a user would. A command that should
 * print and exit but serves instead is killed after a while, so the test fails instead of hanging.
 */
function flowgate(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  return flowgateWith({}, ...args);
}

/** Runs the command with extra environment variables (FLOWGATE_EGRESS_ALLOW). */
function flowgateWith(environment: Record<string, string>, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(root, 'bin/flowgate.js'), ...args], { encoding: 'utf8', cwd: scratch.path, env: { ...process.env, ...environment }, timeout: 15_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function file(name: string, content: string): string {
  const path = join(scratch.path, name);
  writeFileSync(path, content);
  return path;
}

describe('flowgate validate', () => {
  it('says a valid fixture is valid and exits 0', () => {
    const result = flowgate('validate', join(fixtures, 'if-else.json'));
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('if-else.json: valid');
  });

  it('prints each problem as "path: message" and exits 1', () => {
    const broken = file(
      'broken.json',
      JSON.stringify({
        schemaVersion: 1,
        name: 'Broken',
        nodes: [
          { id: 'start', type: 'trigger.manual', version: 1, name: 'Start', position: { x: 0, y: 0 }, config: {} },
          { id: 'cond', type: 'logic.condition', version: 1, name: 'Cond', position: { x: 1, y: 0 }, config: { rule: { log: 1 } } },
        ],
        edges: [{ id: 'e1', source: 'start', sourcePort: 'out', target: 'missing', targetPort: 'in' }],
      }),
    );
    const result = flowgate('validate', broken);
    expect(result.code).toBe(1);
    expect(result.stdout.trim().split('\n')).toEqual([
      'edges[0].target: edge ends at node "missing", which does not exist',
      'nodes[1]: node "cond" is not connected to any trigger, so it never runs',
      'nodes[1].config.rule.log: unknown or disallowed operator "log"',
    ]);
  });

  it.each([
    ['a missing file', ['validate', 'nowhere.json'], /^flowgate: cannot read workflow file nowhere\.json: no such file$/],
    ['invalid JSON', ['validate', '@bad'], /^flowgate: workflow file .*bad\.json is not valid JSON: /],
    ['a newer schema version', ['validate', '@future'], /schemaVersion 7 is newer than this Flowgate supports \(1\)/],
    ['no file argument', ['validate'], /^flowgate: expected exactly one workflow file/],
    ['an unknown command', ['frobnicate'], /^flowgate: unknown command "frobnicate"/],
  ])('refuses %s with one clear line and no stack trace', (_label, args, pattern) => {
    const paths: Record<string, string> = {
      '@bad': file('bad.json', '{"schemaVersion": 1,'),
      '@future': file('future.json', '{"schemaVersion": 7, "name": "x", "nodes": []}'),
    };
    const result = flowgate(...args.map((arg) => paths[arg] ?? arg));
    expect(result.code).not.toBe(0);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr.trim()).toMatch(pattern);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('flowgate run', () => {
  it('runs a fixture and prints the run as JSON, exit 0 when it succeeded', () => {
    const result = flowgate('run', join(fixtures, 'if-else.json'), '--input', '{"id":"SO-9","total":900}');
    expect(result.code).toBe(0);
    const run = JSON.parse(result.stdout) as { id: string; status: string; output: unknown; steps: { nodeId: string; status: string }[] };
    expect(run.status).toBe('succeeded');
    expect(run.output).toEqual({ queue: 'manual-review', orderId: 'SO-9' });
    expect(run.steps.map((step) => `${step.nodeId}:${step.status}`)).toEqual([
      'received:succeeded',
      'big:succeeded',
      'auto:skipped',
      'review:succeeded',
    ]);
  });

  it('reads input from @file and keeps the run in the --db database', async () => {
    const input = file('input.json', '{"country":"US"}');
    const db = join(scratch.path, 'runs.db');
    const result = flowgate('run', join(fixtures, 'switch.json'), '--input', `@${input}`, '--db', db);
    expect(result.code).toBe(0);
    const { id } = JSON.parse(result.stdout) as { id: string };
    const store = SqliteRunStore.open(db);
    try {
      expect(await store.getRun(id)).toMatchObject({ status: 'succeeded', output: { queue: 'us' } });
    } finally {
      await store.close();
    }
  });

  it('resolves sub-workflows to files beside the workflow', () => {
    const result = flowgate('run', join(fixtures, 'waits/subworkflow.json'), '--input', '{"order":{"qty":2,"unitPrice":4}}');
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as { output: unknown }).output).toEqual({ total: 8 });
  });

  it('exits 3 when the run waits, at an approval gate', () => {
    const result = flowgate('run', join(fixtures, 'waits/approval-single.json'), '--input', '{"orderId":"SO-1","amount":10}');
    expect(result.code).toBe(3);
    const run = JSON.parse(result.stdout) as { status: string; steps: { nodeId: string; status: string }[] };
    expect(run.status).toBe('waiting');
    expect(run.steps.map((step) => `${step.nodeId}:${step.status}`)).toEqual(['received:succeeded', 'approve:waiting']);
  });

  it('exits 1 when the run fails, with the failure in the JSON', () => {
    const result = flowgate('run', join(fixtures, 'http-unhandled-error.json'), '--params', '{"baseUrl":"http://127.0.0.1:9"}');
    expect(result.code).toBe(1);
    const run = JSON.parse(result.stdout) as { status: string; error: { nodeId: string; code: string } };
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ nodeId: 'charge', code: 'HTTP_NETWORK' });
  });

  it('refuses loopback addresses unless FLOWGATE_EGRESS_ALLOW names them', () => {
    const params = ['--params', '{"baseUrl":"http://127.0.0.1:18080"}'];
    const refused = flowgate('run', join(fixtures, 'http-unhandled-error.json'), ...params);
    expect(refused.code).toBe(1);
    const run = JSON.parse(refused.stdout) as { error: { nodeId: string; code: string; message: string } };
    expect(run.error).toMatchObject({ nodeId: 'charge', code: 'EGRESS_BLOCKED' });
    expect(run.error.message).toContain('FLOWGATE_EGRESS_ALLOW');
    // Allowed, the request goes out (and fails, as nothing listens on that port).
    const allowed = flowgateWith({ FLOWGATE_EGRESS_ALLOW: '127.0.0.1:18080' }, 'run', join(fixtures, 'http-unhandled-error.json'), ...params);
    expect((JSON.parse(allowed.stdout) as { error: { code: string } }).error.code).toBe('HTTP_NETWORK');
  });

  it('refuses to start the server with an invalid FLOWGATE_EGRESS_ALLOW', () => {
    const result = flowgateWith({ FLOWGATE_EGRESS_ALLOW: '127.0.0.1:8080,*:*' }, 'start', '--port', '0', '--data', join(scratch.path, 'never-started'));
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('flowgate: FLOWGATE_EGRESS_ALLOW: the entry "*:*" names every host; name the hosts, a *.suffix or a network (CIDR); see flowgate start --help\n');
  });

  it('stops with one clear line when the PostgreSQL database cannot be reached, never echoing the password', () => {
    const result = flowgateWith({ FLOWGATE_DATABASE_URL: 'postgres://flowgate:s3cret@127.0.0.1:1/flowgate' }, 'start', '--port', '0', '--no-demo', '--data', join(scratch.path, 'unreachable'));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^flowgate: the PostgreSQL database postgres:\/\/flowgate:\*\*\*@127\.0\.0\.1:1\/flowgate \(FLOWGATE_DATABASE_URL\) cannot be opened: connect ECONNREFUSED 127\.0\.0\.1:1\n$/);
    expect(result.stderr + result.stdout).not.toContain('s3cret');
  });

  it('refuses an invalid FLOWGATE_EGRESS_ALLOW with one clear line', () => {
    const result = flowgateWith({ FLOWGATE_EGRESS_ALLOW: 'erp.internal' }, 'run', join(fixtures, 'if-else.json'));
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('flowgate: FLOWGATE_EGRESS_ALLOW: the entry "erp.internal" needs a port: "erp.internal:443" for one port, "erp.internal:*" for any\n');
  });

  it.each([
    ['an invalid workflow', ['@invalid'], /the workflow is not valid: nodes\[1\]\.config\.rule\.log: unknown or disallowed operator "log"/],
    ['invalid --input JSON', ['@fixture', '--input', '{nope'], /^flowgate: --input is not valid JSON/],
    ['a missing --input file', ['@fixture', '--input', '@absent.json'], /^flowgate: cannot read --input file absent\.json: no such file$/],
    ['an unknown param', ['@fixture', '--params', '{"nope":1}'], /unknown param "nope" \(this workflow declares: reviewThreshold\)/],
    ['a param of the wrong type', ['@fixture', '--params', '{"reviewThreshold":"high"}'], /param "reviewThreshold" must be a number/],
    ['an unknown option', ['@fixture', '--fast'], /^flowgate: unknown option "--fast" for flowgate run; see flowgate run --help$/],
  ])('refuses %s with one clear line', (_label, args, pattern) => {
    const paths: Record<string, string> = {
      '@fixture': join(fixtures, 'if-else.json'),
      '@invalid': file(
        'invalid.json',
        JSON.stringify({
          schemaVersion: 1,
          name: 'Invalid',
          nodes: [
            { id: 'start', type: 'trigger.manual', version: 1, name: 'Start', position: { x: 0, y: 0 }, config: {} },
            { id: 'cond', type: 'logic.condition', version: 1, name: 'Cond', position: { x: 1, y: 0 }, config: { rule: { log: 1 } } },
          ],
          edges: [{ id: 'e1', source: 'start', sourcePort: 'out', target: 'cond', targetPort: 'in' }],
        }),
      ),
    };
    const result = flowgate('run', ...args.map((arg) => paths[arg] ?? arg));
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr.trim()).toMatch(pattern);
  });
});

describe('flowgate help and options', () => {
  it.each([
    ['start', /^Usage: flowgate start \[--role <role>\] \[--port <n>\] \[--host <address>\] \[--data <dir>\] \[--no-demo\]\n/],
    ['worker', /^Usage: flowgate worker \[--concurrency <n>\] \[--data <dir>\]\n/],
    ['validate', /^Usage: flowgate validate <workflow\.json>\n/],
    ['run', /^Usage: flowgate run <workflow\.json> \[--input <json>\|@file\]/],
  ])('flowgate %s --help prints the usage of the command and exits 0', (command, usage) => {
    for (const flag of ['--help', '-h']) {
      const result = flowgate(command, flag);
      expect(result, flag).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout).toMatch(usage);
      expect(result.stdout).toContain('-h, --help');
    }
    expect(flowgate('help', command).stdout).toBe(flowgate(command, '--help').stdout);
  });

  it('flowgate start --help starts no server and creates no data directory, whatever comes with it', () => {
    for (const args of [['--help'], ['--port', '0', '--help'], ['--help', '--data', 'elsewhere']]) {
      const result = flowgate('start', ...args);
      expect(result.code, args.join(' ')).toBe(0);
      expect(result.stdout).not.toContain('Flowgate is running');
    }
    expect(existsSync(join(scratch.path, 'data'))).toBe(false);
    expect(existsSync(join(scratch.path, 'elsewhere'))).toBe(false);
  });

  it('flowgate --help lists the commands and says how to get the help of one', () => {
    const result = flowgate('--help');
    expect(result.code).toBe(0);
    for (const command of ['start', 'validate', 'run', 'help']) expect(result.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    expect(result.stdout).toContain('flowgate <command> --help');
    expect(flowgate('help').stdout).toBe(result.stdout);
  });

  it.each([
    ['start', ['--bogus'], 'unknown option "--bogus" for flowgate start; see flowgate start --help'],
    ['start', ['--port'], 'option "--port" needs a value for flowgate start; see flowgate start --help'],
    ['start', ['--no-demo=yes'], 'option "--no-demo" takes no value for flowgate start; see flowgate start --help'],
    ['start', ['serve'], 'unexpected argument "serve" for flowgate start; see flowgate start --help'],
    ['start', ['--port', 'eighty'], 'the port must be a number from 0 to 65535, got "eighty"; see flowgate start --help'],
    ['start', ['--role', 'leader'], 'the role must be one of all, api, webhooks, worker, scheduler, got "leader"; see flowgate start --help'],
    ['start', ['--role', 'worker'], '--role worker needs FLOWGATE_DATABASE_URL: processes in roles share their work through a PostgreSQL database (see docs/deployment.md); see flowgate start --help'],
    ['start', ['--concurrency', 'many'], '--concurrency (FLOWGATE_WORKER_CONCURRENCY) must be a whole number from 1 to 1000, got many; see flowgate start --help'],
    ['worker', ['--role', 'api'], 'flowgate worker takes no --role: it is flowgate start --role worker'],
    ['worker', [], '--role worker needs FLOWGATE_DATABASE_URL: processes in roles share their work through a PostgreSQL database (see docs/deployment.md); see flowgate start --help'],
    ['validate', ['--strict', 'workflow.json'], 'unknown option "--strict" for flowgate validate; see flowgate validate --help'],
    ['run', ['workflow.json', '--input'], 'option "--input" needs a value for flowgate run; see flowgate run --help'],
    ['--verbose', [], 'unknown option "--verbose"; see flowgate --help'],
    ['help', ['frobnicate'], 'no help for "frobnicate"; the commands are start, worker, validate, run, admin and sandbox'],
  ])('flowgate %s %s: one clear line, exit 2', (command, args, message) => {
    const result = flowgate(command, ...args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`flowgate: ${message}\n`);
  });
});

