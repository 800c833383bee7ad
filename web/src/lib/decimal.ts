// Exact decimal arithmetic on the API's decimal strings ("-12.50"), on BigInt scaled integers:
// the browser never turns money into binary floating point (a running balance in a form must
// reach exactly zero).

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?$/;

export interface Scaled {
  units: bigint;
  scale: number;
}

/** Parses a decimal string; null when it is not one ("", "1e3", "1,5", " 2"). */
export function parseDecimal(text: string): Scaled | null {
  const m = DECIMAL.exec(text);
  if (!m) return null;
  const fraction = m[3] ?? '';
  const units = BigInt(m[2] + fraction) * (m[1] === '-' ? -1n : 1n);
  return { units, scale: fraction.length };
}

function rescale(value: Scaled, scale: number): bigint {
  return value.units * 10n ** BigInt(scale - value.scale);
}

function toText(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = scale > 0 ? '.' + digits.slice(digits.length - scale) : '';
  return (negative ? '-' : '') + whole + fraction;
}

/** a + b, exact; the result keeps the larger number of decimals. Empty strings count as zero. */
export function addDecimal(a: string, b: string): string {
  const x = parseDecimal(a || '0');
  const y = parseDecimal(b || '0');
  if (!x || !y) throw new Error(`not a decimal: ${x ? b : a}`);
  const scale = Math.max(x.scale, y.scale);
  return toText(rescale(x, scale) + rescale(y, scale), scale);
}

/** a − b, exact. */
export function subtractDecimal(a: string, b: string): string {
  return addDecimal(a, negateDecimal(b || '0'));
}

export function negateDecimal(a: string): string {
  const x = parseDecimal(a || '0');
  if (!x) throw new Error(`not a decimal: ${a}`);
  return toText(-x.units, x.scale);
}

/** −1, 0 or 1 as a < b, a = b, a > b. */
export function compareDecimal(a: string, b: string): number {
  const x = parseDecimal(a || '0');
  const y = parseDecimal(b || '0');
  if (!x || !y) throw new Error(`not a decimal: ${x ? b : a}`);
  const scale = Math.max(x.scale, y.scale);
  const d = rescale(x, scale) - rescale(y, scale);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

export function isZeroDecimal(a: string): boolean {
  return compareDecimal(a, '0') === 0;
}

/** The sum of a list of decimal strings (invalid or empty entries count as zero). */
export function sumDecimals(values: Iterable<string | null | undefined>): string {
  let total = '0';
  for (const v of values) {
    if (v && parseDecimal(v)) total = addDecimal(total, v);
  }
  return total;
}

/** The same value with exactly `decimals` places, rounding half away from zero when shorter. */
export function fixDecimal(a: string, decimals: number): string {
  const x = parseDecimal(a || '0');
  if (!x) throw new Error(`not a decimal: ${a}`);
  if (x.scale <= decimals) return toText(rescale(x, decimals), decimals);
  const divisor = 10n ** BigInt(x.scale - decimals);
  const magnitude = x.units < 0n ? -x.units : x.units;
  let q = magnitude / divisor;
  if ((magnitude % divisor) * 2n >= divisor) q += 1n;
  return toText(x.units < 0n ? -q : q, decimals);
}
