// The finance screens' arithmetic and parsing, as pure functions: invoice line amounts (as the
// server computes them before taxes), payment allocation, and the CSV column mapping of a bank
// statement import. Amounts are decimal strings; every sum goes through lib/decimal (BigInt).
import { addDecimal, compareDecimal, fixDecimal, parseDecimal, subtractDecimal, sumDecimals } from '../../../lib/decimal';
import { toLatinDigits } from '../../../lib/format';

export type InvoiceType = 'out_invoice' | 'out_refund' | 'in_invoice' | 'in_refund';
export const INVOICE_TYPES: InvoiceType[] = ['out_invoice', 'out_refund', 'in_invoice', 'in_refund'];
export type InvoiceState = 'draft' | 'posted' | 'partially_paid' | 'paid' | 'cancelled';
export const INVOICE_STATES: InvoiceState[] = ['draft', 'posted', 'partially_paid', 'paid', 'cancelled'];

export type Direction = 'inbound' | 'outbound';
export type PartnerType = 'customer' | 'supplier';

// ---------------------------------------------------------------------------------------------
// Numbers typed by a user

/**
 * What a user typed in an amount field as a plain decimal string, or null when it is not one.
 * Persian and Arabic-Indic digits, the Arabic decimal and thousands separators, spaces and
 * group commas are understood; a lone comma with no point is a decimal comma ("12,5" → "12.5").
 */
