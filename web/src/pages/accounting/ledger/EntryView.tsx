// /accounting/entries/:id: one entry with its number, state, lines and hash; Post a draft,
// Reverse a posted entry (on a date the user picks), links between an entry and its reversal.
import { App, Alert, Button, Card, Descriptions, Empty, Form, Input, Skeleton, Space, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import type { Party } from '../../../api/types';
import { KeelDatePicker } from '../../../components/DatePicker';
import { dayjs, toIsoDate } from '../../../lib/dates';
import { ActionKeys } from '../../../lib/idempotency';
import { can } from '../../../lib/navigation';
import { ApiError } from '../../../lib/problem';
import { Link, navigate } from '../../../shell/router';
import { useSession } from '../../../shell/session';
import { Amount, accountLabel, useAccounts, useJournals } from '../common';
import { sideTotal } from './model';
import { StateTag, useEndAlign, useLedgerError } from './shared';

export interface EntryLineRecord {
  id: number;
  line_no: number;
  account_id: number;
  partner_id: number | null;
  label: string;
  debit: string;
  credit: string;
  currency: string;
  amount_currency: string;
  rate: string | null;
}

export interface EntryRecord {
  id: number;
  journal_id: number;
  state: 'draft' | 'posted' | string;
  kind: string;
  date: string;
  number: string | null;
  period_id: number | null;
  memo: string;
  reference: string;
  origin: string;
  reversal_of: number | null;
  reversed_by: number | null;
  previous_hash: string;
  hash: string;
  version: number;
  lines: EntryLineRecord[];
}

/** Names of the partners an entry's lines name, fetched once each. */
function usePartnerNames(ids: number[]): Map<number, string> {
  const [names, setNames] = useState(new Map<number, string>());
  const key = [...new Set(ids)].sort().join(',');
  useEffect(() => {
    if (!key) return;
    let live = true;
    Promise.all(key.split(',').map((id) => api.get<Party>(`/partners/${id}`).then((p) => [Number(id), p.name] as const).catch(() => [Number(id), `#${id}`] as const)))
      .then((pairs) => { if (live) setNames(new Map(pairs)); });
    return () => { live = false; };
  }, [key]);
  return names;
}

export function EntryPage({ id }: { id: number }) {
  const { t } = useTranslation();
  const { user, settings, format } = useSession();
  const { message } = App.useApp();
  const accounts = useAccounts();
  const journals = useJournals();
  const [entry, setEntry] = useState<EntryRecord | null>(null);
  const [notFound, setNotFound] = useState(false);
  const [busy, setBusy] = useState(false);
  const [reversing, setReversing] = useState(false);
  const [reverseForm] = Form.useForm<{ date: Dayjs; memo?: string }>();
  const keys = useRef(new ActionKeys());
  const showError = useLedgerError();
  const end = useEndAlign();
  const partnerNames = usePartnerNames((entry?.lines ?? []).flatMap((l) => (l.partner_id ? [l.partner_id] : [])));
  const permissions = user?.permissions;

  const load = useCallback(async () => {
    try {
      setEntry(await api.get<EntryRecord>(`/accounting/entries/${id}`));
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) setNotFound(true);
      else showError(error);
    }
  }, [id, showError]);
  useEffect(() => { void load(); }, [load]);

  const post = async () => {
    setBusy(true);
    try {
      setEntry((await api.request<EntryRecord>(`/accounting/entries/${id}/post`, { method: 'POST', idempotencyKey: keys.current.keyFor('post', { id }) })).data);
      keys.current.done('post');
      message.success(t('ledger.entryView.posted'));
    } catch (error) {
      keys.current.done('post');
      showError(error);
    } finally {
      setBusy(false);
    }
  };

  const reverse = async (values: { date: Dayjs; memo?: string }) => {
    const body: Record<string, unknown> = { date: toIsoDate(values.date) };
    if (values.memo?.trim()) body.memo = values.memo.trim();
    setBusy(true);
    try {
      const reversal = (await api.request<EntryRecord>(`/accounting/entries/${id}/reverse`, { method: 'POST', body, idempotencyKey: keys.current.keyFor('reverse', body) })).data;
      keys.current.done('reverse');
      setReversing(false);
      message.success(t('ledger.entryView.reversedDone', { number: reversal.number ?? '' }));
      await load();
    } catch (error) {
      keys.current.done('reverse');
      showError(error, reverseForm);
    } finally {
      setBusy(false);
    }
  };

  if (notFound) return <Empty description={t('ledger.entryView.notFound')} />;
  if (!entry) return <Skeleton active paragraph={{ rows: 8 }} />;

  const accountById = new Map(accounts.items.map((a) => [a.id, a]));
  const journal = journals.items.find((j) => j.id === entry.journal_id);
  const foreign = entry.lines.some((l) => l.currency && l.currency !== user?.company?.currency);
  const columns = [
    {
      title: t('ledger.entry.account'), key: 'account',
      render: (_: unknown, l: EntryLineRecord) => {
        const account = accountById.get(l.account_id);
        return account ? <bdi>{accountLabel(account, settings.language)}</bdi> : `#${l.account_id}`;
      },
    },
    {
      title: t('ledger.entry.partner'), key: 'partner',
      render: (_: unknown, l: EntryLineRecord) => (l.partner_id ? <Link to={`/partners/${l.partner_id}`}><bdi>{partnerNames.get(l.partner_id) ?? `#${l.partner_id}`}</bdi></Link> : null),
    },
    { title: t('ledger.entry.label'), dataIndex: 'label', key: 'label', render: (v: string) => <bdi>{v}</bdi> },
    ...(foreign ? [{
      title: t('ledger.entry.amountCurrency'), key: 'fx', align: end, className: 'keel-num',
      render: (_: unknown, l: EntryLineRecord) => (l.currency !== user?.company?.currency ? <Amount value={l.amount_currency} currency={l.currency} /> : null),
    }] : []),
    { title: t('ledger.entry.debit'), dataIndex: 'debit', key: 'debit', align: end, className: 'keel-num', render: (v: string) => (v && v !== '0' && !/^0(\.0+)?$/.test(v) ? <Amount value={v} /> : null) },
    { title: t('ledger.entry.credit'), dataIndex: 'credit', key: 'credit', align: end, className: 'keel-num', render: (v: string) => (v && !/^0(\.0+)?$/.test(v) ? <Amount value={v} /> : null) },
  ];

  return (
    <div data-testid="entry-view">
      <div className="keel-page-head">
        <Space direction="vertical" size={0}>
          <Typography.Title level={1}>
            <span className="keel-mono" data-testid="entry-number">{entry.number ?? t('ledger.entryView.draftTitle')}</span>
          </Typography.Title>
          <Space size={8} wrap>
            <StateTag state={entry.state} />
            <Typography.Text type="secondary">{t(`ledger.kind.${entry.kind}`, { defaultValue: entry.kind })}</Typography.Text>
          </Space>
        </Space>
        <Space wrap>
          {entry.state === 'draft' && can(permissions, 'accounting.entry.post') && (
            <Button type="primary" loading={busy} onClick={post} data-testid="entry-view-post">{t('ledger.entry.post')}</Button>
          )}
          {entry.state === 'posted' && !entry.reversed_by && can(permissions, 'accounting.entry.reverse') && (
            <Button danger onClick={() => setReversing(true)} disabled={reversing} data-testid="entry-reverse">{t('ledger.entryView.reverse')}</Button>
          )}
          <Button onClick={() => navigate('/accounting/entries')}>{t('common.back')}</Button>
        </Space>
      </div>
      {entry.reversed_by && (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} data-testid="entry-reversed-by"
          message={<span>{t('ledger.entryView.reversedBy')} <Link to={`/accounting/entries/${entry.reversed_by}`} data-testid="entry-reversed-by-link">{t('ledger.entryView.openReversal')}</Link></span>} />
      )}
      {entry.reversal_of && (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} data-testid="entry-reversal-of"
          message={<span>{t('ledger.entryView.reversalOf')} <Link to={`/accounting/entries/${entry.reversal_of}`} data-testid="entry-reversal-of-link">{t('ledger.entryView.openOriginal')}</Link></span>} />
      )}
      {reversing && (
        <Card size="small" title={t('ledger.entryView.reverseTitle', { number: entry.number ?? '' })} style={{ marginBottom: 16, borderColor: '#ffccc7' }} data-testid="reverse-panel">
          <Typography.Paragraph type="secondary">{t('ledger.entryView.reverseText')}</Typography.Paragraph>
          <Form form={reverseForm} layout="inline" name="reverse" onFinish={reverse} initialValues={{ date: dayjs(), memo: '' }}>
            <Form.Item label={t('ledger.entryView.reverseDate')} name="date" rules={[{ required: true, message: t('ledger.entry.dateRequired') }]}>
              <KeelDatePicker allowClear={false} autoFocus data-testid="reverse-date" />
            </Form.Item>
            <Form.Item label={t('ledger.entry.memo')} name="memo">
              <Input dir="auto" maxLength={1000} style={{ width: 260 }} />
            </Form.Item>
            <Space>
              <Button danger type="primary" htmlType="submit" loading={busy} data-testid="reverse-confirm">{t('ledger.entryView.reverse')}</Button>
              <Button onClick={() => setReversing(false)}>{t('common.cancel')}</Button>
            </Space>
          </Form>
        </Card>
      )}
      <Card style={{ marginBottom: 16 }}>
        <Descriptions column={{ xs: 1, sm: 2, lg: 3 }} size="small">
          <Descriptions.Item label={t('ledger.entry.date')}><span data-testid="entry-date-shown">{format.date(entry.date)}</span></Descriptions.Item>
          <Descriptions.Item label={t('ledger.entry.journal')}>{journal ? `${journal.code} · ${journal.name}` : `#${entry.journal_id}`}</Descriptions.Item>
          <Descriptions.Item label={t('ledger.entry.reference')}><bdi>{entry.reference}</bdi></Descriptions.Item>
          <Descriptions.Item label={t('ledger.entry.memo')} span={2}><bdi>{entry.memo}</bdi></Descriptions.Item>
          {entry.origin && <Descriptions.Item label={t('ledger.entryView.origin')}><span className="keel-mono">{entry.origin}</span></Descriptions.Item>}
        </Descriptions>
      </Card>
      <Table<EntryLineRecord>
        rowKey="id" size="small" columns={columns} dataSource={entry.lines} pagination={false} scroll={{ x: 700 }}
        data-testid="entry-view-lines"
        summary={() => (
          <Table.Summary.Row className="keel-summary-row">
            <Table.Summary.Cell index={0} colSpan={foreign ? 4 : 3}><Typography.Text strong>{t('ledger.entry.totals')}</Typography.Text></Table.Summary.Cell>
            <Table.Summary.Cell index={1} align={end} className="keel-num"><Amount value={sideTotal(entry.lines, 'debit')} testId="entry-view-debit" /></Table.Summary.Cell>
            <Table.Summary.Cell index={2} align={end} className="keel-num"><Amount value={sideTotal(entry.lines, 'credit')} /></Table.Summary.Cell>
          </Table.Summary.Row>
        )}
      />
      {entry.state === 'posted' && (
        <Card size="small" title={t('ledger.entryView.integrity')} style={{ marginTop: 16 }}>
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('ledger.entryView.hash')}><span className="keel-hash" data-testid="entry-hash">{entry.hash}</span></Descriptions.Item>
            <Descriptions.Item label={t('ledger.entryView.previousHash')}><span className="keel-hash">{entry.previous_hash || t('ledger.entryView.chainStart')}</span></Descriptions.Item>
          </Descriptions>
        </Card>
      )}
    </div>
  );
}
