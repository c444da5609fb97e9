import { DEMO_CREDENTIALS } from '../credentials.js';
import { computeLine, computeTotals, PRICE_FIELD } from '../business-central/document-math.js';
import { blank, known, type BcValue } from '../business-central/entities.js';
import type { BcRow, BcState } from '../business-central/bc-types.js';
import { partyFields } from '../business-central/party-fields.js';
import { BUSINESS_CUSTOMERS, LOCATIONS, PRODUCTS, VENDORS, type ProductSeed } from './catalog.js';
import { dayAt, isoDate } from './dates.js';
import type { Prng } from './prng.js';
import type { StockSeed } from './stock.js';

/** A purchase order scenario of the three-way match (documented in docs/sandbox.md). */
interface PurchaseScenario {
  readonly number: string;
  readonly vendor: string;
  readonly skus: readonly string[];
  readonly quantity: number;
  readonly orderedDaysAgo: number;
  /** Units received per line (all lines alike); 0 when nothing arrived. */
  readonly received: number;
  readonly status: 'Draft' | 'Open' | 'Released';
  /** The supplier's invoice: posted (Open or Paid) or a Draft awaiting the match; how it differs. */
  readonly invoice?: { readonly status: 'Draft' | 'Open' | 'Paid'; readonly quantityOff?: number; readonly priceFactor?: number };
  /** Expected receipt, days from today (negative: overdue). */
  readonly expectedInDays: number;
}

const PURCHASES: readonly PurchaseScenario[] = [
  { number: 'PO-1001', vendor: 'V1000', skus: ['PK-1001', 'PK-1002', 'PK-1007'], quantity: 200, orderedDaysAgo: 40, received: 200, status: 'Released', invoice: { status: 'Paid' }, expectedInDays: -33 },
  { number: 'PO-1002', vendor: 'V2000', skus: ['JN-2001', 'JN-2003'], quantity: 400, orderedDaysAgo: 30, received: 400, status: 'Released', invoice: { status: 'Open' }, expectedInDays: -20 },
  { number: 'PO-1003', vendor: 'V3000', skus: ['OF-4001', 'JN-2008'], quantity: 250, orderedDaysAgo: 28, received: 250, status: 'Released', invoice: { status: 'Open' }, expectedInDays: -14 },
  { number: 'PO-1004', vendor: 'V1000', skus: ['PK-1004', 'PK-1008'], quantity: 100, orderedDaysAgo: 20, received: 100, status: 'Released', invoice: { status: 'Draft', quantityOff: 20 }, expectedInDays: -13 },
  { number: 'PO-1005', vendor: 'V5000', skus: ['SF-5001', 'SF-5007'], quantity: 150, orderedDaysAgo: 14, received: 150, status: 'Released', invoice: { status: 'Draft', priceFactor: 1.06 }, expectedInDays: -9 },
  { number: 'PO-1006', vendor: 'V4000', skus: ['OF-4002', 'OF-4003'], quantity: 100, orderedDaysAgo: 45, received: 60, status: 'Released', expectedInDays: -10 },
  { number: 'PO-1007', vendor: 'V6000', skus: ['BR-6001', 'BR-6003'], quantity: 120, orderedDaysAgo: 25, received: 120, status: 'Released', invoice: { status: 'Draft' }, expectedInDays: -4 },
  { number: 'PO-1008', vendor: 'V3000', skus: ['JN-2004'], quantity: 300, orderedDaysAgo: 8, received: 0, status: 'Released', expectedInDays: 6 },
  { number: 'PO-1009', vendor: 'V2000', skus: ['JN-2002', 'JN-2006'], quantity: 80, orderedDaysAgo: 1, received: 0, status: 'Draft', expectedInDays: 9 },
  { number: 'PO-1010', vendor: 'V4000', skus: ['BR-6005', 'OF-4006'], quantity: 60, orderedDaysAgo: 50, received: 0, status: 'Released', expectedInDays: -5 },
];

/** Context of one seeding run. */
interface Seeder {
  readonly prng: Prng;
  readonly today: Date;
  readonly tables: Map<string, BcRow[]>;
  readonly stamp: string;
}

