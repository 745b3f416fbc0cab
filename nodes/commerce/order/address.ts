/**
 * Address helpers shared by the normalisers.
 *
 * House number rule (shops that give the street in one line): the house number is the LAST token when it starts
 * with a digit — German/Austrian/Dutch style "Hauptstraße 5", "Musterweg 12a", "Am Markt 3-5", "Allee 7 / 2",
 * "Straße des 17. Juni 135". Otherwise it is the FIRST token when that starts with a digit — "221B Baker Street",
 * "12 rue de la Paix". Otherwise the whole line is the street and the house number is ''.
 * A trailing comma between street and number is dropped ("Hauptstraße, 5").
 */
const TRAILING = /^(.*?\S)[\s,]+(\d+[a-zA-Z]?(?:\s*[-/]\s*\d+[a-zA-Z]?|\s?[a-zA-Z](?![a-zA-Z]))?)$/;
const LEADING = /^(\d+[a-zA-Z]?(?:[-/]\d+[a-zA-Z]?)?),?\s+(\S.*)$/;

export function splitStreet(line: string): { readonly street: string; readonly houseNumber: string } {
  const text = line.trim().replace(/\s+/g, ' ');
  const trailing = TRAILING.exec(text);
  if (trailing?.[1] !== undefined && trailing[2] !== undefined) {
    return { street: trailing[1].replace(/,$/, ''), houseNumber: trailing[2].replace(/\s+/g, '') };
  }
  const leading = LEADING.exec(text);
  if (leading?.[1] !== undefined && leading[2] !== undefined) return { street: leading[2], houseNumber: leading[1] };
  return { street: text, houseNumber: '' };
}

/** ISO 3166 alpha-3 → alpha-2 for the countries a European shop commonly ships to. */
const ALPHA3: Readonly<Record<string, string>> = {
  DEU: 'DE', AUT: 'AT', CHE: 'CH', LIE: 'LI', LUX: 'LU', BEL: 'BE', NLD: 'NL', FRA: 'FR', ITA: 'IT', ESP: 'ES',
  PRT: 'PT', DNK: 'DK', SWE: 'SE', NOR: 'NO', FIN: 'FI', ISL: 'IS', IRL: 'IE', GBR: 'GB', POL: 'PL', CZE: 'CZ',
  SVK: 'SK', HUN: 'HU', SVN: 'SI', HRV: 'HR', ROU: 'RO', BGR: 'BG', GRC: 'GR', CYP: 'CY', MLT: 'MT', EST: 'EE',
  LVA: 'LV', LTU: 'LT', MCO: 'MC', SMR: 'SM', AND: 'AD', VAT: 'VA', SRB: 'RS', BIH: 'BA', MNE: 'ME', MKD: 'MK',
  ALB: 'AL', UKR: 'UA', MDA: 'MD', TUR: 'TR', USA: 'US', CAN: 'CA', MEX: 'MX', BRA: 'BR', AUS: 'AU', NZL: 'NZ',
  JPN: 'JP', CHN: 'CN', KOR: 'KR', IND: 'IN', ISR: 'IL', ARE: 'AE', ZAF: 'ZA', SGP: 'SG', HKG: 'HK', TWN: 'TW',
};

/** Region codes Intl knows that are not countries. */
const NOT_COUNTRIES = new Set(['EU', 'EZ', 'UN', 'QO', 'ZZ']);

let names: Map<string, string> | undefined;

function regionNames(): Map<string, string> {
  if (names !== undefined) return names;
  names = new Map();
  const displays = ['en', 'de'].map((locale) => new Intl.DisplayNames([locale], { type: 'region' }));
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      if (!isAlpha2(code)) continue;
      for (const display of displays) {
        const name = display.of(code);
        if (name !== undefined) names.set(name.toLowerCase(), code);
      }
    }
  }
  return names;
}

function isAlpha2(code: string): boolean {
  if (!/^[A-Z]{2}$/.test(code) || NOT_COUNTRIES.has(code)) return false;
  const name = new Intl.DisplayNames(['en'], { type: 'region' }).of(code);
  return name !== undefined && name !== code && name !== 'Unknown Region';
}

/**
 * A country as ISO 3166 alpha-2: accepts alpha-2 (any case; "UK" becomes "GB"), the alpha-3 codes above and English
 * or German country names ("Germany", "Deutschland"). Undefined when it is none of these.
 */
export function toCountryCode(value: string): string | undefined {
  const text = value.trim();
  const upper = text.toUpperCase();
  if (upper === 'UK') return 'GB';
  if (upper.length === 2) return isAlpha2(upper) ? upper : undefined;
  if (upper.length === 3 && ALPHA3[upper] !== undefined) return ALPHA3[upper];
  return regionNames().get(text.toLowerCase());
}
