// /accounting/entries: entries filtered by journal, state and date range, in keyset pages
// (the API's next_cursor); the filters live in the URL so a link reproduces the list.
import { Button, Form, Select, Space, Table, Typography } from 'antd';
import { LeftOutlined, PlusOutlined, RightOutlined } from '@ant-design/icons';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import type { Page } from '../../../api/types';
import { KeelDatePicker } from '../../../components/DatePicker';
import { dayjs, toIsoDate } from '../../../lib/dates';
import { can } from '../../../lib/navigation';
import { Link, navigate, useLocation } from '../../../shell/router';
import { useSession } from '../../../shell/session';
import { Amount, useJournals } from '../common';
import { sideTotal } from './model';
import { StateTag, useEndAlign, useLedgerError } from './shared';
import type { EntryRecord } from './EntryView';

interface Filters {
  journal_id: string;
  state: string;
  from: string;
  to: string;
  limit: number;
}

const PAGE_SIZES = [25, 50, 100];

function filtersFrom(query: URLSearchParams): Filters {
  return {
    journal_id: query.get('journal_id') ?? '',
    state: query.get('state') ?? '',
    from: query.get('from') ?? '',
    to: query.get('to') ?? '',
    limit: Number(query.get('limit')) || 25,
  };
}

export function EntryListPage() {
  const { t } = useTranslation();
  const { user, format } = useSession();
  const { query } = useLocation();
  const filters = useMemo(() => filtersFrom(query), [query.toString()]); // eslint-disable-line react-hooks/exhaustive-deps
  const journals = useJournals();
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [page, setPage] = useState<Page<EntryRecord> | null>(null);
  const [loading, setLoading] = useState(false);
  const showError = useLedgerError();
  const end = useEndAlign();
  const sequence = useRef(0);
  const pageIndex = cursors.length - 1;

  const load = useCallback(async (cursor: string | null) => {
    const mine = ++sequence.current;
    setLoading(true);
    try {
      const result = await api.get<Page<EntryRecord>>('/accounting/entries', { ...filters, cursor: cursor ?? undefined });
      if (mine === sequence.current) setPage(result);
    } catch (error) {
      if (mine === sequence.current) showError(error);
    } finally {
      if (mine === sequence.current) setLoading(false);
    }
  }, [filters, showError]);

  useEffect(() => {
    setCursors([null]);
    void load(null);
  }, [load]);

  const apply = (changes: Partial<Filters>) => {
    const next = { ...filters, ...changes };
    const params = new URLSearchParams(Object.entries(next).filter(([, v]) => v !== '' && v !== undefined).map(([k, v]) => [k, String(v)]));
    const qs = params.toString();
    navigate('/accounting/entries' + (qs ? '?' + qs : ''), { replace: true });
  };
  const goNext = () => {
    if (!page?.next_cursor) return;
    setCursors((c) => [...c, page.next_cursor]);
    void load(page.next_cursor);
  };
  const goPrevious = () => {
    if (cursors.length < 2) return;
    const next = cursors.slice(0, -1);
    setCursors(next);
    void load(next[next.length - 1]);
  };

  const journalById = new Map(journals.items.map((j) => [j.id, j]));
  const columns = [
    {
      title: t('ledger.entries.number'), key: 'number',
      render: (_: unknown, e: EntryRecord) => (
        <Link to={`/accounting/entries/${e.id}`} data-testid="entry-link"><span className="keel-mono">{e.number ?? t('ledger.entries.draftNumber', { id: format.count(e.id) })}</span></Link>
      ),
    },
    { title: t('ledger.entry.date'), dataIndex: 'date', key: 'date', render: (d: string) => <span data-testid="entry-list-date">{format.date(d)}</span> },
    { title: t('ledger.entry.journal'), key: 'journal', render: (_: unknown, e: EntryRecord) => journalById.get(e.journal_id)?.code ?? `#${e.journal_id}` },
    { title: t('ledger.entry.memo'), dataIndex: 'memo', key: 'memo', ellipsis: true, render: (m: string) => <bdi>{m}</bdi> },
    { title: t('ledger.entries.kind'), dataIndex: 'kind', key: 'kind', render: (k: string) => t(`ledger.kind.${k}`, { defaultValue: k }) },
    { title: t('ledger.entries.state'), dataIndex: 'state', key: 'state', render: (s: string) => <StateTag state={s} /> },
    { title: t('ledger.entries.amount'), key: 'amount', align: end, className: 'keel-num', render: (_: unknown, e: EntryRecord) => <Amount value={sideTotal(e.lines, 'debit')} /> },
  ];

  const dateValue = (iso: string) => (iso ? dayjs(iso) : null);

  return (
    <div data-testid="entry-list">
      <div className="keel-page-head">
        <Typography.Title level={1}>{t('acc.sections.entries')}</Typography.Title>
        {can(user?.permissions, 'accounting.entry.post') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/accounting/entries/new')} data-testid="entry-new">{t('ledger.entries.new')}</Button>
        )}
      </div>
      <Form layout="vertical" className="keel-filters" name="entry-filters">
        <Form.Item label={t('ledger.entry.journal')} htmlFor="entry-filter-journal">
          <Select id="entry-filter-journal" style={{ width: 200 }} value={filters.journal_id ? Number(filters.journal_id) : ''} onChange={(v) => apply({ journal_id: v ? String(v) : '' })}
            options={[{ value: '', label: t('common.all') }, ...journals.items.map((j) => ({ value: j.id, label: `${j.code} · ${j.name}` }))]} data-testid="entry-filter-journal" />
        </Form.Item>
        <Form.Item label={t('ledger.entries.state')} htmlFor="entry-filter-state">
          <Select id="entry-filter-state" style={{ width: 150 }} value={filters.state} onChange={(state) => apply({ state })} data-testid="entry-filter-state"
            options={[{ value: '', label: t('common.all') }, { value: 'draft', label: t('ledger.state.draft') }, { value: 'posted', label: t('ledger.state.posted') }]} />
        </Form.Item>
        <Form.Item label={t('ledger.reports.from')} htmlFor="entry-filter-from">
          <KeelDatePicker id="entry-filter-from" value={dateValue(filters.from)} onChange={(d) => apply({ from: d ? toIsoDate(d) : '' })} />
        </Form.Item>
        <Form.Item label={t('ledger.reports.to')} htmlFor="entry-filter-to">
          <KeelDatePicker id="entry-filter-to" value={dateValue(filters.to)} onChange={(d) => apply({ to: d ? toIsoDate(d) : '' })} />
        </Form.Item>
      </Form>
      <Table<EntryRecord>
        rowKey="id" size="middle" loading={loading} columns={columns} dataSource={page?.items ?? []} pagination={false}
        scroll={{ x: 900 }} locale={{ emptyText: t('common.noData') }}
      />
      <nav aria-label={t('common.pageSize')} style={{ display: 'flex', gap: 12, alignItems: 'center', justifyContent: 'flex-end', marginTop: 16, flexWrap: 'wrap' }}>
        <Typography.Text type="secondary">{t('common.page', { page: format.count(pageIndex + 1) })} · {t('common.shown', { n: format.count(page?.items.length ?? 0) })}</Typography.Text>
        <Button icon={<LeftOutlined className="keel-flip" />} onClick={goPrevious} disabled={pageIndex === 0 || loading} data-testid="entries-prev">{t('common.previous')}</Button>
        <Button onClick={goNext} disabled={!page?.next_cursor || loading} data-testid="entries-next">{t('common.next')} <RightOutlined className="keel-flip" /></Button>
        <Select aria-label={t('common.pageSize')} value={filters.limit} style={{ width: 90 }} onChange={(limit) => apply({ limit })}
          options={PAGE_SIZES.map((n) => ({ value: n, label: format.count(n) }))} />
        <Space />
      </nav>
    </div>
  );
}
