import type { SandboxContext } from '../http-types.js';
import type { JsonObject } from '../request-body.js';
import { SandboxError } from '../sandbox-error.js';
import { isoDate } from '../seed/dates.js';
import type { BcRow, BcState } from './bc-types.js';
import { bodyChanges, caption, recordNotFound } from './bc-values.js';
import { computeLine, computeTotals, PRICE_FIELD } from './document-math.js';
import { blank, known, type BcValue, type EntityDefinition } from './entities.js';
import { etagOf } from './etag.js';
import { partyFields } from './party-fields.js';

/** Number series of the sets whose records get a number on create. */
const SERIES: Readonly<Record<string, { key: string; format: (n: number) => string }>> = {
  salesOrders: { key: 'S-ORD', format: (n) => `S-ORD${n}` },
  salesInvoices: { key: 'PS-INV', format: (n) => `PS-INV${n}` },
  salesCreditMemos: { key: 'PS-CR', format: (n) => `PS-CR${n}` },
  purchaseOrders: { key: 'PO', format: (n) => `PO-${n}` },
  purchaseInvoices: { key: 'PI', format: (n) => `PI-${n}` },
  customers: { key: 'C', format: (n) => `C${n}` },
  vendors: { key: 'V', format: (n) => `V${n}` },
  items: { key: 'ITEM', format: (n) => `ITEM-${String(n).padStart(4, '0')}` },
};

const INVOICES = new Set(['salesInvoices', 'salesCreditMemos', 'purchaseInvoices']);
const ORDERS = new Set(['salesOrders', 'purchaseOrders']);

/** The rows of a set (created empty on first use). */
export function table(state: BcState, set: string): BcRow[] {
  let rows = state.tables.get(set);
  if (!rows) {
    rows = [];
    state.tables.set(set, rows);
  }
  return rows;
}

/** Why a document cannot be changed now, in Business Central's words; undefined when it can. */
function lockedReason(definition: EntityDefinition, document: BcRow): string | undefined {
  const status = String(document.data.status);
  if (INVOICES.has(definition.name) && status !== 'Draft') return `The ${caption(definition)} ${String(document.data.number)} is posted (status ${status}) and cannot be changed.`;
  if (ORDERS.has(definition.name) && status === 'Released') {
    const header = definition.name === 'salesOrders' ? 'Sales Header' : 'Purchase Header';
    return `Status must be equal to 'Open'  in ${header}: Document Type=Order, No.=${String(document.data.number)}. Current value is 'Released'.`;
  }
  return undefined;
}

function assertEditable(definition: EntityDefinition, document: BcRow): void {
  const reason = lockedReason(definition, document);
  if (reason) throw new SandboxError(400, reason, undefined, 'Internal_TestFieldError');
}

function touch(context: SandboxContext, row: BcRow): void {
  row.version += 1;
  if ('lastModifiedDateTime' in row.data) row.data.lastModifiedDateTime = context.now().toISOString();
}

/** Finds the customer or vendor a document names by id or number; both must agree when both are given. */
function party(state: BcState, set: 'customers' | 'vendors', id: BcValue | undefined, number: BcValue | undefined): BcRow {
  const definition = known(set);
  const rows = table(state, set);
  const byId = id === undefined ? undefined : rows.find((row) => row.data.id === id);
  if (id !== undefined && !byId) throw recordNotFound(definition, `Id='${String(id)}'`);
  const byNumber = number === undefined ? undefined : rows.find((row) => String(row.data.number).toLowerCase() === String(number).toLowerCase());
  if (number !== undefined && !byNumber) throw recordNotFound(definition, `No.='${String(number)}'`);
  if (byId && byNumber && byId !== byNumber) throw new SandboxError(400, `The ${set === 'customers' ? 'customerId' : 'vendorId'} and ${set === 'customers' ? 'customerNumber' : 'vendorNumber'} name different ${set}.`, undefined, 'BadRequest');
  return (byId ?? byNumber) as BcRow;
}

