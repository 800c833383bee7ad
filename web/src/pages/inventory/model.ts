// The inventory screens' data shapes and pure logic: request bodies from form values, variant
// combinations, stock totals, the location tree, count differences and move filters. Quantities,
// prices and costs are decimal strings; every sum goes through lib/decimal (BigInt).
import { addDecimal, compareDecimal, parseDecimal, subtractDecimal, sumDecimals } from '../../lib/decimal';
import { normalizeAmountInput } from '../accounting/finance/model';
import type { Language } from '../../lib/format';

export type ProductType = 'stockable' | 'consumable' | 'service';
export const PRODUCT_TYPES: ProductType[] = ['stockable', 'consumable', 'service'];
export type Tracking = 'none' | 'lot' | 'serial';
export const TRACKINGS: Tracking[] = ['none', 'lot', 'serial'];
export type CostMethod = 'fifo' | 'average' | 'standard';
export type MoveState = 'draft' | 'confirmed' | 'partially_available' | 'assigned' | 'done' | 'cancelled';
export const MOVE_STATES: MoveState[] = ['draft', 'confirmed', 'partially_available', 'assigned', 'done', 'cancelled'];
export type LocationUsage = 'internal' | 'supplier' | 'customer' | 'loss' | 'production' | 'transit' | 'view';

export interface AttributeLine {
  name: string;
  values: string[];
}

/** A template's attribute line as the API answers it: each value with its price extra. */
export interface AttributeLineOut {
  name: string;
  values: { value: string; price_extra: string }[];
}

export interface Product {
  id: number;
  template_id: number | null;
  is_template: boolean;
  sku: string;
  barcode: string;
  name?: string;
  names: Partial<Record<Language, string>> & Record<string, string>;
  type: ProductType;
  tracking: Tracking;
  category_id: number;
  category_name?: string;
  cost_method?: CostMethod;
  uom_id: number;
  uom?: string;
  uom_decimals?: number;
  list_price: string;
  price_extra: string;
  standard_cost: string;
  currency?: string;
  /** A variant's values ({"size": "M"}); empty for other products. */
  attributes?: Record<string, string>;
  /** A template's attributes and their values with price extras. */
  attribute_lines?: AttributeLineOut[];
  taxes: (string | number)[];
  tax_ids?: number[];
  archived: boolean;
  version: number;
  variant_count?: number;
}

export interface Category {
  id: number;
  name: string;
  parent_id: number | null;
  cost_method: CostMethod;
}

export interface Uom {
  id: number;
  category: string;
  name: string;
  factor: string;
  decimals: number;
  reference: boolean;
}

export interface Location {
  id: number;
  parent_id: number | null;
  warehouse_id: number | null;
  name: string;
  full_name?: string;
  barcode: string;
  usage: LocationUsage;
  archived?: boolean;
}

export interface Warehouse {
  id: number;
  code: string;
  name: string;
  stock_location_id: number;
  input_location_id: number;
  output_location_id: number;
}

export interface MoveLot {
  lot_id: number;
  lot_name: string;
  quantity: string;
  expiry_date?: string | null;
}

export interface Move {
  id: number;
  product_id: number;
  quantity: string;
  reserved: string;
  done_quantity: string;
  from_location_id: number;
  to_location_id: number;
  state: MoveState;
  date: string;
  origin: string;
  partner_id: number | null;
  origin_move_id?: number | null;
  backorder_of?: number | null;
  unit_cost?: string | null;
  value: string;
  currency?: string;
  entry_id: number | null;
  lots: MoveLot[];
}

/** One row of a product's stock: a location, optionally a lot. */
export interface StockRow {
  location_id: number;
  location_name?: string;
  lot_id?: number | null;
  lot_name?: string | null;
  expiry_date?: string | null;
  on_hand: string;
  reserved: string;
  available?: string;
}

export interface StockTotals {
  on_hand: string;
  reserved: string;
  available: string;
  incoming: string;
  outgoing: string;
  forecast: string;
}

export interface ProductStock extends StockTotals {
  product_id: number;
  rows: StockRow[];
  value?: string;
}

export interface ReorderRule {
  id: number;
  product_id: number;
  sku?: string;
  warehouse_id: number;
  min: string;
  max: string;
  version?: number;
}

export interface Proposal {
  rule_id: number;
  product_id: number;
  sku?: string;
  name?: string;
  warehouse_id: number;
  uom?: string;
  min: string;
  max: string;
  forecast: string;
  quantity: string;
}

export interface Count {
  id: number;
  product_id: number;
  location_id: number;
  lot_id: number | null;
  date: string;
  counted: string;
  on_hand: string;
  difference: string;
  move_id: number | null;
}

