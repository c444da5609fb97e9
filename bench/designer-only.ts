import { benchDesigner } from './designer.js';

/** `npx tsx bench/designer-only.ts`: only the designer section of `npm run bench`. */
await benchDesigner();
