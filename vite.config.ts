import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

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
    include: ['test/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    // Vitest's default is one worker per core but one, a single worker on a 2-core machine; most
    // files wait on servers, child processes and the browser, so two share the cores well.
    maxWorkers: 2,
    reporters: ['default', ['json', { outputFile: 'test-results/report.json' }]],
  },
}));
