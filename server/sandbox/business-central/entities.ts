/** An OData property type, as Business Central's `$metadata` declares it. */
export type FieldType = 'string' | 'decimal' | 'int' | 'bool' | 'date' | 'datetime' | 'guid';

/** A value of a Business Central record. */
export type BcValue = string | number | boolean;

/** An entity set served under `companies({id})/`. */
export interface EntityDefinition {
  /** The entity set: `items`, `salesOrderLines`. */
  readonly name: string;
  /** The entity type, as errors name it: `item` (`Microsoft.NAV.item`). */
  readonly typeName: string;
  /** Which API the set belongs to: the standard v2.0 API or the partner's custom API page. */
  readonly api: string;
  readonly fields: Readonly<Record<string, FieldType>>;
  /** Fields a client may set on create and update; none for a read-only set. */
  readonly writable: readonly string[];
  /** On create, at least one field of each group must be given. */
  readonly required: readonly (readonly string[])[];
  /** The lines set of a document (`salesOrders` → `salesOrderLines`). */
  readonly lines?: string;
  /** For a lines set, its documents' set. */
  readonly documents?: string;
  /** Sort order of a list without `$orderby`. */
  readonly defaultOrder: string;
}

/** The standard API and the custom API page of the demo's partner (Northwind's supply-chain extension). */
export const STANDARD_API = 'v2.0';
export const CUSTOM_API = 'northwind/supplychain/v1.0';

/** Parses `'id:guid number inventory:decimal'` (string is the default type). */
function fields(spec: string): Record<string, FieldType> {
  return Object.fromEntries(
    spec
      .trim()
      .split(/\s+/)
      .map((entry) => {
        const [name, type = 'string'] = entry.split(':');
        return [name as string, type as FieldType];
      }),
  );
}

const ADDRESS = (prefix: string): string => `${prefix}AddressLine1 ${prefix}AddressLine2 ${prefix}City ${prefix}Country ${prefix}State ${prefix}PostCode`;
const DOCUMENT_LINE =
  'id:guid documentId:guid sequence:int itemId:guid accountId:guid lineType lineObjectNumber description description2 unitOfMeasureId:guid unitOfMeasureCode quantity:decimal discountAmount:decimal discountPercent:decimal discountAppliedBeforeTax:bool amountExcludingTax:decimal taxCode taxPercent:decimal totalTaxAmount:decimal amountIncludingTax:decimal invoiceDiscountAllocation:decimal netAmount:decimal netTaxAmount:decimal netAmountIncludingTax:decimal itemVariantId:guid locationId:guid';
const LINE_WRITABLE = ['itemId', 'lineType', 'lineObjectNumber', 'description', 'description2', 'quantity', 'discountPercent', 'locationId'];