export function normalizeAmountInput(text: string | null | undefined): string | null {
  if (text === null || text === undefined) return null;
  let s = toLatinDigits(String(text)).trim().replace(/[\s\u00a0\u202f\u066c']/g, '').replace(/\u066b/g, '.').replace(/\u2212/g, '-');
  if (s === '') return null;
  if (s.includes(',') && !s.includes('.') && (s.match(/,/g) ?? []).length === 1 && !/,\d{3}$/.test(s)) s = s.replace(',', '.');
  else s = s.replace(/,/g, '');
  if (s.startsWith('.')) s = '0' + s;
  return parseDecimal(s) ? s : null;
}

/** Decimal places of a currency's minor unit (EUR 2, JPY 0, IRR 0 per ISO 4217; 2 when unknown). */
export function currencyDecimals(currency: string | null | undefined): number {
  if (!currency) return 2;
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** a × b, exact (the scale is the sum of both scales). */
export function multiplyDecimal(a: string, b: string): string {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  if (!x || !y) throw new Error(`not a decimal: ${x ? b : a}`);
  const units = x.units * y.units;
  const scale = x.scale + y.scale;
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  return (negative ? '-' : '') + whole + (scale > 0 ? '.' + digits.slice(digits.length - scale) : '');
}

// ---------------------------------------------------------------------------------------------
// Invoice lines

export interface LineInput {
  quantity?: string | null;
  unit_price?: string | null;
  discount_percent?: string | null;
}

/**
 * A line's amount before taxes, as the server computes it: quantity × unit price rounded half
 * up to the currency, less the discount (percent of that, rounded half up). Null while the
 * line's numbers are incomplete or invalid.
 */
export function lineAmount(line: LineInput, decimals: number): string | null {
  const quantity = normalizeAmountInput(line.quantity);
  const price = normalizeAmountInput(line.unit_price);
  if (quantity === null || price === null) return null;
  const gross = fixDecimal(multiplyDecimal(quantity, price), decimals);
  const percentText = line.discount_percent ? normalizeAmountInput(line.discount_percent) : '0';
  if (percentText === null) return null;
  if (compareDecimal(percentText, '0') < 0 || compareDecimal(percentText, '100') > 0) return null;
  // gross × percent / 100: shift the scale by two places instead of dividing.
  const product = parseDecimal(multiplyDecimal(gross, percentText))!;
  const scaled = product.units.toString();
  const negative = product.units < 0n;
  const digits = (negative ? scaled.slice(1) : scaled).padStart(product.scale + 3, '0');
  const shiftedScale = product.scale + 2;
  const discountExact = (negative ? '-' : '') + digits.slice(0, digits.length - shiftedScale) + (shiftedScale > 0 ? '.' + digits.slice(digits.length - shiftedScale) : '');
  const discount = fixDecimal(discountExact, decimals);
  return subtractDecimal(gross, discount);
}

/** The sum of the lines' amounts; null when any line is incomplete. */
export function linesTotal(lines: LineInput[], decimals: number): string | null {
  const amounts = lines.map((l) => lineAmount(l, decimals));
  if (amounts.some((a) => a === null)) return null;
  return fixDecimal(sumDecimals(amounts as string[]), decimals);
}

// ---------------------------------------------------------------------------------------------
// Payments and allocation

/** The partner side a payment is for when the user has not said: receipts from customers, payments to suppliers. */
export function defaultPartnerType(direction: Direction): PartnerType {
  return direction === 'inbound' ? 'customer' : 'supplier';
}

/** Which documents a payment settles: customer receipts invoices, payments to customers credit notes, etc. */
export function settlesType(direction: Direction, partnerType: PartnerType): InvoiceType {
  if (partnerType === 'customer') return direction === 'inbound' ? 'out_invoice' : 'out_refund';
  return direction === 'outbound' ? 'in_invoice' : 'in_refund';
}

export function isOpen(state: string): boolean {
  return state === 'posted' || state === 'partially_paid';
}

export interface OpenDocument {
  id: number;
  residual: string;
  date: string;
  due_date: string | null;
}

/** Open documents oldest due date first (then date, then id): the order allocation follows. */
export function oldestFirst<T extends OpenDocument>(documents: T[]): T[] {
  return [...documents].sort((a, b) => {
    const da = a.due_date ?? a.date;
    const db = b.due_date ?? b.date;
    if (da !== db) return da < db ? -1 : 1;
    if (a.date !== b.date) return a.date < b.date ? -1 : 1;
    return a.id - b.id;
  });
}

/**
 * Spreads `amount` over the documents, oldest first, each up to its residual. Documents that
 * get nothing are left out. An invalid or non-positive amount allocates nothing.
 */
export function allocateOldestFirst(amount: string, documents: OpenDocument[]): Record<number, string> {
  const out: Record<number, string> = {};
  const total = normalizeAmountInput(amount);
  if (total === null || compareDecimal(total, '0') <= 0) return out;
  let left = total;
  for (const doc of oldestFirst(documents)) {
    if (compareDecimal(left, '0') <= 0) break;
    if (compareDecimal(doc.residual, '0') <= 0) continue;
    const take = compareDecimal(left, doc.residual) >= 0 ? doc.residual : left;
    out[doc.id] = take;
    left = subtractDecimal(left, take);
  }
  return out;
}

export type AllocationProblem = 'invalid' | 'negative' | 'exceeds_residual';

export interface AllocationSummary {
  /** The sum of the valid allocations. */
  allocated: string;
  /** amount − allocated: what the partner keeps as credit (negative when over-allocated). */
  unallocated: string;
  /** Problems by document id. */
  problems: Record<number, AllocationProblem>;
  /** The allocations exceed the payment amount. */
  overAllocated: boolean;
  /** The payment amount itself is missing or invalid. */
  amountInvalid: boolean;
  /** The request's allocations: non-zero valid ones, amounts as plain decimals. */
  lines: { invoice_id: number; amount: string }[];
}

/** Checks what the user typed per document against the residuals and the payment amount. */
export function summarizeAllocation(amount: string, allocations: Record<number, string | undefined>, documents: OpenDocument[], decimals: number): AllocationSummary {
  const problems: Record<number, AllocationProblem> = {};
  const lines: { invoice_id: number; amount: string }[] = [];
  for (const doc of documents) {
    const typed = allocations[doc.id];
    if (typed === undefined || typed.trim() === '') continue;
    const value = normalizeAmountInput(typed);
    if (value === null || compareDecimal(fixDecimal(value, decimals), value) !== 0) {
      problems[doc.id] = 'invalid';
      continue;
    }
    if (compareDecimal(value, '0') < 0) { problems[doc.id] = 'negative'; continue; }
    if (compareDecimal(value, doc.residual) > 0) { problems[doc.id] = 'exceeds_residual'; continue; }
    if (compareDecimal(value, '0') === 0) continue;
    lines.push({ invoice_id: doc.id, amount: fixDecimal(value, decimals) });
  }
  const allocated = fixDecimal(sumDecimals(lines.map((l) => l.amount)), decimals);
  const total = normalizeAmountInput(amount);
  const amountInvalid = total === null || compareDecimal(total, '0') <= 0;
  const unallocated = fixDecimal(subtractDecimal(amountInvalid ? '0' : total!, allocated), decimals);
  return { allocated, unallocated, problems, overAllocated: compareDecimal(unallocated, '0') < 0, amountInvalid, lines };
}

/** The residual left on a document once `allocation` is applied (never below zero). */
export function residualAfter(residual: string, allocation: string | null | undefined): string {
  const value = normalizeAmountInput(allocation ?? '');
  if (value === null) return residual;
  const left = subtractDecimal(residual, value);
  return compareDecimal(left, '0') < 0 ? fixDecimal('0', parseDecimal(residual)?.scale ?? 2) : left;
}

// ---------------------------------------------------------------------------------------------
// CSV statements: a preview parser and the column mapping the API expects

export type CsvDelimiter = ',' | ';' | '|' | '\t';
export const CSV_DELIMITERS: CsvDelimiter[] = [',', ';', '|', '\t'];
export type DateFormat = 'YYYY-MM-DD' | 'DD.MM.YYYY' | 'MM/DD/YYYY' | 'jalali';
export const DATE_FORMATS: DateFormat[] = ['YYYY-MM-DD', 'DD.MM.YYYY', 'MM/DD/YYYY', 'jalali'];

/** Parses RFC 4180 text (quoted fields, doubled quotes, CRLF or LF) into at most `maxRows` rows. */
export function parseCsv(text: string, delimiter: string, maxRows = Infinity): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRow = () => {
    row.push(field);
    field = '';
    if (!(row.length === 1 && row[0] === '')) rows.push(row);
    row = [];
  };
  for (; i < text.length && rows.length < maxRows; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') { field += '"'; i++; } else quoted = false;
      } else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === delimiter) { row.push(field); field = ''; }
    else if (c === '\r') { /* CRLF: the LF ends the row */ }
    else if (c === '\n') endRow();
    else field += c;
  }
  if (rows.length < maxRows && (field !== '' || row.length > 0)) endRow();
  return rows;
}

