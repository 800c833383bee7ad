// What the sales screens share: product search and names, state tags, quantities in the
// user's number style, a paged list, and a small "label: value" figure.
import { Button, Select, Space, Table, Tag, Typography, type SelectProps, type TableColumnsType } from 'antd';
import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Page } from '../../api/types';
import type { Language } from '../../lib/format';
import { useApiError } from '../../shell/errors';
import { useSession } from '../../shell/session';

/** A product as the sales screens need it (a subset of inventory's answer). */
export interface ProductInfo {
  id: number;
  sku: string;
  barcode: string;
  name?: string;
  names: Record<string, string>;
  type: 'stockable' | 'consumable' | 'service';
  is_template: boolean;
  list_price: string;
  tax_ids?: number[];
  uom?: string;
  uom_decimals?: number;
  archived?: boolean;
}

export function productName(p: Pick<ProductInfo, 'names' | 'name' | 'sku'>, language: Language): string {
  return p.names?.[language] || p.name || p.names?.en || Object.values(p.names ?? {})[0] || p.sku;
}

export function productLabel(p: ProductInfo, language: Language): string {
  return `${p.sku} · ${productName(p, language)}`;
}

const productCache = new Map<number, Promise<ProductInfo | null>>();

/** Products by id, fetched once per id for the app session. */
export function useProducts(ids: number[]): Record<number, ProductInfo> {
  const [products, setProducts] = useState<Record<number, ProductInfo>>({});
  const key = [...new Set(ids.filter(Boolean))].sort((a, b) => a - b).join(',');
  useEffect(() => {
    let live = true;
    for (const id of key ? key.split(',').map(Number) : []) {
      if (!productCache.has(id)) {
        productCache.set(id, api.get<ProductInfo>(`/inventory/products/${id}`).catch(() => { productCache.delete(id); return null; }));
      }
      void productCache.get(id)!.then((p) => { if (live && p) setProducts((all) => (all[id] === p ? all : { ...all, [id]: p })); });
    }
    return () => { live = false; };
  }, [key]);
  return products;
}

/** Remembers a product the app already holds, so its name shows without asking again. */
export function rememberProduct(p: ProductInfo) {
  productCache.set(p.id, Promise.resolve(p));
}

/**
 * A select that finds sellable products (no templates) by name, SKU or barcode as the user
 * types; a scanned barcode finds its product.
 */
export function ProductSelect({ onProduct, initial, onChange, ...rest }: SelectProps<number> & { onProduct?: (p: ProductInfo | null) => void; initial?: ProductInfo | null }) {
  const { settings } = useSession();
  const [found, setFound] = useState<ProductInfo[]>(initial ? [initial] : []);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const search = useCallback((text: string) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(async () => {
      try {
        const page = await api.get<Page<ProductInfo>>('/inventory/products', { q: text.trim() || undefined, variants: 'include', limit: 20 });
        const items = page.items.filter((p) => !p.is_template);
        items.forEach(rememberProduct);
        setFound((old) => [...items, ...old.filter((o) => o.id === rest.value && !items.some((i) => i.id === o.id))]);
      } catch { setFound([]); }
    }, 200);
  }, [rest.value]);
  useEffect(() => { search(''); return () => clearTimeout(timer.current); }, []); // eslint-disable-line react-hooks/exhaustive-deps
  // A product known only later (an existing line loaded after mount) joins the options so its name shows.
  useEffect(() => {
    if (initial && !found.some((p) => p.id === initial.id)) setFound((old) => [initial, ...old]);
  }, [initial]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <Select<number>
      showSearch filterOption={false} onSearch={search}
      options={found.map((p) => ({ value: p.id, label: productLabel(p, settings.language) }))}
      onChange={(value, option) => { onChange?.(value, option); onProduct?.(found.find((p) => p.id === value) ?? null); }}
      {...rest}
    />
  );
}

const STATE_COLORS: Record<string, string> = {
  draft: 'default', to_approve: 'orange', approved: 'cyan', sent: 'blue', accepted: 'green', rejected: 'red', expired: 'default',
  cancelled: 'red', confirmed: 'blue', done: 'green', ready: 'gold', picked: 'cyan', packed: 'geekblue', shipped: 'green',
  nothing: 'default', partial: 'gold', full: 'green', to_invoice: 'orange', invoiced: 'green', posted: 'blue', partially_paid: 'gold', paid: 'green',
};

