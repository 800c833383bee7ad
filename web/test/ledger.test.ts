import { describe, expect, it } from 'vitest';
import {
  accountTree, balanceSides, defaultRange, entryBody, entryTotals, keyFigures, nextFiscalYear, parseAmountInput, placeProblem, type TrialBalanceRow,
} from '../src/pages/accounting/ledger/model';
import type { Account } from '../src/pages/accounting/common';

const EN = { group: ',', decimal: '.' };
const LT = { group: '\u00a0', decimal: ',' };
const DE = { group: '.', decimal: ',' };
const FA = { group: '\u066c', decimal: '\u066b' };

describe('parseAmountInput', () => {
  it('reads plain, grouped and localised amounts exactly', () => {
    expect(parseAmountInput('100.50', EN)).toBe('100.50');
    expect(parseAmountInput('1,234,567.89', EN)).toBe('1234567.89');
    expect(parseAmountInput(' 007 ', EN)).toBe('7');
    expect(parseAmountInput('1 234,50', LT)).toBe('1234.50');
    expect(parseAmountInput('1\u00a0234,5', LT)).toBe('1234.5');
    expect(parseAmountInput('1.234,50', DE)).toBe('1234.50');
    expect(parseAmountInput('۱٬۲۳۴٫۵۰', FA)).toBe('1234.50');
    expect(parseAmountInput('۱۲.۵', FA)).toBe('12.5');
    expect(parseAmountInput('0.1', EN)).toBe('0.1');
  });
  it('gives "" for an empty box and null for what is not an amount', () => {
    expect(parseAmountInput('', EN)).toBe('');
    expect(parseAmountInput('   ', EN)).toBe('');
    expect(parseAmountInput(undefined, EN)).toBe('');
    for (const bad of ['a', '1e3', '-5', '1,5', '12,34,567', '1.2.3', '1.', '.5', '1,234.5.6', '١٢x']) {
      expect(parseAmountInput(bad, EN), bad).toBeNull();
    }
    expect(parseAmountInput('1.234.5', DE)).toBeNull();
  });
});

describe('entryTotals', () => {
  it('sums exactly where binary floating point would not', () => {
    const totals = entryTotals([{ account_id: 1, debit: '0.1' }, { account_id: 1, debit: '0.2' }, { account_id: 2, credit: '0.3' }], EN);
    expect(totals.debit).toBe('0.3');
    expect(totals.credit).toBe('0.3');
    expect(totals.difference).toBe('0.0');
    expect(totals.balanced).toBe(true);
    expect(totals.canPost).toBe(true);
  });
  it('keeps Post disabled while unbalanced and reports the signed difference', () => {
    const typing = entryTotals([{ account_id: 1, debit: '100' }, { account_id: 2, credit: '60' }, { account_id: 3, credit: '' }], EN);
    expect(typing.difference).toBe('40');
    expect(typing.balanced).toBe(false);
    expect(typing.canPost).toBe(false);
    const over = entryTotals([{ account_id: 1, debit: '100' }, { account_id: 2, credit: '60' }, { account_id: 3, credit: '50.25' }], EN);
    expect(over.difference).toBe('-10.25');
    expect(over.canPost).toBe(false);
    const done = entryTotals([{ account_id: 1, debit: '100' }, { account_id: 2, credit: '60' }, { account_id: 3, credit: '40.00' }], EN);
    expect(done.canPost).toBe(true);
    expect(done.amountLines).toBe(3);
  });
  it('needs two lines with amounts', () => {
    expect(entryTotals([], EN).canPost).toBe(false);
    expect(entryTotals([{ account_id: 1, debit: '0' }, { account_id: 2, credit: '0.00' }], EN).canPost).toBe(false);
    expect(entryTotals([{ account_id: 1, debit: '5' }, { account_id: 2, credit: '0' }], EN).canPost).toBe(false);
  });
  it('flags unreadable amounts, lines with both sides and amounts without an account', () => {
    const bad = entryTotals([{ account_id: 1, debit: '10', credit: '10' }, { account_id: 2, debit: 'abc' }, { debit: '1' }, { account_id: 4, credit: '1' }], EN);
    expect(bad.bothSidesLines).toEqual([0]);
    expect(bad.invalidLines).toEqual([1]);
    expect(bad.missingAccountLines).toEqual([2]);
    expect(bad.canPost).toBe(false);
  });
  it('reads the user\'s number style', () => {
    const totals = entryTotals([{ account_id: 1, debit: '۱٬۰۰۰٫۵' }, { account_id: 2, credit: '۱۰۰۰٫۵۰' }], FA);
    expect(totals.debit).toBe('1000.5');
    expect(totals.balanced).toBe(true);
  });
  it('is exact beyond 2^53', () => {
    const totals = entryTotals([{ account_id: 1, debit: '90071992547409930.01' }, { account_id: 2, credit: '90071992547409930' }], EN);
    expect(totals.difference).toBe('0.01');
  });
});