// ---------------------------------------------------------------------------------------------
// Names

/** A product's name in `language`, falling back to English, then to any name, then the SKU. */
export function productName(product: Pick<Product, 'names' | 'sku'>, language: Language): string {
  const names = product.names ?? {};
  return names[language] || names.en || Object.values(names).find((n) => n) || product.sku;
}

/** A variant's attribute values as text ("M · red"), empty for other products. */
export function variantLabel(product: Pick<Product, 'attributes'>): string {
  const attributes = product.attributes;
  if (!attributes || typeof attributes !== 'object') return '';
  return Object.values(attributes).join(' · ');
}

/** A template's attribute lines (empty for other products). */
export function attributeLines(product: Pick<Product, 'attribute_lines'>): AttributeLineOut[] {
  return product.attribute_lines ?? [];
}

// ---------------------------------------------------------------------------------------------
// Numbers typed by a user

/** A typed quantity, price or cost as a plain decimal string, or null when it is not one. */
export function normalizeNumber(text: string | null | undefined): string | null {
  return normalizeAmountInput(text);
}

/** The text to send for a typed number: the plain decimal, or the raw text so the server names the error. */
function typed(text: string | null | undefined): string {
  return normalizeAmountInput(text) ?? (text ?? '').trim();
}

// ---------------------------------------------------------------------------------------------
// Products

export interface AttributeFormLine {
  name?: string;
  values?: string[];
  /** Price extra per value, typed. */
  extras?: Record<string, string | undefined>;
}

export interface ProductFormValues {
  type?: ProductType;
  sku?: string;
  barcode?: string;
  names?: Partial<Record<Language, string>>;
  category_id?: number | null;
  uom_id?: number | null;
  tracking?: Tracking;
  list_price?: string;
  price_extra?: string;
  standard_cost?: string;
  taxes?: (string | number)[];
  attributes?: AttributeFormLine[];
}

/** The attribute lines that name something, trimmed, values deduplicated in order. */
export function cleanAttributes(lines: AttributeFormLine[] | undefined): AttributeLine[] {
  return (lines ?? [])
    .map((l) => ({ name: (l.name ?? '').trim(), values: [...new Set((l.values ?? []).map((v) => v.trim()).filter((v) => v))] }))
    .filter((l) => l.name !== '' || l.values.length > 0);
}

/** The price extras as the API takes them: {"size:L": "2.00"}, only those typed and not zero. */
export function priceExtrasBody(lines: AttributeFormLine[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of lines ?? []) {
    const name = (line.name ?? '').trim();
    for (const [value, text] of Object.entries(line.extras ?? {})) {
      if (!text || !text.trim()) continue;
      if (!(line.values ?? []).map((v) => v.trim()).includes(value.trim())) continue;
      const amount = typed(text);
      const parsed = parseDecimal(amount);
      if (parsed && parsed.units === 0n) continue;
      out[`${name}:${value.trim()}`] = amount;
    }
  }
  return out;
}

/**
 * The request body for POST /inventory/products (create) or PATCH /inventory/products/{id}
 * (edit, with the version read). Empty optional fields are left out; names only for the
 * languages typed. Type, tracking and unit are set at creation only (stock and valuation depend
 * on them); attributes too. A variant's price is its template's plus its own extra, so an edit
 * of a variant sends the extra instead of a list price.
 */
export function productBody(values: ProductFormValues, edit?: { version: number; variant?: boolean }): Record<string, unknown> {
  const names = Object.fromEntries(
    Object.entries(values.names ?? {}).map(([l, n]) => [l, (n ?? '').trim()]).filter(([, n]) => n),
  );
  const body: Record<string, unknown> = { sku: (values.sku ?? '').trim(), names };
  const barcode = (values.barcode ?? '').trim();
  if (barcode || edit) body.barcode = barcode;
  if (values.category_id) body.category_id = values.category_id;
  if (edit?.variant) {
    if ((values.price_extra ?? '').trim()) body.price_extra = typed(values.price_extra);
  } else if ((values.list_price ?? '').trim()) {
    body.list_price = typed(values.list_price);
  }
  if ((values.standard_cost ?? '').trim()) body.standard_cost = typed(values.standard_cost);
  if (values.taxes) body.taxes = values.taxes;
  if (edit) {
    body.version = edit.version;
    return body;
  }
  body.type = values.type ?? 'stockable';
  body.tracking = values.type === 'service' ? 'none' : values.tracking ?? 'none';
  if (values.uom_id) body.uom_id = values.uom_id;
  const attributes = cleanAttributes(values.attributes);
  if (attributes.length > 0) {
    body.attributes = attributes;
    const extras = priceExtrasBody(values.attributes);
    if (Object.keys(extras).length > 0) body.price_extras = extras;
  }
  return body;
}

