import type { Branding } from './api-types.js';
import { graphicOnWhite, inkOnWhite, textOn } from './brand-colours.js';

/**
 * Shows the partner's brand everywhere: colours as CSS variables (with the text and chart colours that keep
 * them readable whatever the partner chose), product name as the title, logo as the icon.
 */
export function applyBranding(branding: Branding): void {
  const root = document.documentElement;
  root.style.setProperty('--brand-primary', branding.primaryColor);
  root.style.setProperty('--brand-primary-text', textOn(branding.primaryColor));
  root.style.setProperty('--brand-accent', branding.accentColor);
  root.style.setProperty('--brand-accent-text', textOn(branding.accentColor));
  root.style.setProperty('--brand-accent-ink', inkOnWhite(branding.accentColor));
  // Charts (Insights) draw in the brand's colours, each standing out against the white page.
  root.style.setProperty('--brand-primary-graphic', graphicOnWhite(branding.primaryColor));
  root.style.setProperty('--brand-accent-graphic', graphicOnWhite(branding.accentColor));
  document.title = branding.productName;
  let icon = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
  if (!icon) {
    icon = document.createElement('link');
    icon.rel = 'icon';
    document.head.append(icon);
  }
  if (branding.logoUrl) icon.href = branding.logoUrl;
}