/** Business Central's data for CONTOSO DISTRIBUTION. */
export function businessCentralSeed(prng: Prng, today: Date, stock: readonly StockSeed[]): BcState {
  const tables = new Map<string, BcRow[]>();
  const seeder: Seeder = { prng, today, tables, stamp: dayAt(today, -1, 18).toISOString() };
  const { companyId, companyName } = DEMO_CREDENTIALS.businessCentral;
  add(seeder, 'companies', { id: companyId, systemVersion: '25.1.23456.0', timestamp: 31_337, name: companyName, displayName: 'Contoso Distribution', systemCreatedAt: dayAt(today, -900).toISOString(), systemModifiedAt: seeder.stamp });
  const locations = LOCATIONS.map((location) => add(seeder, 'locations', { code: location.code, displayName: location.name, addressLine1: location.address1, city: location.city, state: location.provinceCode, country: 'US', postalCode: location.zip }));
  const items = PRODUCTS.map((product, index) =>
    add(seeder, 'items', {
      number: product.sku,
      displayName: product.title,
      type: 'Inventory',
      itemCategoryCode: product.category.toUpperCase(),
      gtin: `0${String(7_312_345_00000 + index * 13)}`,
      inventory: stock[index]?.total ?? 0,
      unitPrice: product.price,
      unitCost: product.cost,
      taxGroupCode: 'TAXABLE',
      baseUnitOfMeasureCode: 'CASE',
      generalProductPostingGroupCode: 'RETAIL',
      inventoryPostingGroupCode: 'RESALE',
    }),
  );
  const customers = BUSINESS_CUSTOMERS.map((customer, index) =>
    add(seeder, 'customers', {
      number: customer.number,
      displayName: customer.name,
      type: 'Company',
      addressLine1: `${100 + index * 17} Commerce Street`,
      city: customer.city,
      state: customer.state,
      country: 'US',
      postalCode: customer.postalCode,
      phoneNumber: `+1415555${String(2000 + index * 11)}`,
      email: `ap@${customer.name.toLowerCase().replace(/[^a-z]+/g, '')}.example`,
      creditLimit: customer.creditLimit,
      taxLiable: true,
      currencyCode: 'USD',
      blocked: '_x0020_',
    }),
  );
  const vendors = VENDORS.map((vendor, index) =>
    add(seeder, 'vendors', {
      number: vendor.number,
      displayName: vendor.name,
      addressLine1: `${20 + index * 9} Supply Avenue`,
      city: vendor.city,
      state: vendor.state,
      country: 'US',
      postalCode: vendor.postalCode,
      email: vendor.email,
      currencyCode: 'USD',
      blocked: '_x0020_',
    }),
  );
  const itemBySku = new Map(items.map((item, index) => [PRODUCTS[index]?.sku as string, { row: item, product: PRODUCTS[index] as ProductSeed }]));
  salesDocuments(seeder, customers, items);
  purchaseDocuments(seeder, vendors, itemBySku, locations[0] as BcRow);
  ledger(seeder, stock);
  replenishment(seeder, items, stock);
  webShopCustomer(seeder);
  return { companyId, tables, numberSeries: { 'S-ORD': 101_012, 'PS-INV': 103_010, 'PO': 1010, 'PI': 1010, C: 95_000, V: 6000, ITEM: 0 } };
}

/**
 * The customer a shop's web orders are booked to (`WEBSHOP`, the templates' default), as ERPs keep
 * one for consumers. Its GUID is fixed and it is added last, so the seeded records keep theirs.
 */
function webShopCustomer(seeder: Seeder): void {
  const data = {
    ...blank(known('customers')),
    id: '5e1b0c9a-7d3f-4a26-9b48-0c6d2e8f1a73',
    number: 'WEBSHOP',
    displayName: 'Web shop customers',
    type: 'Person',
    addressLine1: '1 Commerce Street',
    city: 'Seattle',
    state: 'WA',
    country: 'US',
    postalCode: '98101',
    email: 'webshop@contoso.example',
    taxLiable: true,
    currencyCode: 'USD',
    blocked: '_x0020_',
    lastModifiedDateTime: seeder.stamp,
  };
  seeder.tables.get('customers')?.push({ data, version: 1 });
}

