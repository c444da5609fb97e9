import { KeyRound } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import type { WebhookTriggerSummary } from '../../app/api-types.js';
import { errorMessage } from '../../app/error-message.js';
import { useCan } from '../../app/permissions.js';
import { useWorkspace } from '../../app/workspace.js';
import { useEditorStore } from '../store/editor-context.js';
import { useIssueWebhookSecret, useWebhookTriggers } from './api.js';
import { CopyButton } from './copy-button.js';
import type { TriggerPanelProps } from './trigger-panel-props.js';
import { curlExample, webhookUrl } from './webhook-call.js';

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

/**
 * How to call a webhook trigger: its URL, an example request for its authentication (a token
 * header or an HMAC signature) to copy, and — for roles that may edit — a new secret, shown once.
 */
export function WebhookPanel({ nodeId, config }: TriggerPanelProps) {
  const { tenant } = useWorkspace();
  const can = useCan();
  const workflowId = useEditorStore((state) => state.workflowId);
  const triggers = useWebhookTriggers(tenant.id, workflowId);
  const issue = useIssueWebhookSecret(tenant.id, workflowId);
  const [secret, setSecret] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const secretBox = useRef<HTMLDivElement>(null);
  // The secret is shown once: take the reader (and a screen reader's focus) straight to it.
  useEffect(() => {
    if (secret) secretBox.current?.focus();
  }, [secret]);
  const origin = window.location.origin;
  const url = webhookUrl(origin, tenant.slug, config.path);
  const method = typeof config.method === 'string' ? config.method : 'POST';
  const auth = config.auth === 'token' ? 'token' : 'hmac';
  const live = triggers.data?.find((trigger) => trigger.nodeId === nodeId);
  const example = url ? curlExample({ url, method, auth, ...(secret ? { secret } : {}) }) : undefined;

  const issueSecret = () => {
    setConfirming(false);
    issue.mutate(nodeId, { onSuccess: (issued) => setSecret(issued.secret) });
  };

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
      <p>
        {auth === 'token'
          ? 'Authentication: send the secret in the X-Flowgate-Token header.'
          : 'Authentication: sign "<unix seconds>.<raw body>" with HMAC-SHA256 and the secret; send the seconds in X-Flowgate-Timestamp and sha256=<hex> in X-Flowgate-Signature. A signature is accepted once, within five minutes.'}
      </p>
      {example ? (
        <>
          <pre className="curl-example" data-testid="curl-example">
            {example}
          </pre>
          <CopyButton text={example} label="Copy curl example" />
        </>
      ) : null}
      <h4>Secret</h4>
      {secret ? (
        <div className="issued-secret" role="group" aria-label="New secret" tabIndex={-1} ref={secretBox}>
          <p>
            <strong>Copy the secret now: it is shown only this once.</strong> The previous secret no longer works; the example above uses the new one.
          </p>
          <div className="copy-row">
            <code data-testid="webhook-secret">{secret}</code>
            <CopyButton text={secret} label="Copy secret" />
          </div>
        </div>
      ) : null}
      {!live ? (
        <p className="muted">The secret is issued once a version with this trigger is active.</p>
      ) : !can('workflow.write') ? (
        <p className="muted">Secrets are issued by people who may edit workflows.</p>
      ) : confirming ? (
        <div className="confirm-row" role="group" aria-label="Issue a new secret?">
          <p>Senders that use the current secret are refused (401) from the moment a new one is issued.</p>
          <button type="button" className="button danger small" onClick={issueSecret}>
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
      {issue.isError ? <p className="field-message error">The secret could not be issued: {errorMessage(issue.error)}</p> : null}
    </section>
  );
}
