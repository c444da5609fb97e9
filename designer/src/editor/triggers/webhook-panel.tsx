import { KeyRound } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import type { IssuedWebhookSecret, WebhookTriggerSummary } from '../../app/api-types.js';
import { DateTime } from '../../app/date-time.js';
import { errorMessage } from '../../app/error-message.js';
import { useCan } from '../../app/permissions.js';
import { useWorkspace } from '../../app/workspace.js';
import { useEditorStore } from '../store/editor-context.js';
import { useIssueWebhookSecret, useWebhookTriggers } from './api.js';
import { CopyButton } from '../../shared/copy-button.js';
import type { TriggerPanelProps } from './trigger-panel-props.js';
import { curlExample, senderIssuesSecret, webhookAuthOf, webhookUrl, type WebhookAuth } from './webhook-call.js';

/** What the active version does with this trigger: listening at a URL, or not yet. */
function liveStatus(live: WebhookTriggerSummary | undefined, url: string | undefined, origin: string) {
  if (!live) return <p className="muted">Not live yet: the URL answers once a version with this trigger is active (until then, 404).</p>;
  const liveUrl = `${origin}${live.url}`;
  if (liveUrl === url) return <p className="trigger-live">Live: the active version answers at this URL.</p>;
  return (
    <p className="trigger-live">
      Live at <code>{liveUrl}</code> (the active version&apos;s path); this draft&apos;s path takes over when a version with it is activated.
    </p>
  );
}

/** How each scheme authenticates, in words. */
const AUTH_TEXT: Record<WebhookAuth, string> = {
  token: 'Authentication: send the secret in the X-Flowgate-Token header.',
  hmac: 'Authentication: sign "<unix seconds>.<raw body>" with HMAC-SHA256 and the secret; send the seconds in X-Flowgate-Timestamp and sha256=<hex> in X-Flowgate-Signature. A signature is accepted once, within five minutes.',
  shopify:
    'Authentication: Shopify’s own signature, X-Shopify-Hmac-Sha256 (base64 HMAC-SHA256 of the raw body). Create the webhook in Shopify with this URL and paste the secret Shopify signs with below. Retries are recognised by X-Shopify-Webhook-Id.',
  stripe:
    'Authentication: a Stripe-style Stripe-Signature header (t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">), within five minutes. Add this URL as an endpoint in Stripe and paste its signing secret (whsec_…) below. Retries are recognised by the event id.',
  github:
    'Authentication: a GitHub-style X-Hub-Signature-256 (sha256=<hex HMAC-SHA256 of the raw body>). Add this URL as a webhook with content type application/json and give it this trigger’s secret. Retries are recognised by X-GitHub-Delivery.',
};

/** How long the current secret keeps working once a new one is issued. */
const OVERLAPS: readonly { minutes: number; label: string }[] = [
  { minutes: 0, label: 'Stop at once' },
  { minutes: 60, label: 'For 1 hour' },
  { minutes: 24 * 60, label: 'For 24 hours' },
  { minutes: 7 * 24 * 60, label: 'For 7 days' },
];

/** Whom the secret comes from, per scheme where the sender issues it. */
const SENDER: Partial<Record<WebhookAuth, string>> = { shopify: 'Shopify', stripe: 'Stripe' };

/**
 * How to call a webhook trigger: its URL, an example request for its authentication to copy, and —
 * for roles that may edit — a new secret (random, or the sender's own for Shopify and Stripe), shown
 * once, with the current one kept working for a chosen overlap.
 */