/**
 * "TSHIRT" + ["M", "red"] → "TSHIRT-M-RED": the SKU the server gives a variant by default (the
 * values in capitals, characters outside the SKU alphabet dropped).
 */
export function variantSku(baseSku: string, values: string[]): string {
  const clean = (part: string) => part.toUpperCase().replace(/[^A-Z0-9._/-]/g, '');
  return [baseSku.trim(), ...values.map(clean)].filter((p) => p).join('-');
}

export interface VariantPreview {
  values: Record<string, string>;
  sku: string;
  price_extra: string;
  list_price: string | null;
}

/**
 * The variants the server will create for the attribute lines: one per combination, in the
 * order of the lines and values, with the default SKU and price (list price + each value's
 * extra). Returns an empty list when no line has a name and a value.
 */
export function variantPreview(baseSku: string, listPrice: string | undefined, lines: AttributeFormLine[] | undefined): VariantPreview[] {
  const attributes = cleanAttributes(lines).filter((l) => l.name && l.values.length > 0);
  if (attributes.length === 0) return [];
  const extras = priceExtrasBody(lines);
  let combos: Record<string, string>[] = [{}];
  for (const line of attributes) {
    combos = combos.flatMap((c) => line.values.map((v) => ({ ...c, [line.name]: v })));
  }
  const price = normalizeAmountInput(listPrice) ?? (listPrice && listPrice.trim() ? null : '0');
  return combos.map((values) => {
    const extra = sumDecimals(Object.entries(values).map(([n, v]) => extras[`${n}:${v}`]));
    return {
      values,
      sku: variantSku(baseSku, Object.values(values)),
      price_extra: extra,
      list_price: price === null ? null : addDecimal(price, extra),
    };
  });
}

/** How many variants the lines make (the product of the value counts; 0 without attributes). */
export function variantCount(lines: AttributeFormLine[] | undefined): number {
  const attributes = cleanAttributes(lines).filter((l) => l.name && l.values.length > 0);
  return attributes.length === 0 ? 0 : attributes.reduce((n, l) => n * l.values.length, 1);
}

// ---------------------------------------------------------------------------------------------
// Stock

const ZERO_TOTALS: StockTotals = { on_hand: '0', reserved: '0', available: '0', incoming: '0', outgoing: '0', forecast: '0' };

/** Reads GET /inventory/products/{id}/stock whatever the nesting of its totals and rows. */
export function readProductStock(raw: Record<string, unknown>, productId: number): ProductStock {
  const totals = (typeof raw.totals === 'object' && raw.totals ? raw.totals : raw) as Partial<StockTotals>;
  const rowsRaw = (raw.rows ?? raw.locations ?? raw.by_location ?? raw.items ?? raw.quants ?? []) as StockRow[];
  const rows = rowsRaw.map((r) => ({ ...r, available: r.available ?? subtractDecimal(r.on_hand ?? '0', r.reserved ?? '0') }));
  const out: ProductStock = { ...ZERO_TOTALS, product_id: productId, rows };
  for (const key of Object.keys(ZERO_TOTALS) as (keyof StockTotals)[]) {
    const v = totals[key];
    if (typeof v === 'string' && parseDecimal(v)) out[key] = v;
  }
  if (typeof raw.value === 'string') out.value = raw.value;
  return out;
}

/** Sums of stock rows: on hand, reserved and available. */
export function sumStockRows(rows: Pick<StockRow, 'on_hand' | 'reserved' | 'available'>[]): { on_hand: string; reserved: string; available: string } {
  const on_hand = sumDecimals(rows.map((r) => r.on_hand));
  const reserved = sumDecimals(rows.map((r) => r.reserved));
  return { on_hand, reserved, available: subtractDecimal(on_hand, reserved) };
}

/** forecast = on hand + incoming − outgoing; available = on hand − reserved. */
export function deriveTotals(onHand: string, reserved: string, incoming: string, outgoing: string): StockTotals {
  return {
    on_hand: onHand, reserved, incoming, outgoing,
    available: subtractDecimal(onHand, reserved),
    forecast: subtractDecimal(addDecimal(onHand, incoming), outgoing),
  };
}