/** A state of a sales document (quote, order, delivery, return), or a delivery/invoice status. */
export function SalesTag({ state, group = 'state', testId }: { state: string; group?: 'state' | 'delivery' | 'invoice'; testId?: string }) {
  const { t } = useTranslation();
  return <Tag color={STATE_COLORS[state] ?? 'default'} data-testid={testId} data-state={state}>{t(`sales.${group}.${state}`, { defaultValue: state })}</Tag>;
}

/** A quantity in the user's number style. */
export function Qty({ value, testId }: { value: string | null | undefined; testId?: string }) {
  const { format } = useSession();
  if (value === null || value === undefined || value === '') return null;
  return <bdi className="keel-amount" data-testid={testId}>{format.decimal(value)}</bdi>;
}

/** "label: value" in a row of figures. */
export function Figure({ label, children, testId }: { label: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <div className="keel-figure" data-testid={testId}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{label}</Typography.Text>
      <div style={{ fontSize: 16 }}>{children}</div>
    </div>
  );
}

/**
 * A list from a paged sales route (`after` = the previous page's `next_cursor`): previous/next
 * like the invoice list. A change of `query` reloads from the first page.
 */
export function PagedTable<T extends { id: number }>({ path, query, columns, testId, rowTestId, onLoaded }: {
  path: string; query: Record<string, string | number | undefined>; columns: TableColumnsType<T>; testId: string; rowTestId?: string;
  /** Called with each page's rows (e.g. to fetch the partner names they name). */
  onLoaded?: (items: T[]) => void;
}) {
  const { t } = useTranslation();
  const { format } = useSession();
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [page, setPage] = useState<Page<T> | null>(null);
  const [loading, setLoading] = useState(false);
  const showError = useApiError();
  const sequence = useRef(0);
  const queryKey = JSON.stringify(query);
  const load = useCallback(async (cursor: string | null) => {
    const mine = ++sequence.current;
    setLoading(true);
    try {
      // The orders part's lists read `after`, the fulfilment part's `cursor`: both carry the same cursor.
      const result = await api.get<Page<T>>(path, { ...JSON.parse(queryKey), limit: 50, after: cursor ?? undefined, cursor: cursor ?? undefined });
      if (mine === sequence.current) { setPage(result); onLoaded?.(result.items); }
    } catch (error) {
      if (mine === sequence.current) showError(error);
    } finally {
      if (mine === sequence.current) setLoading(false);
    }
  }, [path, queryKey, showError]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => { setCursors([null]); void load(null); }, [load]);
  const index = cursors.length - 1;
  const items = page?.items ?? [];
  return (
    <div data-testid={testId}>
      <Table<T> rowKey="id" size="middle" loading={loading} columns={columns} dataSource={items} pagination={false} scroll={{ x: 900 }}
        locale={{ emptyText: t('common.noData') }} onRow={() => ({ 'data-testid': rowTestId } as object)} />
      <nav aria-label={t('sales.paging')} style={{ display: 'flex', gap: 12, alignItems: 'center', justifyContent: 'flex-end', marginTop: 16 }}>
        <Typography.Text type="secondary">{t('common.page', { page: format.count(index + 1) })}</Typography.Text>
        <Space>
          <Button icon={<LeftOutlined className="keel-flip" />} disabled={index === 0 || loading}
            onClick={() => { const next = cursors.slice(0, -1); setCursors(next); void load(next[next.length - 1]); }}>{t('common.previous')}</Button>
          <Button disabled={!page?.next_cursor || loading}
            onClick={() => { if (page?.next_cursor) { setCursors((c) => [...c, page.next_cursor]); void load(page.next_cursor); } }}>
            {t('common.next')} <RightOutlined className="keel-flip" />
          </Button>
        </Space>
      </nav>
    </div>
  );
}

/** Plays a short low tone: the audible half of a refused scan (silent where audio is unavailable). */
export function beep() {
  try {
    const AudioContextClass = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!AudioContextClass) return;
    const context = new AudioContextClass();
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.type = 'square';
    oscillator.frequency.value = 220;
    gain.gain.value = 0.08;
    oscillator.connect(gain).connect(context.destination);
    oscillator.start();
    oscillator.stop(context.currentTime + 0.25);
    oscillator.onended = () => void context.close();
  } catch {
    /* no audio output */
  }
}
