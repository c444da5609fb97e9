import type { z } from 'zod';
import type { NodeExecute } from '../../runtime/definition/index.js';
import type { spec } from './spec.js';

/** The run's input is the trigger's output. */
export const execute: NodeExecute<z.output<typeof spec.config>> = (_ctx, _config, input) => ({ output: input });
