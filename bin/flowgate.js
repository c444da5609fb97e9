#!/usr/bin/env node
import { existsSync } from 'node:fs';

const entry = new URL('../dist/server/cli/flowgate.js', import.meta.url);
if (!existsSync(entry)) {
  console.error('flowgate: not built yet; run `npm run build` first');
  process.exit(2);
}
await import(entry.href);
