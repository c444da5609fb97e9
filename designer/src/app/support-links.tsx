import type { Branding } from './api-types.js';

/**
 * The partner's support contact, shown wherever its brand is (the shell, the sign-in page and the
 * pages mailed links open): its help site and its support address, when it set them.
 */
export function SupportLinks({ branding, className = 'support' }: { branding: Branding; className?: string }) {
  if (!branding.supportUrl && !branding.supportEmail) return null;
  return (
    <span className={className}>
      {branding.supportUrl ? (
        <a href={branding.supportUrl} target="_blank" rel="noreferrer noopener">
          Help
        </a>
      ) : null}
      {branding.supportEmail ? (
        <a href={`mailto:${branding.supportEmail}`} title={branding.supportEmail}>
          Support
        </a>
      ) : null}
    </span>
  );
}
