/**
 * The demo distributor's master data, shared by every imitated system: Contoso Distribution sells
 * packaging, janitorial, breakroom, office and safety supplies from two warehouses, online
 * (Shopify) and to business customers (Business Central), and ships through a 3PL (ShipStation).
 */

/** A vendor and the lead time it quotes, in days. */
export interface VendorSeed {
  readonly number: string;
  readonly name: string;
  readonly leadTimeDays: number;
  readonly city: string;
  readonly state: string;
  readonly postalCode: string;
  readonly email: string;
}

export const VENDORS: readonly VendorSeed[] = [
  { number: 'V1000', name: 'Fabrikam Packaging Co.', leadTimeDays: 7, city: 'Columbus', state: 'OH', postalCode: '43215', email: 'orders@fabrikam.example' },
  { number: 'V2000', name: 'Litware Janitorial Supply', leadTimeDays: 10, city: 'Atlanta', state: 'GA', postalCode: '30303', email: 'sales@litware.example' },
  { number: 'V3000', name: 'Tailspin Paper Mills', leadTimeDays: 14, city: 'Green Bay', state: 'WI', postalCode: '54301', email: 'ar@tailspin.example' },
  { number: 'V4000', name: 'Wide World Importers', leadTimeDays: 35, city: 'Long Beach', state: 'CA', postalCode: '90802', email: 'trade@wideworld.example' },
  { number: 'V5000', name: 'Proseware Safety Products', leadTimeDays: 5, city: 'Dallas', state: 'TX', postalCode: '75201', email: 'orders@proseware.example' },
  { number: 'V6000', name: 'Adventure Works Breakroom', leadTimeDays: 21, city: 'Portland', state: 'OR', postalCode: '97204', email: 'b2b@adventure-works.example' },
];

/**
 * A product. `coverDays` fixes how many days of sales the seeded stock covers for the products a
 * scenario relies on (a stockout risk, an out-of-stock item); the others get a seeded figure.
 */
export interface ProductSeed {
  readonly sku: string;
  readonly title: string;
  readonly category: 'Packaging' | 'Janitorial' | 'Breakroom' | 'Office' | 'Safety';
  readonly vendor: string;
  readonly price: number;
  readonly cost: number;
  /** Average units sold per day over the last 30 days. */
  readonly dailySales: number;
  readonly grams: number;
  readonly coverDays?: number;
}

