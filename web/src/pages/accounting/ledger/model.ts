// The ledger screens' logic without React: typed amounts, live entry totals and the rules that
// enable posting, the request body of an entry, server refusals mapped onto form fields, the
// chart as a tree, default report ranges and the overview's key figures. All amounts are
// decimal strings summed with lib/decimal, never binary floating point.
import { addDecimal, compareDecimal, isZeroDecimal, negateDecimal, parseDecimal, subtractDecimal, sumDecimals } from '../../../lib/decimal';
import { toLatinDigits, type NumberStyle } from '../../../lib/format';
import { fieldToNamePath, type NamePath, type Problem } from '../../../lib/problem';
import type { Account } from '../common';

// ---- amounts typed by the user -------------------------------------------------------------

/**
 * What the user typed in an amount box as an API decimal string: "" for an empty box, null
 * when it is not an amount. Persian and Arabic-Indic digits, the Arabic separators and the
 * user's group and decimal separators are understood ("۱٬۲۳۴٫۵" → "1234.5", "1 234,50" →
 * "1234.50" in the space-comma style); group separators must split the digits in threes
 * ("1,5" is refused in the comma-dot style, never read as 15). Negative amounts are refused:
 * a line has a debit or a credit side.
 */
export function parseAmountInput(text: string | null | undefined, style: Pick<NumberStyle, 'group' | 'decimal'>): string | null {
  if (text === null || text === undefined) return '';
  const s = toLatinDigits(text).trim();
  if (s === '') return '';
  const spaceGroup = style.group.trim() === '';
  const isGroup = (c: string) => c === '\u066c' || (spaceGroup ? /[\s\u00a0\u202f]/.test(c) : c === style.group);
  const isDecimal = (c: string) => c === '\u066b' || c === style.decimal || (c === '.' && style.group !== '.');
  let integer = '';
  let fraction: string | null = null;
  for (const c of s) {
    if (fraction !== null) {
      if (!/\d/.test(c)) return null;
      fraction += c;
    } else if (isDecimal(c)) fraction = '';
    else if (isGroup(c)) integer += ',';
    else if (/\d/.test(c)) integer += c;
    else return null;
  }
  const groups = integer.split(',');
  if (groups[0] === '' || groups[0].length > (groups.length > 1 ? 3 : Infinity)) return null;
  if (groups.slice(1).some((g) => g.length !== 3)) return null;
  if (fraction === '') return null;
  const whole = groups.join('').replace(/^0+(?=\d)/, '');
  return fraction === null ? whole : `${whole}.${fraction}`;
}

// ---- journal entry lines -------------------------------------------------------------------

export interface LineValues {
  account_id?: number | null;
  partner_id?: number | null;
  label?: string;
  debit?: string;
  credit?: string;
  currency?: string;
  amount_currency?: string;
}

export interface EntryTotals {
  debit: string;
  credit: string;
  /** debit − credit; zero when balanced. */
  difference: string;
  /** Lines with a non-zero amount on either side. */
  amountLines: number;
  /** Indexes of lines whose debit or credit is not an amount. */
  invalidLines: number[];
  /** Indexes of lines with an amount on both sides. */
  bothSidesLines: number[];
  /** Indexes of lines with an amount but no account. */
  missingAccountLines: number[];
  balanced: boolean;
  /** Balanced, at least two lines with amounts, every amount readable, one side per line. */
  canPost: boolean;
}

/** The live totals of an entry form: exact sums of what the user typed, and whether it may post. */
export function entryTotals(lines: readonly (LineValues | undefined)[], style: Pick<NumberStyle, 'group' | 'decimal'>): EntryTotals {
  const debits: string[] = [];
  const credits: string[] = [];
  const invalidLines: number[] = [];
  const bothSidesLines: number[] = [];
  const missingAccountLines: number[] = [];
  let amountLines = 0;
  lines.forEach((line, index) => {
    const debit = parseAmountInput(line?.debit, style);
    const credit = parseAmountInput(line?.credit, style);
    if (debit === null || credit === null) {
      invalidLines.push(index);
      return;
    }
    const hasDebit = debit !== '' && !isZeroDecimal(debit);
    const hasCredit = credit !== '' && !isZeroDecimal(credit);
    if (hasDebit) debits.push(debit);
    if (hasCredit) credits.push(credit);
    if (hasDebit && hasCredit) bothSidesLines.push(index);
    if (hasDebit || hasCredit) {
      amountLines++;
      if (!line?.account_id) missingAccountLines.push(index);
    }
  });
  const debit = sumDecimals(debits);
  const credit = sumDecimals(credits);
  const difference = subtractDecimal(debit, credit);
  const balanced = isZeroDecimal(difference);
  const canPost = balanced && amountLines >= 2 && invalidLines.length === 0 && bothSidesLines.length === 0
    && missingAccountLines.length === 0;
  return { debit, credit, difference, amountLines, invalidLines, bothSidesLines, missingAccountLines, balanced, canPost };
}

