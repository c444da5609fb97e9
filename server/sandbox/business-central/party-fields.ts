import { LOCATIONS } from '../seed/catalog.js';
import type { BcRow } from './bc-types.js';
import type { BcValue } from './entities.js';

/**
 * The customer (sales) or vendor (purchase) fields of a document, copied from the party as
 * Business Central does when a document's customer or vendor is set; purchases ship to the main
 * warehouse.
 */
export function partyFields(party: BcRow, side: 'sales' | 'purchase'): Record<string, BcValue> {
  const data = party.data;
  const address = (prefix: string): Record<string, BcValue> => ({
    [`${prefix}AddressLine1`]: data.addressLine1 as string,
    [`${prefix}AddressLine2`]: data.addressLine2 as string,
    [`${prefix}City`]: data.city as string,
    [`${prefix}State`]: data.state as string,
    [`${prefix}Country`]: data.country as string,
    [`${prefix}PostCode`]: data.postalCode as string,
  });
  if (side === 'sales') {
    return {
      customerId: data.id as string,
      customerNumber: data.number as string,
      customerName: data.displayName as string,
      billToName: data.displayName as string,
      billToCustomerId: data.id as string,
      billToCustomerNumber: data.number as string,
      shipToName: data.displayName as string,
      ...address('sellTo'),
      ...address('billTo'),
      ...address('shipTo'),
      phoneNumber: data.phoneNumber as string,
      email: data.email as string,
    };
  }
  const warehouse = LOCATIONS[0] as (typeof LOCATIONS)[number];
  return {
    vendorId: data.id as string,
    vendorNumber: data.number as string,
    vendorName: data.displayName as string,
    payToName: data.displayName as string,
    payToVendorId: data.id as string,
    payToVendorNumber: data.number as string,
    shipToName: 'Contoso Distribution',
    ...address('buyFrom'),
    ...address('payTo'),
    shipToAddressLine1: warehouse.address1,
    shipToCity: warehouse.city,
    shipToState: warehouse.provinceCode,
    shipToCountry: 'US',
    shipToPostCode: warehouse.zip,
  };
}
