import { describe, expect, it } from 'vitest';
import {
  allocateOldestFirst, buildMapping, currencyDecimals, detectDelimiter, guessColumns, guessDateFormat, lineAmount, linesTotal,
  mappingProblems, multiplyDecimal, normalizeAmountInput, parseCsv, previewRows, previewTotal, residualAfter, settlesType,
  splitRows, summarizeAllocation, type CsvMappingState,
} from '../src/pages/accounting/finance/model';

describe('amount input', () => {
  it('reads what users type in every language', () => {
    expect(normalizeAmountInput('1,234.50')).toBe('1234.50');
    expect(normalizeAmountInput('12,5')).toBe('12.5');
    expect(normalizeAmountInput('1 234,50')).toBe('1234.50');
    expect(normalizeAmountInput('۱٬۲۳۴٫۵۰')).toBe('1234.50');
    expect(normalizeAmountInput('.5')).toBe('0.5');
    expect(normalizeAmountInput('−3')).toBe('-3');
    expect(normalizeAmountInput('1,000')).toBe('1000');
  });
  it('refuses what is not a number', () => {
    for (const bad of ['', 'abc', '1e3', '1.2.3', '--1', null, undefined]) expect(normalizeAmountInput(bad as string)).toBeNull();
  });
  it('multiplies exactly', () => {
    expect(multiplyDecimal('19.99', '3')).toBe('59.97');
    expect(multiplyDecimal('0.1', '0.2')).toBe('0.02');
    expect(multiplyDecimal('-1.5', '0.01')).toBe('-0.015');
  });
  it('knows minor units', () => {
    expect(currencyDecimals('EUR')).toBe(2);
    expect(currencyDecimals('JPY')).toBe(0);
    expect(currencyDecimals('XXX-not')).toBe(2);
  });
});

describe('invoice lines', () => {
  it('rounds quantity × price half up to the currency like the server', () => {
    expect(lineAmount({ quantity: '3', unit_price: '19.99' }, 2)).toBe('59.97');
    expect(lineAmount({ quantity: '1', unit_price: '250.005' }, 2)).toBe('250.01');
    expect(lineAmount({ quantity: '0.333', unit_price: '10' }, 2)).toBe('3.33');
    expect(lineAmount({ quantity: '3', unit_price: '0.1' }, 2)).toBe('0.30'); // never 0.30000000000000004
  });
  it('takes the discount off the rounded amount, rounded half up', () => {
    expect(lineAmount({ quantity: '1', unit_price: '10.05', discount_percent: '10' }, 2)).toBe('9.04'); // 1.005 → 1.01
    expect(lineAmount({ quantity: '2', unit_price: '50', discount_percent: '100' }, 2)).toBe('0.00');
    expect(lineAmount({ quantity: '1', unit_price: '10', discount_percent: '101' }, 2)).toBeNull();
  });
  it('is null while a line is incomplete', () => {
    expect(lineAmount({ quantity: '', unit_price: '1' }, 2)).toBeNull();
    expect(linesTotal([{ quantity: '1', unit_price: '1' }, { quantity: 'x', unit_price: '2' }], 2)).toBeNull();
  });
  it('sums the lines exactly', () => {
    expect(linesTotal([{ quantity: '3', unit_price: '19.99' }, { quantity: '1', unit_price: '250.005' }], 2)).toBe('309.98');
    expect(linesTotal(Array.from({ length: 10 }, () => ({ quantity: '1', unit_price: '0.1' })), 2)).toBe('1.00');
    expect(linesTotal([{ quantity: '1000', unit_price: '1' }], 0)).toBe('1000');
  });
});

