// Number and money formatting by locale. Money arrives from the API as an exact decimal string
// ("1234567.50"); it is only ever re-spelled here (digits grouped, separators and digits
// localised), never converted to a JS number, so no value can be rounded or changed on screen.

export type Language = 'en' | 'fa' | 'he' | 'zh' | 'lt';
export const LANGUAGES: Language[] = ['en', 'fa', 'he', 'zh', 'lt'];

/** The user's number-format preference. "auto" follows the language. */
export type NumberFormat = 'auto' | 'comma_dot' | 'dot_comma' | 'space_comma' | 'persian';
export const NUMBER_FORMATS: NumberFormat[] = ['auto', 'comma_dot', 'dot_comma', 'space_comma', 'persian'];

export interface NumberStyle {
  group: string;
  decimal: string;
  persianDigits: boolean;
}

const NBSP = '\u00a0';

const STYLES: Record<Exclude<NumberFormat, 'auto'>, NumberStyle> = {
  comma_dot: { group: ',', decimal: '.', persianDigits: false },
  dot_comma: { group: '.', decimal: ',', persianDigits: false },
  space_comma: { group: NBSP, decimal: ',', persianDigits: false },
  persian: { group: '\u066c', decimal: '\u066b', persianDigits: true },
};

const LANGUAGE_DEFAULT: Record<Language, Exclude<NumberFormat, 'auto'>> = {
  en: 'comma_dot',
  fa: 'persian',
  he: 'comma_dot',
  zh: 'comma_dot',
  lt: 'space_comma',
};

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as string[]).includes(value);
}

export function numberStyle(language: Language, format: NumberFormat | string | undefined): NumberStyle {
  if (format && format !== 'auto' && format in STYLES) return STYLES[format as keyof typeof STYLES];
  return STYLES[LANGUAGE_DEFAULT[language] ?? 'comma_dot'];
}

const PERSIAN_DIGITS = '۰۱۲۳۴۵۶۷۸۹';

/** Replaces ASCII digits 0-9 with Extended Arabic-Indic (Persian) digits. */
export function toPersianDigits(text: string): string {
  return text.replace(/[0-9]/g, (d) => PERSIAN_DIGITS[d.charCodeAt(0) - 48]);
}

/** Replaces Persian and Arabic-Indic digits with ASCII digits (for parsing what a user typed). */
export function toLatinDigits(text: string): string {
  return text
    .replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660));
}

const DECIMAL_RE = /^([+-]?)(\d+)(?:\.(\d+))?$/;

/** True when text is a plain decimal string as the API sends it ("-12.50"). */
export function isDecimalString(text: string): boolean {
  return DECIMAL_RE.test(text);
}

function groupDigits(integer: string, separator: string): string {
  // Split from the right into threes; string work only.
  let out = '';
  for (let i = integer.length; i > 0; i -= 3) {
    const chunk = integer.slice(Math.max(0, i - 3), i);
    out = out === '' ? chunk : chunk + separator + out;
  }
  return out;
}

/**
 * Formats a decimal string by the style: "1234567.50" → "1,234,567.50" (en),
 * "1 234 567,50" (lt), "۱٬۲۳۴٬۵۶۷٫۵۰" (fa). Text that is not a decimal is returned unchanged.
 */
export function formatDecimal(value: string, style: NumberStyle): string {
  const match = DECIMAL_RE.exec(value.trim());
  if (!match) return value;
  const [, sign, integer, fraction] = match;
  let text = groupDigits(integer, style.group);
  if (fraction !== undefined) text += style.decimal + fraction;
  if (style.persianDigits) text = toPersianDigits(text);
  // U+2212 MINUS SIGN reads better than a hyphen and keeps its place in RTL text.
  return (sign === '-' ? '\u2212' : '') + text;
}

/** Formats an integer count (not money) the same way. */
export function formatCount(value: number, style: NumberStyle): string {
  return formatDecimal(String(Math.trunc(value)), style);
}

const BCP47: Record<Language, string> = { en: 'en-US', fa: 'fa-IR', he: 'he-IL', zh: 'zh-CN', lt: 'lt-LT' };
export function bcp47(language: Language): string {
  return BCP47[language];
}

/**
 * Where the currency sign goes for the language, found by asking Intl to format zero (the
 * amount itself never passes through Intl).
 */
export function currencyAffixes(language: Language, currency: string): { prefix: string; suffix: string } {
  try {
    const parts = new Intl.NumberFormat(BCP47[language], {
      style: 'currency',
      currency,
      currencyDisplay: language === 'en' ? 'symbol' : 'code',
    }).formatToParts(0);
    const numberAt = parts.findIndex((p) => p.type === 'integer');
    const lastNumber = parts.map((p) => p.type).lastIndexOf('fraction');
    const end = lastNumber >= 0 ? lastNumber : numberAt;
    const pick = (list: Intl.NumberFormatPart[]) =>
      list.filter((p) => p.type === 'currency' || p.type === 'literal').map((p) => p.value).join('');
    const prefix = pick(parts.slice(0, numberAt)).replace(/[\u200e\u200f\u061c]/g, '');
    const suffix = pick(parts.slice(end + 1)).replace(/[\u200e\u200f\u061c]/g, '');
    return { prefix: prefix.replace(/\s+$/, NBSP), suffix: suffix.replace(/^\s+/, NBSP) };
  } catch {
    return { prefix: '', suffix: NBSP + currency };
  }
}

/** The currency's usual number of decimals (EUR 2, JPY 0), from the browser's ISO 4217 data. */
function minorUnits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().minimumFractionDigits ?? 0;
  } catch {
    return 0;
  }
}

/** "0" → "0.00" for EUR: pads with zeros up to the currency's decimals, never cuts digits. */
export function padToMinorUnits(value: string, currency: string): string {
  const match = DECIMAL_RE.exec(value.trim());
  if (!match) return value;
  const digits = minorUnits(currency);
  const fraction = match[3] ?? '';
  if (fraction.length >= digits) return value.trim();
  return `${match[1]}${match[2]}.${fraction.padEnd(digits, '0')}`;
}

/** "1234.5" + "EUR" → "€1,234.50" (en), "1 234,5 EUR" (lt). Exact: no arithmetic on the amount. */
export function formatMoney(value: string, currency: string | undefined, language: Language, style: NumberStyle): string {
  const number = formatDecimal(currency ? padToMinorUnits(value, currency) : value, style);
  if (!currency) return number;
  const { prefix, suffix } = currencyAffixes(language, currency);
  return prefix + number + suffix;
}