const definitions: EntityDefinition[] = [
  {
    name: 'companies',
    typeName: 'company',
    api: STANDARD_API,
    fields: fields('id:guid systemVersion timestamp:int name displayName businessProfileId systemCreatedAt:datetime systemCreatedBy:guid systemModifiedAt:datetime systemModifiedBy:guid'),
    writable: [],
    required: [],
    defaultOrder: 'name',
  },
  {
    name: 'items',
    typeName: 'item',
    api: STANDARD_API,
    fields: fields(
      'id:guid number displayName displayName2 type itemCategoryId:guid itemCategoryCode blocked:bool gtin inventory:decimal unitPrice:decimal priceIncludesTax:bool unitCost:decimal taxGroupId:guid taxGroupCode baseUnitOfMeasureId:guid baseUnitOfMeasureCode generalProductPostingGroupId:guid generalProductPostingGroupCode inventoryPostingGroupId:guid inventoryPostingGroupCode lastModifiedDateTime:datetime',
    ),
    writable: ['number', 'displayName', 'displayName2', 'type', 'itemCategoryCode', 'blocked', 'gtin', 'unitPrice', 'unitCost', 'baseUnitOfMeasureCode'],
    required: [['displayName']],
    defaultOrder: 'number',
  },
  {
    name: 'customers',
    typeName: 'customer',
    api: STANDARD_API,
    fields: fields(
      'id:guid number displayName type addressLine1 addressLine2 city state country postalCode phoneNumber email website salespersonCode balanceDue:decimal creditLimit:decimal taxLiable:bool taxAreaId:guid taxAreaDisplayName taxRegistrationNumber currencyId:guid currencyCode paymentTermsId:guid shipmentMethodId:guid paymentMethodId:guid blocked lastModifiedDateTime:datetime',
    ),
    writable: ['number', 'displayName', 'type', 'addressLine1', 'addressLine2', 'city', 'state', 'country', 'postalCode', 'phoneNumber', 'email', 'website', 'salespersonCode', 'creditLimit', 'taxLiable', 'taxRegistrationNumber', 'currencyCode', 'blocked'],
    required: [['displayName']],
    defaultOrder: 'number',
  },
  {
    name: 'vendors',
    typeName: 'vendor',
    api: STANDARD_API,
    fields: fields(
      'id:guid number displayName addressLine1 addressLine2 city state country postalCode phoneNumber email website taxRegistrationNumber currencyId:guid currencyCode irs1099Code paymentTermsId:guid paymentMethodId:guid taxLiable:bool blocked balance:decimal lastModifiedDateTime:datetime',
    ),
    writable: ['number', 'displayName', 'addressLine1', 'addressLine2', 'city', 'state', 'country', 'postalCode', 'phoneNumber', 'email', 'website', 'taxRegistrationNumber', 'currencyCode', 'taxLiable', 'blocked'],
    required: [['displayName']],
    defaultOrder: 'number',
  },
  {
    name: 'locations',
    typeName: 'location',
    api: STANDARD_API,
    fields: fields('id:guid code displayName contact addressLine1 addressLine2 city state country postalCode phoneNumber email website lastModifiedDateTime:datetime'),
    writable: [],
    required: [],
    defaultOrder: 'code',
  },
  {
    name: 'salesOrders',
    typeName: 'salesOrder',
    api: STANDARD_API,
    fields: fields(
      `id:guid number externalDocumentNumber orderDate:date postingDate:date customerId:guid customerNumber customerName billToName billToCustomerId:guid billToCustomerNumber shipToName shipToContact ${ADDRESS('sellTo')} ${ADDRESS('billTo')} ${ADDRESS('shipTo')} shortcutDimension1Code shortcutDimension2Code currencyId:guid currencyCode pricesIncludeTax:bool paymentTermsId:guid shipmentMethodId:guid salesperson partialShipping:bool requestedDeliveryDate:date discountAmount:decimal discountAppliedBeforeTax:bool totalAmountExcludingTax:decimal totalTaxAmount:decimal totalAmountIncludingTax:decimal fullyShipped:bool status lastModifiedDateTime:datetime phoneNumber email`,
    ),
    writable: ['externalDocumentNumber', 'orderDate', 'postingDate', 'customerId', 'customerNumber', 'shipToName', 'shipToContact', ...ADDRESS('shipTo').split(' '), 'salesperson', 'partialShipping', 'requestedDeliveryDate', 'phoneNumber', 'email'],
    required: [['customerId', 'customerNumber']],
    lines: 'salesOrderLines',
    defaultOrder: 'number',
  },
  {
    name: 'salesOrderLines',
    typeName: 'salesOrderLine',
    api: STANDARD_API,
    fields: fields(`${DOCUMENT_LINE} unitPrice:decimal shipmentDate:date shippedQuantity:decimal invoicedQuantity:decimal invoiceQuantity:decimal shipQuantity:decimal`),
    writable: [...LINE_WRITABLE, 'unitPrice', 'shipmentDate'],
    required: [['itemId', 'lineObjectNumber'], ['quantity']],
    documents: 'salesOrders',
    defaultOrder: 'sequence',
  },
  {
    name: 'salesInvoices',
    typeName: 'salesInvoice',
    api: STANDARD_API,
    fields: fields(
      `id:guid number externalDocumentNumber invoiceDate:date postingDate:date dueDate:date customerPurchaseOrderReference customerId:guid customerNumber customerName billToName billToCustomerId:guid billToCustomerNumber shipToName shipToContact ${ADDRESS('sellTo')} ${ADDRESS('billTo')} ${ADDRESS('shipTo')} currencyId:guid shortcutDimension1Code shortcutDimension2Code currencyCode orderId:guid orderNumber paymentTermsId:guid shipmentMethodId:guid salesperson pricesIncludeTax:bool remainingAmount:decimal discountAmount:decimal discountAppliedBeforeTax:bool totalAmountExcludingTax:decimal totalTaxAmount:decimal totalAmountIncludingTax:decimal status lastModifiedDateTime:datetime phoneNumber email`,
    ),
    writable: ['externalDocumentNumber', 'invoiceDate', 'postingDate', 'dueDate', 'customerPurchaseOrderReference', 'customerId', 'customerNumber', 'shipToName', 'shipToContact', ...ADDRESS('shipTo').split(' '), 'salesperson', 'phoneNumber', 'email'],
    required: [['customerId', 'customerNumber']],
    lines: 'salesInvoiceLines',
    defaultOrder: 'number',
  },
  {
    name: 'salesInvoiceLines',
    typeName: 'salesInvoiceLine',
    api: STANDARD_API,
    fields: fields(`${DOCUMENT_LINE} unitPrice:decimal shipmentDate:date`),
    writable: [...LINE_WRITABLE, 'unitPrice', 'shipmentDate'],
    required: [['itemId', 'lineObjectNumber'], ['quantity']],
    documents: 'salesInvoices',
    defaultOrder: 'sequence',
  },
  {
    name: 'salesCreditMemos',
    typeName: 'salesCreditMemo',
    api: STANDARD_API,
    fields: fields(
      `id:guid number externalDocumentNumber creditMemoDate:date postingDate:date dueDate:date customerId:guid customerNumber customerName billToName billToCustomerId:guid billToCustomerNumber ${ADDRESS('sellTo')} ${ADDRESS('billTo')} currencyId:guid shortcutDimension1Code shortcutDimension2Code currencyCode paymentTermsId:guid salesperson pricesIncludeTax:bool invoiceId:guid invoiceNumber discountAmount:decimal discountAppliedBeforeTax:bool totalAmountExcludingTax:decimal totalTaxAmount:decimal totalAmountIncludingTax:decimal status lastModifiedDateTime:datetime phoneNumber email`,
    ),
    writable: ['externalDocumentNumber', 'creditMemoDate', 'postingDate', 'dueDate', 'customerId', 'customerNumber', 'invoiceNumber', 'salesperson', 'phoneNumber', 'email'],
    required: [['customerId', 'customerNumber']],
    lines: 'salesCreditMemoLines',
    defaultOrder: 'number',
  },
  {
    name: 'salesCreditMemoLines',
    typeName: 'salesCreditMemoLine',
    api: STANDARD_API,
    fields: fields(`${DOCUMENT_LINE} unitPrice:decimal shipmentDate:date`),
    writable: [...LINE_WRITABLE, 'unitPrice', 'shipmentDate'],
    required: [['itemId', 'lineObjectNumber'], ['quantity']],
    documents: 'salesCreditMemos',
    defaultOrder: 'sequence',
  },
  {
    name: 'purchaseOrders',
    typeName: 'purchaseOrder',
    api: STANDARD_API,
    fields: fields(
      `id:guid number orderDate:date postingDate:date vendorId:guid vendorNumber vendorName payToName payToVendorId:guid payToVendorNumber shipToName shipToContact ${ADDRESS('buyFrom')} ${ADDRESS('payTo')} ${ADDRESS('shipTo')} shortcutDimension1Code shortcutDimension2Code currencyId:guid currencyCode pricesIncludeTax:bool paymentTermsId:guid shipmentMethodId:guid purchaser requestedReceiptDate:date discountAmount:decimal discountAppliedBeforeTax:bool totalAmountExcludingTax:decimal totalTaxAmount:decimal totalAmountIncludingTax:decimal fullyReceived:bool status lastModifiedDateTime:datetime`,
    ),
    writable: ['orderDate', 'postingDate', 'vendorId', 'vendorNumber', 'shipToName', 'shipToContact', ...ADDRESS('shipTo').split(' '), 'purchaser', 'requestedReceiptDate'],
    required: [['vendorId', 'vendorNumber']],
    lines: 'purchaseOrderLines',
    defaultOrder: 'number',
  },
  {
    name: 'purchaseOrderLines',
    typeName: 'purchaseOrderLine',
    api: STANDARD_API,
    fields: fields(`${DOCUMENT_LINE} directUnitCost:decimal expectedReceiptDate:date receivedQuantity:decimal invoicedQuantity:decimal invoiceQuantity:decimal receiveQuantity:decimal`),
    writable: [...LINE_WRITABLE, 'directUnitCost', 'expectedReceiptDate'],
    required: [['itemId', 'lineObjectNumber'], ['quantity']],
    documents: 'purchaseOrders',
    defaultOrder: 'sequence',
  },
  {
    name: 'purchaseReceipts',
    typeName: 'purchaseReceipt',
    api: STANDARD_API,
    fields: fields(
      `id:guid number invoiceDate:date postingDate:date dueDate:date vendorNumber vendorName payToName payToContact payToVendorNumber shipToName shipToContact ${ADDRESS('buyFrom')} ${ADDRESS('payTo')} ${ADDRESS('shipTo')} currencyCode lastModifiedDateTime:datetime`,
    ),
    writable: [],
    required: [],
    lines: 'purchaseReceiptLines',
    defaultOrder: 'number',
  },
  {
    name: 'purchaseReceiptLines',
    typeName: 'purchaseReceiptLine',
    api: STANDARD_API,
    fields: fields('id:guid documentId:guid sequence:int lineType lineObjectNumber description description2 unitOfMeasureCode unitCost:decimal quantity:decimal discountPercent:decimal taxPercent:decimal expectedReceiptDate:date'),
    writable: [],
    required: [],
    documents: 'purchaseReceipts',
    defaultOrder: 'sequence',
  },
  {
    name: 'purchaseInvoices',
    typeName: 'purchaseInvoice',
    api: STANDARD_API,
    fields: fields(
      `id:guid number invoiceDate:date postingDate:date dueDate:date vendorInvoiceNumber vendorId:guid vendorNumber vendorName payToName payToContact payToVendorId:guid payToVendorNumber shipToName shipToContact ${ADDRESS('buyFrom')} ${ADDRESS('payTo')} ${ADDRESS('shipTo')} currencyId:guid currencyCode orderId:guid orderNumber pricesIncludeTax:bool discountAmount:decimal discountAppliedBeforeTax:bool totalAmountExcludingTax:decimal totalTaxAmount:decimal totalAmountIncludingTax:decimal status lastModifiedDateTime:datetime`,
    ),
    writable: ['invoiceDate', 'postingDate', 'dueDate', 'vendorInvoiceNumber', 'vendorId', 'vendorNumber', 'shipToName', 'shipToContact'],
    required: [['vendorId', 'vendorNumber']],
    lines: 'purchaseInvoiceLines',
    defaultOrder: 'number',
  },
  {
    name: 'purchaseInvoiceLines',
    typeName: 'purchaseInvoiceLine',
    api: STANDARD_API,
    fields: fields(`${DOCUMENT_LINE} unitCost:decimal expectedReceiptDate:date`),
    writable: [...LINE_WRITABLE, 'unitCost', 'expectedReceiptDate'],
    required: [['itemId', 'lineObjectNumber'], ['quantity']],
    documents: 'purchaseInvoices',
    defaultOrder: 'sequence',
  },
  {
    name: 'itemLedgerEntries',
    typeName: 'itemLedgerEntry',
    api: STANDARD_API,
    fields: fields('id:guid entryNumber:int itemNumber postingDate:date entryType sourceNumber sourceType documentNumber documentType description quantity:decimal salesAmountActual:decimal costAmountActual:decimal lastModifiedDateTime:datetime'),
    writable: [],
    required: [],
    defaultOrder: 'entryNumber',
  },
  {
    name: 'itemReplenishment',
    typeName: 'itemReplenishment',
    api: CUSTOM_API,
    fields: fields('id:guid itemId:guid itemNumber vendorNumber vendorName leadTimeDays:int reorderPoint:decimal reorderQuantity:decimal safetyStock:decimal salesLast30Days:decimal lastModifiedDateTime:datetime'),
    writable: [],
    required: [],
    defaultOrder: 'itemNumber',
  },
];

