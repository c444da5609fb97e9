import { z } from 'zod';
import type { DomainError } from '../domain/domain-error.js';

/** The one error shape of the API, for the OpenAPI document. */
export const errorBodySchema = z
  .object({
    // Loose: some errors carry more (the current revision of a stale draft, the id of a failed run).
    error: z.looseObject({
      code: z.string(),
      message: z.string(),
      details: z.array(z.object({ path: z.string(), message: z.string() })),
    }),
  })
  .meta({ id: 'Error' });

/** The body of an error response. */
export function errorBody(error: DomainError): z.infer<typeof errorBodySchema> {
  return { error: { code: error.code, message: error.message, details: [...error.details], ...error.extra } };
}
