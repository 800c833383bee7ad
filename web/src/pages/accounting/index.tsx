// The accounting section: its sub-navigation and the routes of its two parts, the ledger
// (chart, entries, reports, close) and finance (invoices and bills, payments, bank).
import { Menu } from 'antd';
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { navigate } from '../../shell/router';
import { ledgerRoute } from './ledger';
import { financeRoute } from './finance';

const SECTIONS = [
  { key: 'overview', path: '/accounting' },
  { key: 'accounts', path: '/accounting/accounts' },
  { key: 'entries', path: '/accounting/entries' },
  { key: 'invoices', path: '/accounting/invoices' },
  { key: 'payments', path: '/accounting/payments' },
  { key: 'bank', path: '/accounting/bank' },
  { key: 'reports', path: '/accounting/reports' },
  { key: 'periods', path: '/accounting/periods' },
] as const;

// Pages reached from a section without their own tab.
const PART_OF: Record<string, string> = { aging: 'reports', statement: 'reports', 'tax-report': 'reports' };

/** The section a path belongs to ("/accounting/entries/12" → "entries", "/accounting/aging" → "reports"). */
export function accountingSectionOf(path: string): string {
  const second = path.split('/').filter(Boolean)[1];
  if (second && PART_OF[second]) return PART_OF[second];
  return second && SECTIONS.some((s) => s.key === second) ? second : 'overview';
}

export function AccountingNav({ path }: { path: string }) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t('acc.title')} className="keel-subnav">
      <Menu
        mode="horizontal"
        selectedKeys={[accountingSectionOf(path)]}
        items={SECTIONS.map((s) => ({
          key: s.key,
          label: <a href={s.path} onClick={(e) => { e.preventDefault(); navigate(s.path); }} data-testid={`acc-nav-${s.key}`}>{t(`acc.sections.${s.key}`)}</a>,
        }))}
      />
    </nav>
  );
}

/** The page for an /accounting path, or null when none matches (the shell shows 404). */
export function AccountingRoutes({ path }: { path: string }): ReactElement | null {
  const page = ledgerRoute(path) ?? financeRoute(path);
  if (!page) return null;
  return (
    <>
      <AccountingNav path={path} />
      {page}
    </>
  );
}
