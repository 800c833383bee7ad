// Ledger screens: overview and set-up, chart of accounts, journal entries, reports, fiscal years and close.
import type { ReactElement } from 'react';

/** The page for `path`, or null when it is not a ledger path. */
export function ledgerRoute(_path: string): ReactElement | null {
  return null;
}
