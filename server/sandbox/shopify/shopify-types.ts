/**
 * The Shopify Admin REST API (2024-10) objects the sandbox serves, with Shopify's field names.
 * Money is a decimal string ("38.50"), ids are integers, timestamps ISO 8601 with an offset.
 */

export interface ShopifyAddress {
  first_name: string;
  last_name: string;
  name: string;
  company: string | null;
  address1: string;
  address2: string | null;
  city: string;
  province: string;
  province_code: string;
  zip: string;
  country: string;
  country_code: string;
  phone: string | null;
}

export interface ShopifyTaxLine {
  title: string;
  price: string;
  rate: number;
}

export interface ShopifyLineItem {
  id: number;
  admin_graphql_api_id: string;
  product_id: number;
  variant_id: number;
  title: string;
  variant_title: string | null;
  name: string;
  sku: string;
  vendor: string;
  quantity: number;
  current_quantity: number;
  fulfillable_quantity: number;
  fulfillment_status: 'fulfilled' | 'partial' | null;
  fulfillment_service: 'manual';
  price: string;
  total_discount: string;
  grams: number;
  requires_shipping: boolean;
  taxable: boolean;
  gift_card: boolean;
  product_exists: boolean;
  properties: { name: string; value: string }[];
  tax_lines: ShopifyTaxLine[];
}

export interface ShopifyTransaction {
  id: number;
  admin_graphql_api_id: string;
  order_id: number;
  kind: 'authorization' | 'capture' | 'sale' | 'void' | 'refund';
  gateway: string;
  status: 'pending' | 'failure' | 'success' | 'error';
  message: string;
  created_at: string;
  processed_at: string;
  test: boolean;
  authorization: string | null;
  parent_id: number | null;
  amount: string;
  currency: string;
  error_code: string | null;
  source_name: string;
  location_id: number | null;
  user_id: number | null;
  device_id: number | null;
  receipt: Record<string, unknown>;
}

export interface ShopifyRefundLineItem {
  id: number;
  line_item_id: number;
  location_id: number | null;
  quantity: number;
  restock_type: 'no_restock' | 'cancel' | 'return';
  subtotal: string;
  total_tax: string;
  line_item: ShopifyLineItem;
}

/** A refund's adjustment of the order; the sandbox writes the `shipping_refund` kind. */
export interface ShopifyOrderAdjustment {
  id: number;
  order_id: number;
  refund_id: number;
  amount: string;
  tax_amount: string;
  kind: 'shipping_refund' | 'refund_discrepancy';
  reason: string;
}

export interface ShopifyRefund {
  id: number;
  admin_graphql_api_id: string;
  order_id: number;
  created_at: string;
  processed_at: string;
  note: string | null;
  user_id: number | null;
  restock: boolean;
  duties: unknown[];
  order_adjustments: ShopifyOrderAdjustment[];
  refund_line_items: ShopifyRefundLineItem[];
  transactions: ShopifyTransaction[];
}

export interface ShopifyFulfillment {
  id: number;
  admin_graphql_api_id: string;
  order_id: number;
  name: string;
  status: 'pending' | 'open' | 'success' | 'cancelled' | 'error' | 'failure';
  created_at: string;
  updated_at: string;
  service: string;
  location_id: number;
  origin_address: null;
  receipt: Record<string, unknown>;
  shipment_status: 'in_transit' | 'delivered' | 'failure' | 'out_for_delivery' | 'confirmed' | null;
  tracking_company: string | null;
  tracking_number: string | null;
  tracking_numbers: string[];
  tracking_url: string | null;
  tracking_urls: string[];
  line_items: ShopifyLineItem[];
}

export interface ShopifyCustomer {
  id: number;
  admin_graphql_api_id: string;
  email: string;
  first_name: string;
  last_name: string;
  phone: string | null;
  state: 'enabled' | 'disabled' | 'invited';
  verified_email: boolean;
  tags: string;
  currency: string;
  created_at: string;
  updated_at: string;
  default_address: ShopifyAddress & { id: number; customer_id: number; default: boolean };
}

export interface ShopifyOrder {
  id: number;
  admin_graphql_api_id: string;
  name: string;
  number: number;
  order_number: number;
  token: string;
  email: string;
  contact_email: string;
  phone: string | null;
  created_at: string;
  updated_at: string;
  processed_at: string;
  closed_at: string | null;
  cancelled_at: string | null;
  cancel_reason: 'customer' | 'fraud' | 'inventory' | 'declined' | 'other' | null;
  confirmed: boolean;
  test: boolean;
  currency: string;
  presentment_currency: string;
  financial_status: 'pending' | 'authorized' | 'partially_paid' | 'paid' | 'partially_refunded' | 'refunded' | 'voided';
  fulfillment_status: 'fulfilled' | 'partial' | 'restocked' | null;
  tags: string;
  note: string | null;
  note_attributes: { name: string; value: string }[];
  source_name: string;
  payment_gateway_names: string[];
  browser_ip: string;
  buyer_accepts_marketing: boolean;
  taxes_included: boolean;
  total_weight: number;
  total_line_items_price: string;
  subtotal_price: string;
  total_tax: string;
  total_discounts: string;
  total_shipping_price: string;
  total_price: string;
  current_subtotal_price: string;
  current_total_tax: string;
  current_total_price: string;
  total_outstanding: string;
  order_status_url: string;
  customer: Omit<ShopifyCustomer, 'default_address'> & { default_address: ShopifyCustomer['default_address'] };
  billing_address: ShopifyAddress;
  shipping_address: ShopifyAddress;
  line_items: ShopifyLineItem[];
  shipping_lines: { id: number; title: string; code: string; price: string; discounted_price: string; source: string; carrier_identifier: string | null }[];
  tax_lines: ShopifyTaxLine[];
  fulfillments: ShopifyFulfillment[];
  refunds: ShopifyRefund[];
}

