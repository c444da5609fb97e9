import { createCatalog, type NodeSpec } from '../runtime/definition/index.js';
import { spec as classify } from './ai.classify/spec.js';
import { spec as prioritize } from './ai.prioritize/spec.js';
import { spec as httpRequest } from './connector.http/spec.js';
import { spec as openApiOperation } from './connector.openapi/spec.js';
import { spec as bcListItems } from './business-central/list-items/spec.js';
import { spec as bcGetItem } from './business-central/get-item/spec.js';
import { spec as bcListCustomers } from './business-central/list-customers/spec.js';
import { spec as bcGetCustomer } from './business-central/get-customer/spec.js';
import { spec as bcListVendors } from './business-central/list-vendors/spec.js';
import { spec as bcGetVendor } from './business-central/get-vendor/spec.js';
import { spec as bcListSalesOrders } from './business-central/list-sales-orders/spec.js';
import { spec as bcGetSalesOrder } from './business-central/get-sales-order/spec.js';
import { spec as bcListSalesInvoices } from './business-central/list-sales-invoices/spec.js';
import { spec as bcGetSalesInvoice } from './business-central/get-sales-invoice/spec.js';
import { spec as bcListPurchaseOrders } from './business-central/list-purchase-orders/spec.js';
import { spec as bcGetPurchaseOrder } from './business-central/get-purchase-order/spec.js';
import { spec as bcListPurchaseInvoices } from './business-central/list-purchase-invoices/spec.js';
import { spec as bcGetPurchaseInvoice } from './business-central/get-purchase-invoice/spec.js';
import { spec as bcCreateSalesOrder } from './business-central/create-sales-order/spec.js';
import { spec as bcCreateSalesCreditMemo } from './business-central/create-sales-credit-memo/spec.js';
import { spec as bcCreateSalesInvoice } from './business-central/create-sales-invoice/spec.js';
import { spec as bcCreatePurchaseOrder } from './business-central/create-purchase-order/spec.js';
import { spec as bcCreatePurchaseInvoice } from './business-central/create-purchase-invoice/spec.js';
import { spec as merge } from './data.merge/spec.js';
import { spec as transform } from './data.transform/spec.js';
import { spec as delay } from './flow.delay/spec.js';
import { spec as forEach } from './flow.forEach/spec.js';
import { spec as respond } from './flow.respond/spec.js';
import { spec as raiseException } from './flow.raiseException/spec.js';
import { spec as setSearchAttributes } from './flow.setSearchAttributes/spec.js';
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
import { spec as shopifyListFulfillmentOrders } from './shopify/list-fulfillment-orders/spec.js';
import { spec as shopifyListTransactions } from './shopify/list-transactions/spec.js';
import { spec as shipStationListOrders } from './shipstation/list-orders/spec.js';
import { spec as shipStationGetOrder } from './shipstation/get-order/spec.js';
import { spec as shipStationListShipments } from './shipstation/list-shipments/spec.js';
import { spec as shipStationGetTracking } from './shipstation/get-tracking/spec.js';
import { spec as shipStationCreateLabel } from './shipstation/create-label/spec.js';
import { spec as slackPostMessage } from './slack/post-message/spec.js';
import { spec as teamsPostMessage } from './teams/post-message/spec.js';
import { spec as emailSend } from './email/send/spec.js';
import { spec as manualTrigger } from './trigger.manual/spec.js';
import { spec as scheduleTrigger } from './trigger.schedule/spec.js';
import { spec as eventTrigger } from './trigger.event/spec.js';
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
  { folder: 'trigger.event', spec: eventTrigger },
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
  { folder: 'flow.raiseException', spec: raiseException },
  { folder: 'flow.setSearchAttributes', spec: setSearchAttributes },
  { folder: 'ai.classify', spec: classify },
  { folder: 'ai.prioritize', spec: prioritize },
  // Business Central
  { folder: 'business-central/list-items', spec: bcListItems },
  { folder: 'business-central/get-item', spec: bcGetItem },
  { folder: 'business-central/list-customers', spec: bcListCustomers },
  { folder: 'business-central/get-customer', spec: bcGetCustomer },
  { folder: 'business-central/list-vendors', spec: bcListVendors },
  { folder: 'business-central/get-vendor', spec: bcGetVendor },
  { folder: 'business-central/list-sales-orders', spec: bcListSalesOrders },
  { folder: 'business-central/get-sales-order', spec: bcGetSalesOrder },
  { folder: 'business-central/list-sales-invoices', spec: bcListSalesInvoices },
  { folder: 'business-central/get-sales-invoice', spec: bcGetSalesInvoice },
  { folder: 'business-central/list-purchase-orders', spec: bcListPurchaseOrders },
  { folder: 'business-central/get-purchase-order', spec: bcGetPurchaseOrder },
  { folder: 'business-central/list-purchase-invoices', spec: bcListPurchaseInvoices },
  { folder: 'business-central/get-purchase-invoice', spec: bcGetPurchaseInvoice },
  { folder: 'business-central/create-sales-order', spec: bcCreateSalesOrder },
  { folder: 'business-central/create-sales-invoice', spec: bcCreateSalesInvoice },
  { folder: 'business-central/create-sales-credit-memo', spec: bcCreateSalesCreditMemo },
  { folder: 'business-central/create-purchase-order', spec: bcCreatePurchaseOrder },
  { folder: 'business-central/create-purchase-invoice', spec: bcCreatePurchaseInvoice },
  // Shopify
  { folder: 'shopify/get-order', spec: shopifyGetOrder },
  { folder: 'shopify/list-orders', spec: shopifyListOrders },
  { folder: 'shopify/update-order', spec: shopifyUpdateOrder },
  { folder: 'shopify/cancel-order', spec: shopifyCancelOrder },
  { folder: 'shopify/create-refund', spec: shopifyCreateRefund },
  { folder: 'shopify/list-inventory-levels', spec: shopifyListInventoryLevels },
  { folder: 'shopify/adjust-inventory', spec: shopifyAdjustInventory },
  { folder: 'shopify/list-fulfillment-orders', spec: shopifyListFulfillmentOrders },
  { folder: 'shopify/list-transactions', spec: shopifyListTransactions },
  { folder: 'shopify/create-fulfillment', spec: shopifyCreateFulfillment },
  // ShipStation
  { folder: 'shipstation/list-orders', spec: shipStationListOrders },
  { folder: 'shipstation/get-order', spec: shipStationGetOrder },
  { folder: 'shipstation/list-shipments', spec: shipStationListShipments },
  { folder: 'shipstation/get-tracking', spec: shipStationGetTracking },
  { folder: 'shipstation/create-label', spec: shipStationCreateLabel },
  // Messaging
  { folder: 'slack/post-message', spec: slackPostMessage },
  { folder: 'teams/post-message', spec: teamsPostMessage },
  { folder: 'email/send', spec: emailSend },
];

/** Every node type the product offers: specs only, safe to import in the browser. */
export const nodeCatalog = createCatalog(nodeList.map((entry) => entry.spec));