describe('entryBody', () => {
  const values = {
    date: '2026-11-20', journal_id: 5, memo: '  rent  ', reference: '',
    lines: [
      { account_id: 10, debit: '1,000.50', credit: '', label: ' Rent ' },
      { debit: '', credit: '', label: '' },
      { account_id: 11, partner_id: 7, debit: '', credit: '1000.5', currency: 'usd', amount_currency: '1100' },
    ],
  };
  it('sends strict decimal strings, leaves blank lines out and remembers line indexes', () => {
    const { body, formIndex } = entryBody(values, true, EN);
    expect(formIndex).toEqual([0, 2]);
    expect(body).toEqual({
      date: '2026-11-20', journal_id: 5, memo: 'rent', post: true,
      lines: [
        { account_id: 10, label: 'Rent', debit: '1000.50', credit: '0' },
        { account_id: 11, partner_id: 7, debit: '0', credit: '1000.5', currency: 'USD', amount_currency: '-1100' },
      ],
    });
  });
  it('drafts without "post" and passes unreadable amounts through for the server to name', () => {
    const { body } = entryBody({ date: '2026-01-02', journal_id: 1, lines: [{ account_id: 1, debit: '12x' }] }, false, EN);
    expect(body.post).toBeUndefined();
    expect((body.lines as { debit: string }[])[0].debit).toBe('12x');
  });
});

describe('placeProblem', () => {
  it('maps the server line index back to the form line', () => {
    const placed = placeProblem({ code: 'account_not_postable', message: 'no', fields: [{ field: 'lines/1/account_id', code: 'account_not_postable', message: '1 is a summary account' }] }, [0, 2]);
    expect(placed).toEqual([{ name: ['lines', 2, 'account_id'], code: 'account_not_postable', message: '1 is a summary account' }]);
  });
  it('places bare codes on the field they concern', () => {
    expect(placeProblem({ code: 'account_code_taken', message: 'taken', fields: [] })[0].name).toEqual(['code']);
    expect(placeProblem({ code: 'period_locked', message: 'locked' })[0].name).toEqual(['date']);
    expect(placeProblem({ code: 'something_else', message: 'x' })[0].name).toEqual([]);
  });
  it('keeps whole-entry errors on "lines"', () => {
    const placed = placeProblem({ code: 'entry_unbalanced', message: 'm', fields: [{ field: 'lines', code: 'entry_unbalanced', message: 'differ' }] }, [0, 1]);
    expect(placed[0].name).toEqual(['lines']);
  });
});

const account = (id: number, code: string, parent_id: number | null, postable = true, role = '', type: Account['type'] = 'asset'): Account => ({
  id, code, names: { en: code }, type, role, parent_id, postable, archived: false, used: false, currency: '', version: 1,
});

describe('accountTree', () => {
  it('nests by parent and sorts codes numerically', () => {
    const tree = accountTree([account(3, '1100', 1), account(1, '1', null, false), account(2, '1000', 1), account(4, '2', null, false), account(5, '10000', 1), account(6, '9', 99)]);
    expect(tree.map((n) => n.code)).toEqual(['1', '2', '9']);
    expect(tree[0].children!.map((n) => n.code)).toEqual(['1000', '1100', '10000']);
    expect(tree[1].children).toBeUndefined();
  });
});

describe('fiscal years', () => {
  const years = [{ name: '1404', start_date: '2025-03-21', end_date: '2026-03-20' }, { name: '1405', start_date: '2026-03-21', end_date: '2027-03-20' }];
  it('takes the year containing today as the default range', () => {
    expect(defaultRange(years, '2026-11-24')).toEqual({ from: '2026-03-21', to: '2027-03-20' });
    expect(defaultRange(years, '2026-03-20')).toEqual({ from: '2025-03-21', to: '2026-03-20' });
    expect(defaultRange([], '2026-11-24')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
  });
  it('names the next year after the latest', () => {
    expect(nextFiscalYear(years)).toBe(1406);
    expect(nextFiscalYear([])).toBeNull();
  });
});

describe('keyFigures', () => {
  const row = (account_id: number, type: string, debit: string, credit: string, balance: string): TrialBalanceRow => ({
    account_id, code: String(account_id), name: '', type, opening_debit: '0', opening_credit: '0', debit, credit,
    closing_debit: '0', closing_credit: '0', balance, compare_debit: '0', compare_credit: '0', compare_balance: '0',
  });
  it('reads cash, receivables, payables and the result from a trial balance', () => {
    const accounts = [
      { id: 1, role: 'cash' }, { id: 2, role: 'bank' }, { id: 3, role: 'receivable' }, { id: 4, role: 'payable' }, { id: 5, role: 'revenue' }, { id: 6, role: 'expense' },
    ];
    const figures = keyFigures([
      row(1, 'asset', '10.10', '0', '10.10'), row(2, 'asset', '1000', '200.20', '799.80'), row(3, 'asset', '500', '0', '500.00'),
      row(4, 'liability', '0', '300', '-300.00'), row(5, 'income', '0', '1200.30', '-1200.30'), row(6, 'expense', '250.10', '0', '250.10'),
    ], accounts);
    expect(figures).toEqual({ cashAndBank: '809.90', receivables: '500.00', payables: '300.00', result: '950.20' });
  });
  it('shows a loss as negative', () => {
    expect(keyFigures([row(6, 'expense', '5', '0', '5')], [{ id: 6, role: 'expense' }]).result).toBe('-5');
  });
});

describe('balanceSides', () => {
  it('puts a positive balance on the debit side and a negative one on the credit side', () => {
    expect(balanceSides('12.50')).toEqual({ debit: '12.50', credit: '' });
    expect(balanceSides('-3')).toEqual({ debit: '', credit: '3' });
    expect(balanceSides('0.00')).toEqual({ debit: '', credit: '' });
  });
});
