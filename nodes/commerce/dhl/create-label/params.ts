/** Params of `dhl.createLabel` and their German labels. */
import { z } from 'zod';
import { DHL_PRODUCTS, EXPORT_TYPES, PRINT_FORMATS, SHIPPING_CONDITIONS } from '../schema.js';

const opt = (title: string, description?: string) => z.string().optional().meta(description === undefined ? { title } : { title, description });

export const shipperParam = z.object({
  name1: z.string().min(1).meta({ title: 'Name', description: 'Company or person, line 1' }),
  name2: opt('Name line 2'),
  addressStreet: z.string().min(1).meta({ title: 'Street', description: 'May include the house number' }),
  addressHouse: opt('House number'),
  postalCode: z.string().min(1).meta({ title: 'Postal code' }),
  city: z.string().min(1).meta({ title: 'City' }),
  country: z.string().default('DEU').meta({ title: 'Country', description: 'ISO code, DE or DEU' }),
  email: opt('E-mail'),
  contactName: opt('Contact name'),
});

/** Every field overrides what the order gives; empty fields keep the order's value. */
export const consigneeParam = z.object({
  name1: opt('Name', 'Default: shippingAddress.name, else the customer\'s first and last name'),
  name2: opt('Name line 2'),
  name3: opt('Name line 3'),
  addressStreet: opt('Street', 'Default: shippingAddress.street'),
  addressHouse: opt('House number', 'Default: shippingAddress.houseNumber'),
  additionalAddressInformation1: opt('Address addition'),
  postalCode: opt('Postal code', 'Default: shippingAddress.postalCode'),
  city: opt('City', 'Default: shippingAddress.city'),
  state: opt('State'),
  country: opt('Country', 'ISO alpha-2 or alpha-3; default: shippingAddress.country'),
  email: opt('E-mail', 'Default (with notification on): customer.email'),
  phone: opt('Phone'),
  contactName: opt('Contact name'),
});

const servicesParam = z.object({
  preferredNeighbour: opt('Preferred neighbour'),
  preferredLocation: opt('Preferred location'),
  preferredDay: opt('Preferred day', 'yyyy-mm-dd'),
  visualCheckOfAge: z.enum(['A16', 'A18']).optional().meta({ title: 'Visual age check' }),
  namedPersonOnly: z.boolean().optional().meta({ title: 'Named person only' }),
  signedForByRecipient: z.boolean().optional().meta({ title: 'Signature of the recipient' }),
  noNeighbourDelivery: z.boolean().optional().meta({ title: 'No delivery to neighbours' }),
  bulkyGoods: z.boolean().optional().meta({ title: 'Bulky goods' }),
  premium: z.boolean().optional().meta({ title: 'Premium (international)' }),
  closestDropPoint: z.boolean().optional().meta({ title: 'Closest drop point' }),
  endorsement: z.enum(['RETURN', 'ABANDON']).optional().meta({ title: 'If undeliverable (international)' }),
  parcelOutletRouting: opt('Parcel outlet routing e-mail'),
});

/** Customs declaration (CN23) for shipments leaving the EU customs area. */
const customsParam = z.object({
  exportType: z.enum(EXPORT_TYPES).default('COMMERCIAL_GOODS').meta({ title: 'Export type' }),
  invoiceNo: opt('Invoice number'),
  shippingConditions: z.enum(SHIPPING_CONDITIONS).optional().meta({ title: 'Incoterm', description: 'DDU, DAP, DDP, …' }),
  postalCharges: z.number().min(0).default(0).meta({ title: 'Postage charged', description: 'In the order currency' }),
  hsCode: opt('HS code', 'For every item without its own (6–11 digits)'),
  countryOfOrigin: opt('Country of origin', 'For every item without its own; ISO code'),
  items: z.array(z.object({
    description: z.string().min(1).meta({ title: 'Description' }),
    quantity: z.number().int().positive().meta({ title: 'Quantity' }),
    value: z.number().min(0).meta({ title: 'Value per line' }),
    weightKg: z.number().positive().meta({ title: 'Weight per line (kg)' }),
    hsCode: opt('HS code'),
    countryOfOrigin: opt('Country of origin'),
  })).min(1).max(99).optional().meta({
    title: 'Items', description: 'Default: the order\'s lines (title, qty, qty × unitPrice; the parcel weight split by quantity)',
  }),
});

