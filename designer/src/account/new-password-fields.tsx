/** At least this many characters (the server's policy, which has the last word). */
export const MIN_PASSWORD_LENGTH = 12;

/** A new password typed twice, with the policy's hint; `mismatch` says whether they differ. */
export function NewPasswordFields({ password, repeat, onPassword, onRepeat, label = 'New password' }: {
  password: string;
  repeat: string;
  onPassword: (value: string) => void;
  onRepeat: (value: string) => void;
  label?: string;
}) {
  return (
    <>
      <label>
        {label}
        <input
          name="new-password"
          type="password"
          autoComplete="new-password"
          required
          minLength={MIN_PASSWORD_LENGTH}
          aria-describedby="password-hint"
          value={password}
          onChange={(event) => onPassword(event.target.value)}
        />
      </label>
      <p id="password-hint" className="muted hint">
        At least {MIN_PASSWORD_LENGTH} characters, and not your email address.
      </p>
      <label>
        Repeat the password
        <input name="repeat-password" type="password" autoComplete="new-password" required value={repeat} onChange={(event) => onRepeat(event.target.value)} />
      </label>
    </>
  );
}

/** What to say before submitting two new-password fields, if anything. */
export function newPasswordProblem(password: string, repeat: string): string | null {
  if (password !== repeat) return 'The two passwords differ; type the same password twice.';
  return null;
}
