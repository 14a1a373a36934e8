/** Money as the API speaks it: integer minor units, ISO 4217 code, and a display string. */
export interface Money {
  amountMinor: number;
  currency: string;
  formatted: string;
}

const ISO_CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

/** Largest amount the API accepts, in minor units (10^10 paise is ₹10 crore). */
export const MAX_AMOUNT_MINOR = 10_000_000_000;

export function isIsoCurrency(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && ISO_CURRENCIES.has(code);
}

/** Number of minor-unit digits of a currency (INR 2, JPY 0, BHD 3). */
function currencyExponent(currency: string): number {
  return new Intl.NumberFormat('en-IN', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

function currencySymbol(currency: string): string {
  const parts = new Intl.NumberFormat('en-IN', { style: 'currency', currency }).formatToParts(0);
  return parts.find((p) => p.type === 'currency')?.value ?? currency;
}

/** Indian digit grouping of a non-negative integer: 1234567 → "12,34,567". */
export function groupIndian(whole: bigint | number): string {
  const digits = BigInt(whole).toString();
  if (digits.length <= 3) return digits;
  const last3 = digits.slice(-3);
  const rest = digits.slice(0, -3);
  const pairs = rest.replace(/\B(?=(\d{2})+(?!\d))/g, ',');
  return `${pairs},${last3}`;
}

/**
 * Formats minor units as whole units with the currency symbol and Indian grouping.
 * Rounds DOWN to the whole unit (16250 paise → "₹162"), never up: a displayed price never exceeds the real one.
 */
export function formatMinor(amountMinor: number | bigint, currency: string): string {
  const minor = BigInt(amountMinor);
  const unit = 10n ** BigInt(currencyExponent(currency));
  const negative = minor < 0n;
  const whole = (negative ? -minor : minor) / unit;
  return `${negative ? '-' : ''}${currencySymbol(currency)}${groupIndian(whole)}`;
}

export function money(amountMinor: number | bigint | string, currency: string): Money {
  const n = Number(amountMinor);
  return { amountMinor: n, currency, formatted: formatMinor(BigInt(amountMinor), currency) };
}

/**
 * Formats minor units exactly, for a price a reader will be charged: Indian grouping, and the minor digits only when
 * the amount is not whole (₹1, ₹899.50). A disclosure never rounds a price down as the catalog's display does.
 */
export function formatMinorExact(amountMinor: number | bigint, currency: string): string {
  return formatWithMinor(amountMinor, currency, false);
}

/** Formats minor units with every minor digit, as an invoice prints money: ₹1,23,456.78, ₹900.00. Indian grouping. */
export function formatMinorFixed(amountMinor: number | bigint, currency: string): string {
  return formatWithMinor(amountMinor, currency, true);
}

function formatWithMinor(amountMinor: number | bigint, currency: string, always: boolean): string {
  const minor = BigInt(amountMinor);
  const exponent = currencyExponent(currency);
  const unit = 10n ** BigInt(exponent);
  const negative = minor < 0n;
  const abs = negative ? -minor : minor;
  const fraction = abs % unit;
  const decimals = exponent === 0 || (fraction === 0n && !always) ? '' : `.${fraction.toString().padStart(exponent, '0')}`;
  return `${negative ? '-' : ''}${currencySymbol(currency)}${groupIndian(abs / unit)}${decimals}`;
}