/** Applies a document header's party change (customer or vendor), copying its fields. */
function applyParty(state: BcState, definition: EntityDefinition, data: Record<string, BcValue>, changes: Record<string, BcValue>): void {
  const sales = definition.name.startsWith('sales');
  const idField = sales ? 'customerId' : 'vendorId';
  const numberField = sales ? 'customerNumber' : 'vendorNumber';
  if (changes[idField] === undefined && changes[numberField] === undefined) return;
  const found = party(state, sales ? 'customers' : 'vendors', changes[idField], changes[numberField]);
  Object.assign(data, partyFields(found, sales ? 'sales' : 'purchase'));
}

/** Sets a line's item, description, price, tax and amounts from its item and quantity. */
function prepareLine(state: BcState, definition: EntityDefinition, data: Record<string, BcValue>, changes: Record<string, BcValue>, creating: boolean): void {
  const priceField = PRICE_FIELD[definition.name] ?? 'unitPrice';
  if (changes.lineType !== undefined && changes.lineType !== 'Item') throw new SandboxError(400, `The sandbox supports lines of type 'Item' only, not '${String(changes.lineType)}'.`, undefined, 'BadRequest');
  if (changes.itemId !== undefined || changes.lineObjectNumber !== undefined) {
    const items = table(state, 'items');
    const byId = changes.itemId === undefined ? undefined : items.find((row) => row.data.id === changes.itemId);
    if (changes.itemId !== undefined && !byId) throw recordNotFound(known('items'), `Id='${String(changes.itemId)}'`);
    const byNumber = changes.lineObjectNumber === undefined ? undefined : items.find((row) => String(row.data.number).toLowerCase() === String(changes.lineObjectNumber).toLowerCase());
    if (changes.lineObjectNumber !== undefined && !byNumber) throw recordNotFound(known('items'), `No.='${String(changes.lineObjectNumber)}'`);
    if (byId && byNumber && byId !== byNumber) throw new SandboxError(400, 'The itemId and lineObjectNumber name different items.', undefined, 'BadRequest');
    const item = (byId ?? byNumber) as BcRow;
    Object.assign(data, { lineType: 'Item', itemId: item.data.id, lineObjectNumber: item.data.number, unitOfMeasureCode: item.data.baseUnitOfMeasureCode });
    if (changes.description === undefined) data.description = item.data.displayName as string;
    if (changes[priceField] === undefined) data[priceField] = definition.name.startsWith('purchase') ? (item.data.unitCost as number) : (item.data.unitPrice as number);
  }
  if (Number(data.quantity) < 0) throw new SandboxError(400, 'Quantity must not be negative.', undefined, 'BadRequest');
  const done = Number(data.shippedQuantity ?? 0) + Number(data.receivedQuantity ?? 0);
  if (Number(data.quantity) < done) throw new SandboxError(400, `Quantity cannot be less than the ${definition.name === 'salesOrderLines' ? 'shipped' : 'received'} quantity of ${done}.`, undefined, 'Internal_TestFieldError');
  if (creating) {
    const purchase = definition.name.startsWith('purchase');
    Object.assign(data, { taxCode: purchase ? 'NONTAXABLE' : 'TAXABLE', taxPercent: purchase ? 0 : 8, discountAppliedBeforeTax: true });
  }
  if (definition.name === 'salesOrderLines') data.shipQuantity = Number(data.quantity) - Number(data.shippedQuantity);
  if (definition.name === 'purchaseOrderLines') data.receiveQuantity = Number(data.quantity) - Number(data.receivedQuantity);
  computeLine(data, priceField);
}

/** Recomputes a document's totals from its lines. */
function settleDocument(context: SandboxContext, documentsSet: string, documentId: BcValue): void {
  const definition = known(documentsSet);
  const document = table(context.state.businessCentral, documentsSet).find((row) => row.data.id === documentId);
  if (!document || !definition.lines) return;
  const lines = table(context.state.businessCentral, definition.lines).filter((row) => row.data.documentId === documentId);
  computeTotals(document.data, lines.map((line) => line.data));
  touch(context, document);
}

