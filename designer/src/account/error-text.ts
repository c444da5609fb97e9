import { ApiError } from '../app/api-client.js';

/** What to show for a failed call: the API's own message (it says what is wrong), else a plain one. */
export function errorText(error: unknown): string {
  return error instanceof ApiError ? capitalised(error.message) : 'Something went wrong; try again.';
}

function capitalised(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1) + (/[.!?]$/.test(message) ? '' : '.');
}
