// The sales screens' data shapes and pure logic: which page a path shows, request bodies from
// form values, line amounts and totals (exact, as the server computes them), the configurator's
// compatibility rules, what a barcode scanner typed, and the quantities a return may take.
// Amounts and quantities are decimal strings; every sum goes through lib/decimal (BigInt).
import { compareDecimal, fixDecimal, parseDecimal, subtractDecimal, sumDecimals, addDecimal } from '../../lib/decimal';
import { toLatinDigits } from '../../lib/format';
import { lineAmount, normalizeAmountInput } from '../accounting/finance/model';

// ---------------------------------------------------------------------------------------------
// Shapes of the API's answers

export type QuoteState = 'draft' | 'to_approve' | 'approved' | 'sent' | 'accepted' | 'rejected' | 'expired' | 'cancelled';
export const QUOTE_STATES: QuoteState[] = ['draft', 'to_approve', 'approved', 'sent', 'accepted', 'rejected', 'expired', 'cancelled'];
export type OrderState = 'draft' | 'confirmed' | 'done' | 'cancelled';
export const ORDER_STATES: OrderState[] = ['draft', 'confirmed', 'done', 'cancelled'];
export type DeliveryState = 'ready' | 'picked' | 'packed' | 'shipped' | 'cancelled';
export const DELIVERY_STATES: DeliveryState[] = ['ready', 'picked', 'packed', 'shipped', 'cancelled'];
export type Disposition = 'stock' | 'scrap';

export interface Configuration {
  [group: string]: string;
}

export interface QuoteLine {
  id?: number;
  line_no?: number;
  product_id: number;
  sku?: string;
  product_name?: string;
  description: string;
  quantity: string;
  unit_price: string;
  discount_percent: string;
  tax_ids: number[];
  optional?: boolean;
  selected?: boolean;
  configuration?: Configuration | null;
  price_extra?: string;
  subtotal?: string;
}

export interface Quote {
  optional_untaxed?: string;
  id: number;
  number: string | null;
  partner_id: number;
  partner_name?: string;
  currency: string;
  state: QuoteState;
  date: string;
  valid_until: string | null;
  pricelist_id: number | null;
  lines: QuoteLine[];
  untaxed: string;
  tax: string;
  total: string;
  order_id: number | null;
  max_discount_percent?: string;
  approved_by?: number | null;
  version: number;
}

export interface Promise_ {
  available_now: string;
  earliest_date: string | null;
}

export interface OrderLine {
  id: number;
  line_no: number;
  product_id: number;
  sku?: string;
  product_name?: string;
  description: string;
  quantity: string;
  reserved: string;
  delivered: string;
  invoiced: string;
  returned: string;
  unit_price: string;
  discount_percent: string;
  tax_ids: number[];
  subtotal: string;
  move_id: number | null;
  promise?: Promise_ | null;
}

export interface CreditState {
  currency: string;
  balance: string;
  open_orders: string;
  this_order: string;
  limit: string | null;
  available: string | null;
  exceeded: boolean;
}

export interface Order {
  id: number;
  number: string | null;
  partner_id: number;
  partner_name?: string;
  currency: string;
  state: OrderState;
  quote_id: number | null;
  warehouse_id: number;
  date: string;
  invoice_policy: 'ordered' | 'delivered';
  allow_backorder: boolean;
  credit_override: boolean;
  delivery_status: 'nothing' | 'partial' | 'full' | string;
  invoice_status: 'nothing' | 'to_invoice' | 'partial' | 'invoiced' | string;
  untaxed: string;
  tax: string;
  total: string;
  lines: OrderLine[];
  credit?: CreditState | null;
  version: number;
}

export interface DeliveryLine {
  line_no?: number;
  move_id: number;
  order_line_id?: number | null;
  product_id: number;
  sku: string;
  /** Not sent by the server: filled from the product for the scanner's pre-check. */
  barcode?: string;
  product_name?: string;
  quantity: string;
  picked: string;
  shipped?: string;
  picks?: { lot: string | null; quantity: string }[];
}

export interface Delivery {
  id: number;
  number: string | null;
  order_id: number;
  order_number?: string | null;
  partner_id: number;
  state: DeliveryState;
  date?: string;
  lines: DeliveryLine[];
  package_count: number;
  weight: string;
  carrier: string;
  tracking_number: string;
  shipped_date?: string | null;
  backorder_id: number | null;
  backorder_of?: number | null;
  version?: number;
}

