import { describe, expect, it } from 'vitest';
import { financeRoute } from '../src/pages/accounting/finance';
import { InvoiceFormPage, InvoiceListPage, InvoicePage, invoiceBody, paymentLinkFor } from '../src/pages/accounting/finance/invoices';
import { PaymentFormPage, PaymentListPage } from '../src/pages/accounting/finance/payments';
import { BankPage, StatementPage } from '../src/pages/accounting/finance/bank';
import { AgingPage, PartnerStatementPage, TaxReportPage } from '../src/pages/accounting/finance/reports';
import { dayjs } from '../src/lib/dates';

(globalThis as { location?: unknown }).location ??= { search: '' };

describe('finance routes', () => {
  it('maps each finance path to its page, with ids', () => {
    const cases: [string, unknown, Record<string, unknown>?][] = [
      ['/accounting/invoices', InvoiceListPage],
      ['/accounting/invoices/', InvoiceListPage],
      ['/accounting/invoices/new', InvoiceFormPage],
      ['/accounting/invoices/42', InvoicePage, { id: 42 }],
      ['/accounting/payments', PaymentListPage],
      ['/accounting/payments/new', PaymentFormPage],
      ['/accounting/bank', BankPage],
      ['/accounting/bank/statements/7', StatementPage, { id: 7 }],
      ['/accounting/aging', AgingPage],
      ['/accounting/statement/30', PartnerStatementPage, { partnerId: 30 }],
      ['/accounting/tax-report', TaxReportPage],
    ];
    for (const [path, page, props] of cases) {
      const element = financeRoute(path);
      expect(element?.type, path).toBe(page);
      if (props) expect(element?.props).toMatchObject(props);
    }
  });
  it('leaves other paths to the ledger or the 404 page', () => {
    for (const path of ['/accounting', '/accounting/entries', '/accounting/invoices/abc', '/accounting/invoices/1/x', '/accounting/bank/statements/x',
      '/accounting/statement', '/accounting/payments/3', '/partners/1', '/accounting/aging/1']) {
      expect(financeRoute(path), path).toBeNull();
    }
  });
});

describe('invoice requests', () => {
  it('sends typed numbers as plain decimals and leaves empty optional fields out', () => {
    const body = invoiceBody('out_invoice', {
      partner_id: 5, date: dayjs('2026-11-20'), currency: 'eur', reference: '  ',
      lines: [{ description: ' Chairs ', quantity: '۳', unit_price: '19,99', tax_ids: [1] }, { description: 'Desk', quantity: '1', unit_price: 'x', discount_percent: '10', account_id: 16 }],
    });
    expect(body).toEqual({
      type: 'out_invoice', partner_id: 5, date: '2026-11-20', currency: 'EUR',
      lines: [
        { description: 'Chairs', quantity: '3', unit_price: '19.99', tax_ids: [1] },
        { description: 'Desk', quantity: '1', unit_price: 'x', tax_ids: [], account_id: 16, discount_percent: '10' },
      ],
    });
  });
  it('registers a payment in the direction the document needs', () => {
    expect(paymentLinkFor({ id: 1, type: 'out_invoice', partner_id: 9 })).toBe('/accounting/payments/new?partner=9&invoice=1&direction=inbound&partner_type=customer');
    expect(paymentLinkFor({ id: 2, type: 'in_invoice', partner_id: 9 })).toContain('direction=outbound&partner_type=supplier');
    expect(paymentLinkFor({ id: 3, type: 'out_refund', partner_id: 9 })).toContain('direction=outbound&partner_type=customer');
    expect(paymentLinkFor({ id: 4, type: 'in_refund', partner_id: 9 })).toContain('direction=inbound&partner_type=supplier');
  });
});
