import { createCatalog, type NodeSpec } from '../runtime/definition/index.js';
import { spec as httpRequest } from './connector.http/spec.js';
import { spec as openApiOperation } from './connector.openapi/spec.js';
import { spec as merge } from './data.merge/spec.js';
import { spec as transform } from './data.transform/spec.js';
import { spec as delay } from './flow.delay/spec.js';
import { spec as forEach } from './flow.forEach/spec.js';
import { spec as respond } from './flow.respond/spec.js';
import { spec as subworkflow } from './flow.subworkflow/spec.js';
import { spec as waitForEvent } from './flow.waitForEvent/spec.js';
import { spec as approval } from './human.approval/spec.js';
import { spec as condition } from './logic.condition/spec.js';
import { spec as switchSpec } from './logic.switch/spec.js';
import { spec as shopifyGetOrder } from './shopify/get-order/spec.js';
import { spec as shopifyListOrders } from './shopify/list-orders/spec.js';
import { spec as shopifyUpdateOrder } from './shopify/update-order/spec.js';
import { spec as shopifyCancelOrder } from './shopify/cancel-order/spec.js';
import { spec as shopifyCreateRefund } from './shopify/create-refund/spec.js';
import { spec as shopifyListInventoryLevels } from './shopify/list-inventory-levels/spec.js';
import { spec as shopifyAdjustInventory } from './shopify/adjust-inventory/spec.js';
import { spec as shopifyCreateFulfillment } from './shopify/create-fulfillment/spec.js';
import { spec as manualTrigger } from './trigger.manual/spec.js';
import { spec as scheduleTrigger } from './trigger.schedule/spec.js';
import { spec as webhookTrigger } from './trigger.webhook/spec.js';

/**
 * One node type of the product: its spec, and the folder under `nodes/` whose `spec.ts` exports
 * that spec and whose `execute.ts` exports its `execute` function.
 */
export interface NodeListEntry {
  readonly folder: string;
  readonly spec: NodeSpec;
}

/**
 * Every node type the product offers, the one list both the browser catalog (below) and the
 * runtime registry (`nodes/index.ts`, which loads each folder's `execute.ts`) are made from.
 * Adding a node type is one entry here; see docs/connectors.md ("Adding a connector").
 */
export const nodeList: readonly NodeListEntry[] = [
  { folder: 'trigger.manual', spec: manualTrigger },
  { folder: 'trigger.webhook', spec: webhookTrigger },
  { folder: 'trigger.schedule', spec: scheduleTrigger },
  { folder: 'logic.condition', spec: condition },
  { folder: 'logic.switch', spec: switchSpec },
  { folder: 'data.transform', spec: transform },
  { folder: 'data.merge', spec: merge },
  { folder: 'connector.http', spec: httpRequest },
  { folder: 'connector.openapi', spec: openApiOperation },
  { folder: 'flow.respond', spec: respond },
  { folder: 'human.approval', spec: approval },
  { folder: 'flow.delay', spec: delay },
  { folder: 'flow.waitForEvent', spec: waitForEvent },
  { folder: 'flow.forEach', spec: forEach },
  { folder: 'flow.subworkflow', spec: subworkflow },
  { folder: 'shopify/get-order', spec: shopifyGetOrder },
  { folder: 'shopify/list-orders', spec: shopifyListOrders },
  { folder: 'shopify/update-order', spec: shopifyUpdateOrder },
  { folder: 'shopify/cancel-order', spec: shopifyCancelOrder },
  { folder: 'shopify/create-refund', spec: shopifyCreateRefund },
  { folder: 'shopify/list-inventory-levels', spec: shopifyListInventoryLevels },
  { folder: 'shopify/adjust-inventory', spec: shopifyAdjustInventory },
  { folder: 'shopify/create-fulfillment', spec: shopifyCreateFulfillment },
];

/** Every node type the product offers: specs only, safe to import in the browser. */
export const nodeCatalog = createCatalog(nodeList.map((entry) => entry.spec));
