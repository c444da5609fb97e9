/**
 * Absolute links for mail. The base is `FLOWGATE_PUBLIC_URL`, or the URL the server listens on.
 * Never the request's Host header: a forged Host would send a reset link to another site.
 */
export class PublicLinks {
  private base: string | undefined;

  constructor(configured: string | undefined) {
    this.base = configured;
  }

  /** The URL the server now listens on; the base unless `FLOWGATE_PUBLIC_URL` set one. */
  listening(url: string): void {
    this.base ??= url;
  }

  /** The designer page that accepts an invitation. */
  invitation(token: string): string {
    return `${this.origin()}/accept-invite?token=${encodeURIComponent(token)}`;
  }

  /** The designer page that sets a new password. */
  passwordReset(token: string): string {
    return `${this.origin()}/reset-password?token=${encodeURIComponent(token)}`;
  }

  /** The designer page that shows a task and decides it through a decision link. */
  decision(token: string): string {
    return `${this.origin()}/decide/${encodeURIComponent(token)}`;
  }

  /** A workspace's approvals inbox, where versions waiting for sign-off are reviewed. */
  approvals(tenantId: string): string {
    return `${this.origin()}/t/${encodeURIComponent(tenantId)}/approvals`;
  }

  /** The designer page identity providers send people back to after single sign-on (the OIDC redirect URI). */
  ssoCallback(): string {
    return `${this.origin()}/sso/callback`;
  }

  private origin(): string {
    if (this.base === undefined) throw new Error('links need FLOWGATE_PUBLIC_URL or a listening server');
    return this.base;
  }
}
