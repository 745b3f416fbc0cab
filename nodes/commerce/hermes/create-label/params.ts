/** Params of `hermes.createLabel` and their German labels. */
import { z } from 'zod';

const opt = (title: string, description?: string) => z.string().optional().meta(description === undefined ? { title } : { title, description });

export const hermesLabelParams = z.object({
  receiver: z.object({
    firstname: opt('First name', 'Default: from shippingAddress.name, else customer.firstName'),
    lastname: opt('Last name', 'Default: from shippingAddress.name, else customer.lastName'),
    street: opt('Street', 'Default: shippingAddress.street'),
    houseNumber: opt('House number', 'Default: shippingAddress.houseNumber'),
    addressAddition: opt('Address addition', 'Default: shippingAddress.company / addition'),
    zipCode: opt('Postal code', 'Default: shippingAddress.postalCode'),
    town: opt('City', 'Default: shippingAddress.city'),
    countryCode: opt('Country', 'ISO alpha-2; default: shippingAddress.country'),
    mail: opt('E-mail', 'Default (with notification on): customer.email'),
    phone: opt('Phone'),
  }).optional().meta({ title: 'Receiver overrides', description: 'Default: the order\'s shippingAddress and customer' }),
  notifyReceiver: z.boolean().default(false).meta({
    title: 'Hermes e-mail notification', description: 'Send the customer\'s e-mail to Hermes (needs the customer\'s consent)',
  }),
  weightKg: z.number().positive().max(31.5).default(1).meta({ title: 'Weight (kg)', description: 'Sent in grams' }),
  productType: z.string().min(1).default('PARCEL').meta({ title: 'Product type' }),
  parcelClass: z.enum(['XS', 'S', 'M', 'L', 'XL']).optional().meta({ title: 'Parcel class', description: 'Size class of your contract' }),
  clientReference: z.string().optional().meta({
    title: 'Reference', description: 'clientReference; default: the order number (stable across retries)',
  }),
  sender: z.object({
    firstname: opt('First name'),
    lastname: opt('Last name / company'),
    street: opt('Street'),
    houseNumber: opt('House number'),
    zipCode: opt('Postal code'),
    town: opt('City'),
    countryCode: opt('Country', 'ISO alpha-2'),
  }).optional().meta({ title: 'Divergent sender', description: 'Only when it differs from the sender of your Hermes contract' }),
});

export type HermesLabelParams = z.output<typeof hermesLabelParams>;

export const hermesLabelParamsDe: Readonly<Record<string, { readonly label: string; readonly description?: string }>> = {
  receiver: { label: 'Empfänger überschreiben', description: 'Standard: shippingAddress und customer der Bestellung' },
  notifyReceiver: { label: 'Hermes-Benachrichtigung per E-Mail', description: 'Gibt die E-Mail-Adresse an Hermes weiter (Einwilligung nötig)' },
  weightKg: { label: 'Gewicht (kg)', description: 'Wird in Gramm übertragen' },
  productType: { label: 'Produkttyp' },
  parcelClass: { label: 'Paketklasse', description: 'Größenklasse Ihres Vertrags' },
  clientReference: { label: 'Referenz', description: 'clientReference; Standard: die Bestellnummer (bleibt bei Wiederholungen gleich)' },
  sender: { label: 'Abweichender Absender', description: 'Nur wenn er vom Absender Ihres Hermes-Vertrags abweicht' },
  ...nested('receiver', {
    firstname: 'Vorname', lastname: 'Nachname', street: 'Straße', houseNumber: 'Hausnummer', addressAddition: 'Adresszusatz',
    zipCode: 'PLZ', town: 'Ort', countryCode: 'Land', mail: 'E-Mail', phone: 'Telefon',
  }),
  ...nested('sender', {
    firstname: 'Vorname', lastname: 'Nachname / Firma', street: 'Straße', houseNumber: 'Hausnummer', zipCode: 'PLZ', town: 'Ort', countryCode: 'Land',
  }),
};

/** German labels of an object param's fields, keyed by param path (`receiver.zipCode`). */
function nested(param: string, labels: Readonly<Record<string, string>>): Record<string, { label: string }> {
  return Object.fromEntries(Object.entries(labels).map(([field, label]) => [`${param}.${field}`, { label }]));
}
