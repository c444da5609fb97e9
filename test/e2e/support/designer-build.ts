import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../../..');

/**
 * Where the browser tests and the designer benchmark build the designer and serve it from: a
 * directory of their own beside `dist/designer` (same Vite config), so a `vite build` or
 * `npm start` running meanwhile never empties the files a test is loading.
 */
export const designerDist = join(root, 'dist/designer-e2e');

/** What the designer bundle is built from: its sources, the browser-safe modules it imports, the build config and the locked dependencies. */
const INPUTS = ['designer', 'runtime/definition', 'runtime/expressions', 'nodes', 'server/contract', 'vite.config.ts', 'package-lock.json'];

/** The newest modification time of a file under `path` (or of the file itself). */
function newest(path: string): number {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = 0;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules') continue;
    latest = Math.max(latest, newest(join(path, entry)));
  }
  return latest;
}

/** Whether the build is older than anything it is built from (or missing). */
export function designerBuildIsStale(): boolean {
  const index = join(designerDist, 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  return INPUTS.some((input) => newest(join(root, input)) >= built);
}

/** Held while one test file builds the designer; the browser test files run in parallel. */
const buildLock = `${designerDist}.lock`;

/** A lock left by a process that died mid-build is taken over after this long. */
const STALE_LOCK_MS = 10 * 60_000;

/** Runs `build` while holding {@link buildLock}, waiting for another file's build to finish first. */
function whileLocked(build: () => void): void {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      closeSync(openSync(buildLock, 'wx'));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const since = statSync(buildLock, { throwIfNoEntry: false })?.mtimeMs;
      if (since !== undefined && Date.now() - since > STALE_LOCK_MS) rmSync(buildLock, { force: true });
      else Atomics.wait(pause, 0, 0, 250);
    }
  }
  try {
    build();
  } finally {
    rmSync(buildLock, { force: true });
  }
}

/**
 * Builds the designer with Vite into {@link designerDist} unless that build is newer than every
 * input (or `FLOWGATE_E2E_BUILD=always`), one build at a time across the browser test files (a file
 * that waited finds the build fresh). Throws with Vite's output when the build fails.
 */
export function ensureDesignerBuilt(): void {
  const always = process.env.FLOWGATE_E2E_BUILD === 'always';
  if (!always && !designerBuildIsStale()) return;
  const asked = Date.now();
  whileLocked(() => {
    // Another file may have built it while this one waited: a build made since is fresh enough.
    const built = statSync(join(designerDist, 'index.html'), { throwIfNoEntry: false })?.mtimeMs ?? 0;
    if (built >= asked || (!always && !designerBuildIsStale())) return;
    buildDesigner();
  });
}

function buildDesigner(): void {
  try {
    execFileSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', designerDist, '--emptyOutDir', '--logLevel', 'warn'], {
      cwd: root,
      // A production build, as `npm start` serves, whatever NODE_ENV the caller runs under (vitest
      // sets "test", which would make Vite bundle React's development build).
      env: { ...process.env, NODE_ENV: 'production' },
      encoding: 'utf8',
      stdio: 'pipe',
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string };
    throw new Error(`vite build failed:\n${failure.stdout ?? ''}${failure.stderr ?? ''}`, { cause: error });
  }
  if (!existsSync(join(designerDist, 'index.html'))) throw new Error(`vite build wrote no ${designerDist}/index.html`);
}