/** The delimiter that splits the first lines into the most, equally many, columns. */
export function detectDelimiter(text: string): CsvDelimiter {
  const sample = text.split(/\r?\n/).filter((l) => l.trim() !== '').slice(0, 5).join('\n');
  let best: CsvDelimiter = ',';
  let bestScore = 0;
  for (const d of CSV_DELIMITERS) {
    const rows = parseCsv(sample, d, 5);
    if (rows.length === 0) continue;
    const widths = rows.map((r) => r.length);
    const consistent = widths.every((w) => w === widths[0]);
    const score = widths[0] > 1 ? widths[0] * (consistent ? 10 : 1) : 0;
    if (score > bestScore) { best = d; bestScore = score; }
  }
  return best;
}

export type MappedField = 'date' | 'amount' | 'debit' | 'credit' | 'reference' | 'counterparty' | 'description' | 'external_id' | 'value_date';
export const MAPPED_FIELDS: MappedField[] = ['date', 'amount', 'debit', 'credit', 'reference', 'counterparty', 'description', 'external_id', 'value_date'];

export interface CsvMappingState {
  delimiter: CsvDelimiter;
  hasHeader: boolean;
  skipRows: number;
  dateFormat: DateFormat;
  decimalSeparator: '.' | ',';
  thousandsSeparator: '' | ',' | '.' | ' ' | "'";
  amountMode: 'signed' | 'debit_credit';
  outflowPositive: boolean;
  /** Column index (0-based) per field, or null. */
  columns: Partial<Record<MappedField, number | null>>;
}

