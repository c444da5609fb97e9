import { describe, expect, it } from 'vitest';
import { DomainError } from '../../server/domain/domain-error.js';
import type { PackagedTemplate } from '../../server/templates/template-catalog.js';
import { cloneCredentials, instantiate } from '../../server/templates/template-instance.js';
import { workflow } from '../support/definitions.js';

const template: PackagedTemplate = {
  manifest: {
    slug: 'tag-orders',
    title: 'Tag orders',
    summary: 'Tags every new order of the shop and tells the team in Slack.',
    category: 'Orders',
    tags: ['orders'],
    connectors: [
      { key: 'shop', system: 'Shopify', credentialTypes: ['shopify'], description: 'The store', settings: {} },
      { key: 'team', system: 'Slack', credentialTypes: ['webhookUrl'], description: 'The team channel', settings: {} },
    ],
    parameters: { type: 'object', properties: {}, required: [], additionalProperties: false },
    version: '1.0.0',
    changelog: [{ version: '1.0.0', date: '2026-12-05', changes: ['First'] }],
  },
  definition: workflow(
    [
      { id: 'start', type: 'trigger.manual' },
      { id: 'tag', type: 'connector.shopify.updateOrder', config: { shopUrl: 'https://contoso.myshopify.com', credential: 'shop', orderId: 1, tags: 'new' } },
      { id: 'tell', type: 'connector.http', config: { url: 'https://hooks.example/x', credential: 'team' } },
    ],
    [
      ['start', 'out', 'tag'],
      ['tag', 'out', 'tell'],
    ],
  ),
  readme: '# Tag orders',
  samples: {},
};
const available = [
  { id: 'c1', name: 'Contoso shop', type: 'shopify' },
  { id: 'c2', name: 'Ops channel', type: 'webhookUrl' },
  { id: 'c3', name: 'ERP', type: 'oauth2ClientCredentials' },
];

/** The details of the 422 a call throws. */
function refusal(action: () => unknown): { path: string; message: string }[] {
  try {
    action();
  } catch (error) {
    if (error instanceof DomainError) return [...error.details];
    throw error;
  }
  throw new Error('no refusal');
}

describe('binding credentials to a template', () => {
  it('binds a credential of an accepted type per connector, by name or id, and puts its name in the steps', () => {
    const bound = cloneCredentials(template, { shop: 'Contoso shop', team: 'c2' }, available);
    expect([...bound]).toEqual([
      ['shop', 'Contoso shop'],
      ['team', 'Ops channel'],
    ]);
    const definition = instantiate(template, 'Tag Contoso orders', {}, bound);
    expect(definition.name).toBe('Tag Contoso orders');
    expect(definition.nodes.map((node) => node.config.credential)).toEqual([undefined, 'Contoso shop', 'Ops channel']);
    expect(template.definition.nodes[1]?.config.credential).toBe('shop');
  });

  it('names every connector without a usable credential', () => {
    expect(refusal(() => cloneCredentials(template, { shop: 'ERP', team: 'Nowhere', extra: 'x' }, available))).toEqual([
      { path: 'credentials.shop', message: '"ERP" is a oauth2ClientCredentials credential; Shopify needs shopify' },
      { path: 'credentials.team', message: 'the workspace has no credential "Nowhere"' },
      { path: 'credentials.extra', message: 'is no connector of the template' },
    ]);
    expect(refusal(() => cloneCredentials(template, {}, available)).map((detail) => detail.path)).toEqual(['credentials.shop', 'credentials.team']);
  });
});
