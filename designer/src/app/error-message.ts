import { ApiError } from './api-client.js';

/**
 * What went wrong, in the words shown to the user: the API's message (which names the problem and
 * where, and never a permission id), or that the server could not be reached.
 */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof TypeError) return 'the server could not be reached';
  return error instanceof Error ? error.message : String(error);
}
