// Ledger screens: overview and set-up, chart of accounts, journal entries, reports, fiscal years and close.
import type { ReactElement } from 'react';
import './ledger.css';
import { OverviewPage } from './Overview';
import { AccountsPage } from './Accounts';
import { EntryListPage } from './EntryList';
import { EntryFormPage } from './EntryForm';
import { EntryPage } from './EntryView';
import { ReportsPage, REPORTS, type ReportKey } from './Reports';
import { PeriodsPage } from './Periods';

/** The page for `path`, or null when it is not a ledger path. */
export function ledgerRoute(path: string): ReactElement | null {
  const clean = path.replace(/\/+$/, '') || '/';
  if (clean === '/accounting') return <OverviewPage />;
  if (clean === '/accounting/accounts') return <AccountsPage />;
  if (clean === '/accounting/entries') return <EntryListPage />;
  if (clean === '/accounting/entries/new') return <EntryFormPage />;
  const entry = /^\/accounting\/entries\/(\d+)$/.exec(clean);
  if (entry) return <EntryPage key={entry[1]} id={Number(entry[1])} />;
  if (clean === '/accounting/reports') return <ReportsPage key="trial-balance" report="trial-balance" />;
  const report = /^\/accounting\/reports\/([a-z-]+)$/.exec(clean);
  if (report && (REPORTS as readonly string[]).includes(report[1])) return <ReportsPage key={report[1]} report={report[1] as ReportKey} />;
  if (clean === '/accounting/periods') return <PeriodsPage />;
  return null;
}