describe('allocation', () => {
  const docs = [
    { id: 3, residual: '50.00', date: '2026-03-01', due_date: '2026-04-01' },
    { id: 1, residual: '100.00', date: '2026-01-01', due_date: '2026-02-01' },
    { id: 2, residual: '30.00', date: '2026-02-01', due_date: '2026-02-01' },
  ];
  it('fills the oldest due date first, each up to its residual', () => {
    expect(allocateOldestFirst('120', docs)).toEqual({ 1: '100.00', 2: '20.00' });
    expect(allocateOldestFirst('500', docs)).toEqual({ 1: '100.00', 2: '30.00', 3: '50.00' });
    expect(allocateOldestFirst('0', docs)).toEqual({});
    expect(allocateOldestFirst('-5', docs)).toEqual({});
    expect(allocateOldestFirst('junk', docs)).toEqual({});
  });
  it('shows the remainder kept as credit, exactly', () => {
    const s = summarizeAllocation('200.10', { 1: '100', 2: '30.00', 3: '' }, docs, 2);
    expect(s.allocated).toBe('130.00');
    expect(s.unallocated).toBe('70.10');
    expect(s.overAllocated).toBe(false);
    expect(s.lines).toEqual([{ invoice_id: 1, amount: '100.00' }, { invoice_id: 2, amount: '30.00' }]);
  });
  it('flags allocations above the residual, invalid or too precise amounts, and over-allocation', () => {
    const s = summarizeAllocation('100', { 1: '100.01', 2: 'abc', 3: '0.001' }, docs, 2);
    expect(s.problems).toEqual({ 1: 'exceeds_residual', 2: 'invalid', 3: 'invalid' });
    expect(s.lines).toEqual([]);
    const over = summarizeAllocation('50', { 1: '40', 2: '30' }, docs, 2);
    expect(over.overAllocated).toBe(true);
    expect(over.unallocated).toBe('-20.00');
    expect(summarizeAllocation('', {}, docs, 2).amountInvalid).toBe(true);
    expect(summarizeAllocation('10', { 1: '-1' }, docs, 2).problems).toEqual({ 1: 'negative' });
  });
  it('adds tenths without binary rounding', () => {
    const many = Array.from({ length: 3 }, (_, i) => ({ id: i + 1, residual: '0.10', date: '2026-01-01', due_date: null }));
    const s = summarizeAllocation('0.3', { 1: '0.1', 2: '0.1', 3: '0.1' }, many, 2);
    expect(s.unallocated).toBe('0.00');
  });
  it('tells the residual left and which documents a payment settles', () => {
    expect(residualAfter('222.57', '100')).toBe('122.57');
    expect(residualAfter('10.00', '20')).toBe('0.00');
    expect(residualAfter('10.00', 'x')).toBe('10.00');
    expect(settlesType('inbound', 'customer')).toBe('out_invoice');
    expect(settlesType('outbound', 'customer')).toBe('out_refund');
    expect(settlesType('outbound', 'supplier')).toBe('in_invoice');
    expect(settlesType('inbound', 'supplier')).toBe('in_refund');
  });
});

