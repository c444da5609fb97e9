import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The directory of Flowgate's package.json, found from this file (works from sources and from dist/). */
function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'templates'))) return dir;
    if (dirname(dir) === dir) throw new Error(`cannot find Flowgate's package root above ${start}`);
  }
}

export const packageRoot: string = findPackageRoot(import.meta.dirname);
