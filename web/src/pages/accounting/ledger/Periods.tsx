// /accounting/periods: the company's fiscal years (Jalali years from 1 Farvardin for Persian
// companies) with their periods, the next year, lock dates, closing a year (its closing entry
// moves the year's result to retained earnings) and reopening it (own permission).
import { App, Alert, Button, Card, Col, Collapse, Empty, Form, Row, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { LockOutlined, PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { KeelDatePicker } from '../../../components/DatePicker';
import { dayjs, toIsoDate } from '../../../lib/dates';
import { ActionKeys } from '../../../lib/idempotency';
import { can } from '../../../lib/navigation';
import { Link } from '../../../shell/router';
import { useSession } from '../../../shell/session';
import { nextFiscalYear, type FiscalPeriod, type FiscalYear } from './model';
import { todayIso, useDigits, useFiscalYears, useLedgerError } from './shared';

interface Locks { lock_all_until: string | null; lock_users_until: string | null }
interface LockForm { lock_all_until: Dayjs | null; lock_users_until: Dayjs | null }

function LocksCard({ mayEdit }: { mayEdit: boolean }) {
  const { t } = useTranslation();
  const { format } = useSession();
  const { message } = App.useApp();
  const [form] = Form.useForm<LockForm>();
  const [locks, setLocks] = useState<Locks | null>(null);
  const [saving, setSaving] = useState(false);
  const showError = useLedgerError();

  useEffect(() => {
    api.get<Locks>('/accounting/locks').then((l) => {
      setLocks(l);
      form.setFieldsValue({ lock_all_until: l.lock_all_until ? dayjs(l.lock_all_until) : null, lock_users_until: l.lock_users_until ? dayjs(l.lock_users_until) : null });
    }).catch(showError);
  }, [form, showError]);

  const save = async (values: LockForm) => {
    const body = {
      lock_all_until: values.lock_all_until ? toIsoDate(values.lock_all_until) : null,
      lock_users_until: values.lock_users_until ? toIsoDate(values.lock_users_until) : null,
    };
    setSaving(true);
    try {
      setLocks((await api.request<Locks>('/accounting/locks', { method: 'PUT', body })).data);
      message.success(t('ledger.periods.locksSaved'));
    } catch (error) {
      showError(error, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card title={<Space><LockOutlined />{t('ledger.periods.locks')}</Space>} data-testid="locks-card">
      <Typography.Paragraph type="secondary">{t('ledger.periods.locksText')}</Typography.Paragraph>
      {locks && (
        <Typography.Paragraph data-testid="locks-current">
          {locks.lock_all_until ? t('ledger.periods.lockedAllUntil', { date: format.date(locks.lock_all_until) }) : t('ledger.periods.noLockAll')}
          {' · '}
          {locks.lock_users_until ? t('ledger.periods.lockedUsersUntil', { date: format.date(locks.lock_users_until) }) : t('ledger.periods.noLockUsers')}
        </Typography.Paragraph>
      )}
      <Form<LockForm> form={form} layout="vertical" name="locks" onFinish={save} disabled={!mayEdit}>
        <Row gutter={16}>
          <Col span={24}>
            <Form.Item label={t('ledger.periods.lockAll')} name="lock_all_until" extra={t('ledger.periods.lockAllHelp')}>
              <KeelDatePicker style={{ width: '100%' }} data-testid="lock-all" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item label={t('ledger.periods.lockUsers')} name="lock_users_until" extra={t('ledger.periods.lockUsersHelp')}>
              <KeelDatePicker style={{ width: '100%' }} data-testid="lock-users" />
            </Form.Item>
          </Col>
        </Row>
        {mayEdit && <Button type="primary" htmlType="submit" loading={saving} data-testid="locks-save">{t('ledger.periods.saveLocks')}</Button>}
      </Form>
    </Card>
  );
}

export function PeriodsPage() {
  const { t } = useTranslation();
  const { user, format } = useSession();
  const { message } = App.useApp();
  const fiscal = useFiscalYears();
  const [busy, setBusy] = useState<number | 'create' | null>(null);
  const [closed, setClosed] = useState<FiscalYear | null>(null);
  // The year close or reopen the user asked for, waiting for their confirmation.
  const [confirming, setConfirming] = useState<{ year: FiscalYear; action: 'close' | 'reopen' } | null>(null);
  const keys = useRef(new ActionKeys());
  const showError = useLedgerError();
  const digits = useDigits();
  const permissions = user?.permissions;
  const mayClose = can(permissions, 'accounting.period.close');
  const mayReopen = can(permissions, 'accounting.year.reopen');
  const next = nextFiscalYear(fiscal.years);
  const today = todayIso();
  const calendar = user?.company?.calendar === 'persian' ? 'persian' : 'gregorian';

  const createNext = async () => {
    if (next === null) return;
    setBusy('create');
    try {
      await api.request('/accounting/fiscal-years', { method: 'POST', body: { year: next }, idempotencyKey: keys.current.keyFor('create', { year: next }) });
      keys.current.done('create');
      message.success(t('ledger.periods.created', { year: digits(String(next)) }));
      fiscal.reload();
    } catch (error) {
      keys.current.done('create');
      showError(error);
    } finally {
      setBusy(null);
    }
  };

  const command = async (year: FiscalYear, action: 'close' | 'reopen') => {
    setBusy(year.id);
    try {
      const result = (await api.request<FiscalYear>(`/accounting/fiscal-years/${year.id}/${action}`, { method: 'POST', idempotencyKey: keys.current.keyFor(action, { id: year.id }) })).data;
      keys.current.done(action);
      message.success(t(action === 'close' ? 'ledger.periods.closedDone' : 'ledger.periods.reopenedDone', { year: digits(year.name) }));
      if (action === 'close') setClosed(result);
      setConfirming(null);
      fiscal.reload();
    } catch (error) {
      keys.current.done(action);
      showError(error);
    } finally {
      setBusy(null);
    }
  };

  const confirm = (year: FiscalYear, action: 'close' | 'reopen') => setConfirming({ year, action });

  const periodColumns = [
    { title: t('ledger.periods.number'), dataIndex: 'number', key: 'number', width: 80, render: (n: number) => format.count(n) },
    { title: t('ledger.periods.period'), dataIndex: 'name', key: 'name', render: (n: string) => <span className="keel-mono">{digits(n)}</span> },
    { title: t('ledger.periods.start'), dataIndex: 'start_date', key: 'start', render: (d: string) => format.date(d) },
    { title: t('ledger.periods.end'), dataIndex: 'end_date', key: 'end', render: (d: string) => format.date(d) },
    {
      title: t('ledger.periods.state'), key: 'state',
      render: (_: unknown, p: FiscalPeriod) => (p.closed ? <Tag>{t('ledger.periods.closed')}</Tag>
        : p.start_date <= today && today <= p.end_date ? <Tag color="blue">{t('ledger.periods.current')}</Tag> : <Tag color="green">{t('ledger.periods.open')}</Tag>),
    },
  ];

  const years = [...fiscal.years].sort((a, b) => b.start_date.localeCompare(a.start_date));
  const current = years.find((y) => y.start_date <= today && today <= y.end_date) ?? years[0];

  return (
    <div data-testid="ledger-periods">
      <div className="keel-page-head">
        <Space direction="vertical" size={0}>
          <Typography.Title level={1}>{t('acc.sections.periods')}</Typography.Title>
          <Typography.Text type="secondary">{t(`ledger.periods.calendar.${calendar}`)}</Typography.Text>
        </Space>
        {mayClose && next !== null && (
          <Button type="primary" icon={<PlusOutlined />} loading={busy === 'create'} onClick={createNext} data-testid="year-create">
            {t('ledger.periods.createNext', { year: digits(String(next)) })}
          </Button>
        )}
      </div>
      {confirming && (
        <Alert
          type={confirming.action === 'close' ? 'warning' : 'info'} showIcon role="alertdialog" style={{ marginBottom: 16 }} data-testid="year-confirm"
          message={<strong>{t(confirming.action === 'close' ? 'ledger.periods.closeConfirm' : 'ledger.periods.reopenConfirm', { year: digits(confirming.year.name) })}</strong>}
          description={t(confirming.action === 'close' ? 'ledger.periods.closeText' : 'ledger.periods.reopenText')}
          action={(
            <Space direction="vertical">
              <Button type="primary" danger={confirming.action === 'close'} loading={busy === confirming.year.id} autoFocus
                onClick={() => command(confirming.year, confirming.action)} data-testid={`${confirming.action}-confirm`}>
                {t(confirming.action === 'close' ? 'ledger.periods.close' : 'ledger.periods.reopen')}
              </Button>
              <Button onClick={() => setConfirming(null)}>{t('common.cancel')}</Button>
            </Space>
          )}
        />
      )}
      {closed?.closing_entry_id && (
        <Alert type="success" showIcon closable onClose={() => setClosed(null)} style={{ marginBottom: 16 }} data-testid="closing-entry"
          message={<span>{t('ledger.periods.closingEntryMade', { year: digits(closed.name) })} <Link to={`/accounting/entries/${closed.closing_entry_id}`} data-testid="closing-entry-link">{t('ledger.periods.openClosingEntry')}</Link></span>} />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          {fiscal.loading && years.length === 0 ? <Skeleton active /> : years.length === 0 ? <Empty description={t('ledger.periods.none')} /> : (
            <Collapse
              defaultActiveKey={current ? [String(current.id)] : []}
              items={years.map((year) => ({
                key: String(year.id),
                label: (
                  <Space wrap data-testid={`year-${year.name}`}>
                    <Typography.Text strong>{t('ledger.periods.year', { year: digits(year.name) })}</Typography.Text>
                    <Typography.Text type="secondary" data-testid="year-range">{format.date(year.start_date)} – {format.date(year.end_date)}</Typography.Text>
                    {year.closed ? <Tag color="default">{t('ledger.periods.closed')}</Tag> : <Tag color="green">{t('ledger.periods.open')}</Tag>}
                  </Space>
                ),
                extra: (
                  <Space onClick={(e) => e.stopPropagation()}>
                    {year.closing_entry_id && <Link to={`/accounting/entries/${year.closing_entry_id}`}>{t('ledger.periods.closingEntry')}</Link>}
                    {!year.closed && mayClose && <Button size="small" danger loading={busy === year.id} onClick={() => confirm(year, 'close')} data-testid={`year-close-${year.name}`}>{t('ledger.periods.close')}</Button>}
                    {year.closed && mayReopen && <Button size="small" loading={busy === year.id} onClick={() => confirm(year, 'reopen')} data-testid={`year-reopen-${year.name}`}>{t('ledger.periods.reopen')}</Button>}
                  </Space>
                ),
                children: (
                  <Table<FiscalPeriod> rowKey="id" size="small" columns={periodColumns} dataSource={year.periods} pagination={false} scroll={{ x: 600 }} />
                ),
              }))}
            />
          )}
        </Col>
        <Col xs={24} xl={8}>
          <LocksCard mayEdit={mayClose} />
        </Col>
      </Row>
    </div>
  );
}