export interface ShopifyFulfillmentOrderLineItem {
  id: number;
  shop_id: number;
  fulfillment_order_id: number;
  line_item_id: number;
  inventory_item_id: number;
  variant_id: number;
  quantity: number;
  fulfillable_quantity: number;
}

export type FulfillmentHoldReason = 'awaiting_payment' | 'high_risk_of_fraud' | 'incorrect_address' | 'inventory_out_of_stock' | 'other';

export interface ShopifyFulfillmentOrder {
  id: number;
  shop_id: number;
  order_id: number;
  assigned_location_id: number;
  request_status: 'unsubmitted' | 'submitted' | 'accepted' | 'rejected' | 'closed';
  status: 'open' | 'in_progress' | 'cancelled' | 'incomplete' | 'closed' | 'on_hold' | 'scheduled';
  supported_actions: string[];
  destination: Omit<ShopifyAddress, 'name' | 'province_code' | 'country_code'> & { id: number; email: string };
  line_items: ShopifyFulfillmentOrderLineItem[];
  fulfill_at: string;
  fulfill_by: string | null;
  international_duties: null;
  fulfillment_holds: { reason: FulfillmentHoldReason; reason_notes: string }[];
  delivery_method: { id: number; method_type: 'shipping'; min_delivery_date_time: null; max_delivery_date_time: null };
  assigned_location: { address1: string; address2: string | null; city: string; country_code: string; location_id: number; name: string; phone: string | null; province: string; zip: string };
  merchant_requests: unknown[];
  created_at: string;
  updated_at: string;
}

export interface ShopifyRisk {
  id: number;
  order_id: number;
  checkout_id: number | null;
  source: string;
  score: string;
  recommendation: 'cancel' | 'investigate' | 'accept';
  display: boolean;
  cause_cancel: boolean;
  message: string;
  merchant_message: string;
}

export interface ShopifyVariant {
  id: number;
  product_id: number;
  title: string;
  price: string;
  sku: string;
  position: number;
  inventory_policy: 'deny' | 'continue';
  compare_at_price: string | null;
  fulfillment_service: string;
  inventory_management: string;
  option1: string;
  option2: null;
  option3: null;
  created_at: string;
  updated_at: string;
  taxable: boolean;
  barcode: string;
  grams: number;
  weight: number;
  weight_unit: 'kg';
  inventory_item_id: number;
  inventory_quantity: number;
  old_inventory_quantity: number;
  requires_shipping: boolean;
  admin_graphql_api_id: string;
  image_id: null;
}

export interface ShopifyProduct {
  id: number;
  title: string;
  body_html: string;
  vendor: string;
  product_type: string;
  created_at: string;
  handle: string;
  updated_at: string;
  published_at: string;
  template_suffix: null;
  published_scope: 'web';
  tags: string;
  status: 'active' | 'archived' | 'draft';
  admin_graphql_api_id: string;
  variants: ShopifyVariant[];
  options: { id: number; product_id: number; name: string; position: number; values: string[] }[];
  images: unknown[];
  image: null;
}

export interface ShopifyLocation {
  id: number;
  name: string;
  address1: string;
  address2: string | null;
  city: string;
  zip: string;
  province: string;
  province_code: string;
  country: string;
  country_code: string;
  country_name: string;
  phone: string | null;
  created_at: string;
  updated_at: string;
  legacy: boolean;
  active: boolean;
  admin_graphql_api_id: string;
}

export interface ShopifyInventoryLevel {
  inventory_item_id: number;
  location_id: number;
  available: number;
  updated_at: string;
  admin_graphql_api_id: string;
}

/** The shop's data. */
export interface ShopifyState {
  readonly shopId: number;
  readonly locations: ShopifyLocation[];
  readonly products: ShopifyProduct[];
  readonly inventoryLevels: ShopifyInventoryLevel[];
  readonly orders: ShopifyOrder[];
  readonly fulfillmentOrders: ShopifyFulfillmentOrder[];
  readonly transactions: ShopifyTransaction[];
  readonly risks: ShopifyRisk[];
  /** Next id for anything created through the API. */
  nextId: number;
}
