import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { DEMO_PASSWORD, type ApiClient } from '../../support/server-harness.js';

/** Polls until `read` returns what the matcher accepts (vitest's expect.poll, with a UI-sized timeout). */
export const eventually = <T>(read: () => Promise<T> | T, timeout = 15_000) => expect.poll(read, { timeout, interval: 100 });

/** A workflow as the server has it. */
export async function draftOf(client: ApiClient, tenantId: string, workflowId: string) {
  const response = await client.request<{
    revision: number;
    updatedBy: string;
    draft: { nodes: { id: string; type: string; name: string; position: { x: number; y: number }; config: Record<string, unknown> }[]; edges: unknown[] };
    problems: unknown[];
  }>('GET', `/api/v1/tenants/${tenantId}/workflows/${workflowId}`);
  expect(response.status).toBe(200);
  return response.body;
}

/** A point on the screen. */
export interface Point {
  readonly x: number;
  readonly y: number;
}

/** The centre of an element (it must be visible). */
export async function centre(locator: Locator): Promise<Point> {
  await locator.waitFor({ state: 'visible' });
  const box = await locator.boundingBox();
  if (!box) throw new Error(`${locator.toString()} has no box`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/**
 * A pointer drag as a person makes it: press, a first small move (past drag thresholds), then
 * several moves on the way, release.
 */
export async function drag(page: Page, from: Point, to: Point, steps = 12): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 6, from.y + 6, { steps: 2 });
  await page.mouse.move(to.x, to.y, { steps });
  await page.mouse.up();
}

/** Signs in through the sign-in page and waits for the first workspace's workflow list. */
export async function signIn(page: Page, origin: string, email: string): Promise<void> {
  await page.goto(`${origin}/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL(/\/t\/[^/]+\/workflows$/);
}

/** The editor's parts, found the way a person (or a screen reader) finds them. */
export class EditorUi {
  constructor(readonly page: Page) {}

  /** React Flow's canvas. */
  get canvas(): Locator {
    return this.page.getByTestId('rf__wrapper');
  }

  get palette(): Locator {
    return this.page.getByRole('complementary', { name: 'Node palette' });
  }

  /** A node on the canvas by its id (React Flow's `rf__node-<id>`). */
  node(id: string): Locator {
    return this.page.getByTestId(`rf__node-${id}`);
  }

  /** A node's port handle (React Flow marks handles with their node and port). */
  handle(nodeId: string, port: string, kind: 'source' | 'target'): Locator {
    return this.page.locator(`.react-flow__handle.${kind}[data-nodeid="${nodeId}"][data-handleid="${port}"]`);
  }

  get edges(): Locator {
    return this.page.locator('.react-flow__edge');
  }

  get saveIndicator(): Locator {
    return this.page.getByTestId('save-indicator');
  }

  /** The save state the indicator shows: saved, dirty, saving, conflict or error. */
  saveStatus(): Promise<string | null> {
    return this.saveIndicator.getAttribute('data-status');
  }

  /** Opens a side-panel tab (Inspector, JSON, Problems, Test run) by the start of its name (a tab may add a count). */
  async openTab(name: string): Promise<void> {
    await this.page.getByRole('tab', { name: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`) }).click();
  }

  /** A point on the canvas, as fractions of its width and height. */
  async at(fx: number, fy: number): Promise<Point> {
    const box = await this.canvas.boundingBox();
    if (!box) throw new Error('the canvas is not shown');
    return { x: box.x + box.width * fx, y: box.y + box.height * fy };
  }

  /** Drags a node type from the palette (by its title) onto the canvas at `to`. */
  async dragFromPalette(title: string, to: Point): Promise<void> {
    await drag(this.page, await centre(this.palette.getByRole('button', { name: title, exact: true })), to, 16);
  }

  /** Draws a connection by dragging from an output handle to an input handle. */
  async connect(source: string, sourcePort: string, target: string, targetPort: string): Promise<void> {
    await drag(this.page, await centre(this.handle(source, sourcePort, 'source')), await centre(this.handle(target, targetPort, 'target')), 16);
  }

  /** Selects a node by clicking its header (its name). */
  async select(id: string): Promise<void> {
    const header = this.node(id).locator('.wf-node-header');
    await ((await header.count()) > 0 ? header : this.node(id)).click();
  }

  /** Moves a node by a pointer drag of its header. */
  async moveNode(id: string, by: Point): Promise<void> {
    const header = this.node(id).locator('.wf-node-header');
    const from = await centre((await header.count()) > 0 ? header : this.node(id));
    await drag(this.page, from, { x: from.x + by.x, y: from.y + by.y });
  }

  /**
   * Replaces the text of a Monaco editor inside `container` as a person pastes it: the text goes on
   * the clipboard, then select all and paste (typing it would be auto-indented and auto-closed).
   */
  async replaceMonacoText(container: Locator, text: string): Promise<void> {
    const editor = container.locator('.monaco-editor').first();
    await editor.waitFor({ state: 'visible', timeout: 30_000 });
    await this.page.evaluate(`navigator.clipboard.writeText(${JSON.stringify(text)})`);
    await editor.locator('.view-lines').click();
    await this.page.keyboard.press('ControlOrMeta+A');
    await this.page.keyboard.press('ControlOrMeta+V');
  }
}