/** A line the user has not touched: no account, partner, label or amount. */
export function isBlankLine(line: LineValues | undefined): boolean {
  return !line || (!line.account_id && !line.partner_id && !(line.label ?? '').trim() && !(line.debit ?? '').trim()
    && !(line.credit ?? '').trim() && !(line.amount_currency ?? '').trim());
}

export interface EntryFormValues {
  date: string;
  journal_id?: number | null;
  memo?: string;
  reference?: string;
  lines: LineValues[];
}

/**
 * The POST /accounting/entries body, and for each line sent the index of its form line (blank
 * lines are left out, so the server's "lines/1" may be the form's third line).
 */
export function entryBody(values: EntryFormValues, post: boolean, style: Pick<NumberStyle, 'group' | 'decimal'>): { body: Record<string, unknown>; formIndex: number[] } {
  const formIndex: number[] = [];
  const lines: Record<string, unknown>[] = [];
  values.lines.forEach((line, index) => {
    if (isBlankLine(line)) return;
    formIndex.push(index);
    const out: Record<string, unknown> = { account_id: line.account_id ?? undefined };
    if (line.partner_id) out.partner_id = line.partner_id;
    const label = (line.label ?? '').trim();
    if (label) out.label = label;
    const debit = parseAmountInput(line.debit, style);
    const credit = parseAmountInput(line.credit, style);
    // An unreadable amount is sent as typed, so the server names the field.
    out.debit = debit === null ? line.debit : debit || '0';
    out.credit = credit === null ? line.credit : credit || '0';
    const currency = (line.currency ?? '').trim().toUpperCase();
    if (currency) {
      out.currency = currency;
      const typed = (line.amount_currency ?? '').trim();
      if (typed) {
        const magnitude = parseAmountInput(typed.replace(/^[-\u2212]/, ''), style);
        // amount_currency is signed like its side: + on a debit line, − on a credit line.
        const creditSide = credit !== null && credit !== '' && !isZeroDecimal(credit);
        const negative = /^[-\u2212]/.test(typed) || creditSide;
        out.amount_currency = magnitude === null ? typed : negative && magnitude !== '' ? negateDecimal(magnitude) : magnitude;
      }
    }
    lines.push(out);
  });
  const body: Record<string, unknown> = { date: values.date, journal_id: values.journal_id ?? undefined, lines };
  const memo = (values.memo ?? '').trim();
  if (memo) body.memo = memo;
  const reference = (values.reference ?? '').trim();
  if (reference) body.reference = reference;
  if (post) body.post = true;
  return { body, formIndex };
}

// ---- server refusals onto the form ---------------------------------------------------------

export interface PlacedError {
  name: NamePath;
  code: string;
  message: string;
}

/** Codes that arrive without a field but concern one. */
const FIELD_OF_CODE: Record<string, string> = {
  account_code_taken: 'code',
  account_code_invalid: 'code',
  account_type_invalid: 'type',
  account_name_required: 'names',
  account_role_invalid: 'role',
  account_parent_invalid: 'parent_id',
  currency_invalid: 'currency',
  currency_unknown: 'currency',
  journal_not_found: 'journal_id',
  journal_archived: 'journal_id',
  fiscal_year_not_found: 'date',
  period_closed: 'date',
  period_locked: 'date',
  entry_unbalanced: 'lines',
  entry_lines_too_few: 'lines',
  entry_lines_too_many: 'lines',
  entry_currency_unbalanced: 'lines',
};

/**
 * Where each of a problem's errors belongs on the form: "lines/<sent index>/<field>" becomes
 * ["lines", <form index>, field]; a bare code is placed by FIELD_OF_CODE; what has no place
 * is returned with an empty name (shown above the form).
 */
export function placeProblem(problem: Problem, formIndex: number[] = []): PlacedError[] {
  const fields = problem.fields && problem.fields.length > 0
    ? problem.fields
    : [{ field: FIELD_OF_CODE[problem.code] ?? '', code: problem.code, message: problem.message }];
  return fields.map((f) => {
    let name = f.field ? fieldToNamePath(f.field) : [];
    if (name[0] === 'lines' && typeof name[1] === 'number') {
      name = ['lines', formIndex[name[1]] ?? name[1], ...name.slice(2)];
    }
    return { name, code: f.code || problem.code, message: f.message || problem.message };
  });
}

