import { describe, expect, it } from 'vitest';
import { addDecimal, compareDecimal, fixDecimal, isZeroDecimal, negateDecimal, parseDecimal, subtractDecimal, sumDecimals } from '../src/lib/decimal';

describe('exact decimals', () => {
  it('adds what binary floating point cannot', () => {
    expect(addDecimal('0.1', '0.2')).toBe('0.3');
    expect(sumDecimals(['0.10', '0.20', '-0.30'])).toBe('0.00');
    expect(isZeroDecimal(sumDecimals(['0.1', '0.2', '-0.3']))).toBe(true);
    expect(addDecimal('99999999999999999.99', '0.01')).toBe('100000000000000000.00');
  });
  it('subtracts, negates and compares across scales', () => {
    expect(subtractDecimal('10', '0.005')).toBe('9.995');
    expect(subtractDecimal('0.5', '1')).toBe('-0.5');
    expect(negateDecimal('-2.50')).toBe('2.50');
    expect(compareDecimal('1.10', '1.1')).toBe(0);
    expect(compareDecimal('-1', '0')).toBe(-1);
    expect(compareDecimal('2', '1.999')).toBe(1);
  });
  it('refuses what is not a decimal string', () => {
    for (const bad of ['1e3', '1,5', ' 2', '.5', '', 'NaN']) expect(parseDecimal(bad)).toBeNull();
    expect(() => addDecimal('1e3', '1')).toThrow();
    expect(sumDecimals(['1', 'x', undefined, '2'])).toBe('3');
  });
  it('fixes the number of decimals, half away from zero', () => {
    expect(fixDecimal('1.005', 2)).toBe('1.01');
    expect(fixDecimal('-1.005', 2)).toBe('-1.01');
    expect(fixDecimal('1.004', 2)).toBe('1.00');
    expect(fixDecimal('7', 2)).toBe('7.00');
    expect(fixDecimal('0.5', 0)).toBe('1');
  });
});
