import { z } from 'zod';
import { expression, field } from '../../runtime/definition/index.js';
import { httpUrlProblem } from '../connector.http/spec.js';

/** The config fields every Shopify operation starts with: which shop, and the credential for it. */
export const shopifyConnectionFields = {
  shopUrl: field(
    z.string().refine((url) => httpUrlProblem(url) === undefined, { message: 'must be an absolute https URL such as https://contoso.myshopify.com' }),
    {
      label: 'Shop URL',
      widget: 'text',
      placeholder: 'https://contoso.myshopify.com',
      help: "The shop's address; the Admin API (2024-10) is under /admin/api/ there.",
    },
  ),
  credential: field(z.string().min(1), {
    label: 'Credential',
    widget: 'credential',
    credentialTypes: ['shopify'],
    help: "A Shopify credential: the Admin API access token of the shop's custom app.",
  }),
};

/** A Shopify id: digits, as a string or a number. */
export const shopifyId = z.union([z.string().regex(/^\d{1,20}$/, 'must be a numeric Shopify id'), z.number().int().positive()]);

/** The order a Shopify operation acts on: an id, usually taken from the input. */
export const orderIdField = expression(shopifyId, {
  label: 'Order id',
  widget: 'jsonLogic',
  help: 'The numeric id of the order (not its name such as #1001), e.g. {"var": "input.id"}.',
});
