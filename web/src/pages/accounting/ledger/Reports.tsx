// /accounting/reports/<report>: trial balance, general ledger (running balance), income
// statement, balance sheet and cash flow, with comparison columns and the API's CSV form.
// A trial balance or statement row opens the account's general ledger for the same range; a
// ledger line opens its entry. The range and options live in the URL.
import { Alert, Button, Card, Col, Form, Row, Segmented, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { KeelDatePicker } from '../../../components/DatePicker';
import { dayjs, toIsoDate } from '../../../lib/dates';
import { can } from '../../../lib/navigation';
import { Link, navigate, useLocation } from '../../../shell/router';
import { useSession } from '../../../shell/session';
import { AccountSelect, Amount, useAccounts } from '../common';
import { defaultRange, type TrialBalanceRow } from './model';
import { todayIso, useEndAlign, useFiscalYears, useLedgerError } from './shared';

export const REPORTS = ['trial-balance', 'general-ledger', 'income-statement', 'balance-sheet', 'cash-flow'] as const;
export type ReportKey = typeof REPORTS[number];
const COMPARES = ['none', 'previous_period', 'previous_year'] as const;

interface Range { from: string; to: string }
interface StatementLine { account_id: number; parent_id: number | null; code: string; name: string; level: number; postable: boolean; amount: string; compare_amount: string }
interface Section { key: string; lines: StatementLine[]; total: string; compare_total: string }
interface TrialBalance { currency: string; range: Range; compare: string; compare_range: Range | null; rows: TrialBalanceRow[]; totals: Omit<TrialBalanceRow, 'account_id' | 'code' | 'name' | 'type'> }
interface LedgerLine { line_id: number; entry_id: number; entry_number: string; date: string; memo: string; label: string; partner_id: number | null; debit: string; credit: string; balance: string }
interface GeneralLedger { currency: string; account_id: number; code: string; name: string; range: Range; opening_balance: string; debit: string; credit: string; closing_balance: string; lines: LedgerLine[]; next_cursor: string | null }
interface IncomeStatement { range: Range; compare: string; compare_range: Range | null; income: Section; expense: Section; net_income: string; compare_net_income: string }
interface BalanceSheet { date: string; compare: string; compare_date: string | null; assets: Section; liabilities: Section; equity: Section; liabilities_and_equity: string; compare_liabilities_and_equity: string; balanced: boolean }
interface CashFlow { range: Range; compare: string; compare_range: Range | null; sections: { key: string; lines: { key: string; amount: string; compare_amount: string }[]; total: string; compare_total: string }[]; opening_cash: string; cash_change: string; closing_cash: string; compare_cash_change: string; reconciled: boolean }

interface Params { from: string; to: string; date: string; compare: string; account_id: string }


/** The route and query of a report with these parameters (what the page shows, what CSV downloads). */
function reportQuery(report: ReportKey, p: Params): Record<string, string> {
  if (report === 'balance-sheet') return { date: p.date, compare: p.compare };
  if (report === 'general-ledger') return { account_id: p.account_id, from: p.from, to: p.to };
  return { from: p.from, to: p.to, compare: p.compare };
}

function toUrl(report: ReportKey, p: Partial<Params>): string {
  const params = new URLSearchParams(Object.entries(p).filter(([, v]) => v) as [string, string][]);
  const qs = params.toString();
  return `/accounting/reports/${report}${qs ? '?' + qs : ''}`;
}

export function ReportsPage({ report }: { report: ReportKey }) {
  const { t } = useTranslation();
  const { user, format } = useSession();
  const { query } = useLocation();
  const fiscal = useFiscalYears();
  const accounts = useAccounts();
  const showError = useLedgerError();
  const [data, setData] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const [more, setMore] = useState<LedgerLine[]>([]);
  const today = todayIso();
  const fallback = defaultRange(fiscal.years, today);
  const ready = !fiscal.loading || (!!query.get('from') && !!query.get('to'));
  const params: Params = {
    from: query.get('from') || fallback.from,
    to: query.get('to') || fallback.to,
    date: query.get('date') || (fallback.to < today ? fallback.to : today),
    compare: query.get('compare') || 'none',
    account_id: query.get('account_id') || '',
  };
  const apiQuery = reportQuery(report, params);
  const key = JSON.stringify(apiQuery);

  const load = useCallback(async () => {
    if (report === 'general-ledger' && !apiQuery.account_id) { setData(null); return; }
    setLoading(true);
    setMore([]);
    try {
      setData(await api.get(`/accounting/reports/${report}`, apiQuery));
    } catch (error) {
      setData(null);
      showError(error);
    } finally {
      setLoading(false);
    }
  }, [key, report, showError]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => { if (ready) void load(); }, [ready, load]);

  const set = (changes: Partial<Params>) => navigate(toUrl(report, { ...reportQuery(report, { ...params, ...changes }) }), { replace: true });
  const open = (target: ReportKey, changes: Partial<Params> = {}) => navigate(toUrl(target, reportQuery(target, { ...params, ...changes })));
  const csvUrl = api.url(`/accounting/reports/${report}`, { ...apiQuery, format: 'csv' });
  const hasCompare = report !== 'general-ledger';
  const compareOn = hasCompare && params.compare !== 'none';
  const financeReports = can(user?.permissions, 'accounting.receivable.report');

  const dateField = (name: 'from' | 'to' | 'date', label: string) => (
    <Form.Item label={label} htmlFor={`report-${name}`}>
      <KeelDatePicker id={`report-${name}`} allowClear={false} value={dayjs(params[name])} onChange={(d) => d && set({ [name]: toIsoDate(d) })} data-testid={`report-${name}`} />
    </Form.Item>
  );

  return (
    <div data-testid="ledger-reports">
      <div className="keel-page-head">
        <Typography.Title level={1}>{t(`ledger.reports.${report}`)}</Typography.Title>
        <Space wrap>
          {financeReports && <Link to="/accounting/aging" data-testid="report-link-aging">{t('ledger.reports.aging')}</Link>}
          {financeReports && <Link to="/accounting/tax-report" data-testid="report-link-tax">{t('ledger.reports.taxReport')}</Link>}
        </Space>
      </div>
      <Segmented<ReportKey>
        value={report} onChange={(r) => open(r)} style={{ marginBottom: 16, maxWidth: '100%', overflowX: 'auto' }} data-testid="report-switch"
        options={REPORTS.map((r) => ({ value: r, label: <span data-testid={`report-tab-${r}`}>{t(`ledger.reports.${r}`)}</span> }))}
      />
      <Form layout="vertical" className="keel-filters" name="report-options">
        {report === 'general-ledger' && (
          <Form.Item label={t('ledger.reports.account')} htmlFor="report-account">
            <AccountSelect id="report-account" accounts={accounts.items} style={{ width: 300 }} value={params.account_id ? Number(params.account_id) : undefined}
              onChange={(id) => set({ account_id: String(id) })} data-testid="report-account" />
          </Form.Item>
        )}
        {report === 'balance-sheet' ? dateField('date', t('ledger.reports.atDate')) : (
          <>
            {dateField('from', t('ledger.reports.from'))}
            {dateField('to', t('ledger.reports.to'))}
          </>
        )}
        {hasCompare && (
          <Form.Item label={t('ledger.reports.compare')} htmlFor="report-compare">
            <Select id="report-compare" style={{ width: 200 }} value={params.compare} onChange={(compare) => set({ compare })} data-testid="report-compare"
              options={COMPARES.map((c) => ({ value: c, label: t(`ledger.reports.compareOptions.${c}`) }))} />
          </Form.Item>
        )}
        <Form.Item>
          <Button icon={<DownloadOutlined />} href={csvUrl} download={`${report}.csv`} disabled={report === 'general-ledger' && !params.account_id} data-testid="report-csv">{t('ledger.reports.csv')}</Button>
        </Form.Item>
      </Form>
      {report === 'general-ledger' && !params.account_id && <Alert type="info" showIcon message={t('ledger.reports.pickAccount')} />}
      {report === 'trial-balance' && <TrialBalanceView data={data as TrialBalance | null} loading={loading} compare={compareOn} onRow={(row) => open('general-ledger', { account_id: String(row.account_id) })} />}
      {report === 'general-ledger' && params.account_id && (
        <GeneralLedgerView
          data={data as GeneralLedger | null} loading={loading} extra={more}
          onMore={async (cursor) => {
            try {
              const page = await api.get<GeneralLedger>('/accounting/reports/general-ledger', { ...apiQuery, cursor });
              setMore((m) => [...m, ...page.lines]);
              setData((d: unknown) => ({ ...(d as GeneralLedger), next_cursor: page.next_cursor }));
            } catch (error) { showError(error); }
          }}
        />
      )}
      {report === 'income-statement' && data !== null && (
        <StatementView loading={loading} compare={compareOn} compareLabel={compareLabel(t, format.date, data as IncomeStatement)} onAccount={(id) => open('general-ledger', { account_id: String(id) })}
          sections={[(data as IncomeStatement).income, (data as IncomeStatement).expense]}
          footer={[{ label: t('ledger.reports.netIncome'), amount: (data as IncomeStatement).net_income, compare: (data as IncomeStatement).compare_net_income, testId: 'net-income' }]} />
      )}
      {report === 'balance-sheet' && data !== null && (
        <>
          <Space style={{ marginBottom: 12 }}>
            {(data as BalanceSheet).balanced
              ? <Tag color="green" data-testid="bs-balanced">{t('ledger.reports.balanced')}</Tag>
              : <Tag color="red" data-testid="bs-balanced">{t('ledger.reports.notBalanced')}</Tag>}
          </Space>
          <StatementView loading={loading} compare={compareOn} compareLabel={compareLabel(t, format.date, data as BalanceSheet)}
            onAccount={(id) => open('general-ledger', { account_id: String(id), from: fallback.from, to: params.date })}
            sections={[(data as BalanceSheet).assets, (data as BalanceSheet).liabilities, (data as BalanceSheet).equity]}
            footer={[{ label: t('ledger.reports.liabilitiesAndEquity'), amount: (data as BalanceSheet).liabilities_and_equity, compare: (data as BalanceSheet).compare_liabilities_and_equity, testId: 'liabilities-equity' }]} />
        </>
      )}
      {report === 'cash-flow' && data !== null && <CashFlowView data={data as CashFlow} loading={loading} compare={compareOn} />}
    </div>
  );
}

function compareLabel(t: (k: string, o?: Record<string, unknown>) => string, date: (v: string) => string, data: { compare: string; compare_range?: Range | null; compare_date?: string | null }): string {
  if (data.compare_range) return t('ledger.reports.compareRange', { from: date(data.compare_range.from), to: date(data.compare_range.to) });
  if (data.compare_date) return t('ledger.reports.compareDate', { date: date(data.compare_date) });
  return t(`ledger.reports.compareOptions.${data.compare}`);
}

function TrialBalanceView({ data, loading, compare, onRow }: { data: TrialBalance | null; loading: boolean; compare: boolean; onRow: (row: TrialBalanceRow) => void }) {
  const { t } = useTranslation();
  const end = useEndAlign();
  const { format } = useSession();
  const amount = (v: string) => (v && !/^-?0(\.0+)?$/.test(v) ? <Amount value={v} /> : null);
  const pair = (title: string, debit: keyof TrialBalanceRow, credit: keyof TrialBalanceRow, key: string) => ({
    title, key,
    children: [
      { title: t('ledger.entry.debit'), dataIndex: debit, key: `${key}-d`, align: end, className: 'keel-num', render: amount },
      { title: t('ledger.entry.credit'), dataIndex: credit, key: `${key}-c`, align: end, className: 'keel-num', render: amount },
    ],
  });
  const columns = [
    { title: t('ledger.accounts.code'), dataIndex: 'code', key: 'code', width: 90, render: (c: string) => <span className="keel-mono">{c}</span> },
    { title: t('ledger.accounts.name'), dataIndex: 'name', key: 'name', render: (n: string) => <bdi>{n}</bdi> },
    pair(t('ledger.reports.opening'), 'opening_debit', 'opening_credit', 'opening'),
    pair(t('ledger.reports.movement'), 'debit', 'credit', 'movement'),
    pair(t('ledger.reports.closing'), 'closing_debit', 'closing_credit', 'closing'),
    ...(compare && data ? [pair(compareLabel(t, format.date, data), 'compare_debit', 'compare_credit', 'compare')] : []),
  ];
  const totals = data?.totals;
  const cells = totals ? [totals.opening_debit, totals.opening_credit, totals.debit, totals.credit, totals.closing_debit, totals.closing_credit, ...(compare ? [totals.compare_debit, totals.compare_credit] : [])] : [];
  return (
    <Table<TrialBalanceRow>
      className="keel-report-table" rowKey="account_id" size="small" bordered loading={loading} columns={columns} dataSource={data?.rows ?? []}
      pagination={false} scroll={{ x: 'max-content' }} locale={{ emptyText: t('ledger.reports.empty') }} data-testid="trial-balance"
      rowClassName={() => 'keel-clickable'}
      onRow={(row) => ({ onClick: () => onRow(row), onKeyDown: (e: { key: string }) => { if (e.key === 'Enter') onRow(row); }, tabIndex: 0, 'data-testid': `tb-row-${row.code}` } as never)}
      summary={() => totals && (
        <Table.Summary.Row className="keel-summary-row">
          <Table.Summary.Cell index={0} colSpan={2}>{t('ledger.entry.totals')}</Table.Summary.Cell>
          {cells.map((v, i) => <Table.Summary.Cell key={i} index={i + 2} align={end} className="keel-num"><Amount value={v} testId={`tb-total-${i}`} /></Table.Summary.Cell>)}
        </Table.Summary.Row>
      )}
    />
  );
}

function GeneralLedgerView({ data, loading, extra, onMore }: { data: GeneralLedger | null; loading: boolean; extra: LedgerLine[]; onMore: (cursor: string) => void }) {
  const { t } = useTranslation();
  const end = useEndAlign();
  const { format } = useSession();
  const lines = [...(data?.lines ?? []), ...extra];
  const amount = (v: string) => (v && !/^-?0(\.0+)?$/.test(v) ? <Amount value={v} /> : null);
  const columns = [
    { title: t('ledger.entry.date'), dataIndex: 'date', key: 'date', width: 130, render: (d: string) => format.date(d) },
    { title: t('ledger.entries.number'), dataIndex: 'entry_number', key: 'number', render: (n: string, l: LedgerLine) => <Link to={`/accounting/entries/${l.entry_id}`} data-testid="gl-entry-link" onClick={(e) => e.stopPropagation()}><span className="keel-mono">{n}</span></Link> },
    { title: t('ledger.entry.memo'), key: 'text', render: (_: unknown, l: LedgerLine) => <bdi>{[l.label, l.memo].filter(Boolean).join(' · ')}</bdi> },
    { title: t('ledger.entry.debit'), dataIndex: 'debit', key: 'debit', align: end, className: 'keel-num', render: amount },
    { title: t('ledger.entry.credit'), dataIndex: 'credit', key: 'credit', align: end, className: 'keel-num', render: amount },
    { title: t('ledger.reports.runningBalance'), dataIndex: 'balance', key: 'balance', align: end, className: 'keel-num', render: (v: string) => <Amount value={v} /> },
  ];
  return (
    <>
      {data && (
        <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
          <Col xs={24} md={6}><Card size="small"><Typography.Text strong><span className="keel-mono">{data.code}</span> <bdi>{data.name}</bdi></Typography.Text></Card></Col>
          <Col xs={12} md={6}><Card size="small"><Statistic title={t('ledger.reports.openingBalance')} valueRender={() => <Amount value={data.opening_balance} testId="gl-opening" />} /></Card></Col>
          <Col xs={12} md={6}><Card size="small"><Statistic title={t('ledger.reports.turnover')} valueRender={() => <span><Amount value={data.debit} /> / <Amount value={data.credit} /></span>} /></Card></Col>
          <Col xs={12} md={6}><Card size="small"><Statistic title={t('ledger.reports.closingBalance')} valueRender={() => <Amount value={data.closing_balance} testId="gl-closing" />} /></Card></Col>
        </Row>
      )}
      <Table<LedgerLine>
        className="keel-report-table" rowKey="line_id" size="small" loading={loading} columns={columns} dataSource={lines} pagination={false}
        scroll={{ x: 900 }} locale={{ emptyText: t('ledger.reports.empty') }} data-testid="general-ledger"
        rowClassName={() => 'keel-clickable'}
        onRow={(l) => ({ onClick: () => navigate(`/accounting/entries/${l.entry_id}`), 'data-testid': `gl-line-${l.entry_number}` } as never)}
      />
      {data?.next_cursor && <Button style={{ marginTop: 12 }} onClick={() => onMore(data.next_cursor!)} data-testid="gl-more">{t('ledger.reports.more')}</Button>}
    </>
  );
}

function StatementView({ sections, footer, loading, compare, compareLabel: label, onAccount }: {
  sections: Section[]; footer: { label: string; amount: string; compare: string; testId: string }[]; loading: boolean; compare: boolean; compareLabel: string; onAccount: (id: number) => void;
}) {
  const { t } = useTranslation();
  const name = (l: StatementLine) => (l.account_id === 0 ? t(`ledger.reports.lineNames.${l.code}`, { defaultValue: l.name }) : l.name);
  const row = (key: string, cells: ReactNode[], strong = false, onClick?: () => void) => (
    <tr key={key} className={`ant-table-row${onClick ? ' keel-clickable' : ''}${strong ? ' keel-summary-row' : ''}`} onClick={onClick} style={onClick ? { cursor: 'pointer' } : undefined}>
      {cells.map((c, i) => <td key={i} className={`ant-table-cell${i > 0 ? ' keel-num' : ''}`}>{c}</td>)}
    </tr>
  );
  return (
    <div className="ant-table-wrapper keel-report-table" data-testid="statement">
      <div className={`ant-table ant-table-small${loading ? ' ant-table-loading' : ''}`}>
        <div className="ant-table-container">
          <table style={{ width: '100%' }}>
            <thead className="ant-table-thead">
              <tr>
                <th className="ant-table-cell">{t('ledger.accounts.name')}</th>
                <th className="ant-table-cell keel-num">{t('ledger.reports.amount')}</th>
                {compare && <th className="ant-table-cell keel-num">{label}</th>}
              </tr>
            </thead>
            <tbody className="ant-table-tbody">
              {sections.flatMap((s) => [
                row(`${s.key}-head`, [<Typography.Text strong key="h">{t(`ledger.reports.sections.${s.key}`, { defaultValue: s.key })}</Typography.Text>, '', ...(compare ? [''] : [])]),
                ...s.lines.map((l) => row(`${s.key}-${l.account_id}-${l.code}`, [
                  <span key="n" style={{ paddingInlineStart: 16 + l.level * 16, fontWeight: l.postable ? undefined : 600 }}><span className="keel-mono">{l.account_id ? l.code : ''}</span> <bdi>{name(l)}</bdi></span>,
                  <Amount key="a" value={l.amount} />, ...(compare ? [<Amount key="c" value={l.compare_amount} />] : []),
                ], false, l.postable && l.account_id ? () => onAccount(l.account_id) : undefined)),
                row(`${s.key}-total`, [t('ledger.reports.sectionTotal', { section: t(`ledger.reports.sections.${s.key}`, { defaultValue: s.key }) }), <Amount key="a" value={s.total} testId={`total-${s.key}`} />, ...(compare ? [<Amount key="c" value={s.compare_total} />] : [])], true),
              ])}
              {footer.map((f) => row(f.testId, [<Typography.Text strong key="l">{f.label}</Typography.Text>, <Amount key="a" value={f.amount} testId={f.testId} />, ...(compare ? [<Amount key="c" value={f.compare} />] : [])], true))}
            </tbody>
          </table>
        </div>
      </div>
    </div>
  );
}

function CashFlowView({ data, loading, compare }: { data: CashFlow; loading: boolean; compare: boolean }) {
  const { t } = useTranslation();
  const { format } = useSession();
  const label = compareLabel(t, format.date, data);
  const sections: Section[] = data.sections.map((s) => ({
    key: s.key, total: s.total, compare_total: s.compare_total,
    lines: s.lines.map((l, i) => ({ account_id: 0, parent_id: null, code: l.key, name: t(`ledger.reports.cashLines.${l.key}`, { defaultValue: l.key }), level: 0, postable: true, amount: l.amount, compare_amount: l.compare_amount })),
  }));
  return (
    <>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={12} md={6}><Card size="small"><Statistic title={t('ledger.reports.openingCash')} valueRender={() => <Amount value={data.opening_cash} />} /></Card></Col>
        <Col xs={12} md={6}><Card size="small"><Statistic title={t('ledger.reports.cashChange')} valueRender={() => <Amount value={data.cash_change} testId="cash-change" />} /></Card></Col>
        <Col xs={12} md={6}><Card size="small"><Statistic title={t('ledger.reports.closingCash')} valueRender={() => <Amount value={data.closing_cash} />} /></Card></Col>
        <Col xs={12} md={6}><Card size="small">{data.reconciled ? <Tag color="green">{t('ledger.reports.reconciled')}</Tag> : <Tag color="red">{t('ledger.reports.notReconciled')}</Tag>}</Card></Col>
      </Row>
      <StatementView loading={loading} compare={compare} compareLabel={label} onAccount={() => undefined} sections={sections}
        footer={[{ label: t('ledger.reports.cashChange'), amount: data.cash_change, compare: data.compare_cash_change, testId: 'cf-change' }]} />
    </>
  );
}
