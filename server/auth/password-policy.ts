import { z } from 'zod';
import { DomainError, type ErrorDetail } from '../domain/domain-error.js';

/** Fewest characters of a password (NIST SP 800-63B asks for at least 8; we ask 12). */
export const PASSWORD_MIN_LENGTH = 12;
/** Most characters; long passphrases are welcome, unbounded input to scrypt is not. */
export const PASSWORD_MAX_LENGTH = 1000;

/** A password field in a request body: any string the policy can then judge (its length is checked there). */
export const passwordField = z.string().max(4 * PASSWORD_MAX_LENGTH);

/** What is wrong with a new password for the account `email`, if anything. */
export function passwordProblems(password: string, email: string, path: string): ErrorDetail[] {
  const length = [...password.normalize('NFKC')].length;
  const lowered = password.trim().toLowerCase();
  const address = email.trim().toLowerCase();
  if (length < PASSWORD_MIN_LENGTH) return [{ path, message: `must be at least ${PASSWORD_MIN_LENGTH} characters long (it has ${length})` }];
  if (length > PASSWORD_MAX_LENGTH) return [{ path, message: `must be at most ${PASSWORD_MAX_LENGTH} characters long (it has ${length})` }];
  if (lowered === address || lowered === address.split('@')[0]) return [{ path, message: 'must not be your email address or its name part' }];
  return [];
}

/** Refuses a new password that breaks the policy: 422 `WEAK_PASSWORD` with the field's path. */
export function requireStrongPassword(password: string, email: string, path: string): void {
  const problems = passwordProblems(password, email, path);
  if (problems.length > 0) throw new DomainError('invalid', 'WEAK_PASSWORD', `the new password ${problems[0]?.message ?? 'is not acceptable'}`, problems);
}
