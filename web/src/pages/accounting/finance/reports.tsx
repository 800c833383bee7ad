// Receivable reports: aging by due-date bucket at any date, a partner's statement with running
// balance, and the tax report over a period. Every figure is the server's, shown as it is.
import { Button, Card, Form, Radio, Segmented, Space, Table, Typography } from 'antd';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { KeelDatePicker } from '../../../components/DatePicker';
import { sumDecimals } from '../../../lib/decimal';
import { dayjs, toIsoDate } from '../../../lib/dates';
import { useApiError } from '../../../shell/errors';
import { Link, navigate, useLocation } from '../../../shell/router';
import { useSession } from '../../../shell/session';
import { Amount, PartnerSelect } from '../common';
import { todayIso, usePartnerNames, yearStartIso } from './shared';

type Kind = 'receivable' | 'payable';
const BUCKETS = ['current', 'days_1_30', 'days_31_60', 'days_61_90', 'days_over_90', 'unallocated', 'total'] as const;
type AgingRow = Record<(typeof BUCKETS)[number], string> & { partner_id: number };

function ReportNav({ active }: { active: 'aging' | 'tax' | 'statement' }) {
  const { t } = useTranslation();
  return (
    <Segmented
      value={active}
      onChange={(v) => navigate(v === 'aging' ? '/accounting/aging' : v === 'tax' ? '/accounting/tax-report' : location.pathname)}
      options={[
        { value: 'aging', label: t('finance.aging.title') },
        { value: 'tax', label: t('finance.taxReport.title') },
        ...(active === 'statement' ? [{ value: 'statement', label: t('finance.statement.title') }] : []),
      ]}
      style={{ marginBottom: 16 }}
    />
  );
}

/** Replaces the page's query (keeps the path). */
function setQuery(values: Record<string, string>) {
  const qs = new URLSearchParams(location.search);
  for (const [k, v] of Object.entries(values)) if (v) qs.set(k, v); else qs.delete(k);
  navigate(location.pathname + '?' + qs.toString(), { replace: true });
}

function useReport<T>(path: string | null, query: Record<string, string>): { data: T | null; loading: boolean } {
  const [data, setData] = useState<T | null>(null);
  const [loading, setLoading] = useState(false);
  const showError = useApiError();
  const key = JSON.stringify(query);
  const load = useCallback(async () => {
    if (!path) return;
    setLoading(true);
    try { setData(await api.get<T>(path, query)); } catch (error) { showError(error); setData(null); } finally { setLoading(false); }
  }, [path, key, showError]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => { void load(); }, [load]);
  return { data, loading };
}

export function AgingPage() {
  const { t } = useTranslation();
  const { format } = useSession();
  const { query } = useLocation();
  const date = query.get('date') || todayIso();
  const kind: Kind = query.get('kind') === 'payable' ? 'payable' : 'receivable';
  const { data, loading } = useReport<{ rows: AgingRow[]; totals: AgingRow }>('/accounting/reports/aging', { date, kind });
  const rows = data?.rows ?? [];
  const names = usePartnerNames(rows.map((r) => r.partner_id));
  const currency = undefined;
  return (
    <div data-testid="aging-page">
      <div className="keel-page-head"><Typography.Title level={1}>{t('finance.aging.title')}</Typography.Title></div>
      <ReportNav active="aging" />
      <Form layout="vertical" className="keel-filters">
        <Form.Item label={t('finance.aging.asOf')} htmlFor="aging-date">
          <KeelDatePicker id="aging-date" style={{ width: 170 }} value={dayjs(date)} allowClear={false} onChange={(d) => d && setQuery({ date: toIsoDate(d) })} data-testid="aging-date" />
        </Form.Item>
        <Form.Item label={t('finance.aging.kind')}>
          <Radio.Group optionType="button" value={kind} onChange={(e) => setQuery({ kind: e.target.value })} data-testid="aging-kind"
            options={[{ value: 'receivable', label: t('finance.kind.receivable') }, { value: 'payable', label: t('finance.kind.payable') }]} />
        </Form.Item>
      </Form>
      <Table<AgingRow>
        rowKey="partner_id" size="middle" loading={loading} dataSource={rows} pagination={false} scroll={{ x: 1000 }} data-testid="aging-table"
        locale={{ emptyText: t('finance.aging.empty') }}
        columns={[
          {
            title: t('finance.fields.partner'), key: 'p',
            render: (_: unknown, r: AgingRow) => <Link to={`/accounting/statement/${r.partner_id}?kind=${kind}`} data-testid={`aging-partner-${r.partner_id}`}><bdi>{names[r.partner_id] ?? `#${r.partner_id}`}</bdi></Link>,
          },
          ...BUCKETS.map((b) => ({
            title: t(`finance.aging.bucket.${b}`), key: b, align: 'end' as const,
            render: (_: unknown, r: AgingRow) => <span data-testid={`aging-${r.partner_id}-${b}`}>{b === 'total' ? <strong><Amount value={r[b]} currency={currency} /></strong> : <Amount value={r[b]} currency={currency} />}</span>,
          })),
        ]}
        summary={() => (data && rows.length > 0 ? (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0}><strong>{t('finance.total')}</strong></Table.Summary.Cell>
            {BUCKETS.map((b, i) => (
              <Table.Summary.Cell key={b} index={i + 1} align="end"><strong><Amount value={data.totals[b]} currency={currency} /></strong></Table.Summary.Cell>
            ))}
          </Table.Summary.Row>
        ) : null)}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>{t('finance.aging.note', { date: format.date(date) })}</Typography.Paragraph>
    </div>
  );
}

