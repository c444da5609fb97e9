import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

/** Every TypeScript file under `dir`, recursively. */
function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

/** The modules a file imports, as written. */
function importsOf(file: string): string[] {
  return [...readFileSync(join(ROOT, file), 'utf8').matchAll(/^import[^'"]*['"]([^'"]+)['"]/gm)].map((match) => match[1] as string);
}

describe('layering', () => {
  // Services raise domain errors and know nothing of HTTP, so the CLI and workers use them as the API does.
  it('keeps services, domain and auth free of the HTTP layer and of express', () => {
    const offenders = ['server/services', 'server/domain', 'server/auth'].flatMap(sources).flatMap((file) =>
      importsOf(file)
        .filter((source) => source === 'express' || /(^|\/)http\//.test(source))
        .map((source) => `${relative(ROOT, join(ROOT, file))} imports ${source}`),
    );
    expect(offenders).toEqual([]);
  });
});