/** Adds a record (every field present, empty unless given) with a seeded GUID. */
function add(seeder: Seeder, set: string, values: Record<string, BcValue>): BcRow {
  const data = { ...blank(known(set)), id: seeder.prng.guid(), ...values };
  if ('lastModifiedDateTime' in data) data.lastModifiedDateTime = seeder.stamp;
  const row: BcRow = { data, version: 1 };
  const table = seeder.tables.get(set) ?? [];
  table.push(row);
  seeder.tables.set(set, table);
  return row;
}

function addLine(seeder: Seeder, set: string, document: BcRow, sequence: number, item: BcRow, quantity: number, price: number, extra: Record<string, BcValue> = {}): BcRow {
  const isPurchase = set.startsWith('purchase');
  const line = add(seeder, set, {
    documentId: document.data.id as string,
    sequence: sequence * 10_000,
    itemId: item.data.id as string,
    lineType: 'Item',
    lineObjectNumber: item.data.number as string,
    description: item.data.displayName as string,
    unitOfMeasureCode: 'CASE',
    quantity,
    [PRICE_FIELD[set] ?? 'unitPrice']: price,
    taxCode: isPurchase ? 'NONTAXABLE' : 'TAXABLE',
    taxPercent: isPurchase ? 0 : 8,
    discountAppliedBeforeTax: true,
    ...extra,
  });
  computeLine(line.data, PRICE_FIELD[set] ?? 'unitPrice');
  return line;
}

function salesDocuments(seeder: Seeder, customers: readonly BcRow[], items: readonly BcRow[]): void {
  const { prng, today } = seeder;
  const orders: BcRow[] = [];
  for (let index = 0; index < 12; index++) {
    const customer = customers[index % customers.length] as BcRow;
    const daysAgo = 22 - index * 2;
    const status = index >= 10 ? 'Draft' : index >= 7 ? 'Open' : 'Released';
    const shipped = status === 'Released' && daysAgo >= 10;
    const order = add(seeder, 'salesOrders', {
      ...partyFields(customer, 'sales'),
      number: `S-ORD${101_001 + index}`,
      externalDocumentNumber: `PO-${customer.data.number as string}-${4410 + index}`,
      orderDate: isoDate(dayAt(today, -daysAgo)),
      postingDate: isoDate(dayAt(today, -daysAgo)),
      requestedDeliveryDate: isoDate(dayAt(today, -daysAgo + 7)),
      currencyCode: 'USD',
      partialShipping: true,
      discountAppliedBeforeTax: true,
      fullyShipped: shipped,
      status,
      salesperson: prng.pick(['JR', 'PS', 'AH']),
    });
    const lines = Array.from({ length: prng.int(2, 4) }, (_, lineIndex) => {
      const item = items[(index * 5 + lineIndex * 3) % items.length] as BcRow;
      const quantity = prng.int(5, 40);
      return addLine(seeder, 'salesOrderLines', order, lineIndex + 1, item, quantity, Number(item.data.unitPrice), {
        shipmentDate: isoDate(dayAt(today, -daysAgo + 2)),
        shippedQuantity: shipped ? quantity : 0,
        shipQuantity: shipped ? 0 : quantity,
        invoicedQuantity: shipped ? quantity : 0,
        invoiceQuantity: 0,
      });
    });
    computeTotals(order.data, lines.map((line) => line.data));
    orders.push(order);
  }
  for (let index = 0; index < 10; index++) {
    const source = orders[index % 7] as BcRow;
    const customer = customers.find((candidate) => candidate.data.number === source.data.customerNumber) as BcRow;
    const daysAgo = 45 - index * 4;
    // The two oldest are open and overdue (receivables to chase), the newest is a draft.
    const status = index === 9 ? 'Draft' : index < 2 || index > 5 ? 'Open' : 'Paid';
    const invoice = add(seeder, 'salesInvoices', {
      ...partyFields(customer, 'sales'),
      number: `PS-INV${103_001 + index}`,
      externalDocumentNumber: source.data.externalDocumentNumber as string,
      invoiceDate: isoDate(dayAt(today, -daysAgo)),
      postingDate: isoDate(dayAt(today, -daysAgo)),
      dueDate: isoDate(dayAt(today, -daysAgo + 30)),
      customerPurchaseOrderReference: source.data.externalDocumentNumber as string,
      orderId: index < 7 ? (source.data.id as string) : '00000000-0000-0000-0000-000000000000',
      orderNumber: index < 7 ? (source.data.number as string) : '',
      currencyCode: 'USD',
      discountAppliedBeforeTax: true,
      status,
    });
    const lines = [0, 1].map((lineIndex) => {
      const item = items[(index * 7 + lineIndex * 11) % items.length] as BcRow;
      return addLine(seeder, 'salesInvoiceLines', invoice, lineIndex + 1, item, prng.int(4, 30), Number(item.data.unitPrice), { shipmentDate: invoice.data.invoiceDate as string });
    });
    computeTotals(invoice.data, lines.map((line) => line.data));
    invoice.data.remainingAmount = status === 'Open' ? (invoice.data.totalAmountIncludingTax as number) : 0;
  }
}