interface StatementData { opening: string; closing: string; lines: { date: string; number: string; memo: string; reference: string; debit: string; credit: string; balance: string }[] }

export function PartnerStatementPage({ partnerId }: { partnerId: number }) {
  const { t } = useTranslation();
  const { format } = useSession();
  const { query } = useLocation();
  const from = query.get('from') || yearStartIso();
  const to = query.get('to') || todayIso();
  const kind: Kind = query.get('kind') === 'payable' ? 'payable' : 'receivable';
  const { data, loading } = useReport<StatementData>(`/accounting/partners/${partnerId}/statement`, { from, to, kind });
  const names = usePartnerNames([partnerId]);
  const line = (label: ReactNode, value: string | undefined, testId: string) => (
    <span>{label}: <strong><Amount value={value} testId={testId} /></strong></span>
  );
  return (
    <div data-testid="statement-report">
      <div className="keel-page-head">
        <Space direction="vertical" size={0}>
          <Typography.Title level={1}>{t('finance.statement.title')}</Typography.Title>
          <Link to={`/partners/${partnerId}`}><bdi data-testid="statement-partner">{names[partnerId] ?? ''}</bdi></Link>
        </Space>
        <Button onClick={() => navigate(`/accounting/invoices?partner_id=${partnerId}`)}>{t('finance.statement.documents')}</Button>
      </div>
      <ReportNav active="statement" />
      <Form layout="vertical" className="keel-filters">
        <Form.Item label={t('finance.fields.partner')} htmlFor="statement-partner-select">
          <PartnerSelect key={names[partnerId] ? 'named' : 'plain'} id="statement-partner-select" style={{ width: 260 }} value={partnerId} allowClear={false}
            initial={names[partnerId] ? { id: partnerId, name: names[partnerId] } : null}
            onChange={(v) => v && navigate(`/accounting/statement/${v}${location.search}`)} />
        </Form.Item>
        <Form.Item label={t('finance.fields.from')} htmlFor="statement-from">
          <KeelDatePicker id="statement-from" style={{ width: 170 }} value={dayjs(from)} allowClear={false} onChange={(d) => d && setQuery({ from: toIsoDate(d) })} />
        </Form.Item>
        <Form.Item label={t('finance.fields.to')} htmlFor="statement-to">
          <KeelDatePicker id="statement-to" style={{ width: 170 }} value={dayjs(to)} allowClear={false} onChange={(d) => d && setQuery({ to: toIsoDate(d) })} />
        </Form.Item>
        <Form.Item label={t('finance.aging.kind')}>
          <Radio.Group optionType="button" value={kind} onChange={(e) => setQuery({ kind: e.target.value })}
            options={[{ value: 'receivable', label: t('finance.kind.receivable') }, { value: 'payable', label: t('finance.kind.payable') }]} />
        </Form.Item>
      </Form>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space size="large" wrap>
          {line(t('finance.statement.opening', { date: format.date(from) }), data?.opening, 'statement-opening')}
          {line(t('finance.statement.closing', { date: format.date(to) }), data?.closing, 'statement-closing')}
        </Space>
      </Card>
      <Table
        rowKey={(_, i) => String(i)} size="middle" loading={loading} dataSource={data?.lines ?? []} pagination={false} scroll={{ x: 900 }} data-testid="statement-table"
        locale={{ emptyText: t('finance.statement.empty') }}
        columns={[
          { title: t('finance.fields.date'), dataIndex: 'date', key: 'd', render: (v: string) => format.date(v) },
          { title: t('finance.fields.entry'), dataIndex: 'number', key: 'n', render: (v: string) => <bdi className="keel-mono">{v}</bdi> },
          { title: t('finance.statement.memo'), dataIndex: 'memo', key: 'm', render: (v: string) => <bdi>{v === 'payment' ? t('finance.payments.payment') : v}</bdi> },
          { title: t('finance.fields.reference'), dataIndex: 'reference', key: 'r', render: (v: string) => <bdi>{v}</bdi> },
          { title: t('finance.statement.debit'), dataIndex: 'debit', key: 'dr', align: 'end' as const, render: (v: string) => (/^0(\.0+)?$/.test(v) ? '' : <Amount value={v} />) },
          { title: t('finance.statement.credit'), dataIndex: 'credit', key: 'cr', align: 'end' as const, render: (v: string) => (/^0(\.0+)?$/.test(v) ? '' : <Amount value={v} />) },
          { title: t('finance.statement.balance'), dataIndex: 'balance', key: 'b', align: 'end' as const, render: (v: string) => <Amount value={v} /> },
        ]}
      />
    </div>
  );
}