export const createLabelParams = z.object({
  product: z.enum(DHL_PRODUCTS).default('V01PAK').meta({
    title: 'Product', description: 'V01PAK Paket, V62KP Kleinpaket, V53WPAK Paket International, V54EPAK Europaket, V66WPI Warenpost International',
  }),
  billingNumber: z.string().min(1, 'the billing number must not be empty').meta({
    title: 'Billing number', description: '14 characters; digits 11–12 match the product (sandbox V01PAK: 33333333330102)',
  }),
  weightKg: z.number().positive().max(31.5).default(1).meta({ title: 'Weight (kg)', description: 'Per parcel, packaging included' }),
  parcelWeightsKg: z.array(z.number().positive().max(31.5)).min(1).max(30).optional().meta({
    title: 'Parcel weights (kg)', description: 'Several parcels for one order: one shipment per weight (replaces Weight)',
  }),
  shipper: shipperParam.optional().meta({ title: 'Shipper', description: 'Your address as printed on the label' }),
  shipperRef: z.string().max(50).optional().meta({
    title: 'Shipper reference', description: 'Shipper address stored in the business customer portal (instead of Shipper)',
  }),
  consignee: consigneeParam.optional().meta({ title: 'Consignee overrides', description: 'Default: the order\'s shippingAddress and customer' }),
  notifyConsignee: z.boolean().default(false).meta({
    title: 'DHL e-mail notification', description: 'Send the customer\'s e-mail to DHL (needs the customer\'s consent, GDPR Art. 4 No. 11)',
  }),
  reference: z.string().optional().meta({
    title: 'Reference', description: 'refNo on the label, 8–35 characters; default "Bestellung <orderNumber>". Stable across retries',
  }),
  shipDate: z.string().optional().meta({ title: 'Ship date', description: 'yyyy-mm-dd; default: today (DHL\'s default)' }),
  dimensions: z.object({
    lengthCm: z.number().int().positive().meta({ title: 'Length (cm)' }),
    widthCm: z.number().int().positive().meta({ title: 'Width (cm)' }),
    heightCm: z.number().int().positive().meta({ title: 'Height (cm)' }),
  }).optional().meta({ title: 'Dimensions' }),
  services: servicesParam.optional().meta({ title: 'Services', description: 'Value-added services (product and contract dependent)' }),
  customs: customsParam.optional().meta({
    title: 'Customs', description: 'Needed for international products (V53WPAK, V66WPI) outside the EU',
  }),
  labelFormat: z.enum(['PDF', 'ZPL2']).default('PDF').meta({ title: 'Label format' }),
  printFormat: z.enum(PRINT_FORMATS).optional().meta({ title: 'Print format', description: 'Default: the setting of your DHL account' }),
  mustEncode: z.boolean().default(false).meta({
    title: 'Only codable addresses', description: 'Refuse labels for German addresses DHL cannot route (instead of a warning)',
  }),
  profile: z.string().max(35).default('STANDARD_GRUPPENPROFIL').meta({ title: 'User group profile' }),
  language: z.enum(['de-DE', 'en-US']).default('de-DE').meta({ title: 'Language of DHL messages' }),
});

export type CreateLabelParams = z.output<typeof createLabelParams>;