function purchaseDocuments(seeder: Seeder, vendors: readonly BcRow[], itemBySku: Map<string, { row: BcRow; product: ProductSeed }>, location: BcRow): void {
  const { today } = seeder;
  PURCHASES.forEach((scenario, index) => {
    const vendor = vendors.find((candidate) => candidate.data.number === scenario.vendor) as BcRow;
    const ordered = dayAt(today, -scenario.orderedDaysAgo);
    const expected = isoDate(dayAt(today, scenario.expectedInDays));
    const invoiced = scenario.invoice && scenario.invoice.status !== 'Draft' ? scenario.received : 0;
    const order = add(seeder, 'purchaseOrders', {
      ...partyFields(vendor, 'purchase'),
      number: scenario.number,
      orderDate: isoDate(ordered),
      postingDate: isoDate(ordered),
      requestedReceiptDate: expected,
      currencyCode: 'USD',
      discountAppliedBeforeTax: true,
      purchaser: 'MH',
      fullyReceived: scenario.received === scenario.quantity,
      status: scenario.status,
    });
    const lines = scenario.skus.map((sku, lineIndex) => {
      const { row: item, product } = itemBySku.get(sku) as { row: BcRow; product: ProductSeed };
      return addLine(seeder, 'purchaseOrderLines', order, lineIndex + 1, item, scenario.quantity, product.cost, {
        expectedReceiptDate: expected,
        receivedQuantity: scenario.received,
        receiveQuantity: scenario.quantity - scenario.received,
        invoicedQuantity: invoiced,
        invoiceQuantity: scenario.received - invoiced,
        locationId: location.data.id as string,
      });
    });
    computeTotals(order.data, lines.map((line) => line.data));
    if (scenario.received > 0) {
      const receivedOn = isoDate(dayAt(today, Math.min(scenario.expectedInDays, -1)));
      const receipt = add(seeder, 'purchaseReceipts', { ...partyFields(vendor, 'purchase'), number: `PR-${1001 + index}`, invoiceDate: receivedOn, postingDate: receivedOn, dueDate: receivedOn, currencyCode: 'USD' });
      scenario.skus.forEach((sku, lineIndex) => {
        const { row: item, product } = itemBySku.get(sku) as { row: BcRow; product: ProductSeed };
        add(seeder, 'purchaseReceiptLines', {
          documentId: receipt.data.id as string,
          sequence: (lineIndex + 1) * 10_000,
          lineType: 'Item',
          lineObjectNumber: item.data.number as string,
          description: item.data.displayName as string,
          unitOfMeasureCode: 'CASE',
          unitCost: product.cost,
          quantity: scenario.received,
          expectedReceiptDate: expected,
        });
      });
    }
    if (scenario.invoice) {
      const { status, quantityOff = 0, priceFactor = 1 } = scenario.invoice;
      const invoiceDate = isoDate(dayAt(today, Math.min(scenario.expectedInDays + 2, 0)));
      const invoice = add(seeder, 'purchaseInvoices', {
        ...partyFields(vendor, 'purchase'),
        number: `PI-${1001 + index}`,
        vendorInvoiceNumber: `${scenario.vendor.slice(0, 2)}-INV-${88_200 + index * 7}`,
        invoiceDate,
        postingDate: invoiceDate,
        dueDate: isoDate(dayAt(today, Math.min(scenario.expectedInDays + 32, 30))),
        orderId: order.data.id as string,
        orderNumber: scenario.number,
        currencyCode: 'USD',
        discountAppliedBeforeTax: true,
        status,
      });
      const invoiceLines = scenario.skus.map((sku, lineIndex) => {
        const { row: item, product } = itemBySku.get(sku) as { row: BcRow; product: ProductSeed };
        // The first line carries the discrepancy: billed more units than received, or at a higher price.
        const quantity = scenario.received + (lineIndex === 0 ? quantityOff : 0);
        const cost = lineIndex === 0 ? Math.round(product.cost * priceFactor * 100) / 100 : product.cost;
        return addLine(seeder, 'purchaseInvoiceLines', invoice, lineIndex + 1, item, quantity, cost, { expectedReceiptDate: expected, locationId: location.data.id as string });
      });
      computeTotals(invoice.data, invoiceLines.map((line) => line.data));
    }
  });
}

