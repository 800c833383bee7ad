import { describe, expect, it } from 'vitest';
import { dayjs, formatDate, pickerFormatFor, toIsoDate } from '../src/lib/dates';
import { parseJalali, jalaliGenerateConfig } from '../src/lib/jalaliPicker';

describe('formatDate', () => {
  it('shows Nowruz 2025 as 1 Farvardin 1404 in the Persian calendar', () => {
    expect(formatDate('2025-03-21T12:00:00Z', { language: 'fa', calendar: 'persian' })).toBe('1404/01/01');
    expect(formatDate('2025-03-21T12:00:00Z', { language: 'fa', calendar: 'persian', persianDigits: true })).toBe('۱۴۰۴/۰۱/۰۱');
    expect(formatDate('2025-03-20T12:00:00Z', { language: 'fa', calendar: 'persian' })).toBe('1403/12/30');
  });

  it('uses Jalali month names in Persian', () => {
    expect(formatDate('2025-03-21T12:00:00Z', { language: 'fa', calendar: 'persian', format: 'D MMMM YYYY' })).toBe('1 فروردین 1404');
  });

  it('keeps Gregorian dates for other calendars and formats', () => {
    expect(formatDate('2025-03-21T12:00:00Z', { language: 'lt', calendar: 'gregorian' })).toBe('2025-03-21');
    expect(formatDate('2025-03-21T12:00:00Z', { language: 'he', calendar: 'gregorian' })).toBe('21.03.2025');
    expect(formatDate('2025-03-21T12:00:00Z', { language: 'en', calendar: 'gregorian', format: 'DD/MM/YYYY' })).toBe('21/03/2025');
    expect(formatDate('', { language: 'en', calendar: 'gregorian' })).toBe('');
  });
});

describe('Jalali picker', () => {
  it('parses Jalali input with Persian or Latin digits into the right Gregorian day', () => {
    expect(toIsoDate(parseJalali('1404/01/01', 'YYYY/MM/DD')!)).toBe('2025-03-21');
    expect(toIsoDate(parseJalali('۱۴۰۳/۱۲/۳۰', 'YYYY/MM/DD')!)).toBe('2025-03-20');
    expect(parseJalali('1404/13/01', 'YYYY/MM/DD')).toBeNull();
    expect(parseJalali('1404/07/31', 'YYYY/MM/DD')).toBeNull(); // Mehr has 30 days
  });

  it('has a Jalali "now" and month names', () => {
    const now = jalaliGenerateConfig.getNow();
    expect(jalaliGenerateConfig.getYear(now)).toBeGreaterThan(1400);
    expect(jalaliGenerateConfig.getYear(now)).toBeLessThan(1500);
    expect(jalaliGenerateConfig.locale.getShortMonths!('fa_IR')[0]).toBe('فروردین');
    const day = dayjs('2025-03-21T12:00:00Z').calendar('jalali');
    expect(jalaliGenerateConfig.getMonth(day)).toBe(0);
    expect(jalaliGenerateConfig.getDate(day)).toBe(1);
    expect(jalaliGenerateConfig.locale.format('fa_IR', day, 'YYYY-MM-DD')).toBe('۱۴۰۴-۰۱-۰۱');
    expect(jalaliGenerateConfig.locale.format('en_US', day, 'YYYY-MM-DD')).toBe('1404-01-01');
    expect(toIsoDate(jalaliGenerateConfig.locale.parse('fa_IR', '۱۴۰۴-۰۱-۰۱', ['YYYY-MM-DD'])!)).toBe('2025-03-21');
  });
});

describe('pickerFormatFor', () => {
  it('keeps numeric formats and replaces month names, which cannot be typed', () => {
    expect(pickerFormatFor('en', 'auto')).toBe('YYYY-MM-DD');
    expect(pickerFormatFor('en', 'D MMMM YYYY')).toBe('YYYY-MM-DD');
    expect(pickerFormatFor('fa', 'auto')).toBe('YYYY/MM/DD');
    expect(pickerFormatFor('he', 'auto')).toBe('DD.MM.YYYY');
    expect(pickerFormatFor('lt', 'MM/DD/YYYY')).toBe('MM/DD/YYYY');
  });
});
