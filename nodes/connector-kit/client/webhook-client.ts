import { NodeExecutionError, type NodeContext } from '../../../runtime/definition/index.js';
import { callApi, type ApiResponse, type ApiSystem } from './api-client.js';
import { credentialFields } from './credential-fields.js';

/** Where an incoming-webhook operation posts: the service's address and the credential holding the webhook's URL. */
export interface WebhookConnection {
  readonly serviceUrl: string;
  readonly credential: string;
}

/**
 * Posts `json` to the incoming webhook of a `webhookUrl` credential through the egress guard, with
 * the step's idempotency key. The credential is asked for with the service's address (so its host
 * binding is checked) and its URL must be on that service's origin. The URL is a secret: messages
 * name "the incoming webhook" instead of its path, and the URL is kept out of errors and outputs.
 */
export async function postToWebhook(ctx: NodeContext, system: ApiSystem, connection: WebhookConnection, json: unknown): Promise<ApiResponse> {
  const service = new URL(connection.serviceUrl);
  const { url } = await credentialFields(ctx, connection.credential, service, 'webhookUrl', ['url']);
  let webhook: URL;
  try {
    webhook = new URL(url);
  } catch {
    throw new NodeExecutionError(`the webhook URL of the credential "${connection.credential}" is not a URL`, { code: 'CREDENTIAL_INVALID' });
  }
  if (webhook.origin !== service.origin) {
    throw new NodeExecutionError(
      `the webhook URL of the credential "${connection.credential}" is not on ${service.origin}, the ${system.name} webhook service this step posts to; ` +
        'set the step\'s webhook service to the address the URL starts with',
      { code: 'CREDENTIAL_INVALID' },
    );
  }
  const secrets = [webhook.href, `${webhook.pathname}${webhook.search}`, webhook.pathname, webhook.search.slice(1)];
  return callApi(ctx, system, { method: 'POST', url: webhook, headers: new Headers(), json, idempotent: true, target: 'the incoming webhook', secrets });
}