export interface ReturnLine {
  order_line_id: number;
  product_id?: number;
  quantity: string;
  disposition: Disposition;
}

export interface SalesReturn {
  id: number;
  number: string | null;
  order_id: number;
  partner_id: number;
  date: string;
  refund?: boolean;
  reason?: string;
  lines: ReturnLine[];
  credit_note_id: number | null;
}

export interface PricelistItem {
  id?: number;
  product_id: number | null;
  category_id?: number | null;
  min_quantity: string;
  price: string | null;
  discount_percent: string | null;
  date_from: string | null;
  date_to: string | null;
}

export interface Pricelist {
  id: number;
  name: string;
  currency: string;
  customer_group?: string | null;
  items: PricelistItem[];
  archived?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Routes

export type SalesPage =
  | { page: 'quotes' } | { page: 'quote-new' } | { page: 'quote'; id: number } | { page: 'quote-edit'; id: number }
  | { page: 'orders' } | { page: 'order'; id: number }
  | { page: 'deliveries' } | { page: 'delivery'; id: number }
  | { page: 'returns' } | { page: 'return-new'; orderId: number | null } | { page: 'return'; id: number }
  | { page: 'pricelists' } | { page: 'pricelist-new' } | { page: 'pricelist'; id: number };

export const SALES_SECTIONS = ['quotes', 'orders', 'deliveries', 'returns', 'pricelists'] as const;
export type SalesSection = (typeof SALES_SECTIONS)[number];

const ID = /^[1-9]\d{0,17}$/;

/**
 * The page a /sales path shows, or null when it is not one ("/sales" is the quote list,
 * "/sales/returns/new?order=4" the return form for order 4).
 */
export function salesPageOf(path: string, search = ''): SalesPage | null {
  const parts = path.replace(/\/+$/, '').split('/').filter(Boolean);
  if (parts[0] !== 'sales' || parts.length > 4) return null;
  const [, section, a, b] = parts;
  const id = a !== undefined && ID.test(a) ? Number(a) : null;
  if (section === undefined) return parts.length === 1 ? { page: 'quotes' } : null;
  switch (section) {
    case 'quotes':
      if (a === undefined) return { page: 'quotes' };
      if (a === 'new' && b === undefined) return { page: 'quote-new' };
      if (id !== null && b === undefined) return { page: 'quote', id };
      if (id !== null && b === 'edit') return { page: 'quote-edit', id };
      return null;
    case 'orders':
      if (a === undefined) return { page: 'orders' };
      return id !== null && b === undefined ? { page: 'order', id } : null;
    case 'deliveries':
      if (a === undefined) return { page: 'deliveries' };
      return id !== null && b === undefined ? { page: 'delivery', id } : null;
    case 'returns': {
      if (a === undefined) return { page: 'returns' };
      if (a === 'new' && b === undefined) {
        const order = new URLSearchParams(search).get('order');
        return { page: 'return-new', orderId: order && ID.test(order) ? Number(order) : null };
      }
      return id !== null && b === undefined ? { page: 'return', id } : null;
    }
    case 'pricelists':
      if (a === undefined) return { page: 'pricelists' };
      if (a === 'new' && b === undefined) return { page: 'pricelist-new' };
      return id !== null && b === undefined ? { page: 'pricelist', id } : null;
    default:
      return null;
  }
}

/** The subnav tab a page belongs to. */
export function sectionOf(page: SalesPage): SalesSection {
  if (page.page.startsWith('quote')) return 'quotes';
  if (page.page.startsWith('order')) return 'orders';
  if (page.page.startsWith('deliver')) return 'deliveries';
  if (page.page.startsWith('return')) return 'returns';
  return 'pricelists';
}

// ---------------------------------------------------------------------------------------------
// Quote form → request

export interface QuoteFormLine {
  product_id?: number | null;
  description?: string;
  quantity?: string;
  unit_price?: string;
  discount_percent?: string;
  tax_ids?: number[];
  optional?: boolean;
  configuration?: Configuration | null;
  /** True once the user typed a price: the price list no longer sets it. */
  price_manual?: boolean;
}

export interface QuoteFormValues {
  partner_id?: number | null;
  currency?: string;
  date?: string | null;
  valid_until?: string | null;
  pricelist_id?: number | null;
  lines: QuoteFormLine[];
}

/** A user's number as the API's decimal string (Persian digits, decimal comma understood); the raw text when it is not one, so the server names the field. */
function decimalOrRaw(text: string | undefined | null): string {
  return normalizeAmountInput(text) ?? (text ?? '').trim();
}

function lineBody(l: QuoteFormLine): Record<string, unknown> {
  const line: Record<string, unknown> = {
    product_id: l.product_id ?? null,
    quantity: decimalOrRaw(l.quantity),
    tax_ids: l.tax_ids ?? [],
  };
  if (l.description && l.description.trim()) line.description = l.description.trim();
  // Without a typed price the server takes the price list's (the form shows the same).
  if (l.price_manual && l.unit_price !== undefined && l.unit_price.trim() !== '') line.unit_price = decimalOrRaw(l.unit_price);
  if (l.discount_percent && l.discount_percent.trim() && normalizeAmountInput(l.discount_percent) !== '0') line.discount_percent = decimalOrRaw(l.discount_percent);
  if (l.optional) line.optional = true;
  if (l.configuration && Object.keys(l.configuration).length > 0) line.configuration = l.configuration;
  return line;
}

/** The body of POST /sales/quotes (and of the totals preview) from the quote form. */
export function quoteBody(values: QuoteFormValues): Record<string, unknown> {
  const body: Record<string, unknown> = {
    partner_id: values.partner_id ?? null,
    lines: (values.lines ?? []).filter((l) => l && l.product_id).map(lineBody),
  };
  if (values.currency && values.currency.trim()) body.currency = values.currency.trim().toUpperCase();
  if (values.date) body.date = values.date;
  if (values.valid_until) body.valid_until = values.valid_until;
  if (values.pricelist_id) body.pricelist_id = values.pricelist_id;
  return body;
}

/** The form indexes of the lines the request carries (those with a product), in request order: line i of a preview answer is form line result[i]. */
export function previewIndexes(lines: QuoteFormLine[]): number[] {
  const out: number[] = [];
  (lines ?? []).forEach((l, i) => { if (l && l.product_id) out.push(i); });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Amounts

/** A line's untaxed amount as the server computes it (quantity × price rounded, less the discount rounded); null while incomplete. */
export function lineSubtotal(line: { quantity?: string | null; unit_price?: string | null; discount_percent?: string | null }, decimals: number): string | null {
  return lineAmount(line, decimals);
}

export interface Totals {
  untaxed: string;
  optional: string;
}

/** Untaxed total of the counted lines and, apart, of the optional lines; null when a line is incomplete. */
export function quoteTotals(lines: QuoteFormLine[], decimals: number): Totals | null {
  const counted: string[] = [];
  const optional: string[] = [];
  for (const l of lines) {
    if (!l || !l.product_id) continue;
    const amount = lineSubtotal(l, decimals);
    if (amount === null) return null;
    (l.optional ? optional : counted).push(amount);
  }
  return { untaxed: fixDecimal(sumDecimals(counted), decimals), optional: fixDecimal(sumDecimals(optional), decimals) };
}

/** The highest discount percent among the quote's lines ("0" when none). */
export function maxDiscount(lines: QuoteFormLine[]): string {
  let max = '0';
  for (const l of lines) {
    const d = normalizeAmountInput(l?.discount_percent ?? '');
    if (d !== null && compareDecimal(d, max) > 0) max = d;
  }
  return max;
}

/** True when a discount of `percent` needs an approver for a user whose maximum is `limit` (no limit: never). */
export function needsApproval(percent: string, limit: string | null | undefined): boolean {
  if (limit === null || limit === undefined || limit === '') return false;
  return compareDecimal(percent, limit) > 0;
}

/**
 * The credit picture of an order: what it would use (balance + open orders + this order) and
 * what is left of the limit. `over` when confirming would pass the limit.
 */
export function creditPicture(credit: CreditState): { used: string; left: string | null; over: boolean } {
  const used = sumDecimals([credit.balance, credit.open_orders, credit.this_order]);
  if (credit.limit === null) return { used, left: null, over: false };
  const left = subtractDecimal(credit.limit, used);
  return { used, left, over: compareDecimal(left, '0') < 0 };
}

/** How much of an order line can be had now: 'full', 'partial' or 'none', from its promise. */
export function availabilityOf(line: Pick<OrderLine, 'quantity' | 'delivered' | 'promise'>): 'full' | 'partial' | 'none' | 'unknown' {
  if (!line.promise) return 'unknown';
  const wanted = subtractDecimal(line.quantity, line.delivered || '0');
  if (compareDecimal(line.promise.available_now, wanted) >= 0) return 'full';
  return compareDecimal(line.promise.available_now, '0') > 0 ? 'partial' : 'none';
}

// ---------------------------------------------------------------------------------------------
// The configurator

export interface ConfigOption {
  code: string;
  name: string;
  price_extra: string;
}

export interface ConfigGroup {
  code: string;
  name: string;
  required: boolean;
  options: ConfigOption[];
}

/** "requires": choosing `option` needs `other`; "excludes": the two cannot go together. Options are "group:option". */
export interface ConfigRule {
  kind: 'requires' | 'excludes';
  option: string;
  other: string;
}

export interface Configurator {
  product_id: number;
  groups: ConfigGroup[];
  rules: ConfigRule[];
}

export type ConfigProblem =
  | { code: 'configuration_option_unknown'; group: string }
  | { code: 'configuration_incompatible'; option: string; other: string }
  | { code: 'configuration_incomplete'; group: string };

const key = (group: string, option: string) => `${group}:${option}`;

/** What is wrong with a choice, by the server's rules (unknown option, a rule broken, a required group left open). */
export function configurationProblems(config: Configurator, chosen: Configuration): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const picked = new Set<string>();
  for (const [group, option] of Object.entries(chosen)) {
    const g = config.groups.find((x) => x.code === group);
    if (!g || !g.options.some((o) => o.code === option)) problems.push({ code: 'configuration_option_unknown', group });
    else picked.add(key(group, option));
  }
  for (const rule of config.rules) {
    if (!picked.has(rule.option)) continue;
    if (rule.kind === 'excludes' && picked.has(rule.other)) problems.push({ code: 'configuration_incompatible', option: rule.option, other: rule.other });
    if (rule.kind === 'requires' && !picked.has(rule.other)) {
      // Only a requirement in a group that has another choice is a conflict; an open group is incomplete.
      const [otherGroup] = rule.other.split(':');
      if (chosen[otherGroup] !== undefined) problems.push({ code: 'configuration_incompatible', option: rule.option, other: rule.other });
    }
  }
  for (const g of config.groups) {
    if (g.required && chosen[g.code] === undefined) problems.push({ code: 'configuration_incomplete', group: g.code });
  }
  return problems;
}

/**
 * The choices that would break a rule given what is chosen in the other groups: each is
 * disabled with the option it conflicts with.
 */
export function blockedOptions(config: Configurator, chosen: Configuration): Map<string, string> {
  const blocked = new Map<string, string>();
  for (const g of config.groups) {
    const others = Object.fromEntries(Object.entries(chosen).filter(([group]) => group !== g.code));
    for (const o of g.options) {
      const trial = { ...others, [g.code]: o.code };
      const conflict = configurationProblems(config, trial).find((p) => p.code === 'configuration_incompatible');
      if (conflict && conflict.code === 'configuration_incompatible') {
        const self = key(g.code, o.code);
        blocked.set(self, conflict.option === self ? conflict.other : conflict.option);
      }
    }
  }
  return blocked;
}

/** The sum of the chosen options' price extras. */
export function configurationExtra(config: Configurator, chosen: Configuration): string {
  const extras: string[] = [];
  for (const [group, option] of Object.entries(chosen)) {
    const o = config.groups.find((g) => g.code === group)?.options.find((x) => x.code === option);
    if (o) extras.push(o.price_extra);
  }
  return sumDecimals(extras);
}

// ---------------------------------------------------------------------------------------------
// The scanner

/**
 * What a scanner (or a person) typed into the scan field: a code, optionally preceded by a
 * count ("3*4006381333931" or "3x…" picks three). Null for an empty scan or a bad count.
 */
export function parseScan(text: string): { code: string; quantity: string } | null {
  const clean = toLatinDigits(text).trim();
  if (clean === '') return null;
  const match = /^(\d+(?:\.\d+)?)\s*[*xX×]\s*(\S+)$/.exec(clean);
  if (match) {
    if (compareDecimal(match[1], '0') <= 0) return null;
    return { code: match[2], quantity: match[1] };
  }
  if (/\s/.test(clean)) return null;
  return { code: clean, quantity: '1' };
}

export type ScanResult =
  | { ok: true; index: number; picked: string }
  | { ok: false; code: 'delivery_code_unknown' | 'delivery_quantity_exceeded'; index?: number };

/**
 * Applies a scan to the delivery's lines: the first line whose SKU or barcode is the code and
 * that still has room takes the quantity. An unknown code, or more than the line wants, is
 * refused and changes nothing.
 */
export function applyScan(lines: Pick<DeliveryLine, 'sku' | 'barcode' | 'quantity' | 'picked'>[], code: string, quantity: string): ScanResult {
  const matches = lines.map((l, index) => ({ l, index })).filter(({ l }) => l.sku === code || (!!l.barcode && l.barcode === code));
  if (matches.length === 0) return { ok: false, code: 'delivery_code_unknown' };
  for (const { l, index } of matches) {
    const after = addDecimal(l.picked || '0', quantity);
    if (compareDecimal(after, l.quantity) <= 0) return { ok: true, index, picked: after };
  }
  return { ok: false, code: 'delivery_quantity_exceeded', index: matches[0].index };
}

/** Scans grouped per code for the pick request: [{code, quantity}] in first-scan order. */
export function scansToPick(scans: { code: string; quantity: string }[]): { code: string; quantity: string }[] {
  const out: { code: string; quantity: string }[] = [];
  for (const s of scans) {
    const found = out.find((x) => x.code === s.code);
    if (found) found.quantity = addDecimal(found.quantity, s.quantity);
    else out.push({ ...s });
  }
  return out;
}

/** Picked quantity over all lines, and whether every line is complete. */
export function pickProgress(lines: Pick<DeliveryLine, 'quantity' | 'picked'>[]): { picked: string; wanted: string; complete: boolean } {
  const picked = sumDecimals(lines.map((l) => l.picked));
  const wanted = sumDecimals(lines.map((l) => l.quantity));
  return { picked, wanted, complete: lines.every((l) => compareDecimal(l.picked || '0', l.quantity) >= 0) };
}

// ---------------------------------------------------------------------------------------------
// Returns

/** What of an order line can still come back: delivered − returned (never below zero). */
export function returnable(line: Pick<OrderLine, 'delivered' | 'returned'>): string {
  const left = subtractDecimal(line.delivered || '0', line.returned || '0');
  return compareDecimal(left, '0') > 0 ? left : '0';
}

export interface ReturnFormLine {
  order_line_id: number;
  quantity?: string;
  disposition?: Disposition;
}

/** The body of POST /sales/returns: only lines with a quantity, as decimal strings. */
export function returnBody(orderId: number, lines: ReturnFormLine[], refund: boolean, date?: string | null): Record<string, unknown> {
  const body: Record<string, unknown> = {
    order_id: orderId,
    refund,
    lines: lines
      .filter((l) => l.quantity !== undefined && l.quantity.trim() !== '' && normalizeAmountInput(l.quantity) !== '0')
      .map((l) => ({ order_line_id: l.order_line_id, quantity: decimalOrRaw(l.quantity), disposition: l.disposition ?? 'stock' })),
  };
  if (date) body.date = date;
  return body;
}

/** Problems with a typed return quantity: not a number, not positive, more than can return. */
export function returnQuantityProblem(text: string | undefined, max: string): 'invalid' | 'not_positive' | 'too_many' | null {
  if (text === undefined || text.trim() === '') return null;
  const q = normalizeAmountInput(text);
  if (q === null || !parseDecimal(q)) return 'invalid';
  if (compareDecimal(q, '0') <= 0) return 'not_positive';
  return compareDecimal(q, max) > 0 ? 'too_many' : null;
}

/** part / whole as a whole percent (0..100, rounded down) by integer arithmetic; 0 when whole is zero. */
export function percentOf(part: string, whole: string): number {
  const a = parseDecimal(part || '0');
  const b = parseDecimal(whole || '0');
  if (!a || !b || b.units <= 0n) return 0;
  const scale = Math.max(a.scale, b.scale);
  const x = a.units * 10n ** BigInt(scale - a.scale);
  const y = b.units * 10n ** BigInt(scale - b.scale);
  const p = (x * 100n) / y;
  return Number(p < 0n ? 0n : p > 100n ? 100n : p);
}