export const PRODUCTS: readonly ProductSeed[] = [
  { sku: 'PK-1001', title: 'Corrugated Box 12x12x12 (25 pack)', category: 'Packaging', vendor: 'V1000', price: 38.5, cost: 21.4, dailySales: 14, grams: 5200 },
  { sku: 'PK-1002', title: 'Corrugated Box 18x12x6 (25 pack)', category: 'Packaging', vendor: 'V1000', price: 34.9, cost: 19.1, dailySales: 11, grams: 4300 },
  { sku: 'PK-1003', title: 'Stretch Wrap Film 18in x 1500ft', category: 'Packaging', vendor: 'V1000', price: 29.95, cost: 16.2, dailySales: 9, grams: 2700, coverDays: 0 },
  { sku: 'PK-1004', title: 'Packing Tape 2in Clear (36 rolls)', category: 'Packaging', vendor: 'V1000', price: 54.0, cost: 30.8, dailySales: 8, grams: 6100 },
  { sku: 'PK-1005', title: 'Bubble Cushioning Roll 12in x 175ft', category: 'Packaging', vendor: 'V1000', price: 42.75, cost: 23.9, dailySales: 5, grams: 3400 },
  { sku: 'PK-1006', title: 'Kraft Void Fill Paper 15in x 1000ft', category: 'Packaging', vendor: 'V3000', price: 61.2, cost: 35.5, dailySales: 4, grams: 9800 },
  { sku: 'PK-1007', title: 'Poly Mailer 10x13 (250 pack)', category: 'Packaging', vendor: 'V1000', price: 44.5, cost: 22.6, dailySales: 12, grams: 3900 },
  { sku: 'PK-1008', title: 'Shipping Labels 4x6 Thermal (500 roll)', category: 'Packaging', vendor: 'V3000', price: 18.9, cost: 8.7, dailySales: 16, grams: 1100 },
  { sku: 'JN-2001', title: 'Nitrile Gloves Large (100 box)', category: 'Janitorial', vendor: 'V2000', price: 14.25, cost: 7.9, dailySales: 22, grams: 650 },
  { sku: 'JN-2002', title: 'Trash Liners 55gal Heavy Duty (100 case)', category: 'Janitorial', vendor: 'V2000', price: 48.0, cost: 27.3, dailySales: 7, grams: 8900 },
  { sku: 'JN-2003', title: 'Disinfectant Concentrate 1gal', category: 'Janitorial', vendor: 'V2000', price: 23.5, cost: 11.8, dailySales: 10, grams: 4100 },
  { sku: 'JN-2004', title: 'Paper Towel Roll Hardwound (6 case)', category: 'Janitorial', vendor: 'V3000', price: 52.8, cost: 31.0, dailySales: 15, grams: 9400, coverDays: 3 },
  { sku: 'JN-2005', title: 'Microfiber Cloths 16in (24 pack)', category: 'Janitorial', vendor: 'V2000', price: 19.99, cost: 9.4, dailySales: 6, grams: 900 },
  { sku: 'JN-2006', title: 'Foaming Hand Soap Refill 1200ml', category: 'Janitorial', vendor: 'V2000', price: 17.4, cost: 8.1, dailySales: 9, grams: 1350 },
  { sku: 'JN-2007', title: 'Wet Mop Head Looped Large', category: 'Janitorial', vendor: 'V2000', price: 11.5, cost: 5.2, dailySales: 3, grams: 520 },
  { sku: 'JN-2008', title: 'Toilet Tissue 2-ply (80 case)', category: 'Janitorial', vendor: 'V3000', price: 68.0, cost: 41.5, dailySales: 8, grams: 11200 },
  { sku: 'BR-6001', title: 'Ground Coffee Medium Roast 5lb', category: 'Breakroom', vendor: 'V6000', price: 46.0, cost: 27.9, dailySales: 6, grams: 2300 },
  { sku: 'BR-6002', title: 'Paper Cups 12oz Hot (1000 case)', category: 'Breakroom', vendor: 'V6000', price: 72.5, cost: 44.0, dailySales: 5, grams: 7300, coverDays: 12 },
  { sku: 'BR-6003', title: 'Stir Sticks Wooden 7in (1000 box)', category: 'Breakroom', vendor: 'V6000', price: 6.8, cost: 2.9, dailySales: 7, grams: 900 },
  { sku: 'BR-6004', title: 'Creamer Singles (400 case)', category: 'Breakroom', vendor: 'V6000', price: 31.0, cost: 18.6, dailySales: 4, grams: 4200 },
  { sku: 'BR-6005', title: 'Compostable Cutlery Kit (250 case)', category: 'Breakroom', vendor: 'V4000', price: 39.9, cost: 20.5, dailySales: 3, grams: 3100 },
  { sku: 'BR-6006', title: 'Bottled Water 16.9oz (24 case)', category: 'Breakroom', vendor: 'V6000', price: 8.5, cost: 4.6, dailySales: 18, grams: 10800 },
  { sku: 'BR-6007', title: 'Napkins Dinner 2-ply (3000 case)', category: 'Breakroom', vendor: 'V3000', price: 57.0, cost: 33.2, dailySales: 4, grams: 8600 },
  { sku: 'BR-6008', title: 'Tea Assortment (100 bags)', category: 'Breakroom', vendor: 'V4000', price: 21.0, cost: 10.9, dailySales: 2, grams: 450 },
  { sku: 'OF-4001', title: 'Copy Paper Letter 20lb (10 ream case)', category: 'Office', vendor: 'V3000', price: 49.5, cost: 33.8, dailySales: 20, grams: 22700 },
  { sku: 'OF-4002', title: 'Ballpoint Pens Blue (60 pack)', category: 'Office', vendor: 'V4000', price: 12.99, cost: 5.6, dailySales: 6, grams: 700 },
  { sku: 'OF-4003', title: 'Sticky Notes 3x3 (24 pads)', category: 'Office', vendor: 'V4000', price: 15.75, cost: 7.2, dailySales: 5, grams: 1400 },
  { sku: 'OF-4004', title: 'File Folders Letter (100 box)', category: 'Office', vendor: 'V3000', price: 16.4, cost: 8.8, dailySales: 3, grams: 2300 },
  { sku: 'OF-4005', title: 'Desk Organizer Mesh Black', category: 'Office', vendor: 'V4000', price: 24.0, cost: 11.3, dailySales: 1, grams: 1200, coverDays: 200 },
  { sku: 'OF-4006', title: 'Toner Cartridge 58A Compatible', category: 'Office', vendor: 'V4000', price: 64.0, cost: 36.5, dailySales: 2, grams: 1500 },
  { sku: 'OF-4007', title: 'Binder Clips Medium (144 pack)', category: 'Office', vendor: 'V4000', price: 9.6, cost: 4.1, dailySales: 3, grams: 950 },
  { sku: 'OF-4008', title: 'Whiteboard Markers Assorted (12 pack)', category: 'Office', vendor: 'V4000', price: 13.2, cost: 6.0, dailySales: 2, grams: 400 },
  { sku: 'SF-5001', title: 'Safety Glasses Clear Anti-fog', category: 'Safety', vendor: 'V5000', price: 7.95, cost: 3.4, dailySales: 8, grams: 60 },
  { sku: 'SF-5002', title: 'Hi-Vis Safety Vest Class 2 (L)', category: 'Safety', vendor: 'V5000', price: 9.5, cost: 4.2, dailySales: 5, grams: 180 },
  { sku: 'SF-5003', title: 'First Aid Kit 50-person', category: 'Safety', vendor: 'V5000', price: 58.0, cost: 32.0, dailySales: 2, grams: 2100 },
  { sku: 'SF-5004', title: 'Ear Plugs Foam (200 pairs)', category: 'Safety', vendor: 'V5000', price: 26.5, cost: 12.7, dailySales: 3, grams: 800 },
  { sku: 'SF-5005', title: 'Cut-Resistant Gloves A4 (12 pairs)', category: 'Safety', vendor: 'V5000', price: 44.0, cost: 24.5, dailySales: 4, grams: 1300 },
  { sku: 'SF-5006', title: 'Spill Kit Universal 20gal', category: 'Safety', vendor: 'V5000', price: 119.0, cost: 71.0, dailySales: 1, grams: 9900 },
  { sku: 'SF-5007', title: 'Dust Masks N95 (20 box)', category: 'Safety', vendor: 'V5000', price: 29.0, cost: 15.8, dailySales: 6, grams: 500 },
  { sku: 'SF-5008', title: 'Wet Floor Sign Bilingual', category: 'Safety', vendor: 'V2000', price: 18.0, cost: 8.9, dailySales: 1, grams: 1600 },
];