const GUESSES: Record<MappedField, RegExp> = {
  value_date: /valut|value.?date|wert/i,
  date: /date|datum|data|booking|buchung|تاریخ|תאריך|日期/i,
  debit: /^(debit|debet|soll|withdrawal|برداشت|חובה|借方)/i,
  credit: /^(credit|kredit|haben|deposit|واریز|זכות|贷方)/i,
  amount: /amount|betrag|suma|sum|mokėjimo|مبلغ|סכום|金额/i,
  reference: /ref|purpose|zweck|paskirtis|شناسه|אסמכתא|参考|摘要/i,
  counterparty: /counterparty|payer|payee|name|partner|gavėjas|mokėtojas|طرف|שם|对方/i,
  description: /desc|memo|detail|text|aprašymas|شرح|תיאור|说明/i,
  external_id: /^(id|transaction.?id|fitid|operacijos|شماره.?پیگیری|מזהה|流水号)/i,
};

/** A first mapping guessed from the header names (each column used once). */
export function guessColumns(header: string[]): Partial<Record<MappedField, number | null>> {
  const used = new Set<number>();
  const out: Partial<Record<MappedField, number | null>> = {};
  const order: MappedField[] = ['value_date', 'date', 'debit', 'credit', 'amount', 'external_id', 'reference', 'counterparty', 'description'];
  for (const field of order) {
    const index = header.findIndex((h, i) => !used.has(i) && GUESSES[field].test(h.trim()));
    if (index >= 0) { out[field] = index; used.add(index); }
  }
  if (out.amount !== undefined) { delete out.debit; delete out.credit; }
  return out;
}

/** A date format guessed from a sample value. */
export function guessDateFormat(sample: string | undefined): DateFormat {
  const s = toLatinDigits(sample ?? '').trim();
  if (/^1[34]\d\d[/-]\d{1,2}[/-]\d{1,2}$/.test(s)) return 'jalali';
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return 'YYYY-MM-DD';
  if (/^\d{1,2}\.\d{1,2}\.\d{4}$/.test(s)) return 'DD.MM.YYYY';
  if (/^\d{1,2}\/\d{1,2}\/\d{4}$/.test(s)) return 'MM/DD/YYYY';
  return 'YYYY-MM-DD';
}

export type MappingProblem = 'date_missing' | 'amount_missing' | 'debit_credit_missing' | 'column_twice';

/** What is wrong with a mapping before it is sent (the server checks it again). */
export function mappingProblems(state: CsvMappingState): MappingProblem[] {
  const problems: MappingProblem[] = [];
  const c = state.columns;
  if (c.date === undefined || c.date === null) problems.push('date_missing');
  if (state.amountMode === 'signed' && (c.amount === undefined || c.amount === null)) problems.push('amount_missing');
  if (state.amountMode === 'debit_credit' && (c.debit == null || c.credit == null)) problems.push('debit_credit_missing');
  const chosen = MAPPED_FIELDS.filter((f) => fieldInUse(state, f)).map((f) => c[f]).filter((v): v is number => v !== undefined && v !== null);
  if (new Set(chosen).size !== chosen.length) problems.push('column_twice');
  return problems;
}

function fieldInUse(state: CsvMappingState, field: MappedField): boolean {
  if (field === 'amount') return state.amountMode === 'signed';
  if (field === 'debit' || field === 'credit') return state.amountMode === 'debit_credit';
  return true;
}

