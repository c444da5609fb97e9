import { useEffect, type ReactNode } from 'react';
import type { Branding } from '../app/api-types.js';
import { applyBranding } from '../app/branding.js';
import { SupportLinks } from '../app/support-links.js';

/**
 * The frame of the pages reached without a workspace (mailed links, forgotten password): one card,
 * under the workspace's brand when the page knows it.
 */
export function AccountCard({ title, branding, children }: { title: string; branding?: Branding; children: ReactNode }) {
  useEffect(() => {
    if (branding) applyBranding(branding);
  }, [branding]);
  return (
    <main className="sign-in">
      <section className="card account-card" aria-labelledby="account-card-title">
        {branding ? (
          <p className="account-brand">
            {branding.logoUrl ? <img src={branding.logoUrl} alt="" className="brand-logo" /> : null}
            <span>{branding.productName}</span>
          </p>
        ) : null}
        <h1 id="account-card-title">{title}</h1>
        {children}
        {branding ? <SupportLinks branding={branding} className="account-support" /> : null}
      </section>
    </main>
  );
}

/** A refusal or failure, announced to screen readers. */
export function ErrorMessage({ children }: { children: ReactNode }) {
  return (
    <p role="alert" className="error">
      {children}
    </p>
  );
}

/** A loading state that says what it waits for. */
export function Loading({ what }: { what: string }) {
  return (
    <p className="muted" aria-busy="true">
      {what}
    </p>
  );
}