interface TaxRow { tax_id: number; name: string; scope: 'sales' | 'purchase'; base: string; tax: string }

export function TaxReportPage() {
  const { t } = useTranslation();
  const { query } = useLocation();
  const from = query.get('from') || yearStartIso();
  const to = query.get('to') || todayIso();
  const { data, loading } = useReport<{ rows: TaxRow[] }>('/accounting/reports/tax', { from, to });
  const rows = data?.rows ?? [];
  const total = (scope: TaxRow['scope'], field: 'base' | 'tax') => sumDecimals(rows.filter((r) => r.scope === scope).map((r) => r[field]));
  return (
    <div data-testid="tax-report">
      <div className="keel-page-head"><Typography.Title level={1}>{t('finance.taxReport.title')}</Typography.Title></div>
      <ReportNav active="tax" />
      <Form layout="vertical" className="keel-filters">
        <Form.Item label={t('finance.fields.from')} htmlFor="tax-from">
          <KeelDatePicker id="tax-from" style={{ width: 170 }} value={dayjs(from)} allowClear={false} onChange={(d) => d && setQuery({ from: toIsoDate(d) })} />
        </Form.Item>
        <Form.Item label={t('finance.fields.to')} htmlFor="tax-to">
          <KeelDatePicker id="tax-to" style={{ width: 170 }} value={dayjs(to)} allowClear={false} onChange={(d) => d && setQuery({ to: toIsoDate(d) })} />
        </Form.Item>
      </Form>
      <Table<TaxRow>
        rowKey="tax_id" size="middle" loading={loading} dataSource={rows} pagination={false} data-testid="tax-table" locale={{ emptyText: t('finance.taxReport.empty') }}
        columns={[
          { title: t('finance.taxReport.tax'), dataIndex: 'name', key: 'n', render: (v: string) => <bdi>{v}</bdi> },
          { title: t('finance.taxReport.scope'), dataIndex: 'scope', key: 's', render: (v: string) => t(`finance.taxReport.scopes.${v}`) },
          { title: t('finance.fields.base'), dataIndex: 'base', key: 'b', align: 'end' as const, render: (v: string) => <Amount value={v} /> },
          { title: t('finance.fields.tax'), dataIndex: 'tax', key: 't', align: 'end' as const, render: (v: string) => <Amount value={v} /> },
        ]}
        summary={() => (rows.length > 0 ? (
          <>
            {(['sales', 'purchase'] as const).map((scope, i) => (
              <Table.Summary.Row key={scope}>
                <Table.Summary.Cell index={0} colSpan={2}><strong>{t('finance.taxReport.totalScope', { scope: t(`finance.taxReport.scopes.${scope}`) })}</strong></Table.Summary.Cell>
                <Table.Summary.Cell index={2} align="end"><Amount value={total(scope, 'base')} /></Table.Summary.Cell>
                <Table.Summary.Cell index={3} align="end"><strong><Amount value={total(scope, 'tax')} testId={i === 0 ? 'tax-total-sales' : 'tax-total-purchase'} /></strong></Table.Summary.Cell>
              </Table.Summary.Row>
            ))}
          </>
        ) : null)}
      />
    </div>
  );
}
