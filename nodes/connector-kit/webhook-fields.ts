import { z } from 'zod';
import { field } from '../../runtime/definition/index.js';
import { httpUrlProblem } from '../connector.http/spec.js';

/**
 * The connection fields of an incoming-webhook operation (Slack, Teams): the credential holding the
 * webhook's URL, and the address of the service the URL must be on. The credential store binds a
 * credential to hosts before it hands it out, and the URL is the secret itself, so the step names
 * the service it posts to; the credential is asked for with that address and its URL must lie there.
 */
export function webhookConnectionFields(options: { system: string; placeholder: string; serviceUrl?: string; serviceHelp: string }) {
  const serviceUrl = field(
    z.string().refine((url) => httpUrlProblem(url) === undefined, { message: `must be an absolute URL such as ${options.placeholder}` }),
    { label: 'Webhook service', widget: 'text', placeholder: options.placeholder, help: options.serviceHelp },
  );
  return {
    serviceUrl: options.serviceUrl === undefined ? serviceUrl : serviceUrl.default(options.serviceUrl),
    credential: field(z.string().min(1), {
      label: 'Credential',
      widget: 'credential',
      help: `A webhook URL credential holding the ${options.system} incoming webhook's address (the address is the secret), allowed for the service's host.`,
    }),
  };
}
