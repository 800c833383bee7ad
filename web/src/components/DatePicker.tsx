// The app's date picker: Jalali panels when the user's calendar is Persian, Gregorian otherwise.
// Values in and out are Gregorian-calendar dayjs objects, so callers never see the difference.
import { DatePicker as AntDatePicker, type DatePickerProps } from 'antd';
import generatePicker from 'antd/es/date-picker/generatePicker';
import type { Dayjs } from 'dayjs';
import { jalaliGenerateConfig } from '../lib/jalaliPicker';
import { pickerFormatFor } from '../lib/dates';
import { useSession } from '../shell/session';

const JalaliPicker = generatePicker<Dayjs>(jalaliGenerateConfig);

export type KeelDatePickerProps = Omit<DatePickerProps, 'value' | 'onChange' | 'format'> & {
  value?: Dayjs | null;
  onChange?: (value: Dayjs | null) => void;
};

export function KeelDatePicker({ value, onChange, ...rest }: KeelDatePickerProps) {
  const { settings } = useSession();
  const format = pickerFormatFor(settings.language, settings.dateFormat);
  if (settings.calendar === 'persian') {
    return (
      <JalaliPicker
        {...(rest as object)}
        format={format}
        value={value ? value.calendar('jalali') : value}
        onChange={(next: Dayjs | null) => onChange?.(next ? next.calendar('gregory') : null)}
        data-calendar="jalali"
      />
    );
  }
  return (
    <AntDatePicker
      {...rest}
      format={format}
      value={value ? value.calendar('gregory') : value}
      onChange={(next) => onChange?.(next ?? null)}
      data-calendar="gregorian"
    />
  );
}