export const createLabelParamsDe: Readonly<Record<string, { readonly label: string; readonly description?: string }>> = {
  product: { label: 'Produkt', description: 'V01PAK Paket, V62KP Kleinpaket, V53WPAK Paket International, V54EPAK Europaket, V66WPI Warenpost International' },
  billingNumber: { label: 'Abrechnungsnummer', description: '14 Zeichen; Stellen 11–12 passen zum Produkt (Sandbox V01PAK: 33333333330102)' },
  weightKg: { label: 'Gewicht (kg)', description: 'Pro Paket, inklusive Verpackung' },
  parcelWeightsKg: { label: 'Paketgewichte (kg)', description: 'Mehrere Pakete für eine Bestellung: eine Sendung je Gewicht (ersetzt Gewicht)' },
  shipper: { label: 'Absender', description: 'Ihre Adresse, wie sie auf dem Label steht' },
  shipperRef: { label: 'Absenderreferenz', description: 'Im Geschäftskundenportal hinterlegte Absenderadresse (statt Absender)' },
  consignee: { label: 'Empfänger überschreiben', description: 'Standard: shippingAddress und customer der Bestellung' },
  notifyConsignee: { label: 'DHL-Paketankündigung per E-Mail', description: 'Gibt die E-Mail-Adresse an DHL weiter (Einwilligung nötig, DSGVO Art. 4 Nr. 11)' },
  reference: { label: 'Referenz', description: 'refNo auf dem Label, 8–35 Zeichen; Standard „Bestellung <orderNumber>“. Bleibt bei Wiederholungen gleich' },
  shipDate: { label: 'Versanddatum', description: 'jjjj-mm-tt; Standard: heute' },
  dimensions: { label: 'Abmessungen' },
  services: { label: 'Services', description: 'Zusatzleistungen (abhängig von Produkt und Vertrag)' },
  customs: { label: 'Zoll', description: 'Für internationale Produkte (V53WPAK, V66WPI) außerhalb der EU nötig' },
  labelFormat: { label: 'Labelformat' },
  printFormat: { label: 'Druckformat', description: 'Standard: Einstellung Ihres DHL-Kontos' },
  mustEncode: { label: 'Nur leitcodierbare Adressen', description: 'Kein Label für nicht leitcodierbare deutsche Adressen (statt einer Warnung)' },
  profile: { label: 'Nutzergruppenprofil' },
  language: { label: 'Sprache der DHL-Meldungen' },
  ...nested('shipper', {
    name1: 'Name', name2: 'Namenszeile 2', addressStreet: 'Straße', addressHouse: 'Hausnummer', postalCode: 'PLZ', city: 'Ort',
    country: 'Land', email: 'E-Mail', contactName: 'Ansprechpartner',
  }),
  ...nested('consignee', {
    name1: 'Name', name2: 'Namenszeile 2', name3: 'Namenszeile 3', addressStreet: 'Straße', addressHouse: 'Hausnummer',
    additionalAddressInformation1: 'Adresszusatz', postalCode: 'PLZ', city: 'Ort', state: 'Bundesland/Region', country: 'Land',
    email: 'E-Mail', phone: 'Telefon', contactName: 'Ansprechpartner',
  }),
  ...nested('customs', {
    exportType: 'Art der Sendung', invoiceNo: 'Rechnungsnummer', shippingConditions: 'Lieferbedingung (Incoterm)',
    postalCharges: 'Berechnetes Porto', hsCode: 'Zolltarifnummer (HS)', countryOfOrigin: 'Ursprungsland',
    items: 'Positionen', 'items.description': 'Beschreibung', 'items.quantity': 'Menge', 'items.value': 'Wert der Position',
    'items.weightKg': 'Gewicht der Position (kg)', 'items.hsCode': 'Zolltarifnummer (HS)', 'items.countryOfOrigin': 'Ursprungsland',
  }),
  ...nested('dimensions', { lengthCm: 'Länge (cm)', widthCm: 'Breite (cm)', heightCm: 'Höhe (cm)' }),
  ...nested('services', {
    preferredNeighbour: 'Wunschnachbar', preferredLocation: 'Wunschablageort', preferredDay: 'Wunschtag', visualCheckOfAge: 'Alterssichtprüfung',
    namedPersonOnly: 'Nur persönlich', signedForByRecipient: 'Empfängerunterschrift', noNeighbourDelivery: 'Keine Nachbarschaftszustellung',
    bulkyGoods: 'Sperrgut', premium: 'Premium (international)', closestDropPoint: 'Nächstgelegener Abholort', endorsement: 'Bei Unzustellbarkeit (international)',
    parcelOutletRouting: 'Filialrouting-E-Mail',
  }),
};

/** German labels of an object param's fields, keyed by param path (`shipper.name1`). */
function nested(param: string, labels: Readonly<Record<string, string>>): Record<string, { label: string }> {
  return Object.fromEntries(Object.entries(labels).map(([field, label]) => [`${param}.${field}`, { label }]));
}
