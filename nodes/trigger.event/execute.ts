import type { z } from 'zod';
import type { NodeExecute } from '../../runtime/definition/index.js';
import type { spec } from './spec.js';

/** The event-trigger consumer supplies `{ event }` as the run input; the trigger passes it on. */
export const execute: NodeExecute<z.output<typeof spec.config>> = (_ctx, _config, input) => ({ output: input });