/**
 * `POST`: creates a record from a checked body (numbers from the set's series, a document's
 * customer or vendor fields copied, a line's item, price and amounts filled in, its document's
 * totals updated). `document` is the document of a nested lines request.
 */
export function createRecord(context: SandboxContext, definition: EntityDefinition, body: JsonObject, document?: BcRow): BcRow {
  const state = context.state.businessCentral;
  const isLines = definition.documents !== undefined;
  const changes = bodyChanges(body, definition, isLines && !document ? ['documentId'] : []);
  for (const group of definition.required) {
    if (!group.some((field) => changes[field] !== undefined)) throw new SandboxError(400, `You must specify ${group.join(' or ')} to create a ${definition.typeName}.`, undefined, 'BadRequest');
  }
  const data: Record<string, BcValue> = { ...blank(definition), id: context.state.prng.guid() };
  if (isLines) {
    const documentsDefinition = known(definition.documents);
    const parent = document ?? table(state, documentsDefinition.name).find((row) => row.data.id === changes.documentId);
    if (!parent) throw recordNotFound(documentsDefinition, `Id='${String(changes.documentId ?? '')}'`);
    assertEditable(documentsDefinition, parent);
    const siblings = table(state, definition.name).filter((row) => row.data.documentId === parent.data.id);
    Object.assign(data, changes, { documentId: parent.data.id, sequence: Math.max(0, ...siblings.map((row) => Number(row.data.sequence))) + 10_000 });
    prepareLine(state, definition, data, changes, true);
  } else {
    Object.assign(data, changes);
    const series = SERIES[definition.name];
    if (series && changes.number === undefined) {
      state.numberSeries[series.key] = (state.numberSeries[series.key] ?? 0) + 1;
      data.number = series.format(state.numberSeries[series.key] as number);
    }
    if (table(state, definition.name).some((row) => String(row.data.number).toLowerCase() === String(data.number).toLowerCase())) {
      throw new SandboxError(400, `The ${caption(definition)} already exists. Identification fields and values: No.='${String(data.number)}'`, undefined, 'Internal_EntityWithSameKeyExists');
    }
    documentDefaults(context, definition, data, changes);
  }
  const row: BcRow = { data, version: 0 };
  touch(context, row);
  table(state, definition.name).push(row);
  if (isLines) settleDocument(context, definition.documents, data.documentId as string);
  return row;
}

function documentDefaults(context: SandboxContext, definition: EntityDefinition, data: Record<string, BcValue>, changes: Record<string, BcValue>): void {
  const today = isoDate(context.now());
  if (definition.name === 'items') Object.assign(data, { type: changes.type ?? 'Inventory', baseUnitOfMeasureCode: changes.baseUnitOfMeasureCode ?? 'CASE' });
  if (definition.name === 'customers' || definition.name === 'vendors') Object.assign(data, { currencyCode: changes.currencyCode ?? 'USD', blocked: changes.blocked ?? '_x0020_', country: changes.country ?? 'US' });
  if (definition.lines === undefined) return;
  applyParty(context.state.businessCentral, definition, data, changes);
  const dateField = definition.name.endsWith('Orders') ? 'orderDate' : 'invoiceDate';
  data[dateField] = (changes[dateField] as string | undefined) ?? today;
  data.postingDate = (changes.postingDate as string | undefined) ?? data[dateField];
  if (INVOICES.has(definition.name) && changes.dueDate === undefined) data.dueDate = isoDate(new Date(Date.parse(String(data[dateField])) + 30 * 86_400_000));
  Object.assign(data, { status: 'Draft', currencyCode: 'USD', discountAppliedBeforeTax: true });
}