// ---- the chart as a tree -------------------------------------------------------------------

export interface AccountNode extends Account {
  children?: AccountNode[];
}

/** Accounts as a tree by parent_id, each level sorted by code; orphans become roots. */
export function accountTree(accounts: readonly Account[]): AccountNode[] {
  const byId = new Map<number, AccountNode>();
  for (const a of accounts) byId.set(a.id, { ...a });
  const roots: AccountNode[] = [];
  for (const node of byId.values()) {
    const parent = node.parent_id !== null ? byId.get(node.parent_id) : undefined;
    if (parent && parent !== node) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  const sort = (nodes: AccountNode[]) => {
    nodes.sort((a, b) => a.code.localeCompare(b.code, 'en', { numeric: true }));
    for (const n of nodes) if (n.children) sort(n.children);
  };
  sort(roots);
  return roots;
}

// ---- dates ---------------------------------------------------------------------------------

export interface FiscalPeriod {
  id: number;
  number: number;
  name: string;
  start_date: string;
  end_date: string;
  closed: boolean;
}

export interface FiscalYear {
  id: number;
  name: string;
  calendar: string;
  start_date: string;
  end_date: string;
  closed: boolean;
  closing_entry_id: number | null;
  periods: FiscalPeriod[];
}

export interface DateRange {
  from: string;
  to: string;
}

/** The fiscal year containing `today` (ISO dates compare as text), else the calendar year. */
export function defaultRange(years: readonly Pick<FiscalYear, 'start_date' | 'end_date'>[], today: string): DateRange {
  const year = years.find((y) => y.start_date <= today && today <= y.end_date);
  if (year) return { from: year.start_date, to: year.end_date };
  return { from: `${today.slice(0, 4)}-01-01`, to: `${today.slice(0, 4)}-12-31` };
}

/** The name of the year after the latest ("2026" → 2027, "1404" → 1405); null without years. */
export function nextFiscalYear(years: readonly Pick<FiscalYear, 'name' | 'end_date'>[]): number | null {
  const numbers = years.map((y) => Number.parseInt(y.name, 10)).filter((n) => Number.isFinite(n));
  if (numbers.length === 0) return null;
  return Math.max(...numbers) + 1;
}

// ---- the overview --------------------------------------------------------------------------

export interface TrialBalanceRow {
  account_id: number;
  code: string;
  name: string;
  type: string;
  opening_debit: string;
  opening_credit: string;
  debit: string;
  credit: string;
  closing_debit: string;
  closing_credit: string;
  balance: string;
  compare_debit: string;
  compare_credit: string;
  compare_balance: string;
}

export interface KeyFigures {
  cashAndBank: string;
  receivables: string;
  payables: string;
  /** Income less expenses in the range (positive is a profit). */
  result: string;
}

/**
 * The overview's figures from a trial balance whose range ends today: cash and bank and
 * receivables are debit balances, payables a credit balance shown positive, the result is
 * income less expense movement (credit − debit of income and expense accounts).
 */
export function keyFigures(rows: readonly TrialBalanceRow[], accounts: readonly Pick<Account, 'id' | 'role'>[]): KeyFigures {
  const roleOf = new Map(accounts.map((a) => [a.id, a.role]));
  const balances = (roles: string[]) => rows.filter((r) => roles.includes(roleOf.get(r.account_id) ?? '')).map((r) => r.balance);
  const resultRows = rows.filter((r) => r.type === 'income' || r.type === 'expense');
  return {
    cashAndBank: sumDecimals(balances(['cash', 'bank'])),
    receivables: sumDecimals(balances(['receivable'])),
    payables: negateDecimal(sumDecimals(balances(['payable']))),
    result: subtractDecimal(sumDecimals(resultRows.map((r) => r.credit)), sumDecimals(resultRows.map((r) => r.debit))),
  };
}

/** A debit − credit balance as the debit or credit column shows it. */
export function balanceSides(balance: string): { debit: string; credit: string } {
  const c = compareDecimal(balance, '0');
  if (c > 0) return { debit: balance, credit: '' };
  if (c < 0) return { debit: '', credit: negateDecimal(balance) };
  return { debit: '', credit: '' };
}

/** Sum of one side of an entry's lines as the API sends them. */
export function sideTotal(lines: readonly { debit: string; credit: string }[], side: 'debit' | 'credit'): string {
  return lines.reduce((total, line) => (parseDecimal(line[side]) ? addDecimal(total, line[side]) : total), '0');
}
