import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../server/config.js';
import { commandConfigArgs } from '../../server/cli/main.js';

const root = join(import.meta.dirname, '../..');
const composeText = readFileSync(join(root, 'deploy/docker-compose.yml'), 'utf8');

/** The files that read Flowgate's settings from the environment. */
const SETTINGS_SOURCES = ['server/config.ts', 'server/security/master-key.ts'];

interface Healthcheck {
  readonly test: readonly string[];
}

interface Service {
  readonly image?: string;
  readonly build?: unknown;
  readonly command?: readonly string[];
  readonly environment?: Readonly<Record<string, string>>;
  readonly ports?: readonly string[];
  readonly volumes?: readonly string[];
  readonly healthcheck?: Healthcheck;
  readonly depends_on?: Readonly<Record<string, { readonly condition: string }>>;
}

interface ComposeFile {
  readonly services: Readonly<Record<string, Service>>;
  readonly volumes?: Readonly<Record<string, unknown>>;
}

// Compose resolves `<<: *anchor` merge keys, so the test must too.
const compose = parse(composeText, { merge: true }) as ComposeFile;
const flowgateServices = Object.entries(compose.services).filter(([, service]) => service.image?.startsWith('flowgate:') === true);

/** The role a Flowgate service's command runs, read by the CLI's own parser (which refuses a flag it does not take). */
function roleOf(command: readonly string[]): string {
  const [name = '', ...args] = command;
  return loadConfig(commandConfigArgs(name, args), { FLOWGATE_DATABASE_URL: 'postgres://flowgate:secret@postgres:5432/flowgate' }).role;
}

/** The variable names the settings sources read (`environment.NAME`). */
function settingsRead(): string[] {
  const names = new Set<string>();
  for (const file of SETTINGS_SOURCES) {
    const text = readFileSync(join(root, file), 'utf8');
    for (const match of text.matchAll(/\benvironment\.([A-Z][A-Z0-9_]*)\b/g)) names.add(match[1] as string);
  }
  return [...names];
}

describe('deploy/docker-compose.yml', () => {
  it('runs the api, workers and a scheduler, each a command the CLI takes and none in the role `all`', () => {
    const roles = flowgateServices.map(([name, service]) => {
      expect(service.command, name).toBeDefined();
      return roleOf(service.command ?? []);
    });
    expect(new Set(roles)).toEqual(new Set(['api', 'worker', 'scheduler']));
  });

  it('gives every Flowgate service the same database, master key and data volume, after PostgreSQL is healthy', () => {
    const [first, ...others] = flowgateServices.map(([, service]) => service);
    const environment = first?.environment ?? {};
    expect(environment.FLOWGATE_DATABASE_URL).toMatch(/^postgres:\/\/flowgate:\$\{POSTGRES_PASSWORD:\?[^}]+\}@postgres:5432\/flowgate$/);
    // Interpolated from deploy/.env, which is never committed: no key in the file itself.
    expect(environment.FLOWGATE_MASTER_KEY).toMatch(/^\$\{FLOWGATE_MASTER_KEY:\?[^}]+\}$/);
    expect(composeText).not.toMatch(/[A-Za-z0-9+/]{43}=/);
    for (const service of others) {
      expect(service.environment?.FLOWGATE_DATABASE_URL).toBe(environment.FLOWGATE_DATABASE_URL);
      expect(service.environment?.FLOWGATE_MASTER_KEY).toBe(environment.FLOWGATE_MASTER_KEY);
      expect(service.volumes).toEqual(first?.volumes);
    }
    for (const [name, service] of flowgateServices) expect(service.depends_on?.postgres?.condition, name).toBe('service_healthy');
  });

  it('publishes the api port and checks the api on /readyz', () => {
    const api = compose.services.api;
    expect(api?.ports).toContain('3000:3000');
    expect(api?.healthcheck?.test.join(' ')).toContain('http://127.0.0.1:3000/readyz');
  });

  it('keeps PostgreSQL 16 on a named volume and checks it with pg_isready', () => {
    const postgres = compose.services.postgres;
    expect(postgres?.image).toBe('postgres:16');
    expect(postgres?.volumes).toContain('postgres-data:/var/lib/postgresql/data');
    expect(Object.keys(compose.volumes ?? {})).toContain('postgres-data');
    expect(postgres?.healthcheck?.test.join(' ')).toContain('pg_isready');
  });

  it('sets only variables that Flowgate reads', () => {
    const read = settingsRead();
    expect(read).toContain('FLOWGATE_DATABASE_URL');
    for (const [name, service] of flowgateServices) {
      for (const variable of Object.keys(service.environment ?? {})) expect(read, `${name}: ${variable}`).toContain(variable);
    }
  });
});

describe('Dockerfile', () => {
  // Continuation lines joined, so that one instruction is one line.
  const instructions = readFileSync(join(root, 'Dockerfile'), 'utf8').replace(/\\\n\s*/g, ' ').split('\n');
  const finalStage = instructions.slice(instructions.findLastIndex((line) => line.startsWith('FROM ')));

  it('runs bin/flowgate.js as an unprivileged user', () => {
    expect(finalStage).toContain('ENTRYPOINT ["node", "bin/flowgate.js"]');
    expect(finalStage).toContain('USER node');
  });

  it('sets only variables that Flowgate reads, besides NODE_ENV', () => {
    const read = settingsRead();
    const set = finalStage.filter((line) => line.startsWith('ENV ')).flatMap((line) => [...line.matchAll(/([A-Z][A-Z0-9_]*)=/g)].map((match) => match[1] as string));
    expect(set).toContain('FLOWGATE_DATA');
    for (const variable of set.filter((name) => name !== 'NODE_ENV')) expect(read).toContain(variable);
  });
});
