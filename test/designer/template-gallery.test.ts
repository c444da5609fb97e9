import { describe, expect, it } from 'vitest';
import { categoryCounts, filterTemplates, systemsOf } from '../../designer/src/templates/gallery-filter.js';
import { connectionParams, schemaProblems, templateParams } from '../../designer/src/templates/template-params.js';

const returns = { title: 'Returns to refund', summary: 'Refunds inspected returns', category: 'Returns', tags: ['refund', 'approval'], connectors: [{ system: 'Shopify' }, { system: 'Shopify' }, { system: 'E-mail' }] };
const stock = { title: 'Stockout prediction', summary: 'Orders before the shelf is empty', category: 'Inventory', tags: ['purchasing'], connectors: [{ system: 'Business Central' }] };
const sync = { title: 'Inventory synchronisation', summary: 'ERP stock to the storefront', category: 'Inventory', tags: ['sync'], connectors: [] };
const all = [returns, stock, sync];

describe('the gallery filters', () => {
  it('matches every word of a search in the title, summary, category, tags or systems, in any case', () => {
    expect(filterTemplates(all, { search: 'INVENTORY', category: '', tag: '' })).toEqual([stock, sync]);
    expect(filterTemplates(all, { search: 'business shelf', category: '', tag: '' })).toEqual([stock]);
    expect(filterTemplates(all, { search: 'shopify refund', category: '', tag: '' })).toEqual([returns]);
    expect(filterTemplates(all, { search: 'shopify stock', category: '', tag: '' })).toEqual([]);
    expect(filterTemplates(all, { search: '  ', category: '', tag: '' })).toEqual(all);
  });

  it('filters by category and tag exactly, together with the search', () => {
    expect(filterTemplates(all, { search: '', category: 'Inventory', tag: '' })).toEqual([stock, sync]);
    expect(filterTemplates(all, { search: '', category: 'Inventory', tag: 'sync' })).toEqual([sync]);
    expect(filterTemplates(all, { search: 'erp', category: 'Returns', tag: '' })).toEqual([]);
    expect(filterTemplates(all, { search: '', category: '', tag: 'refun' })).toEqual([]);
  });

  it('counts categories by name and lists each system once', () => {
    expect(categoryCounts(all)).toEqual([
      ['Inventory', 2],
      ['Returns', 1],
    ]);
    expect(systemsOf(returns)).toEqual(['Shopify', 'E-mail']);
  });
});

describe("a template's parameters in the wizard", () => {
  const parameters = {
    type: 'object',
    properties: {
      threshold: { type: 'integer', title: 'Refund above', description: 'EUR', minimum: 0, maximum: 10000, default: 250 },
      shopUrl: { type: 'string', title: 'Shop URL', default: 'https://contoso.myshopify.com', pattern: '^https?://' },
      channel: { type: 'string', title: 'Channel', enum: ['slack', 'teams'], default: 'slack' },
      notify: { type: 'boolean', title: 'Notify', default: true },
      rules: { type: 'array', title: 'Rules', default: [] },
    },
    required: ['threshold'],
  };

  it('become workflow params with their titles, types, defaults, choices and required marks', () => {
    expect(templateParams(parameters)).toEqual([
      { name: 'threshold', type: 'number', required: true, title: 'Refund above', description: 'EUR', default: 250 },
      { name: 'shopUrl', type: 'string', required: false, title: 'Shop URL', default: 'https://contoso.myshopify.com' },
      { name: 'channel', type: 'string', required: false, title: 'Channel', default: 'slack', enum: ['slack', 'teams'] },
      { name: 'notify', type: 'boolean', required: false, title: 'Notify', default: true },
      { name: 'rules', type: 'json', required: false, title: 'Rules', default: [] },
    ]);
  });

  it("are checked against their schema's bounds and patterns before the server sees them", () => {
    expect(schemaProblems(parameters, { threshold: -1, shopUrl: 'ftp://x' })).toEqual({ threshold: 'must be at least 0', shopUrl: 'must match ^https?://' });
    expect(schemaProblems(parameters, { threshold: 10001 })).toEqual({ threshold: 'must be at most 10000' });
    expect(schemaProblems(parameters, { threshold: 0, shopUrl: 'http://127.0.0.1:4010/shopify', unknown: 5 })).toEqual({});
  });

  it('that hold connection settings are shown with their connector', () => {
    const owners = connectionParams([
      { key: 'shop', settings: { shopUrl: 'shopUrl' } },
      { key: 'erp', settings: { apiUrl: 'erpApiUrl', companyId: 'erpCompanyId' } },
      { key: 'chat' },
    ]);
    expect([...owners]).toEqual([
      ['shopUrl', 'shop'],
      ['erpApiUrl', 'erp'],
      ['erpCompanyId', 'erp'],
    ]);
  });
});
