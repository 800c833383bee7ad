import { describe, expect, it } from 'vitest';
import { formatDecimal, formatMoney, padToMinorUnits, numberStyle, toLatinDigits, toPersianDigits, isDecimalString, formatCount } from '../src/lib/format';

describe('formatDecimal', () => {
  it('groups digits by the language without touching the value', () => {
    expect(formatDecimal('1234567.50', numberStyle('en', 'auto'))).toBe('1,234,567.50');
    expect(formatDecimal('1234567.50', numberStyle('lt', 'auto'))).toBe('1\u00a0234\u00a0567,50');
    expect(formatDecimal('1234567.50', numberStyle('zh', 'auto'))).toBe('1,234,567.50');
    expect(formatDecimal('1234567.50', numberStyle('he', 'auto'))).toBe('1,234,567.50');
  });

  it('writes Persian digits and separators for fa', () => {
    expect(formatDecimal('1234567.50', numberStyle('fa', 'auto'))).toBe('۱٬۲۳۴٬۵۶۷٫۵۰');
    expect(formatDecimal('1234567.50', numberStyle('fa', 'comma_dot'))).toBe('1,234,567.50');
    expect(formatDecimal('1234.5', numberStyle('en', 'persian'))).toBe('۱٬۲۳۴٫۵');
  });

  it('keeps every digit of values a float cannot hold', () => {
    // 2^53 + 1 and a long fraction: any Number conversion would change them.
    expect(formatDecimal('9007199254740993.000000000000000001', numberStyle('en', 'auto'))).toBe('9,007,199,254,740,993.000000000000000001');
    expect(formatDecimal('0.10', numberStyle('en', 'auto'))).toBe('0.10');
    expect(formatDecimal('-0.30', numberStyle('en', 'dot_comma'))).toBe('\u22120,30');
    expect(formatDecimal('100', numberStyle('en', 'auto'))).toBe('100');
    expect(formatDecimal('1000', numberStyle('en', 'auto'))).toBe('1,000');
  });

  it('never calls Number or parseFloat on money', () => {
    const source = formatDecimal.toString() + formatMoney.toString();
    expect(source).not.toMatch(/parseFloat|Number\(|toFixed|\* 1\b/);
  });

  it('returns text that is not a decimal unchanged', () => {
    expect(formatDecimal('abc', numberStyle('en', 'auto'))).toBe('abc');
    expect(formatDecimal('1,000', numberStyle('en', 'auto'))).toBe('1,000');
    expect(isDecimalString('1,000')).toBe(false);
    expect(isDecimalString('-12.50')).toBe(true);
  });
});

describe('formatMoney', () => {
  it('places the currency as the language does', () => {
    expect(formatMoney('1234.5', 'USD', 'en', numberStyle('en', 'auto'))).toBe('$1,234.50');
    expect(formatMoney('1234.50', 'EUR', 'lt', numberStyle('lt', 'auto'))).toBe('1\u00a0234,50\u00a0EUR');
    const fa = formatMoney('1234.50', 'IRR', 'fa', numberStyle('fa', 'auto'));
    expect(fa).toContain('۱٬۲۳۴٫۵۰');
    expect(fa).toContain('IRR');
  });

  it('pads to the currency\'s decimals and never cuts digits', () => {
    expect(formatMoney('0', 'EUR', 'en', numberStyle('en', 'auto'))).toBe('€0.00');
    expect(padToMinorUnits('-7.5', 'EUR')).toBe('-7.50');
    expect(padToMinorUnits('1.005', 'EUR')).toBe('1.005');
    expect(padToMinorUnits('1234', 'JPY')).toBe('1234');
    expect(padToMinorUnits('abc', 'EUR')).toBe('abc');
  });
});

describe('digits', () => {
  it('converts both ways', () => {
    expect(toPersianDigits('2025-03-21')).toBe('۲۰۲۵-۰۳-۲۱');
    expect(toLatinDigits('۱۴۰۴/۰۱/۰۱')).toBe('1404/01/01');
    expect(toLatinDigits('٣٤')).toBe('34');
    expect(formatCount(12345, numberStyle('fa', 'auto'))).toBe('۱۲٬۳۴۵');
  });
});