/** Throws 400 without `If-Match`, 412 when it names another version than the record's current one (`*` matches any). */
export function checkIfMatch(row: BcRow, ifMatch: string | undefined): void {
  if (ifMatch === undefined || ifMatch.trim() === '') {
    throw new SandboxError(400, 'Could not validate the client concurrency token required by the service. Please provide a valid token in the client request.', undefined, 'BadRequest_InvalidToken');
  }
  if (ifMatch.trim() !== '*' && !ifMatch.split(',').some((tag) => tag.trim() === etagOf(row))) {
    throw new SandboxError(412, 'Another user has already changed the record. Read it again to get its current etag.', undefined, 'Request_EntityChanged');
  }
}

/** `PATCH` with `If-Match`: applies a checked body; a line's amounts and its document's totals follow. */
export function updateRecord(context: SandboxContext, definition: EntityDefinition, row: BcRow, body: JsonObject, ifMatch: string | undefined): BcRow {
  checkIfMatch(row, ifMatch);
  const state = context.state.businessCentral;
  const changes = bodyChanges(body, definition);
  if (definition.documents) {
    const parent = table(state, definition.documents).find((candidate) => candidate.data.id === row.data.documentId);
    if (parent) assertEditable(known(definition.documents), parent);
    const data = { ...row.data, ...changes };
    prepareLine(state, definition, data, changes, false);
    Object.assign(row.data, data);
    touch(context, row);
    settleDocument(context, definition.documents, row.data.documentId as string);
    return row;
  }
  if (definition.lines) assertEditable(definition, row);
  if (changes.number !== undefined && table(state, definition.name).some((other) => other !== row && String(other.data.number).toLowerCase() === String(changes.number).toLowerCase())) {
    throw new SandboxError(400, `The ${caption(definition)} already exists. Identification fields and values: No.='${String(changes.number)}'`, undefined, 'Internal_EntityWithSameKeyExists');
  }
  const data = { ...row.data, ...changes };
  if (definition.lines) applyParty(state, definition, data, changes);
  Object.assign(row.data, data);
  touch(context, row);
  return row;
}

/** Sets whose records point at a customer, vendor or item, and the field they use. */
const REFERENCES: Readonly<Record<string, readonly [string, string][]>> = {
  customers: [['salesOrders', 'customerId'], ['salesInvoices', 'customerId'], ['salesCreditMemos', 'customerId']],
  vendors: [['purchaseOrders', 'vendorId'], ['purchaseInvoices', 'vendorId']],
  items: [['salesOrderLines', 'itemId'], ['salesInvoiceLines', 'itemId'], ['salesCreditMemoLines', 'itemId'], ['purchaseOrderLines', 'itemId'], ['purchaseInvoiceLines', 'itemId']],
};

/** `DELETE` with `If-Match`: a document goes with its lines; a customer, vendor or item still referred to stays. */
export function deleteRecord(context: SandboxContext, definition: EntityDefinition, row: BcRow, ifMatch: string | undefined): void {
  checkIfMatch(row, ifMatch);
  const state = context.state.businessCentral;
  if (definition.lines) assertEditable(definition, row);
  if (definition.documents) {
    const parent = table(state, definition.documents).find((candidate) => candidate.data.id === row.data.documentId);
    if (parent) assertEditable(known(definition.documents), parent);
  }
  for (const [set, field] of REFERENCES[definition.name] ?? []) {
    if (table(state, set).some((other) => other.data[field] === row.data.id)) {
      throw new SandboxError(400, `You cannot delete ${caption(definition)} ${String(row.data.number)} because there is at least one ${caption(known(set))} that refers to it.`, undefined, 'Internal_TestFieldError');
    }
  }
  const rows = table(state, definition.name);
  rows.splice(rows.indexOf(row), 1);
  if (definition.lines) {
    const lines = table(state, definition.lines);
    for (let index = lines.length - 1; index >= 0; index--) if (lines[index]?.data.documentId === row.data.id) lines.splice(index, 1);
  }
  if (definition.documents) settleDocument(context, definition.documents, row.data.documentId as string);
}
