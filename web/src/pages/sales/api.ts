// The sales routes the screens call, in one place, so a path or a query name changes here only.
import { api } from '../../api/client';
import { compareDecimal } from '../../lib/decimal';
import type { Configurator, QuoteFormValues } from './model';
import { quoteBody } from './model';

export const SALES = {
  quotes: '/sales/quotes',
  quote: (id: number) => `/sales/quotes/${id}`,
  quoteAction: (id: number, action: string) => `/sales/quotes/${id}/${action}`,
  quotePreview: '/sales/quotes/preview',
  orders: '/sales/orders',
  order: (id: number) => `/sales/orders/${id}`,
  orderAction: (id: number, action: string) => `/sales/orders/${id}/${action}`,
  deliveries: '/sales/deliveries',
  delivery: (id: number) => `/sales/deliveries/${id}`,
  deliveryAction: (id: number, action: string) => `/sales/deliveries/${id}/${action}`,
  returns: '/sales/returns',
  return_: (id: number) => `/sales/returns/${id}`,
  pricelists: '/sales/pricelists',
  pricelist: (id: number) => `/sales/pricelists/${id}`,
  prices: '/sales/prices',
  configurator: (productId: number) => `/sales/configurators/${productId}`,
  settings: '/sales/settings',
};

export interface PriceAnswer {
  product_id: number;
  unit_price: string;
  list_price?: string;
  currency: string;
  pricelist_id: number | null;
  item_id?: number | null;
  discount_percent?: string;
  tax_ids?: number[];
}

/** The unit price a line would get from the price list (before a configuration's extras). */
export function fetchPrice(query: { partner?: number | null; product: number; quantity: string; date?: string | null; currency?: string }): Promise<PriceAnswer> {
  return api.get<PriceAnswer>(SALES.prices, {
    partner: query.partner ?? undefined, product: query.product, quantity: query.quantity, date: query.date ?? undefined, currency: query.currency,
  });
}

export interface SalesSettings {
  max_discount_percent: Record<string, string>;
}

/** The highest discount the user may give without an approver: the largest of their roles' maximums (null: none set). */
export function discountLimit(settings: SalesSettings | null, roles: string[] | undefined): string | null {
  if (!settings) return null;
  let best: string | null = null;
  for (const role of roles ?? []) {
    const value = settings.max_discount_percent?.[role];
    if (value === undefined) continue;
    if (best === null || compareDecimal(value, best) > 0) best = value;
  }
  return best;
}

export interface PreviewAnswer {
  currency: string;
  untaxed: string;
  tax: string;
  total: string;
  optional_untaxed?: string;
  lines: { subtotal: string; unit_price: string; tax_ids?: number[] }[];
  taxes?: { tax_id: number; name?: string; base: string; amount: string }[];
}

/** Totals and taxes of a quote not yet saved, computed by the server exactly as the invoice will be. */
export async function previewQuote(values: QuoteFormValues, signal?: AbortSignal): Promise<PreviewAnswer> {
  const r = await api.request<PreviewAnswer>(SALES.quotePreview, { method: 'POST', body: quoteBody(values), signal, retries: 0 });
  return r.data;
}

const configurators = new Map<number, Promise<Configurator | null>>();

/** A product's configurator, or null when the product is not configurable. */
export function fetchConfigurator(productId: number): Promise<Configurator | null> {
  if (!configurators.has(productId)) {
    configurators.set(productId, api.get<Configurator>(SALES.configurator(productId)).then(
      (c) => (c && Array.isArray(c.groups) && c.groups.length > 0 ? c : null),
      () => null,
    ));
  }
  return configurators.get(productId)!;
}
