/**
 * GSTINs and the state codes they start with. A GSTIN is 15 characters: the 2-digit state code, the holder's PAN
 * (5 letters, 4 digits, a letter), the registration number within that PAN (1-9, A-Z), `Z`, and a check character
 * computed by GSTN's mod-36 algorithm over the first 14.
 */

/** GST state and union-territory codes (the first two digits of a GSTIN, and a place of supply). */
const GST_STATES: Readonly<Record<string, string>> = {
  '01': 'Jammu and Kashmir',
  '02': 'Himachal Pradesh',
  '03': 'Punjab',
  '04': 'Chandigarh',
  '05': 'Uttarakhand',
  '06': 'Haryana',
  '07': 'Delhi',
  '08': 'Rajasthan',
  '09': 'Uttar Pradesh',
  '10': 'Bihar',
  '11': 'Sikkim',
  '12': 'Arunachal Pradesh',
  '13': 'Nagaland',
  '14': 'Manipur',
  '15': 'Mizoram',
  '16': 'Tripura',
  '17': 'Meghalaya',
  '18': 'Assam',
  '19': 'West Bengal',
  '20': 'Jharkhand',
  '21': 'Odisha',
  '22': 'Chhattisgarh',
  '23': 'Madhya Pradesh',
  '24': 'Gujarat',
  '25': 'Daman and Diu',
  '26': 'Dadra and Nagar Haveli and Daman and Diu',
  '27': 'Maharashtra',
  '28': 'Andhra Pradesh (before division)',
  '29': 'Karnataka',
  '30': 'Goa',
  '31': 'Lakshadweep',
  '32': 'Kerala',
  '33': 'Tamil Nadu',
  '34': 'Puducherry',
  '35': 'Andaman and Nicobar Islands',
  '36': 'Telangana',
  '37': 'Andhra Pradesh',
  '38': 'Ladakh',
};

export const STATE_CODES = Object.keys(GST_STATES);

/** Two digits, 01 to 38. */
export const STATE_CODE_PATTERN = /^(0[1-9]|[12][0-9]|3[0-8])$/;

export function stateName(code: string): string {
  return GST_STATES[code] ?? code;
}

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const SHAPE = /^[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][1-9A-Z]Z[0-9A-Z]$/;

/**
 * GSTN's check character over the first 14 characters: each character's value (0-9, A=10 … Z=35) times a factor
 * alternating 1, 2 from the left; each product contributes its quotient and remainder by 36; the check is
 * (36 − sum mod 36) mod 36.
 */
export function gstinCheckCharacter(first14: string): string {
  let sum = 0;
  for (let i = 0; i < 14; i++) {
    const product = ALPHABET.indexOf(first14[i]) * (i % 2 === 0 ? 1 : 2);
    sum += Math.floor(product / 36) + (product % 36);
  }
  return ALPHABET[(36 - (sum % 36)) % 36];
}

/** Why a GSTIN is not valid for a registration in `stateCode`, or null when it is. Capitals only, no spaces. */
export function gstinProblem(gstin: string, stateCode: string): string | null {
  if (gstin.length !== 15) return 'gstin must be 15 characters';
  if (!SHAPE.test(gstin)) {
    return 'gstin must be a state code, a PAN (5 capital letters, 4 digits, a letter), a registration character, Z and a check character';
  }
  const state = gstin.slice(0, 2);
  if (!STATE_CODE_PATTERN.test(state)) return `gstin starts with ${state}, which is not a state code (01 to 38)`;
  if (state !== stateCode) return `gstin starts with state code ${state}, not ${stateCode}`;
  const check = gstinCheckCharacter(gstin.slice(0, 14));
  if (gstin[14] !== check) return 'gstin has a wrong check character (a typing mistake?)';
  return null;
}