/**
 * The API's mapping object: columns named by header text when the file has a header (and the
 * name is unique), by 1-based number otherwise.
 */
export function buildMapping(state: CsvMappingState, header: string[] | null): Record<string, string | number | boolean> {
  const columnRef = (index: number): string => {
    const name = header?.[index]?.trim();
    if (state.hasHeader && name && header!.filter((h) => h.trim() === name).length === 1 && !/^\d+$/.test(name)) return name;
    return String(index + 1);
  };
  const mapping: Record<string, string | number | boolean> = {
    date_format: state.dateFormat,
    delimiter: state.delimiter,
    decimal_separator: state.decimalSeparator,
    has_header: state.hasHeader,
  };
  if (state.thousandsSeparator) mapping.thousands_separator = state.thousandsSeparator;
  if (state.skipRows > 0) mapping.skip_rows = state.skipRows;
  if (state.amountMode === 'signed' && state.outflowPositive) mapping.amount_outflow_positive = true;
  for (const field of MAPPED_FIELDS) {
    if (!fieldInUse(state, field)) continue;
    const index = state.columns[field];
    if (index !== undefined && index !== null) mapping[field] = columnRef(index);
  }
  return mapping;
}

/** The file's rows split into the header (when it has one) and the data rows, after the preamble. */
export function splitRows(text: string, state: Pick<CsvMappingState, 'delimiter' | 'hasHeader' | 'skipRows'>, maxRows = 50): { header: string[] | null; rows: string[][] } {
  const all = parseCsv(text, state.delimiter, state.skipRows + maxRows + 1).slice(state.skipRows);
  if (!state.hasHeader) return { header: null, rows: all.slice(0, maxRows) };
  return { header: all[0] ?? [], rows: all.slice(1, maxRows + 1) };
}

export interface PreviewRow {
  date: string;
  amount: string | null;
  reference: string;
  counterparty: string;
  description: string;
}

/**
 * How the first rows read under the mapping, to show before importing: the amount as the
 * signed decimal the server will read (null when it cannot be read).
 */
export function previewRows(rows: string[][], state: CsvMappingState): PreviewRow[] {
  const cell = (row: string[], field: MappedField) => {
    const i = state.columns[field];
    return i === undefined || i === null ? '' : (row[i] ?? '').trim();
  };
  const amountOf = (text: string): string | null => {
    let s = toLatinDigits(text).replace(/[\s\u00a0\u202f]/g, '').replace(/\u066b/g, state.decimalSeparator).replace(/\u066c/g, state.thousandsSeparator || '');
    if (s === '') return null;
    if (state.thousandsSeparator && state.thousandsSeparator !== ' ') s = s.split(state.thousandsSeparator).join('');
    if (state.decimalSeparator === ',') {
      if (s.includes('.')) return null;
      s = s.replace(',', '.');
    } else if (s.includes(',')) return null;
    s = s.replace(/^\+/, '');
    return parseDecimal(s) ? s : null;
  };
  return rows.map((row) => {
    let amount: string | null;
    if (state.amountMode === 'signed') {
      amount = amountOf(cell(row, 'amount'));
      if (amount !== null && state.outflowPositive) amount = subtractDecimal('0', amount);
    } else {
      const debit = cell(row, 'debit');
      const credit = cell(row, 'credit');
      const d = debit === '' ? '0' : amountOf(debit);
      const c = credit === '' ? '0' : amountOf(credit);
      amount = d === null || c === null ? null : subtractDecimal(c, d);
    }
    return { date: cell(row, 'date'), amount, reference: cell(row, 'reference'), counterparty: cell(row, 'counterparty'), description: cell(row, 'description') };
  });
}

/** The sum of the readable preview amounts (what the statement moves). */
export function previewTotal(rows: PreviewRow[]): string {
  return rows.reduce((sum, r) => (r.amount === null ? sum : addDecimal(sum, r.amount)), '0');
}
