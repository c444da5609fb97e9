import { z } from 'zod';
import { expression, field } from '../../runtime/definition/index.js';
import { httpUrlProblem } from '../connector.http/spec.js';

/** The config fields every ShipStation operation starts with: the API's address, and the credential for it. */
export const shipStationConnectionFields = {
  apiUrl: field(
    z.string().refine((url) => httpUrlProblem(url) === undefined, { message: 'must be an absolute URL such as https://ssapi.shipstation.com' }),
    {
      label: 'API URL',
      widget: 'text',
      placeholder: 'https://ssapi.shipstation.com',
      help: "ShipStation's API v1 address: https://ssapi.shipstation.com, or the sandbox's $SANDBOX/shipstation.",
    },
  ),
  credential: field(z.string().min(1), {
    label: 'Credential',
    widget: 'credential',
    help: 'A basic credential: the API key as user name and the API secret as password (ShipStation → Settings → Account → API Settings).',
  }),
};

/** A ShipStation id (orderId, shipmentId): digits, as a string or a number. */
export const shipStationId = z.union([z.string().regex(/^\d{1,18}$/, 'must be a numeric ShipStation id'), z.number().int().positive()]);

/** The ShipStation order an operation acts on, usually taken from the input. */
export const orderIdField = expression(shipStationId, {
  label: 'Order id',
  widget: 'jsonLogic',
  help: "ShipStation's numeric orderId (not the order number such as 1042), e.g. {\"var\": \"input.orderId\"}.",
});

/** The largest page ShipStation serves. */
export const MAX_PAGE_SIZE = 500;

/** How many items a list operation asks for per request. */
export const pageSizeField = field(z.number().int().min(1).max(MAX_PAGE_SIZE), {
  label: 'Page size',
  widget: 'number',
  help: `Items per request (at most ${MAX_PAGE_SIZE}); ShipStation allows 40 requests a minute, so larger pages reach the end sooner.`,
}).default(MAX_PAGE_SIZE);