/** Every entity set the sandbox serves, by API and name. */
export const ENTITIES: ReadonlyMap<string, EntityDefinition> = new Map(definitions.map((definition) => [`${definition.api}/${definition.name}`, definition]));

/** The definition of an entity set of an API, if the API has it. */
export function entity(api: string, name: string): EntityDefinition | undefined {
  return ENTITIES.get(`${api}/${name}`);
}

/** The definition of a set the sandbox itself refers to (always present). */
export function known(name: string): EntityDefinition {
  const found = [...ENTITIES.values()].find((definition) => definition.name === name);
  if (!found) throw new Error(`no entity set ${name}`);
  return found;
}

/** The empty value Business Central writes for a type: '', 0, false, the zero date and GUID. */
export function emptyValue(type: FieldType): BcValue {
  switch (type) {
    case 'decimal':
    case 'int':
      return 0;
    case 'bool':
      return false;
    case 'date':
      return '0001-01-01';
    case 'datetime':
      return '0001-01-01T00:00:00Z';
    case 'guid':
      return '00000000-0000-0000-0000-000000000000';
    default:
      return '';
  }
}

/** A record of a set with every field empty. */
export function blank(definition: EntityDefinition): Record<string, BcValue> {
  return Object.fromEntries(Object.entries(definition.fields).map(([name, type]) => [name, emptyValue(type)]));
}