/** Sales per item per day (one Sale entry for each day with sales) and the posted receipts. */
function ledger(seeder: Seeder, stock: readonly StockSeed[]): void {
  let entryNumber = 0;
  const days = stock[0]?.dailySales.length ?? 0;
  for (let day = 0; day < days; day++) {
    const postingDate = isoDate(dayAt(seeder.today, day - days));
    PRODUCTS.forEach((product, index) => {
      const quantity = stock[index]?.dailySales[day] ?? 0;
      if (quantity === 0) return;
      entryNumber += 1;
      add(seeder, 'itemLedgerEntries', {
        entryNumber,
        itemNumber: product.sku,
        postingDate,
        entryType: 'Sale',
        sourceType: 'Customer',
        sourceNumber: 'WEB',
        documentNumber: `S-SHP${102_000 + day}`,
        documentType: 'Sales_x0020_Shipment',
        description: product.title,
        quantity: -quantity,
        salesAmountActual: Math.round(quantity * product.price * 100) / 100,
        costAmountActual: -Math.round(quantity * product.cost * 100) / 100,
      });
    });
  }
  for (const line of seeder.tables.get('purchaseReceiptLines') ?? []) {
    const receipt = seeder.tables.get('purchaseReceipts')?.find((candidate) => candidate.data.id === line.data.documentId);
    entryNumber += 1;
    add(seeder, 'itemLedgerEntries', {
      entryNumber,
      itemNumber: line.data.lineObjectNumber as string,
      postingDate: receipt?.data.postingDate as string,
      entryType: 'Purchase',
      sourceType: 'Vendor',
      sourceNumber: receipt?.data.vendorNumber as string,
      documentNumber: receipt?.data.number as string,
      documentType: 'Purchase_x0020_Receipt',
      description: line.data.description as string,
      quantity: line.data.quantity as number,
      costAmountActual: Math.round(Number(line.data.quantity) * Number(line.data.unitCost) * 100) / 100,
    });
  }
}

/** The partner's custom API page: vendor, lead time and 30-day sales per item, for replenishment. */
function replenishment(seeder: Seeder, items: readonly BcRow[], stock: readonly StockSeed[]): void {
  PRODUCTS.forEach((product, index) => {
    const vendor = VENDORS.find((candidate) => candidate.number === product.vendor);
    const lead = vendor?.leadTimeDays ?? 0;
    add(seeder, 'itemReplenishment', {
      itemId: items[index]?.data.id as string,
      itemNumber: product.sku,
      vendorNumber: product.vendor,
      vendorName: vendor?.name ?? '',
      leadTimeDays: lead,
      safetyStock: Math.ceil(product.dailySales * 3),
      reorderPoint: Math.ceil(product.dailySales * (lead + 3)),
      reorderQuantity: Math.ceil(product.dailySales * 30),
      salesLast30Days: (stock[index]?.dailySales ?? []).reduce((sum, quantity) => sum + quantity, 0),
    });
  });
}
