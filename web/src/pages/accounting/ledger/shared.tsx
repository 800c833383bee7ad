// What the ledger screens share: fiscal years, today's date, refusals shown in the user's
// language (on the form field they concern when there is one), and small display pieces.
import { App, Tag, type FormInstance } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { ApiError } from '../../../lib/problem';
import { dayjs, toIsoDate } from '../../../lib/dates';
import { toPersianDigits } from '../../../lib/format';
import { useApiError } from '../../../shell/errors';
import { useSession } from '../../../shell/session';
import { directionOf } from '../../../i18n';
import { placeProblem, type FiscalYear, type PlacedError } from './model';

export function todayIso(): string {
  return toIsoDate(dayjs());
}

/** GET /accounting/fiscal-years; `reload` fetches again. */
export function useFiscalYears(): { years: FiscalYear[]; loading: boolean; reload: () => void } {
  const [years, setYears] = useState<FiscalYear[]>([]);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const showError = useApiError();
  useEffect(() => {
    let live = true;
    setLoading(true);
    api.get<{ items: FiscalYear[] }>('/accounting/fiscal-years')
      .then((r) => { if (live) setYears(r.items); })
      .catch((e) => { if (live) showError(e); })
      .finally(() => { if (live) setLoading(false); });
    return () => { live = false; };
  }, [tick, showError]);
  return { years, loading, reload: useCallback(() => setTick((t) => t + 1), []) };
}

/** The text for an error code: ours in the user's language, else the server's own words. */
export function useErrorText(): (code: string, serverMessage: string) => string {
  const { t, i18n } = useTranslation();
  return useCallback((code: string, serverMessage: string) => {
    const key = `ledger.errors.${code}`;
    if (i18n.language !== 'en' || !serverMessage) {
      const text = t(key, { defaultValue: '' });
      if (text) return text;
    }
    return serverMessage || code;
  }, [t, i18n.language]);
}

/**
 * Shows a refusal: each field error on its form field (when the form has it), a notification
 * naming the refusal, and returns the placed errors so a screen can show the rest (a whole
 * entry's imbalance) where they belong.
 */
export function useLedgerError() {
  const { notification } = App.useApp();
  const { t } = useTranslation();
  const showError = useApiError();
  const say = useErrorText();
  return useCallback((error: unknown, form?: FormInstance, formIndex?: number[]): PlacedError[] => {
    if (!(error instanceof ApiError) || error.status === 401) {
      showError(error);
      return [];
    }
    const placed = placeProblem(error.problem, formIndex).map((p) => ({ ...p, message: say(p.code, p.message) }));
    if (form) {
      const onForm = placed.filter((p) => p.name.length > 0 && p.name[0] !== 'lines' || p.name.length > 2);
      form.setFields(onForm.map((p) => ({ name: p.name, errors: [p.message] })));
    }
    notification.error({
      message: <span dir="auto">{say(error.problem.code, error.problem.message)}</span>,
      description: error.problem.request_id ? <div style={{ opacity: 0.6, fontSize: 12 }}>{t('common.requestId', { id: error.problem.request_id })}</div> : undefined,
      placement: 'top',
      className: 'keel-api-error',
      props: { 'data-code': error.problem.code } as never,
    });
    return placed;
  }, [notification, showError, say, t]);
}

/** An entry's state as a coloured tag. */
export function StateTag({ state }: { state: string }) {
  const { t } = useTranslation();
  return <Tag color={state === 'posted' ? 'green' : 'gold'} data-testid="entry-state">{t(`ledger.state.${state}`, { defaultValue: state })}</Tag>;
}

/** Text with the user's digits (a fiscal year's name, an entry number). */
export function useDigits(): (text: string | null | undefined) => string {
  const { format } = useSession();
  return useCallback((text) => (text ? (format.style.persianDigits ? toPersianDigits(text) : text) : ''), [format.style.persianDigits]);
}

/** The end side of a table cell as antd's `align` names it (amounts align to the end in both directions). */
export function useEndAlign(): 'left' | 'right' {
  const { settings } = useSession();
  return directionOf(settings.language) === 'rtl' ? 'left' : 'right';
}
