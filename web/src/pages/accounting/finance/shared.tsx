// What the finance screens share: the API's shapes, partner names by id, taxes and payment terms,
// state tags, and the busy guard that keeps a posting button from posting twice.
import { Tag } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import type { Party } from '../../../api/types';
import type { InvoiceState, InvoiceType } from './model';

export interface InvoiceLine {
  line_no?: number;
  description: string;
  account_id: number | null;
  quantity: string;
  unit_price: string;
  discount_percent: string;
  tax_ids: number[];
  untaxed?: string;
}

export interface Invoice {
  id: number;
  type: InvoiceType;
  state: InvoiceState;
  number: string | null;
  partner_id: number;
  date: string;
  due_date: string | null;
  currency: string;
  payment_term_id: number | null;
  reference: string;
  origin: string;
  lines: InvoiceLine[];
  untaxed: string;
  tax: string;
  total: string;
  total_company: string;
  residual: string;
  residual_company: string;
  taxes: { tax_id: number; base: string; amount: string }[];
  installments: { seq: number; due_date: string; amount: string }[];
  discount_amount: string;
  discount_until: string | null;
  entry_id: number | null;
  rate: string | null;
  version: number;
}

export interface Allocation {
  id: number;
  invoice_id: number;
  amount: string;
  date: string;
  discount: string;
  fx_company: string;
}

export interface Payment {
  id: number;
  partner_id: number;
  partner_type: 'customer' | 'supplier';
  direction: 'inbound' | 'outbound';
  amount: string;
  amount_company: string;
  currency: string;
  date: string;
  journal_id: number;
  entry_id: number | null;
  reference: string;
  unallocated: string;
  allocations: Allocation[];
}

export interface Tax {
  id: number;
  name: string;
  kind: 'percent' | 'fixed';
  rate_percent?: string;
  amount?: string;
  scope: 'sales' | 'purchase';
  price_included: boolean;
}

export interface PaymentTerm {
  id: number;
  name: string;
  installments: { percent: string; days: number }[];
  discount_percent?: string;
  discount_days?: number;
}

export interface BankAccount {
  id: number;
  name: string;
  account_number: string;
  currency: string;
  account_id: number;
  journal_id: number;
}

const partnerCache = new Map<number, Promise<string>>();

/** Partner names for ids, fetched once per id for the whole app session. */
export function usePartnerNames(ids: number[]): Record<number, string> {
  const [names, setNames] = useState<Record<number, string>>({});
  const key = [...new Set(ids)].sort((a, b) => a - b).join(',');
  useEffect(() => {
    let live = true;
    const wanted = key ? key.split(',').map(Number) : [];
    for (const id of wanted) {
      if (!partnerCache.has(id)) {
        partnerCache.set(id, api.get<Party>(`/partners/${id}`).then((p) => p.name).catch(() => { partnerCache.delete(id); return `#${id}`; }));
      }
      void partnerCache.get(id)!.then((name) => { if (live) setNames((n) => (n[id] === name ? n : { ...n, [id]: name })); });
    }
    return () => { live = false; };
  }, [key]);
  return names;
}

/** GET a small list once (taxes, payment terms, bank accounts); `reload` fetches again. */
export function useItems<T>(path: string): { items: T[]; loading: boolean; reload: () => void; extra: Record<string, unknown> } {
  const [state, setState] = useState<{ items: T[]; extra: Record<string, unknown> }>({ items: [], extra: {} });
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setLoading(true);
    api.get<{ items: T[] } & Record<string, unknown>>(path)
      .then((r) => { if (live) setState({ items: r.items ?? [], extra: r }); })
      .catch(() => { if (live) setState({ items: [], extra: {} }); })
      .finally(() => { if (live) setLoading(false); });
    return () => { live = false; };
  }, [path, tick]);
  return { ...state, loading, reload: useCallback(() => setTick((t) => t + 1), []) };
}

export const useTaxes = () => useItems<Tax>('/accounting/taxes');
export const usePaymentTerms = () => useItems<PaymentTerm>('/accounting/payment-terms');
export const useBankAccounts = () => useItems<BankAccount>('/accounting/bank-accounts');

const STATE_COLORS: Record<string, string> = { draft: 'default', posted: 'blue', partially_paid: 'gold', paid: 'green', cancelled: 'red', open: 'orange', reconciled: 'green' };

export function StateTag({ state, testId }: { state: string; testId?: string }) {
  const { t } = useTranslation();
  return <Tag color={STATE_COLORS[state] ?? 'default'} data-testid={testId} data-state={state}>{t(`finance.state.${state}`, { defaultValue: state })}</Tag>;
}

/**
 * Runs one action at a time: while `run` is busy a second call (a double click) is ignored,
 * and `busy` names the running action so its button can show it and stay disabled.
 */
export function useBusy(): { busy: string | null; run: (name: string, action: () => Promise<void>) => Promise<void> } {
  const [busy, setBusy] = useState<string | null>(null);
  const running = useRef(false);
  const run = useCallback(async (name: string, action: () => Promise<void>) => {
    if (running.current) return;
    running.current = true;
    setBusy(name);
    try {
      await action();
    } finally {
      running.current = false;
      setBusy(null);
    }
  }, []);
  return { busy, run };
}

/** Today as YYYY-MM-DD in the browser's time zone. */
export function todayIso(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The first day of the current year as YYYY-MM-DD. */
export function yearStartIso(): string {
  return `${new Date().getFullYear()}-01-01`;
}
