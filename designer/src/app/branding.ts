import type { Branding } from './api-types.js';

/** Shows the partner's brand everywhere: colours as CSS variables, product name as the title, logo as the icon. */
export function applyBranding(branding: Branding): void {
  const root = document.documentElement;
  root.style.setProperty('--brand-primary', branding.primaryColor);
  root.style.setProperty('--brand-accent', branding.accentColor);
  document.title = branding.productName;
  let icon = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
  if (!icon) {
    icon = document.createElement('link');
    icon.rel = 'icon';
    document.head.append(icon);
  }
  if (branding.logoDataUrl) icon.href = branding.logoDataUrl;
}
