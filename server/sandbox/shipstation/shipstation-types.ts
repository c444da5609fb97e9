/** ShipStation API v1 objects (camelCase, as ShipStation writes them). */

export interface ShipStationAddress {
  name: string;
  company: string | null;
  street1: string;
  street2: string | null;
  street3: string | null;
  city: string;
  state: string;
  postalCode: string;
  country: string;
  phone: string | null;
  residential: boolean | null;
  addressVerified: 'Address not yet validated' | 'Address validated successfully' | 'Address validation warning' | 'Address validation failed' | null;
}

export interface ShipStationWeight {
  value: number;
  units: 'pounds' | 'ounces' | 'grams';
  WeightUnits: number;
}

export interface ShipStationItem {
  orderItemId: number;
  lineItemKey: string;
  sku: string;
  name: string;
  imageUrl: string | null;
  weight: ShipStationWeight;
  quantity: number;
  unitPrice: number;
  taxAmount: number;
  shippingAmount: number | null;
  warehouseLocation: string | null;
  options: unknown[];
  productId: number | null;
  fulfillmentSku: string | null;
  adjustment: boolean;
  upc: string | null;
  createDate: string;
  modifyDate: string;
}

export type ShipStationOrderStatus = 'awaiting_payment' | 'awaiting_shipment' | 'pending_fulfillment' | 'shipped' | 'on_hold' | 'cancelled';

export interface ShipStationOrder {
  orderId: number;
  orderNumber: string;
  orderKey: string;
  orderDate: string;
  createDate: string;
  modifyDate: string;
  paymentDate: string | null;
  shipByDate: string | null;
  orderStatus: ShipStationOrderStatus;
  customerId: number;
  customerUsername: string;
  customerEmail: string;
  billTo: ShipStationAddress;
  shipTo: ShipStationAddress;
  items: ShipStationItem[];
  orderTotal: number;
  amountPaid: number;
  taxAmount: number;
  shippingAmount: number;
  customerNotes: string | null;
  internalNotes: string | null;
  gift: boolean;
  giftMessage: string | null;
  paymentMethod: string | null;
  requestedShippingService: string | null;
  carrierCode: string | null;
  serviceCode: string | null;
  packageCode: string | null;
  confirmation: string;
  shipDate: string | null;
  holdUntilDate: string | null;
  weight: ShipStationWeight;
  dimensions: null;
  insuranceOptions: { provider: string | null; insureShipment: boolean; insuredValue: number };
  internationalOptions: { contents: string | null; customsItems: null; nonDelivery: string | null };
  advancedOptions: { warehouseId: number; nonMachinable: boolean; saturdayDelivery: boolean; containsAlcohol: boolean; storeId: number; customField1: string | null; customField2: string | null; customField3: string | null; source: string };
  tagIds: number[] | null;
  userId: string | null;
  externallyFulfilled: boolean;
  externallyFulfilledBy: string | null;
}

export interface ShipStationShipment {
  shipmentId: number;
  orderId: number | null;
  orderKey: string | null;
  userId: string;
  customerEmail: string | null;
  orderNumber: string | null;
  createDate: string;
  shipDate: string;
  shipmentCost: number;
  insuranceCost: number;
  trackingNumber: string;
  isReturnLabel: boolean;
  batchNumber: string | null;
  carrierCode: string;
  serviceCode: string;
  packageCode: string;
  confirmation: string;
  warehouseId: number;
  voided: boolean;
  voidDate: string | null;
  marketplaceNotified: boolean;
  notifyErrorMessage: string | null;
  shipTo: ShipStationAddress;
  weight: ShipStationWeight;
  dimensions: { length: number; width: number; height: number; units: 'inches' | 'centimeters' } | null;
  insuranceOptions: { provider: string | null; insureShipment: boolean; insuredValue: number };
  advancedOptions: { billToParty: string | null; billToAccount: string | null; billToPostalCode: string | null; billToCountryCode: string | null; storeId: number };
  shipmentItems: { orderItemId: number | null; lineItemKey: string | null; sku: string; name: string; quantity: number; unitPrice: number }[] | null;
  labelData: string | null;
  formData: string | null;
}

/** The sandbox's 3PL tracking extension (ShipStation v1 has no tracking endpoint). */
export interface ShipStationTracking {
  shipmentId: number;
  orderId: number | null;
  orderNumber: string | null;
  carrierCode: string;
  trackingNumber: string;
  trackingUrl: string;
  status: 'in_transit' | 'delivered' | 'exception' | 'lost';
  statusDescription: string;
  shipDate: string;
  estimatedDeliveryDate: string;
  actualDeliveryDate: string | null;
  events: { occurredAt: string; status: string; description: string; city: string; state: string; postalCode: string; country: string }[];
}

/** The 3PL's data. */
export interface ShipStationState {
  readonly orders: ShipStationOrder[];
  readonly shipments: ShipStationShipment[];
  readonly tracking: ShipStationTracking[];
  nextShipmentId: number;
  nextOrderItemId: number;
}