describe('CSV statement mapping', () => {
  const text = '\ufeffDate;Amount;Reference;Payer;Id\r\n21.11.2026;"1.234,50";INV/2026/000001;"AB ""Baldai""";T1\r\n25.11.2026;-12,50;fee;Bank;T2\r\n';
  const base: CsvMappingState = {
    delimiter: ';', hasHeader: true, skipRows: 0, dateFormat: 'DD.MM.YYYY', decimalSeparator: ',', thousandsSeparator: '.',
    amountMode: 'signed', outflowPositive: false, columns: {},
  };
  it('parses quoted fields, doubled quotes, CRLF and a BOM', () => {
    expect(parseCsv(text, ';')).toEqual([
      ['Date', 'Amount', 'Reference', 'Payer', 'Id'],
      ['21.11.2026', '1.234,50', 'INV/2026/000001', 'AB "Baldai"', 'T1'],
      ['25.11.2026', '-12,50', 'fee', 'Bank', 'T2'],
    ]);
    expect(parseCsv('a,"b\nc"\n', ',')).toEqual([['a', 'b\nc']]);
    expect(parseCsv('a,b\n1,2\n3,4\n', ',', 2)).toEqual([['a', 'b'], ['1', '2']]);
  });
  it('detects the delimiter and guesses columns and the date format', () => {
    expect(detectDelimiter(text)).toBe(';');
    expect(detectDelimiter('a\tb\tc\n1\t2\t3')).toBe('\t');
    expect(detectDelimiter('a,b\n1,2')).toBe(',');
    const { header } = splitRows(text, base);
    expect(guessColumns(header!)).toEqual({ date: 0, amount: 1, reference: 2, counterparty: 3, external_id: 4 });
    expect(guessColumns(['تاریخ', 'مبلغ', 'شرح'])).toEqual({ date: 0, amount: 1, description: 2 });
    expect(guessDateFormat('21.11.2026')).toBe('DD.MM.YYYY');
    expect(guessDateFormat('۱۴۰۵/۰۹/۰۳')).toBe('jalali');
    expect(guessDateFormat('11/21/2026')).toBe('MM/DD/YYYY');
    expect(guessDateFormat('2026-11-21')).toBe('YYYY-MM-DD');
  });
  it('builds the API mapping by header name, or by 1-based number without a header', () => {
    const state = { ...base, columns: { date: 0, amount: 1, reference: 2, counterparty: 3, external_id: 4 } };
    const { header } = splitRows(text, state);
    expect(buildMapping(state, header)).toEqual({
      date_format: 'DD.MM.YYYY', delimiter: ';', decimal_separator: ',', has_header: true, thousands_separator: '.',
      date: 'Date', amount: 'Amount', reference: 'Reference', counterparty: 'Payer', external_id: 'Id',
    });
    const noHeader = { ...state, hasHeader: false, thousandsSeparator: '' as const };
    expect(buildMapping(noHeader, null)).toMatchObject({ date: '1', amount: '2', reference: '3', has_header: false });
    expect(buildMapping(noHeader, null)).not.toHaveProperty('thousands_separator');
    const debitCredit = { ...state, amountMode: 'debit_credit' as const, columns: { date: 0, debit: 1, credit: 2, amount: 3 } };
    const m = buildMapping(debitCredit, header);
    expect(m.debit).toBe('Amount');
    expect(m).not.toHaveProperty('amount');
    expect(buildMapping({ ...state, skipRows: 2, outflowPositive: true }, header)).toMatchObject({ skip_rows: 2, amount_outflow_positive: true });
  });
  it('names duplicate or numeric headers by number', () => {
    const state = { ...base, columns: { date: 0, amount: 1 } };
    expect(buildMapping(state, ['X', 'X'])).toMatchObject({ date: '1', amount: '2' });
    expect(buildMapping(state, ['2026', 'Amount'])).toMatchObject({ date: '1', amount: 'Amount' });
  });
  it('reports what a mapping lacks', () => {
    expect(mappingProblems({ ...base, columns: {} })).toEqual(['date_missing', 'amount_missing']);
    expect(mappingProblems({ ...base, amountMode: 'debit_credit', columns: { date: 0, debit: 1 } })).toEqual(['debit_credit_missing']);
    expect(mappingProblems({ ...base, columns: { date: 0, amount: 0 } })).toEqual(['column_twice']);
    expect(mappingProblems({ ...base, columns: { date: 0, amount: 1, debit: 1 } })).toEqual([]); // debit unused in signed mode
  });
  it('previews the amounts the server will read, exactly', () => {
    const state = { ...base, columns: { date: 0, amount: 1, reference: 2, counterparty: 3 } };
    const rows = previewRows(splitRows(text, state).rows, state);
    expect(rows.map((r) => r.amount)).toEqual(['1234.50', '-12.50']);
    expect(rows[0]).toMatchObject({ date: '21.11.2026', reference: 'INV/2026/000001', counterparty: 'AB "Baldai"' });
    expect(previewTotal(rows)).toBe('1222.00');
    // a point where the decimal separator is a comma is refused, not read as a thousands mark
    expect(previewRows([['x', '1,000.00']], { ...state, thousandsSeparator: '' })[0].amount).toBeNull();
    const outflow = previewRows([['x', '12.50']], { ...state, decimalSeparator: '.', thousandsSeparator: '', outflowPositive: true });
    expect(outflow[0].amount).toBe('-12.50');
    const dc = { ...state, amountMode: 'debit_credit' as const, decimalSeparator: '.' as const, thousandsSeparator: '' as const, columns: { date: 0, debit: 1, credit: 2 } };
    expect(previewRows([['d', '10.00', ''], ['d', '', '۵٫۲۵']], { ...dc, decimalSeparator: '.' }).map((r) => r.amount)).toEqual(['-10.00', '5.25']);
  });
  it('skips preamble rows', () => {
    const { header, rows } = splitRows('Bank export\nAccount 1\nDate,Amount\n2026-01-01,5\n', { delimiter: ',', hasHeader: true, skipRows: 2 });
    expect(header).toEqual(['Date', 'Amount']);
    expect(rows).toEqual([['2026-01-01', '5']]);
  });
});