/** A warehouse: a Shopify location and a Business Central location code. */
export interface LocationSeed {
  readonly code: string;
  readonly name: string;
  readonly address1: string;
  readonly city: string;
  readonly province: string;
  readonly provinceCode: string;
  readonly zip: string;
  /** Share of each product's stock kept here. */
  readonly stockShare: number;
}

export const LOCATIONS: readonly LocationSeed[] = [
  { code: 'MAIN', name: 'Main Warehouse', address1: '4400 Industrial Way', city: 'Redmond', province: 'Washington', provinceCode: 'WA', zip: '98052', stockShare: 0.65 },
  { code: 'EAST', name: 'East Coast DC', address1: '120 Port Newark Blvd', city: 'Newark', province: 'New Jersey', provinceCode: 'NJ', zip: '07114', stockShare: 0.35 },
];

/** A business customer of the ERP. */
export interface BusinessCustomerSeed {
  readonly number: string;
  readonly name: string;
  readonly city: string;
  readonly state: string;
  readonly postalCode: string;
  readonly creditLimit: number;
}

export const BUSINESS_CUSTOMERS: readonly BusinessCustomerSeed[] = [
  { number: 'C10000', name: 'Adatum Corporation', city: 'Seattle', state: 'WA', postalCode: '98101', creditLimit: 25000 },
  { number: 'C20000', name: 'Trey Research', city: 'Boston', state: 'MA', postalCode: '02110', creditLimit: 15000 },
  { number: 'C30000', name: 'Alpine Ski House', city: 'Denver', state: 'CO', postalCode: '80202', creditLimit: 10000 },
  { number: 'C40000', name: 'Coho Winery', city: 'Napa', state: 'CA', postalCode: '94559', creditLimit: 8000 },
  { number: 'C50000', name: 'Fourth Coffee', city: 'Chicago', state: 'IL', postalCode: '60601', creditLimit: 12000 },
  { number: 'C60000', name: 'Graphic Design Institute', city: 'Austin', state: 'TX', postalCode: '78701', creditLimit: 5000 },
  { number: 'C70000', name: 'Lamna Healthcare', city: 'Minneapolis', state: 'MN', postalCode: '55401', creditLimit: 30000 },
  { number: 'C80000', name: 'Relecloud', city: 'San Jose', state: 'CA', postalCode: '95113', creditLimit: 20000 },
  { number: 'C90000', name: 'Woodgrove Bank', city: 'New York', state: 'NY', postalCode: '10005', creditLimit: 40000 },
  { number: 'C95000', name: "Margie's Travel", city: 'Miami', state: 'FL', postalCode: '33131', creditLimit: 6000 },
];

