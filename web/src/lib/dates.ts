// Dates shown by the user's calendar (Gregorian or Jalali) and date format.
import dayjs, { type Dayjs } from 'dayjs';
import jalaliday from 'jalaliday/dayjs';
import 'dayjs/locale/fa';
import 'dayjs/locale/he';
import 'dayjs/locale/zh-cn';
import 'dayjs/locale/lt';
import { type Language, toPersianDigits } from './format';

dayjs.extend(jalaliday);

export type Calendar = 'gregorian' | 'persian';
export const DATE_FORMATS = ['auto', 'YYYY-MM-DD', 'DD.MM.YYYY', 'DD/MM/YYYY', 'MM/DD/YYYY', 'YYYY/MM/DD', 'D MMMM YYYY'];

const AUTO_FORMAT: Record<Language, string> = {
  en: 'MMM D, YYYY',
  fa: 'YYYY/MM/DD',
  he: 'DD.MM.YYYY',
  zh: 'YYYY-MM-DD',
  lt: 'YYYY-MM-DD',
};

export const DAYJS_LOCALE: Record<Language, string> = { en: 'en', fa: 'fa', he: 'he', zh: 'zh-cn', lt: 'lt' };

export function dateFormatFor(language: Language, format: string | undefined): string {
  return format && format !== 'auto' && DATE_FORMATS.includes(format) ? format : AUTO_FORMAT[language];
}

/** The format a date picker shows and parses: numeric, since month names cannot be typed. */
export function pickerFormatFor(language: Language, format: string | undefined): string {
  const chosen = dateFormatFor(language, format);
  return chosen.includes('MMM') ? 'YYYY-MM-DD' : chosen;
}

export interface DateOptions {
  language: Language;
  calendar: Calendar;
  format?: string;
  persianDigits?: boolean;
  withTime?: boolean;
}

/** A date in the user's calendar: dayjs in Jalali mode when the calendar is Persian. */
export function inCalendar(value: Dayjs, calendar: Calendar): Dayjs {
  return value.calendar(calendar === 'persian' ? 'jalali' : 'gregory');
}

/** Formats an ISO timestamp or date ("2025-03-21", "2025-03-21T08:00:00Z"). */
export function formatDate(value: string | Date | Dayjs | null | undefined, options: DateOptions): string {
  if (value === null || value === undefined || value === '') return '';
  const parsed = dayjs(value as string);
  if (!parsed.isValid()) return String(value);
  let pattern = dateFormatFor(options.language, options.format);
  if (options.withTime) pattern += ' HH:mm';
  const text = inCalendar(parsed, options.calendar).locale(DAYJS_LOCALE[options.language]).format(pattern);
  return options.persianDigits ? toPersianDigits(text) : text;
}

/** The Gregorian ISO date (YYYY-MM-DD) of a picked date, whatever calendar it was picked in. */
export function toIsoDate(value: Dayjs): string {
  return value.calendar('gregory').format('YYYY-MM-DD');
}

export { dayjs };
