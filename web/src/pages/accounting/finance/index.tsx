// Finance screens: invoices and bills, payments with allocation, bank statements and reconciliation.
import type { ReactElement } from 'react';

/** The page for `path`, or null when it is not a finance path. */
export function financeRoute(_path: string): ReactElement | null {
  return null;
}
