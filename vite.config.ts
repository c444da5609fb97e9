import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';
import SlowFirstSequencer from './test/slow-first-sequencer.js';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The tests that run on PostgreSQL as well as on SQLite: the server's API tests, webhooks,
 * schedules, audit integrity, the impact preview and the platform event dispatcher included. The
 * adversarial, role-matrix and admin CLI tests pass there too but are left to
 * `FLOWGATE_TEST_STORE=postgres npx vitest run --project sqlite <file>`, for the suite's time.
 */
/** The server's API tests, one file per resource. */
const API_TESTS = ['test/server/api/**/*.test.ts'];

const POSTGRES_TWINS = [
  ...API_TESTS,
  'test/server/{schedules,webhooks,webhook-dedupe,webhook-signatures,audit-integrity,impact-preview}.test.ts',
  'test/server/events/platform-events.test.ts',
];

/**
 * Tests of pure modules (no server, database file, child process or browser), which run in shared
 * workers without a fresh module graph per file (`isolate: false`): loading the modules again for
 * each of ~120 small files took longer than running them. Their files restore whatever global they
 * change (timers, stubs, spies) after each test.
 */
const UNIT_TESTS = [
  'test/designer/**/*.test.ts',
  'test/nodes/**/*.test.ts',
  'test/templates/**/*.test.ts',
  'test/runtime/{definition,expressions}/**/*.test.ts',
  'test/server/{contract,insights,exceptions}/**/*.test.ts',
];

export default defineConfig(({ mode }) => ({
  // The designer is built from designer/; tests run from the repository root.
  root: mode === 'test' ? root : `${root}designer`,
  plugins: [react()],
  build: {
    outDir: `${root}dist/designer`,
    emptyOutDir: true,
    chunkSizeWarningLimit: 6000,
  },
  worker: { format: 'es' },
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/hooks': 'http://127.0.0.1:3000' } },
  test: {
    environment: 'node',
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    // Vitest's default is one worker per core but one, a single worker on a 2-core machine; most
    // files wait on servers, child processes and the browser, so two share the cores well (three
    // were no faster and made waits time out).
    maxWorkers: 2,
    sequence: { sequencer: SlowFirstSequencer },
    reporters: ['default', ['json', { outputFile: 'test-results/report.json' }]],
    projects: [
      { extends: true, test: { name: 'unit', include: UNIT_TESTS, isolate: false } },
      // The API tests start a server in the test's own process and leave no global behind: they share workers too.
      { extends: true, test: { name: 'api', include: API_TESTS, isolate: false } },
      { extends: true, test: { name: 'sqlite', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, ...UNIT_TESTS, ...API_TESTS] } },
      // The server's API tests again with all data in PostgreSQL (FLOWGATE_DATABASE_URL), as the
      // deployment that scales runs them; test/support/test-store.ts picks the database.
      { extends: true, test: { name: 'postgres', include: POSTGRES_TWINS, env: { FLOWGATE_TEST_STORE: 'postgres' }, hookTimeout: 60_000, isolate: false } },
    ],
  },
}));
