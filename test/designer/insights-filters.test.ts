import { describe, expect, it } from 'vitest';
import { insightsApiQuery, insightsFiltersQuery, rangeSpan, readInsightsFilters } from '../../designer/src/insights/insights-filters.js';

const NOW = Date.parse('2026-12-05T14:30:20Z');

describe("the Insights dashboard's filters", () => {
  it('start at the last 7 days of every workflow, across the customers in a partner’s workspace and of the own one elsewhere', () => {
    expect(readInsightsFilters(new URLSearchParams(), 'all')).toEqual({ range: '7d', workflowId: '', customer: 'all' });
    expect(readInsightsFilters(new URLSearchParams(), '')).toEqual({ range: '7d', workflowId: '', customer: '' });
    expect(readInsightsFilters(new URLSearchParams('range=forever'), '').range).toBe('7d');
  });

  it('keep only what differs from the defaults in the address, and read back what they wrote', () => {
    expect(insightsFiltersQuery({ range: '7d', workflowId: '', customer: 'all' }, 'all').toString()).toBe('');
    const ownOnly = { range: '24h', workflowId: 'wf-1', customer: '' } as const;
    const query = insightsFiltersQuery(ownOnly, 'all');
    expect(query.toString()).toBe('range=24h&workflowId=wf-1&customer=');
    expect(readInsightsFilters(query, 'all')).toEqual(ownOnly);
    const oneCustomer = { range: '90d', workflowId: '', customer: 'c-42' } as const;
    expect(readInsightsFilters(insightsFiltersQuery(oneCustomer, 'all'), 'all')).toEqual(oneCustomer);
  });

  it('span the range back from the next whole minute, so the query holds still within a minute', () => {
    const { from, to } = rangeSpan('24h', NOW);
    expect(to.toISOString()).toBe('2026-12-05T14:31:00.000Z');
    expect(from.toISOString()).toBe('2026-12-04T14:31:00.000Z');
    expect(rangeSpan('24h', NOW + 30_000)).toEqual({ from, to });
    expect(rangeSpan('90d', NOW).from.toISOString()).toBe('2026-09-06T14:31:00.000Z');
  });

  it('ask the API for hourly buckets over 24 hours and daily ones beyond, with the workflow and the customers', () => {
    expect(Object.fromEntries(new URLSearchParams(insightsApiQuery({ range: '24h', workflowId: '', customer: '' }, NOW)))).toEqual({ from: '2026-12-04T14:31:00.000Z', to: '2026-12-05T14:31:00.000Z', bucket: 'hour' });
    expect(Object.fromEntries(new URLSearchParams(insightsApiQuery({ range: '30d', workflowId: 'wf-1', customer: 'c-42' }, NOW)))).toMatchObject({ bucket: 'day', workflowId: 'wf-1', customerId: 'c-42' });
    expect(new URLSearchParams(insightsApiQuery({ range: '7d', workflowId: '', customer: 'all' }, NOW)).get('scope')).toBe('customers');
  });
});
