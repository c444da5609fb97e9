import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppContext } from '../server/context.js';

/**
 * Gives a new partner `bench` the 5-node webhook workflow of bench/fixtures, activated through the
 * governance path (created, submitted, approved, activated), and answers its webhook's token. With
 * `respondImmediately`, the webhook answers 202 as soon as the run is accepted instead of on completion.
 */
export async function activateBenchWebhook(context: AppContext, respondImmediately = false): Promise<string> {
  const partner = await context.tenants.createPartner('Bench', 'bench', {
    productName: 'Bench',
    logoDataUrl: null,
    primaryColor: '#000000',
    accentColor: '#ffffff',
    supportEmail: null,
    supportUrl: null,
  });
  const definition = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures/webhook-5-nodes.json'), 'utf8')) as { nodes: { id: string; config: Record<string, unknown> }[] };
  if (respondImmediately) for (const node of definition.nodes) if (node.id === 'received') node.config.respond = 'immediately';
  const workflow = await context.workflows.create(partner.id, { id: 'author' }, { name: 'Bench', definition });
  await context.workflows.submit(partner.id, { id: 'author' }, workflow.id, 'bench');
  await context.workflows.review(partner.id, { id: 'reviewer' }, workflow.id, 1, 'approve', '');
  await context.workflows.activate(partner.id, { id: 'reviewer' }, workflow.id, 1, 'bench');
  const { secret } = await context.triggers.rotateSecret(partner.id, workflow.id, 'received');
  return secret;
}
