import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { STORE_ENGINES, openEngineHarness, waitFixture, type EngineHarness } from '../../../support/engine-harness.js';

describe.each(STORE_ENGINES)('with the run store on %s', (storeEngine) => {
  let harness: EngineHarness;
  afterEach(() => harness.close());

  /**
   * `/stock/<sku>` answers once a second request is in flight (or after a second alone, for the
   * last item), so bounded concurrency shows however slowly the store commits; tracks how many
   * requests are in flight at once.
   */
  let server: Server;
  let baseUrl: string;
  let inFlight = 0;
  let maxInFlight = 0;
  let held: (() => void)[] = [];
  beforeAll(async () => {
    server = createServer((request, response) => {
      request.resume();
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const sku = /^\/stock\/(.+)$/.exec(request.url ?? '')?.[1] ?? '';
      let answered = false;
      const answer = () => {
        if (answered) return;
        answered = true;
        inFlight--;
        if (sku === 'MISSING') return void response.writeHead(404).end();
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ available: sku.length }));
      };
      held.push(answer);
      if (inFlight >= 2) {
        const release = held;
        held = [];
        setTimeout(() => release.forEach((waiting) => waiting()), 30);
      } else setTimeout(answer, 1000);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  /** Points the forEach body at the test server through its param default. */
  function pointAtServer(workflowId: string, definition: Record<string, unknown>): Record<string, unknown> {
    if (workflowId !== 'check-line') return definition;
    return { ...definition, params: [{ name: 'baseUrl', type: 'string', default: baseUrl }] };
  }

  describe('flow.forEach', () => {
    it('runs the body once per item with bounded concurrency and collects results in item order', async () => {
      harness = await openEngineHarness(storeEngine, { adjust: pointAtServer, egressAllow: [new URL(baseUrl).host] });
      maxInFlight = 0;
      const lines = ['A', 'BB', 'CCC', 'DDDD', 'EEEEE'].map((sku) => ({ sku }));
      const handle = await harness.engine.start({ definition: waitFixture('for-each'), input: { lines } });
      const run = await harness.until(handle.runId, 'succeeded', 'failed');
      expect(run.status).toBe('succeeded');
      expect(run.output).toEqual({ results: lines.map((line) => ({ sku: line.sku, available: line.sku.length })) });
      expect(maxInFlight).toBe(2);
      const children = await harness.store.listChildRuns(run.id, 'lines');
      expect(children.map((child) => [child.parentIndex, child.status, child.workflowId, child.input])).toEqual(
        lines.map((line, index) => [index, 'succeeded', 'check-line', line]),
      );
      const trace = await harness.engine.trace(run.id);
      expect(trace?.children.map((child) => `${child.nodeId}[${child.index}]:${child.status}`)).toEqual(
        lines.map((_line, index) => `lines[${index}]:succeeded`),
      );
    });

    it('fails the step when an item fails, naming the item, and stops starting new items', async () => {
      harness = await openEngineHarness(storeEngine, { adjust: pointAtServer, egressAllow: [new URL(baseUrl).host] });
      const lines = ['A', 'MISSING', 'C', 'D', 'E', 'F'].map((sku) => ({ sku }));
      const handle = await harness.engine.start({ definition: waitFixture('for-each'), input: { lines } });
      const run = await harness.until(handle.runId, 'failed');
      expect(run.error).toMatchObject({ code: 'CHILD_FAILED', nodeId: 'lines', details: { index: 1 } });
      expect(run.error?.message).toMatch(/^item 1 \(run .+\) failed: HTTP 404/);
      const children = await harness.store.listChildRuns(run.id, 'lines');
      expect(children.length).toBeLessThan(lines.length);
    });

    it('continues at once with an empty list', async () => {
      harness = await openEngineHarness(storeEngine, { adjust: pointAtServer, egressAllow: [new URL(baseUrl).host] });
      const run = await harness.engine.execute({ definition: waitFixture('for-each'), input: { lines: [] } });
      expect(run).toMatchObject({ status: 'succeeded', output: { results: [] } });
    });

    it('picks up where it stood after a restart', async () => {
      harness = await openEngineHarness(storeEngine, { adjust: pointAtServer, egressAllow: [new URL(baseUrl).host] });
      const lines = ['A', 'B', 'C', 'D'].map((sku) => ({ sku }));
      const handle = await harness.engine.start({ definition: waitFixture('for-each'), input: { lines } });
      await harness.until(handle.runId, 'waiting');
      harness = await harness.restart();
      await harness.engine.recover();
      const run = await harness.until(handle.runId, 'succeeded');
      expect((run.output as { results: unknown[] }).results).toHaveLength(4);
      const children = await harness.store.listChildRuns(run.id, 'lines');
      expect(children.map((child) => child.parentIndex)).toEqual([0, 1, 2, 3]);
    });
  });

  describe('flow.subworkflow', () => {
    it('calls another workflow, waits for it durably and receives its output', async () => {
      harness = await openEngineHarness(storeEngine);
      const handle = await harness.engine.start({ definition: waitFixture('subworkflow'), input: { order: { qty: 3, unitPrice: 2.5 } } });
      const run = await harness.until(handle.runId, 'succeeded');
      expect(run.output).toEqual({ total: 7.5 });
      const [child] = await harness.store.listChildRuns(run.id, 'price');
      expect(child).toMatchObject({ workflowId: 'compute-price', input: { qty: 3, unitPrice: 2.5 }, trigger: { type: 'subworkflow' } });
    });

    it('propagates a failure of the called workflow as an error on the calling node', async () => {
      harness = await openEngineHarness(storeEngine, { adjust: (id, definition) => (id === 'compute-price' ? { ...definition, nodes: [(definition.nodes as unknown[])[0], { id: 'price', type: 'data.transform', version: 1, name: 'Price', position: { x: 1, y: 0 }, config: { fields: { total: { var: { cat: ['input.__pro', 'to__'] } } } } }] } : definition) });
      const handle = await harness.engine.start({ definition: waitFixture('subworkflow'), input: { order: {} } });
      const run = await harness.until(handle.runId, 'failed');
      expect(run.error).toMatchObject({ code: 'CHILD_FAILED', nodeId: 'price' });
    });

    it('fails the calling node when the workflow does not exist', async () => {
      harness = await openEngineHarness(storeEngine);
      const definition = waitFixture('subworkflow');
      const nodes = (definition.nodes as Record<string, unknown>[]).map((node) => (node.id === 'price' ? { ...node, config: { workflowId: 'nope' } } : node));
      const handle = await harness.engine.start({ definition: { ...definition, nodes } });
      const run = await harness.until(handle.runId, 'failed');
      expect(run.error).toMatchObject({ code: 'WORKFLOW_NOT_FOUND', nodeId: 'price' });
    });
  });
});
