// Finance screens: invoices and bills, payments with allocation, bank statements and reconciliation,
// aging, partner statements and the tax report.
import type { ReactElement } from 'react';
import { InvoiceFormPage, InvoiceListPage, InvoicePage } from './invoices';
import { PaymentFormPage, PaymentListPage } from './payments';
import { BankPage, StatementPage } from './bank';
import { AgingPage, PartnerStatementPage, TaxReportPage } from './reports';

/** The page for `path`, or null when it is not a finance path. */
export function financeRoute(path: string): ReactElement | null {
  const parts = path.replace(/\/+$/, '').split('/').filter(Boolean);
  if (parts[0] !== 'accounting') return null;
  const [, section, a, b, extra] = parts;
  if (extra !== undefined) return null;
  const id = (text: string | undefined) => (text && /^\d+$/.test(text) ? Number(text) : null);
  switch (section) {
    case 'invoices':
      if (a === undefined) return <InvoiceListPage />;
      if (a === 'new' && b === undefined) return <InvoiceFormPage key={location.search} />;
      if (id(a) !== null && b === undefined) return <InvoicePage key={a} id={id(a)!} />;
      return null;
    case 'payments':
      if (a === undefined) return <PaymentListPage />;
      if (a === 'new' && b === undefined) return <PaymentFormPage key={location.search} />;
      return null;
    case 'bank':
      if (a === undefined) return <BankPage />;
      if (a === 'statements' && id(b) !== null) return <StatementPage key={b} id={id(b)!} />;
      return null;
    case 'aging':
      return a === undefined ? <AgingPage /> : null;
    case 'statement':
      return id(a) !== null && b === undefined ? <PartnerStatementPage key={a} partnerId={id(a)!} /> : null;
    case 'tax-report':
      return a === undefined ? <TaxReportPage /> : null;
    default:
      return null;
  }
}
