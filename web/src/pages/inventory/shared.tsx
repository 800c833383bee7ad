// What the inventory screens share: the small lists (units, categories, warehouses, locations),
// selects for products and locations, quantities shown in the user's number style, and state tags.
import { Select, Tag, Typography, type SelectProps } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Page } from '../../api/types';
import { useSession } from '../../shell/session';
import {
  locationPath, productName, variantLabel, type Category, type Location, type Product, type Uom, type Warehouse,
} from './model';

/** GET a list once (all of it, up to the API's page maximum of 500 rows); `reload` fetches again. */
export function useInventoryList<T>(path: string, query: Record<string, string | number | undefined> = {}): { items: T[]; loading: boolean; reload: () => void } {
  const [items, setItems] = useState<T[]>([]);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const queryKey = JSON.stringify(query);
  useEffect(() => {
    let live = true;
    setLoading(true);
    api.get<Page<T> | { items: T[] }>(path, { limit: 500, ...JSON.parse(queryKey) })
      .then((r) => { if (live) setItems(r.items ?? []); })
      .catch(() => { if (live) setItems([]); })
      .finally(() => { if (live) setLoading(false); });
    return () => { live = false; };
  }, [path, queryKey, tick]);
  return { items, loading, reload: useCallback(() => setTick((t) => t + 1), []) };
}

export const useUoms = () => useInventoryList<Uom>('/inventory/uoms');
export const useCategories = () => useInventoryList<Category>('/inventory/categories');
export const useWarehouses = () => useInventoryList<Warehouse>('/inventory/warehouses');
export const useLocations = () => useInventoryList<Location>('/inventory/locations');

/** Locations by id with their full names. */
export function useLocationNames(locations: Location[]): { byId: Map<number, Location>; name: (id: number | null | undefined) => string } {
  const byId = useMemo(() => new Map(locations.map((l) => [l.id, l])), [locations]);
  const name = useCallback((id: number | null | undefined) => {
    if (id === null || id === undefined) return '';
    const l = byId.get(id);
    return l ? locationPath(l, byId) : `#${id}`;
  }, [byId]);
  return { byId, name };
}

/** A quantity in the user's number style, with its unit when known; negative in the danger colour. */
export function Qty({ value, unit, testId, strong }: { value: string | null | undefined; unit?: string; testId?: string; strong?: boolean }) {
  const { format } = useSession();
  if (value === null || value === undefined || value === '') return null;
  return (
    <Typography.Text type={value.startsWith('-') ? 'danger' : undefined} strong={strong} data-testid={testId} data-value={value} className="keel-amount">
      <bdi>{format.decimal(value)}</bdi>{unit ? <Typography.Text type="secondary"> <bdi>{unit}</bdi></Typography.Text> : null}
    </Typography.Text>
  );
}

const MOVE_COLORS: Record<string, string> = { draft: 'default', confirmed: 'blue', partially_available: 'gold', assigned: 'cyan', done: 'green', cancelled: 'red' };

export function MoveStateTag({ state }: { state: string }) {
  const { t } = useTranslation();
  return <Tag color={MOVE_COLORS[state] ?? 'default'} data-state={state}>{t(`inv.moveState.${state}`, { defaultValue: state })}</Tag>;
}

const productCache = new Map<number, Promise<Product | null>>();

/** Products by id, fetched once per id for the app session (list pages and move rows). */
export function useProducts(ids: number[]): Record<number, Product> {
  const [products, setProducts] = useState<Record<number, Product>>({});
  const key = [...new Set(ids.filter((id) => id > 0))].sort((a, b) => a - b).join(',');
  useEffect(() => {
    let live = true;
    for (const id of key ? key.split(',').map(Number) : []) {
      if (!productCache.has(id)) {
        productCache.set(id, api.get<Product>(`/inventory/products/${id}`).catch(() => { productCache.delete(id); return null; }));
      }
      void productCache.get(id)!.then((p) => { if (live && p) setProducts((all) => (all[id] === p ? all : { ...all, [id]: p })); });
    }
    return () => { live = false; };
  }, [key]);
  return products;
}

/** Forgets a product fetched before (after it was edited). */
export function forgetProduct(id: number) {
  productCache.delete(id);
}

/** The label of a product in a select or a row: name, variant values and SKU. */
export function productLabel(product: Product, language: Parameters<typeof productName>[1]): string {
  const variant = variantLabel(product);
  return `${productName(product, language)}${variant ? ` (${variant})` : ''} · ${product.sku}`;
}

/**
 * A select that searches products by name, SKU or barcode as the user types (a scanner's code
 * followed by Enter picks the product). Templates are left out unless `templates` is set: stock
 * lives on variants.
 */
export function ProductSelect({ initial, templates = false, stockOnly = false, ...rest }: SelectProps<number> & { initial?: Product | null; templates?: boolean; stockOnly?: boolean }) {
  const { settings } = useSession();
  const toOption = useCallback((p: Product) => ({ value: p.id, label: productLabel(p, settings.language) }), [settings.language]);
  const [options, setOptions] = useState<{ value: number; label: string }[]>(initial ? [toOption(initial)] : []);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const search = useCallback((text: string) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(async () => {
      try {
        const page = await api.get<Page<Product>>('/inventory/products', { q: text.trim() || undefined, variants: 'include', limit: 30 });
        setOptions(page.items
          .filter((p) => (templates || !p.is_template) && (!stockOnly || p.type !== 'service'))
          .map(toOption));
      } catch { setOptions([]); }
    }, 200);
  }, [templates, stockOnly, toOption]);
  useEffect(() => { search(''); return () => clearTimeout(timer.current); }, [search]);
  useEffect(() => {
    if (initial) setOptions((o) => (o.some((x) => x.value === initial.id) ? o : [toOption(initial), ...o]));
  }, [initial, toOption]);
  return <Select<number> showSearch filterOption={false} onSearch={search} options={options} allowClear {...rest} />;
}

/** A searchable select of locations (internal ones unless told otherwise), by full name or barcode. */
export function LocationSelect({ locations, usages = ['internal'], ...rest }: SelectProps<number> & { locations: Location[]; usages?: string[] }) {
  const { byId } = useLocationNames(locations);
  const options = locations
    .filter((l) => usages.includes(l.usage) && !l.archived)
    .map((l) => ({ value: l.id, label: locationPath(l, byId), barcode: l.barcode ?? '' }))
    .sort((a, b) => a.label.localeCompare(b.label, 'en', { numeric: true }));
  return (
    <Select<number> showSearch options={options}
      filterOption={(input, option) => {
        const text = input.trim().toLowerCase();
        return !!option && ((option.label as string).toLowerCase().includes(text) || (option.barcode as string).toLowerCase() === text);
      }}
      {...rest} />
  );
}
