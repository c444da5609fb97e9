import type { EffectRecord, EffectRecorder } from './effect-recorder.js';
import type { FaultInjector } from './faults.js';
import { flowgateError } from './control-api.js';
import type { ApiFamily } from './http-types.js';
import { plainText } from './request-body.js';

/** What the page shows. */
export interface PageParts {
  readonly recorder: EffectRecorder;
  readonly faults: FaultInjector;
  /** The sandbox's base URL and SMTP address. */
  addresses(): { url: string; smtp: string };
}

/** How many of each kind the page lists, newest first. */
const SHOWN = 25;

/** The page's policy: its own stylesheet and nothing else; no script at all, refreshed by `<meta http-equiv="refresh">`. */
const PAGE_CSP = "default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const STYLES = `body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1f2933;background:#f5f7fa}
header{background:#0f766e;color:#fff;padding:12px 24px}header h1{margin:0;font-size:20px}header p{margin:4px 0 0}
main{padding:8px 24px 32px;display:grid;gap:16px}section{background:#fff;border:1px solid #d9e2ec;border-radius:8px;padding:8px 16px}
h2{font-size:16px;margin:8px 0}table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:4px 8px;border-top:1px solid #e4e7eb;vertical-align:top}
th{font-weight:600;background:#f0f4f8}code{font:12px ui-monospace,monospace}pre{white-space:pre-wrap;margin:0;max-height:8em;overflow:auto;font:12px ui-monospace,monospace}
.empty{color:#616e7c}.bad{color:#b42318;font-weight:600}`;

function escape(value: unknown): string {
  return plainText(value).replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function table(headings: readonly string[], rows: readonly (readonly string[])[], empty: string): string {
  if (rows.length === 0) return `<p class="empty">${escape(empty)}</p>`;
  const head = headings.map((heading) => `<th scope="col">${escape(heading)}</th>`).join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${rows.map((cells) => `<tr>${cells.map((cell) => `<td>${cell}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

const time = (at: string): string => `<time datetime="${escape(at)}">${escape(at.slice(11, 19))}</time>`;
const newest = (records: readonly EffectRecord[]): EffectRecord[] => records.slice(-SHOWN).reverse();

function render(parts: PageParts): string {
  const { url, smtp } = parts.addresses();
  const mails = newest(parts.recorder.effects({ kind: 'mail' })).map((mail) => {
    const message = mail.body as { from?: string; to?: string[]; subject?: string; text?: string; attachments?: { filename: string }[] };
    return [time(mail.at), escape(message.from), escape((message.to ?? []).join(', ')), `<strong>${escape(message.subject)}</strong><pre>${escape((message.text ?? '').slice(0, 600))}</pre>`, escape((message.attachments ?? []).map((file) => file.filename).join(', '))];
  });
  const messages = newest(parts.recorder.effects({ kind: 'message' })).map((message) => [time(message.at), escape(message.system), escape(message.detail.channel), `<pre>${escape(plainText(message.detail.text).slice(0, 600))}</pre>`, `<code>${escape(message.idempotencyKey ?? '')}</code>`]);
  const effects = newest(parts.recorder.effects({ kind: 'api' })).map((effect) => [time(effect.at), escape(effect.system), `<code>${escape(effect.method)} ${escape(effect.path)}</code>`, escape(effect.status), `<code>${escape(effect.idempotencyKey ?? '')}</code>`]);
  const calls = parts.recorder
    .calls()
    .slice(-SHOWN * 2)
    .reverse()
    .map((call) => [time(call.at), escape(call.system), `<code>${escape(call.method)} ${escape(call.path)}</code>`, call.status >= 400 ? `<span class="bad">${escape(call.status)}</span>` : escape(call.status), escape(call.replayed ? 'replayed' : call.faultId ? `fault ${call.faultId}` : '')]);
  const faults = parts.faults.list().map((fault) => [escape(fault.id), `<code>${escape(fault.method)} ${escape(fault.path)}</code>`, escape(fault.status ?? ''), escape(fault.latencyMs ?? ''), escape(fault.remaining ?? 'until cleared'), escape(fault.hits)]);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Flowgate sandbox</title><link rel="stylesheet" href="/sandbox.css"></head>
<body><header><h1>Flowgate sandbox</h1><p>Contoso Distribution's stand-in for Shopify, Business Central, ShipStation, Slack, Teams and e-mail, at <code>${escape(url)}</code> (SMTP <code>${escape(smtp)}</code>). This page refreshes every 5 seconds.</p></header>
<main>
<section><h2>Mails received</h2>${table(['Time (UTC)', 'From', 'To', 'Subject and text', 'Attachments'], mails, 'No mail yet.')}</section>
<section><h2>Chat messages</h2>${table(['Time (UTC)', 'System', 'Channel', 'Text', 'Idempotency-Key'], messages, 'No Slack or Teams message yet.')}</section>
<section><h2>Changes made through the APIs</h2>${table(['Time (UTC)', 'System', 'Request', 'Status', 'Idempotency-Key'], effects, 'No change yet.')}</section>
<section><h2>Recent API calls</h2>${table(['Time (UTC)', 'System', 'Request', 'Status', 'Note'], calls, 'No call yet.')}</section>
<section><h2>Armed faults</h2>${table(['Id', 'Matches', 'Status', 'Latency (ms)', 'Remaining', 'Hits'], faults, 'No fault armed.')}</section>
<section><h2>As JSON</h2><p><a href="/_sandbox/records">/_sandbox/records</a> · <a href="/_sandbox/calls">/_sandbox/calls</a> · <a href="/_sandbox/faults">/_sandbox/faults</a> · <a href="/_sandbox/info">/_sandbox/info</a></p></section>
</main></body></html>
`;
}

/** `GET /`: what the sandbox received (mails, chat messages, API changes and calls), for the demo; `GET /sandbox.css`. */
export function pageApi(parts: PageParts): ApiFamily {
  return {
    system: 'sandbox',
    prefix: '/',
    error: flowgateError,
    routes: [
      {
        method: 'GET',
        pattern: '/',
        handle: () => ({ status: 200, headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': PAGE_CSP }, body: render(parts) }),
      },
      {
        method: 'GET',
        pattern: '/sandbox.css',
        handle: () => ({ status: 200, headers: { 'content-type': 'text/css; charset=utf-8' }, body: STYLES }),
      },
    ],
  };
}
