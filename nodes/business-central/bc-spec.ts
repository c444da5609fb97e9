import { z } from 'zod';
import { expression, field, type NodeSpec } from '../../runtime/definition/index.js';
import { maxItemsField } from '../connector-kit/list-limit.js';
import { operationSpec } from '../connector-kit/operation-spec.js';
import { bcConnectionFields, recordIdField } from './connection-fields.js';

/** What differs between the list, get and create operations of the Business Central connector. */
interface BcOperation {
  readonly type: string;
  readonly title: string;
  readonly description: string;
}

/** The spec of a Business Central operation: in the palette's Business Central group, with the building icon. */
function bcSpec<Config extends z.ZodType>(operation: BcOperation, config: Config, sideEffects: boolean): NodeSpec<Config> {
  return operationSpec('Business Central', { ...operation, icon: 'building-2', config, sideEffects });
}

/** The config of every list operation: OData `$filter`, `$orderby` and the most records to collect. */
export const listConfig = z.strictObject({
  ...bcConnectionFields,
  filter: expression(z.string().max(2000), {
    label: 'Filter ($filter)',
    widget: 'text',
    placeholder: "number eq '1000' and inventory lt 10",
    help: "An OData $filter as Business Central takes it (eq, ne, lt, gt, le, ge, and, or, startswith, contains; text in single quotes); empty for all records.",
  }).default(''),
  orderBy: field(z.string().max(200).regex(/^[A-Za-z0-9_ ,]*$/, 'must be field names with asc or desc, separated by commas'), {
    label: 'Order by ($orderby)',
    widget: 'text',
    placeholder: 'lastModifiedDateTime desc',
  }).default(''),
  maxItems: maxItemsField('records', { label: 'Most records ($top)', note: 'Every page (@odata.nextLink) is followed.' }),
});

/** A list operation: `GET companies(<id>)/<set>` with OData options, every page followed; outputs `{ records, count, truncated }`. */
export function bcListSpec(operation: BcOperation): NodeSpec<typeof listConfig> {
  return bcSpec(operation, listConfig, false);
}

/** The config of a get operation of `noun` records; documents may read their lines too. */
export function getConfig(noun: string, lines?: string) {
  return z.strictObject({
    ...bcConnectionFields,
    id: recordIdField(noun),
    ...(lines === undefined ? {} : { withLines: field(z.boolean(), { label: 'With lines', widget: 'switch', help: `Read the ${lines} too ($expand).` }).default(true) }),
  });
}

/** A get operation: `GET companies(<id>)/<set>(<record id>)`; outputs the record. */
export function bcGetSpec<Config extends z.ZodType>(operation: BcOperation, config: Config): NodeSpec<Config> {
  return bcSpec(operation, config, false);
}

/** A line of a document to create: an item by number, a quantity, and optionally a price and a description. */
export const documentLine = (priceLabel: string) =>
  z.strictObject({
    itemNumber: z.string().min(1).max(20),
    quantity: z.number().positive(),
    price: z.number().min(0).optional().meta({ label: priceLabel }),
    description: z.string().max(100).optional(),
    locationId: z.string().optional(),
  });

/** A create operation of a document with its lines: the header, then each line; outputs the document with its lines. */
export function bcCreateSpec<Config extends z.ZodType>(operation: BcOperation, config: Config): NodeSpec<Config> {
  return bcSpec(operation, config, true);
}

/** The lines field of a create operation. */
export const linesField = (priceLabel: string) =>
  expression(z.array(documentLine(priceLabel)).min(1).max(200), {
    label: 'Lines',
    widget: 'jsonLogic',
    help: `A list of { itemNumber, quantity, price (${priceLabel.toLowerCase()}), description, locationId }: items by their number (the SKU).`,
  });

/** Other header fields Business Central takes on create, by their API names. */
export const moreFieldsField = expression(z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/), z.union([z.string(), z.number(), z.boolean()])), {
  label: 'More fields',
  widget: 'jsonLogic',
  help: 'Other fields of the header by their API v2.0 names, e.g. {"shipToName": "Contoso Newark"}.',
}).default({});
