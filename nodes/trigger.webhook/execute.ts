import type { z } from 'zod';
import type { NodeExecute } from '../../runtime/definition/index.js';
import type { spec } from './spec.js';

/**
 * The server's webhook route has already authenticated and parsed the request; the parsed body is
 * the run's input and passes on unchanged.
 */
export const execute: NodeExecute<z.output<typeof spec.config>> = (_ctx, _config, input) => ({ output: input });
