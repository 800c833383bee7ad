// What the ledger and finance screens share: the chart and journals as the API lists them,
// selects for accounts and partners, and amounts shown in the user's number style.
import { Select, Typography, type SelectProps } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../api/client';
import type { Page, Party } from '../../api/types';
import type { Language } from '../../lib/format';
import { useSession } from '../../shell/session';

export type AccountType = 'asset' | 'liability' | 'equity' | 'income' | 'expense';

export interface Account {
  id: number;
  code: string;
  names: Partial<Record<Language, string>> & Record<string, string>;
  type: AccountType;
  role: string;
  parent_id: number | null;
  postable: boolean;
  archived: boolean;
  used: boolean;
  currency: string;
  version: number;
}

export interface Journal {
  id: number;
  code: string;
  name: string;
  type: 'sale' | 'purchase' | 'bank' | 'cash' | 'general' | string;
  default_account_id: number | null;
  archived: boolean;
}

/** An account's name in `language`, falling back to English, then to any name. */
export function accountName(account: Pick<Account, 'names'>, language: Language): string {
  return account.names[language] || account.names.en || Object.values(account.names)[0] || '';
}

export function accountLabel(account: Pick<Account, 'code' | 'names'>, language: Language): string {
  return `${account.code} ${accountName(account, language)}`;
}

/** GET a list once per mount; `reload` fetches again (after a change). */
function useList<T>(path: string): { items: T[]; loading: boolean; error: unknown; reload: () => void } {
  const [items, setItems] = useState<T[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setLoading(true);
    api.get<Page<T>>(path, { limit: 1000 })
      .then((page) => { if (live) { setItems(page.items); setError(null); } })
      .catch((e) => { if (live) setError(e); })
      .finally(() => { if (live) setLoading(false); });
    return () => { live = false; };
  }, [path, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { items, loading, error, reload };
}

export const useAccounts = () => useList<Account>('/accounting/accounts');
export const useJournals = () => useList<Journal>('/accounting/journals');

/** A searchable select of accounts (postable, not archived, unless told otherwise). */
export function AccountSelect({ accounts, includeSummary = false, ...rest }: SelectProps<number> & { accounts: Account[]; includeSummary?: boolean }) {
  const { settings } = useSession();
  const options = accounts
    .filter((a) => (includeSummary || a.postable) && !a.archived)
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((a) => ({ value: a.id, label: accountLabel(a, settings.language) }));
  return <Select<number> showSearch optionFilterProp="label" options={options} {...rest} />;
}

/** A select that searches partners by name, email or tax ID as the user types. */
export function PartnerSelect({ initial, ...rest }: SelectProps<number> & { initial?: { id: number; name: string } | null }) {
  const [options, setOptions] = useState<{ value: number; label: string }[]>(initial ? [{ value: initial.id, label: initial.name }] : []);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const search = (text: string) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(async () => {
      try {
        const page = await api.get<Page<Party>>('/partners', { q: text.trim() || undefined, limit: 20 });
        setOptions(page.items.map((p) => ({ value: p.id, label: p.name })));
      } catch { setOptions([]); }
    }, 200);
  };
  useEffect(() => { search(''); return () => clearTimeout(timer.current); }, []);
  return <Select<number> showSearch filterOption={false} onSearch={search} options={options} allowClear {...rest} />;
}

/** A decimal string as money in the user's style; negative amounts in the danger colour. */
export function Amount({ value, currency, testId }: { value: string | null | undefined; currency?: string; testId?: string }) {
  const { format } = useSession();
  if (value === null || value === undefined || value === '') return null;
  return (
    <Typography.Text type={value.startsWith('-') ? 'danger' : undefined} data-testid={testId} className="keel-amount">
      <bdi>{format.money(value, currency)}</bdi>
    </Typography.Text>
  );
}
