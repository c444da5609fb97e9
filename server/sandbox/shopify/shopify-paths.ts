import { DEMO_CREDENTIALS } from '../credentials.js';

/** Where the Shopify Admin REST API is served: a connection's shop URL is `<sandbox>/shopify`. */
export const SHOPIFY_PREFIX = '/shopify/';
export const SHOPIFY_API = `/shopify/admin/api/${DEMO_CREDENTIALS.shopify.apiVersion}`;
