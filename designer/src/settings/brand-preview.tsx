import { contrast, inkOnWhite, textOn } from '../app/brand-colours.js';

/** What a brand looks like in the designer: the top bar, a button and a link, as users will see them. */
export function BrandPreview({ productName, logo, primaryColor, accentColor, supportEmail }: { productName: string; logo: string | null; primaryColor: string; accentColor: string; supportEmail: string | null }) {
  return (
    <figure className="brand-preview" aria-label="Preview" style={{ margin: 0 }}>
      <div className="brand-preview-bar" style={{ background: primaryColor, color: textOn(primaryColor) }}>
        {logo ? <img src={logo} alt="" /> : null}
        <span>{productName || 'Product name'}</span>
        <span style={{ flex: 1 }} />
        {supportEmail ? <span style={{ fontWeight: 400 }}>Support</span> : null}
      </div>
      <div className="brand-preview-body">
        <strong>Workflows</strong>
        <span>
          An order-routing workflow, <span style={{ color: inkOnWhite(accentColor), textDecoration: 'underline' }}>opened from a link</span>.
        </span>
        <span className="button" style={{ background: accentColor, borderColor: accentColor, color: textOn(accentColor) }}>
          Create workflow
        </span>
      </div>
      <figcaption className="sr-only">Preview of the brand</figcaption>
    </figure>
  );
}

/** The contrast of the brand's colours with the text drawn on them (WCAG AA asks 4.5:1 for text). */
export function ContrastCheck({ primaryColor, accentColor }: { primaryColor: string; accentColor: string }) {
  const rows = [
    { what: 'Text on the primary colour (top bar)', ratio: contrast(primaryColor, textOn(primaryColor)), note: `${textOn(primaryColor) === '#ffffff' ? 'white' : 'black'} text` },
    { what: 'Text on the accent colour (buttons)', ratio: contrast(accentColor, textOn(accentColor)), note: `${textOn(accentColor) === '#ffffff' ? 'white' : 'black'} text` },
    {
      what: 'The accent colour as links on white',
      ratio: contrast(inkOnWhite(accentColor), '#ffffff'),
      note: inkOnWhite(accentColor) === accentColor.toLowerCase() ? 'as chosen' : `darkened to ${inkOnWhite(accentColor)} to stay readable`,
    },
  ];
  return (
    <ul className="contrast" aria-label="Contrast check">
      {rows.map((row) => (
        <li key={row.what} className={row.ratio < 4.5 ? 'fail' : undefined}>
          {row.ratio >= 4.5 ? '✓' : '✗'} {row.what}: {row.ratio.toFixed(1)}:1 ({row.note}){row.ratio < 4.5 ? ' — below 4.5:1, hard to read; choose a darker or lighter colour' : ''}
        </li>
      ))}
    </ul>
  );
}
