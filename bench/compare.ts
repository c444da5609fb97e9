import { existsSync } from 'node:fs';
import type { WorkflowDefinition } from '../runtime/definition/index.js';
import { CHROMIUM_PATH, launchChromium } from '../test/e2e/support/browser.js';
import { designerDist, ensureDesignerBuilt } from '../test/e2e/support/designer-build.js';
import { DEMO, startServerHarness, type ApiClient } from '../test/support/server-harness.js';
import { coldLoad, type LoadResult } from './designer.js';
import { largeWorkflow } from './designer-workflow.js';
import { format, quantile, verdict } from './stats.js';

/** Target from the sign-off issue: two 1,000-node versions compared, interactive within 1.5 s. */
const TARGET_INTERACTIVE_MS = 1500;
const LOADS = 3;

/**
 * Version 2 of the benchmark workflow: 20 transforms changed, the last 10 nodes removed (with
 * their edges), 10 new transforms appended after the first column: every kind of change at once.
 */
function secondVersion(first: WorkflowDefinition): WorkflowDefinition {
  const removed = new Set(first.nodes.slice(-10).map((node) => node.id));
  let changed = 0;
  const nodes = first.nodes
    .filter((node) => !removed.has(node.id))
    .map((node) => {
      if (node.type !== 'data.transform' || changed >= 20) return node;
      changed++;
      return { ...node, config: { fields: { ...(node.config.fields as Record<string, unknown>), reviewed: true } } };
    });
  const edges = first.edges.filter((edge) => !removed.has(edge.source) && !removed.has(edge.target));
  for (let index = 0; index < 10; index++) {
    const id = `added_${index + 1}`;
    nodes.push({ id, type: 'data.transform', version: 1, name: `Added ${index + 1}`, position: { x: 300 * (index + 1), y: -200 }, config: { fields: { added: index } } });
    edges.push({ id: `e_added_${index + 1}`, source: 'start', sourcePort: 'out', target: id, targetPort: 'in' });
  }
  return { ...first, nodes, edges };
}

async function expectOk(what: string, response: Promise<{ status: number; text: string }>): Promise<void> {
  const answer = await response;
  if (answer.status >= 300) throw new Error(`${what} failed: ${answer.status} ${answer.text}`);
}

/** Two signed-off versions of the 1,000-node workflow; answers the comparison's path. */
async function twoVersions(consultant: ApiClient, approver: ApiClient, tenant: string): Promise<string> {
  const first = largeWorkflow();
  const created = await consultant.request<{ id: string; revision: number }>('POST', `/api/v1/tenants/${tenant}/workflows`, { name: first.name, definition: first });
  if (created.status !== 201) throw new Error(`creating the workflow failed: ${created.status} ${created.text}`);
  const base = `/api/v1/tenants/${tenant}/workflows/${created.body.id}`;
  await expectOk('submitting version 1', consultant.request('POST', `${base}/versions`, { note: 'first' }));
  await expectOk('approving version 1', approver.request('POST', `${base}/versions/1/approve`, { comment: 'ok' }));
  await expectOk('saving the draft', consultant.request('PUT', base, { revision: created.body.revision, definition: secondVersion(first) }));
  await expectOk('submitting version 2', consultant.request('POST', `${base}/versions`, { note: 'second' }));
  return `/t/${tenant}/workflows/${created.body.id}/compare?from=1&to=2`;
}

/**
 * The comparison page on two 1,000-node versions (20 nodes changed, 10 removed, 10 added) in
 * headless Chromium, opened cold by the approver: time until both versions are drawn in one
 * layout and a click on a node has selected it (median of {@link LOADS}).
 */
export async function benchCompare(): Promise<void> {
  console.log('\nComparison: two 1,000-node versions on one canvas, headless Chromium');
  if (!existsSync(CHROMIUM_PATH)) {
    console.log(`  skipped: ${CHROMIUM_PATH} is missing (bash scripts/ensure-chromium.sh installs it)`);
    return;
  }
  ensureDesignerBuilt();
  const server = await startServerHarness({ designerDir: designerDist });
  const browser = await launchChromium();
  try {
    const path = await twoVersions(await server.signIn(DEMO.consultant), await server.signIn(DEMO.approver), server.tenants.partner);
    const loads: LoadResult[] = [];
    for (let load = 0; load < LOADS; load++) loads.push(await coldLoad(browser, server.url, path, DEMO.approver));
    const rendered = quantile(loads.map((load) => load.renderedMs), 0.5);
    const interactive = quantile(loads.map((load) => load.interactiveMs), 0.5);
    console.log(`  nodes drawn (both versions in one layout): ${loads[0]?.renderedNodes ?? 0}`);
    console.log(`  navigation start → nodes drawn (median of ${LOADS} cold loads): ${format(rendered)} ms`);
    console.log(
      `  time to interactive (median of ${LOADS}; each ${loads.map((load) => format(load.interactiveMs)).join(', ')} ms): ${format(interactive)} ms   target < ${format(TARGET_INTERACTIVE_MS)} ms  ${verdict(interactive < TARGET_INTERACTIVE_MS)}   ${format(interactive / TARGET_INTERACTIVE_MS, 2)}× the target`,
    );
  } finally {
    await browser.close();
    await server.close();
  }
}
