import { useState, type ChangeEvent, type FormEvent } from 'react';
import type { Branding } from '../app/api-types.js';
import { errorMessage } from '../app/error-message.js';
import { useWorkspace } from '../app/workspace.js';
import { ErrorState, LoadingState } from '../shared/page-state.js';
import { useBranding, useSaveBranding } from './api.js';
import { BrandPreview, ContrastCheck } from './brand-preview.js';
import { PageNotice, type PageMessage } from '../shared/page-notice.js';

/** The largest logo the server takes. */
const MAX_LOGO_BYTES = 256 * 1024;
const LOGO_TYPES = ['image/png', 'image/jpeg', 'image/svg+xml'];
const HEX = /^#[0-9a-fA-F]{6}$/;

/**
 * A partner's brand: product name, logo, colours (with their contrast against text), support
 * address and site, and a live preview. The partner's people see it at once, its customers' people
 * on their next page load.
 */
export function BrandingPage() {
  const { tenant } = useWorkspace();
  const branding = useBranding(tenant.id);
  if (branding.isPending) return <LoadingState label="Loading the brand…" />;
  if (branding.isError) return <ErrorState title="The brand could not be loaded" error={branding.error} onRetry={() => void branding.refetch()} />;
  return <BrandForm tenantId={tenant.id} saved={branding.data} />;
}

/** The logo as the form holds it: unchanged (the saved URL), a new file (its data URL), or removed. */
type LogoChoice = { kind: 'kept'; url: string | null } | { kind: 'new'; dataUrl: string; name: string } | { kind: 'removed' };

function BrandForm({ tenantId, saved }: { tenantId: string; saved: Branding }) {
  const save = useSaveBranding(tenantId);
  const [productName, setProductName] = useState(saved.productName);
  const [primaryColor, setPrimary] = useState(saved.primaryColor);
  const [accentColor, setAccent] = useState(saved.accentColor);
  const [supportEmail, setSupportEmail] = useState(saved.supportEmail ?? '');
  const [supportUrl, setSupportUrl] = useState(saved.supportUrl ?? '');
  const [logo, setLogo] = useState<LogoChoice>({ kind: 'kept', url: saved.logoUrl });
  const [message, setMessage] = useState<PageMessage>(null);
  const logoShown = logo.kind === 'kept' ? logo.url : logo.kind === 'new' ? logo.dataUrl : null;
  const previewPrimary = HEX.test(primaryColor) ? primaryColor : saved.primaryColor;
  const previewAccent = HEX.test(accentColor) ? accentColor : saved.accentColor;

  const chooseLogo = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    if (!LOGO_TYPES.includes(file.type)) {
      setMessage({ kind: 'bad', text: `${file.name} is not a PNG, JPEG or SVG image.` });
      return;
    }
    if (file.size > MAX_LOGO_BYTES) {
      setMessage({ kind: 'bad', text: `${file.name} is ${Math.ceil(file.size / 1024)} KB; a logo may be at most 256 KB.` });
      return;
    }
    const reader = new FileReader();
    reader.onload = () => {
      if (typeof reader.result === 'string') setLogo({ kind: 'new', dataUrl: reader.result, name: file.name });
      setMessage(null);
    };
    reader.readAsDataURL(file);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(
      {
        productName: productName.trim(),
        primaryColor,
        accentColor,
        supportEmail: supportEmail.trim() || null,
        supportUrl: supportUrl.trim() || null,
        ...(logo.kind === 'new' ? { logoDataUrl: logo.dataUrl } : logo.kind === 'removed' ? { logoDataUrl: null } : {}),
      },
      {
        onSuccess: (result) => {
          setLogo({ kind: 'kept', url: result.logoUrl });
          setMessage({ kind: 'ok', text: 'The brand was saved. Your customers see it on their next page load.' });
        },
        onError: (error) => setMessage({ kind: 'bad', text: errorMessage(error) }),
      },
    );
  };

  return (
    <section aria-labelledby="branding-title">
      <h1 id="branding-title">Branding</h1>
      <p className="page-intro">How your people and your customers’ people see the product: its name, logo, colours and where to get help.</p>
      <PageNotice message={message} />
      <div className="brand-editor">
        <form className="settings-form" onSubmit={submit} aria-label="Brand">
          <label>
            Product name
            <input required maxLength={60} value={productName} onChange={(event) => setProductName(event.target.value)} />
          </label>
          <div className="field">
            <span id="logo-label">Logo</span>
            <div className="logo-field">
              {logoShown ? <img src={logoShown} alt="Current logo" /> : <span className="muted">No logo</span>}
              <label className="button">
                Choose a file…
                <input type="file" accept="image/png,image/jpeg,image/svg+xml" className="sr-only" aria-describedby="logo-hint" onChange={chooseLogo} />
              </label>
              {logoShown ? (
                <button type="button" className="button subtle" onClick={() => setLogo({ kind: 'removed' })}>
                  Remove logo
                </button>
              ) : null}
            </div>
            <p className="field-hint" id="logo-hint">
              PNG, JPEG or SVG, up to 256 KB; square works best. Scripts and outside references are taken out of SVG files.
              {logo.kind === 'new' ? ` Chosen: ${logo.name} (saved when you save the brand).` : ''}
            </p>
          </div>
          <div className="form-row">
            <ColourField label="Primary colour" value={primaryColor} onChange={setPrimary} />
            <ColourField label="Accent colour" value={accentColor} onChange={setAccent} />
          </div>
          <ContrastCheck primaryColor={previewPrimary} accentColor={previewAccent} />
          <label>
            Support email
            <input type="email" value={supportEmail} onChange={(event) => setSupportEmail(event.target.value)} placeholder="support@partner.example" />
          </label>
          <label>
            Support site
            <input type="url" value={supportUrl} onChange={(event) => setSupportUrl(event.target.value)} placeholder="https://help.partner.example" />
          </label>
          <div className="form-actions">
            <button type="submit" className="button primary" disabled={save.isPending}>
              Save brand
            </button>
          </div>
        </form>
        <BrandPreview productName={productName} logo={logoShown} primaryColor={previewPrimary} accentColor={previewAccent} supportEmail={supportEmail || null} />
      </div>
    </section>
  );
}

/** A colour as a picker and as its hex text, kept in step. */
function ColourField({ label, value, onChange }: { label: string; value: string; onChange: (value: string) => void }) {
  return (
    <div className="field">
      <span>{label}</span>
      <span className="colour-field">
        <input type="color" aria-label={`${label} picker`} value={HEX.test(value) ? value : '#000000'} onChange={(event) => onChange(event.target.value)} />
        <input aria-label={label} value={value} pattern="#[0-9a-fA-F]{6}" title="a colour like #1f6feb" onChange={(event) => onChange(event.target.value)} />
      </span>
    </div>
  );
}
