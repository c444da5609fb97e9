import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { apiRoutes } from '../server/routes/index.js';
import { ROLE_MATRIX_END, ROLE_MATRIX_START, roleMatrixMarkdown } from './role-matrix.js';

/** Rewrites the generated role matrix in docs/api.md (between its markers) from apiRoutes. */
const file = join(import.meta.dirname, '../docs/api.md');
const doc = readFileSync(file, 'utf8');
const start = doc.indexOf(ROLE_MATRIX_START);
const end = doc.indexOf(ROLE_MATRIX_END);
if (start < 0 || end < start) throw new Error(`docs/api.md has no ${ROLE_MATRIX_START} … ${ROLE_MATRIX_END} section`);
writeFileSync(file, doc.slice(0, start) + roleMatrixMarkdown(apiRoutes) + doc.slice(end + ROLE_MATRIX_END.length));
console.log(`wrote the role matrix into ${file}`);