export const FIRST_NAMES = ['Avery', 'Jordan', 'Priya', 'Mateo', 'Chen', 'Fatima', 'Liam', 'Sofia', 'Noah', 'Amara', 'Ethan', 'Yuki', 'Grace', 'Omar', 'Lucia', 'Daniel', 'Hana', 'Marcus', 'Elena', 'Kwame', 'Isla', 'Ravi', 'Zoe', 'Diego', 'Nina'] as const;
export const LAST_NAMES = ['Patel', 'Nguyen', 'Garcia', 'Johnson', 'Kim', 'Okafor', 'Rossi', 'Schmidt', 'Haddad', 'Lopez', 'Walker', 'Tanaka', 'Murphy', 'Silva', 'Novak', 'Brooks', 'Ali', 'Hughes', 'Fischer', 'Mensah', 'Reyes', 'Clarke', 'Ivanova', 'Bennett', 'Costa'] as const;

/** A real-looking US address (streets invented, cities and ZIP codes consistent). */
export interface AddressSeed {
  readonly address1: string;
  readonly city: string;
  readonly province: string;
  readonly provinceCode: string;
  readonly zip: string;
}

export const ADDRESSES: readonly AddressSeed[] = [
  { address1: '1425 Pine Street', city: 'Seattle', province: 'Washington', provinceCode: 'WA', zip: '98101' },
  { address1: '88 Beacon Street', city: 'Boston', province: 'Massachusetts', provinceCode: 'MA', zip: '02108' },
  { address1: '2201 Larimer Street', city: 'Denver', province: 'Colorado', provinceCode: 'CO', zip: '80205' },
  { address1: '742 Evergreen Avenue', city: 'Portland', province: 'Oregon', provinceCode: 'OR', zip: '97205' },
  { address1: '310 Congress Avenue', city: 'Austin', province: 'Texas', provinceCode: 'TX', zip: '78701' },
  { address1: '55 West Wacker Drive', city: 'Chicago', province: 'Illinois', provinceCode: 'IL', zip: '60601' },
  { address1: '1600 Peachtree Road', city: 'Atlanta', province: 'Georgia', provinceCode: 'GA', zip: '30309' },
  { address1: '901 Market Street', city: 'San Francisco', province: 'California', provinceCode: 'CA', zip: '94103' },
  { address1: '12 Water Street', city: 'New York', province: 'New York', provinceCode: 'NY', zip: '10004' },
  { address1: '400 Nicollet Mall', city: 'Minneapolis', province: 'Minnesota', provinceCode: 'MN', zip: '55401' },
  { address1: '250 Brickell Avenue', city: 'Miami', province: 'Florida', provinceCode: 'FL', zip: '33131' },
  { address1: '77 Fremont Street', city: 'Phoenix', province: 'Arizona', provinceCode: 'AZ', zip: '85004' },
];
