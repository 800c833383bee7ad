// An rc-picker generateConfig for the Jalali calendar: the stock dayjs config with "now",
// parsing and month names taken from the Jalali calendar (jalaliday), so every date panel in
// Persian shows and picks Jalali years, months and days.
import dayjsGenerateConfig from 'rc-picker/lib/generate/dayjs';
import type { GenerateConfig } from 'rc-picker/lib/generate';
import type { Dayjs } from 'dayjs';
import { dayjs } from './dates';
import { toLatinDigits, toPersianDigits } from './format';

export const JALALI_MONTHS_FA = ['فروردین', 'اردیبهشت', 'خرداد', 'تیر', 'مرداد', 'شهریور', 'مهر', 'آبان', 'آذر', 'دی', 'بهمن', 'اسفند'];
export const JALALI_MONTHS_LATIN = ['Farvardin', 'Ordibehesht', 'Khordad', 'Tir', 'Mordad', 'Shahrivar', 'Mehr', 'Aban', 'Azar', 'Dey', 'Bahman', 'Esfand'];

const localeOf = (locale: string) => (locale.startsWith('zh') ? 'zh-cn' : locale.split('_')[0]);

/** Parses "1404/01/15" (any separators, Persian or Latin digits) in the token order of format. */
export function parseJalali(text: string, format: string): Dayjs | null {
  const order = (format.match(/Y+|M+|D+/g) ?? []).map((token) => token[0]);
  const numbers = toLatinDigits(text).match(/\d+/g);
  if (!numbers || numbers.length !== 3 || order.length !== 3) return null;
  const value: Record<string, number> = {};
  order.forEach((token, i) => { value[token] = Number(numbers[i]); });
  const { Y: year, M: month, D: day } = value;
  if (!year || year < 1000 || !month || month > 12 || !day || day > 31) return null;
  const date = dayjs(`${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`, { jalali: true } as never).calendar('jalali');
  if (!date.isValid() || date.month() + 1 !== month || date.date() !== day) return null;
  return date;
}

export const jalaliGenerateConfig: GenerateConfig<Dayjs> = {
  ...dayjsGenerateConfig,
  getNow: () => dayjs().calendar('jalali'),
  getFixedDate: (text: string) => parseJalali(text, 'YYYY-MM-DD') ?? dayjs().calendar('jalali'),
  locale: {
    ...dayjsGenerateConfig.locale,
    getShortMonths: (locale: string) => (localeOf(locale) === 'fa' ? JALALI_MONTHS_FA : JALALI_MONTHS_LATIN),
    format: (locale: string, date: Dayjs, format: string) => {
      const text = date.calendar('jalali').locale(localeOf(locale)).format(format);
      return localeOf(locale) === 'fa' ? toPersianDigits(text) : text;
    },
    parse: (_locale: string, text: string, formats: string[]) => {
      for (const format of formats) {
        const date = parseJalali(text, format);
        if (date) return date;
      }
      return null;
    },
  },
};