export function WebhookPanel({ nodeId, config }: TriggerPanelProps) {
  const { tenant } = useWorkspace();
  const can = useCan();
  const workflowId = useEditorStore((state) => state.workflowId);
  const triggers = useWebhookTriggers(tenant.id, workflowId);
  const issue = useIssueWebhookSecret(tenant.id, workflowId);
  const [issued, setIssued] = useState<IssuedWebhookSecret | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [overlapMinutes, setOverlapMinutes] = useState(0);
  const [given, setGiven] = useState('');
  const secretBox = useRef<HTMLDivElement>(null);
  // The secret is shown once: take the reader (and a screen reader's focus) straight to it.
  useEffect(() => {
    if (issued) secretBox.current?.focus();
  }, [issued]);
  const origin = window.location.origin;
  const url = webhookUrl(origin, tenant.slug, config.path);
  const method = typeof config.method === 'string' ? config.method : 'POST';
  const auth = webhookAuthOf(config.auth);
  const sender = senderIssuesSecret(auth) ? SENDER[auth] : undefined;
  const live = triggers.data?.find((trigger) => trigger.nodeId === nodeId);
  const example = url ? curlExample({ url, method, auth, ...(issued ? { secret: issued.secret } : {}) }) : undefined;

  const issueSecret = (secret?: string) => {
    setConfirming(false);
    issue.mutate(
      { nodeId, overlapMinutes, ...(secret === undefined ? {} : { secret }) },
      {
        onSuccess: (answer) => {
          setIssued(answer);
          setGiven('');
        },
      },
    );
  };
  const overlapChoice = (
    <label className="overlap-choice">
      The current secret keeps working
      <select value={overlapMinutes} onChange={(event) => setOverlapMinutes(Number(event.target.value))}>
        {OVERLAPS.map((overlap) => (
          <option key={overlap.minutes} value={overlap.minutes}>
            {overlap.label}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <section className="inspector-section trigger-panel" aria-labelledby={`webhook-${nodeId}-title`}>
      <h3 id={`webhook-${nodeId}-title`}>Calling this webhook</h3>
      {url ? (
        <div className="copy-row">
          <code className="trigger-url">
            <span className="trigger-method">{method}</span>
            <span data-testid="webhook-url">{url}</span>
          </code>
          <CopyButton text={url} label="Copy URL" />
        </div>
      ) : (
        <p className="muted">Set a path below to get the webhook&apos;s URL.</p>
      )}
      {triggers.isSuccess ? liveStatus(live, url, origin) : null}
      {triggers.isError ? <p className="field-message error">Whether the webhook is live could not be checked: {errorMessage(triggers.error)}</p> : null}
      <p>{AUTH_TEXT[auth]}</p>
      {example ? (
        <>
          <pre className="curl-example" data-testid="curl-example">
            {example}
          </pre>
          <CopyButton text={example} label="Copy curl example" />
        </>
      ) : null}
      <h4>Secret</h4>
      {issued ? (
        <div className="issued-secret" role="group" aria-label="New secret" tabIndex={-1} ref={secretBox}>
          <p>
            <strong>{sender ? `${sender}’s secret is in use now.` : 'Copy the secret now: it is shown only this once.'}</strong>{' '}
            {issued.previousValidUntil ? (
              <>
                The previous secret keeps working until <DateTime iso={issued.previousValidUntil} />.
              </>
            ) : (
              'The previous secret no longer works.'
            )}{' '}
            The example above uses the new one.
          </p>
          <div className="copy-row">
            <code data-testid="webhook-secret">{issued.secret}</code>
            <CopyButton text={issued.secret} label="Copy secret" />
          </div>
        </div>
      ) : null}
      {!live ? (
        <p className="muted">The secret is issued once a version with this trigger is active.</p>
      ) : !can('workflow.write') ? (
        <p className="muted">Secrets are issued by people who may edit workflows.</p>
      ) : sender ? (
        <form
          className="sender-secret"
          onSubmit={(event) => {
            event.preventDefault();
            issueSecret(given.trim());
          }}
        >
          <label>
            {sender}’s signing secret
            <input type="password" autoComplete="off" value={given} onChange={(event) => setGiven(event.target.value)} required minLength={16} />
          </label>
          {overlapChoice}
          <button type="submit" className="button small" disabled={issue.isPending || given.trim() === ''}>
            <KeyRound size={14} aria-hidden="true" />
            Use this secret
          </button>
        </form>
      ) : confirming ? (
        <div className="confirm-row" role="group" aria-label="Issue a new secret?">
          {overlapChoice}
          <p>{overlapMinutes === 0 ? 'Senders that use the current secret are refused (401) from the moment a new one is issued.' : 'Switch the senders over to the new secret meanwhile.'}</p>
          <button type="button" className="button danger small" onClick={() => issueSecret()}>
            Issue new secret
          </button>
          <button type="button" className="button small" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      ) : (
        <button type="button" className="button small" onClick={() => setConfirming(true)} disabled={issue.isPending}>
          <KeyRound size={14} aria-hidden="true" />
          Issue a new secret…
        </button>
      )}
      {issue.isError ? <p className="field-message error">The secret could not be {sender ? 'saved' : 'issued'}: {errorMessage(issue.error)}</p> : null}
    </section>
  );
}