/** A move's effect on stock seen from `locationIds` (internal locations): +in, −out, 0 inside. */
export function moveDirection(move: Pick<Move, 'from_location_id' | 'to_location_id'>, internal: (id: number) => boolean): 'in' | 'out' | 'internal' | 'external' {
  const from = internal(move.from_location_id);
  const to = internal(move.to_location_id);
  if (from && to) return 'internal';
  if (to) return 'in';
  if (from) return 'out';
  return 'external';
}

/** The sum of the values of done moves (the stock value they brought in and took out). */
export function movesValue(moves: Pick<Move, 'state' | 'value'>[]): string {
  return sumDecimals(moves.filter((m) => m.state === 'done').map((m) => m.value));
}

// ---------------------------------------------------------------------------------------------
// Locations

export interface LocationNode extends Location {
  children?: LocationNode[];
}

/** The locations as a tree by parent, siblings by name; a missing parent makes a root. */
export function locationTree(locations: readonly Location[]): LocationNode[] {
  const byId = new Map<number, LocationNode>();
  for (const l of locations) byId.set(l.id, { ...l });
  const roots: LocationNode[] = [];
  for (const node of byId.values()) {
    const parent = node.parent_id !== null && node.parent_id !== undefined ? byId.get(node.parent_id) : undefined;
    if (parent && parent !== node) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  const sort = (nodes: LocationNode[]) => {
    nodes.sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
    for (const n of nodes) if (n.children) sort(n.children);
  };
  sort(roots);
  return roots;
}

/** The location's full name: its own when the API gives one, else the parents' names joined by "/". */
export function locationPath(location: Location, byId: Map<number, Location>): string {
  if (location.full_name) return location.full_name;
  const parts: string[] = [location.name];
  const seen = new Set<number>([location.id]);
  let parent = location.parent_id !== null ? byId.get(location.parent_id) : undefined;
  while (parent && !seen.has(parent.id)) {
    if (parts[0].startsWith(parent.name + '/')) break; // the name already carries its path
    parts.unshift(parent.name);
    seen.add(parent.id);
    parent = parent.parent_id !== null ? byId.get(parent.parent_id) : undefined;
  }
  return parts.join('/');
}

/** Stock rows summed per location and up the tree: each location's own and its children's. */
export function stockByLocation(rows: Pick<StockRow, 'location_id' | 'on_hand' | 'reserved'>[], locations: readonly Location[]): Map<number, { on_hand: string; reserved: string }> {
  const byId = new Map(locations.map((l) => [l.id, l]));
  const out = new Map<number, { on_hand: string; reserved: string }>();
  for (const row of rows) {
    const seen = new Set<number>();
    let at: Location | undefined = byId.get(row.location_id);
    let id: number | null = row.location_id;
    while (id !== null && !seen.has(id)) {
      seen.add(id);
      const current = out.get(id) ?? { on_hand: '0', reserved: '0' };
      out.set(id, { on_hand: addDecimal(current.on_hand, row.on_hand), reserved: addDecimal(current.reserved, row.reserved) });
      id = at?.parent_id ?? null;
      at = id !== null ? byId.get(id) : undefined;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Receipts, transfers, scrap, counts

export interface LotFormLine {
  name?: string;
  quantity?: string;
  expiry_date?: string | null;
}

export interface ReceiptFormValues {
  product_id?: number;
  quantity?: string;
  unit_cost?: string;
  location_id?: number | null;
  partner_id?: number | null;
  date?: string | null;
  lots?: LotFormLine[];
}

function lotsBody(lots: LotFormLine[] | undefined): Record<string, unknown>[] {
  return (lots ?? [])
    .filter((l) => (l.name ?? '').trim() || (l.quantity ?? '').trim())
    .map((l) => {
      const lot: Record<string, unknown> = { lot_name: (l.name ?? '').trim(), quantity: typed(l.quantity) };
      if (l.expiry_date) lot.expiry_date = l.expiry_date;
      return lot;
    });
}

/** POST /inventory/receipts: product, quantity, unit cost, destination, lots with expiry. */
export function receiptBody(values: ReceiptFormValues): Record<string, unknown> {
  const body: Record<string, unknown> = { product_id: values.product_id, quantity: typed(values.quantity) };
  if ((values.unit_cost ?? '').trim()) body.unit_cost = typed(values.unit_cost);
  if (values.location_id) body.location_id = values.location_id;
  if (values.partner_id) body.partner_id = values.partner_id;
  if (values.date) body.date = values.date;
  const lots = lotsBody(values.lots);
  if (lots.length > 0) body.lots = lots;
  return body;
}

export interface TransferFormValues {
  product_id?: number;
  quantity?: string;
  from_location_id?: number;
  to_location_id?: number;
  lot_id?: number | null;
  date?: string | null;
}

/** POST /inventory/transfers: product, quantity, both locations, the lot moved (all of the quantity). */
export function transferBody(values: TransferFormValues): Record<string, unknown> {
  const quantity = typed(values.quantity);
  const body: Record<string, unknown> = { product_id: values.product_id, quantity };
  if (values.from_location_id) body.from_location_id = values.from_location_id;
  if (values.to_location_id) body.to_location_id = values.to_location_id;
  if (values.lot_id) body.lots = [{ lot_id: values.lot_id, quantity }];
  if (values.date) body.date = values.date;
  return body;
}

export interface ScrapFormValues {
  product_id?: number;
  quantity?: string;
  location_id?: number;
  lot_id?: number | null;
  reason?: string;
  date?: string | null;
}

/** POST /inventory/scrap: product, quantity, the location (and lot) it leaves, why. */
export function scrapBody(values: ScrapFormValues): Record<string, unknown> {
  const body: Record<string, unknown> = { product_id: values.product_id, quantity: typed(values.quantity) };
  if (values.location_id) body.location_id = values.location_id;
  if (values.lot_id) body.lot_id = values.lot_id;
  if ((values.reason ?? '').trim()) body.reason = values.reason!.trim();
  if (values.date) body.date = values.date;
  return body;
}

export interface CountFormValues {
  product_id?: number;
  location_id?: number;
  lot_id?: number | null;
  counted?: string;
  date?: string | null;
}

/** POST /inventory/counts: what was counted at a location (of a lot). */
export function countBody(values: CountFormValues): Record<string, unknown> {
  const body: Record<string, unknown> = { product_id: values.product_id, location_id: values.location_id, counted: typed(values.counted) };
  if (values.lot_id) body.lot_id = values.lot_id;
  if (values.date) body.date = values.date;
  return body;
}

/** counted − on hand: the adjustment a count makes (positive: found, negative: lost); null while not a number. */
export function countDifference(counted: string | undefined, onHand: string): string | null {
  const value = normalizeAmountInput(counted);
  if (value === null) return null;
  return subtractDecimal(value, onHand || '0');
}

/** True when the quantity has more decimals than the unit allows or is not positive. */
export function quantityProblem(text: string | undefined, decimals: number): 'invalid' | 'not_positive' | 'too_precise' | null {
  const value = normalizeAmountInput(text);
  if (value === null) return 'invalid';
  if (compareDecimal(value, '0') <= 0) return 'not_positive';
  const parsed = parseDecimal(value)!;
  const fraction = value.split('.')[1] ?? '';
  if (parsed.scale > decimals && /[1-9]/.test(fraction.slice(decimals))) return 'too_precise';
  return null;
}

// ---------------------------------------------------------------------------------------------
// Move list filters

export interface MoveFilters {
  product_id: string;
  location_id: string;
  state: string;
  origin: string;
  from: string;
  to: string;
  limit: number;
}

/** The move list's filters from the page URL (named as the API names them). */
export function moveFiltersFrom(query: URLSearchParams): MoveFilters {
  return {
    product_id: query.get('product_id') ?? '', location_id: query.get('location_id') ?? '', state: query.get('state') ?? '',
    origin: query.get('origin') ?? '', from: query.get('from') ?? '', to: query.get('to') ?? '', limit: Number(query.get('limit')) || 25,
  };
}

/** The URL query of filters: only those set ("" and the default limit left out). */
export function filtersQuery(filters: Record<string, string | number>, defaults: Record<string, string | number> = { limit: 25 }): string {
  return new URLSearchParams(
    Object.entries(filters)
      .filter(([k, v]) => v !== '' && v !== undefined && v !== null && defaults[k] !== v)
      .map(([k, v]) => [k, String(v)]),
  ).toString();
}

// ---------------------------------------------------------------------------------------------
// Replenishment

/** What a rule proposes: max − forecast when the forecast is below min, else nothing ("0"). */
export function proposedQuantity(min: string, max: string, forecast: string): string {
  if (compareDecimal(forecast, min) >= 0) return '0';
  const quantity = subtractDecimal(max, forecast);
  return compareDecimal(quantity, '0') > 0 ? quantity : '0';
}

export interface RuleFormValues {
  product_id?: number;
  warehouse_id?: number;
  min?: string;
  max?: string;
}

/** POST /inventory/reorder-rules: product, warehouse (default: the default one), min and max. */
export function ruleBody(values: RuleFormValues): Record<string, unknown> {
  const body: Record<string, unknown> = { product_id: values.product_id, min: typed(values.min), max: typed(values.max) };
  if (values.warehouse_id) body.warehouse_id = values.warehouse_id;
  return body;
}
