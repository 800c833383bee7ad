// Payments: the list, the form that registers a receipt or payment and allocates it to the
// partner's open documents (oldest first or by hand, the remainder kept as credit, all exact),
// and allocating an existing payment's remainder later.
import { Alert, App, Button, Card, Col, Descriptions, Form, Input, Modal, Radio, Row, Space, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import type { Page } from '../../../api/types';
import { KeelDatePicker } from '../../../components/DatePicker';
import { dayjs, toIsoDate } from '../../../lib/dates';
import { ActionKeys } from '../../../lib/idempotency';
import { can } from '../../../lib/navigation';
import { useApiError } from '../../../shell/errors';
import { Link, navigate, useLocation } from '../../../shell/router';
import { useSession } from '../../../shell/session';
import { Amount, PartnerSelect } from '../common';
import {
  allocateOldestFirst, currencyDecimals, defaultPartnerType, isOpen, normalizeAmountInput, oldestFirst, residualAfter, settlesType,
  summarizeAllocation, type AllocationSummary, type Direction, type PartnerType,
} from './model';
import { compareDecimal, fixDecimal } from '../../../lib/decimal';
import { useBusy, usePartnerNames, type Invoice, type Payment } from './shared';

/** The partner's open documents a payment of this direction and side settles, oldest first. */
function useOpenDocuments(partnerId: number | undefined, direction: Direction, partnerType: PartnerType, currency: string, tick = 0) {
  const [docs, setDocs] = useState<Invoice[]>([]);
  const [loading, setLoading] = useState(false);
  useEffect(() => {
    let live = true;
    if (!partnerId) { setDocs([]); return undefined; }
    setLoading(true);
    api.get<Page<Invoice>>('/accounting/invoices', { partner_id: partnerId, type: settlesType(direction, partnerType), limit: 500 })
      .then((p) => { if (live) setDocs(oldestFirst(p.items.filter((i) => isOpen(i.state) && i.currency === currency))); })
      .catch(() => { if (live) setDocs([]); })
      .finally(() => { if (live) setLoading(false); });
    return () => { live = false; };
  }, [partnerId, direction, partnerType, currency, tick]);
  return { docs, loading };
}

/** The open documents with an allocation input each, the oldest-first button and the live remainder. */
function AllocationTable({ docs, loading, amount, currency, allocations, setAllocations, summary }: {
  docs: Invoice[]; loading: boolean; amount: string; currency: string;
  allocations: Record<number, string>; setAllocations: (next: Record<number, string>) => void; summary: AllocationSummary;
}) {
  const { t } = useTranslation();
  const { format } = useSession();
  const problemText = (id: number) => (summary.problems[id] ? t(`finance.payments.problem.${summary.problems[id]}`) : undefined);
  return (
    <div data-testid="allocation">
      <Space style={{ marginBottom: 12 }} wrap>
        <Button onClick={() => setAllocations(Object.fromEntries(Object.entries(allocateOldestFirst(amount, docs)).map(([k, v]) => [k, v]))) }
          disabled={docs.length === 0} data-testid="allocate-oldest">{t('finance.payments.oldestFirst')}</Button>
        <Button onClick={() => setAllocations({})} disabled={Object.keys(allocations).length === 0} data-testid="allocate-clear">{t('finance.payments.clear')}</Button>
      </Space>
      <Table<Invoice>
        rowKey="id" size="small" pagination={false} loading={loading} dataSource={docs} scroll={{ x: 760 }}
        locale={{ emptyText: t('finance.payments.noOpen') }}
        columns={[
          { title: t('finance.fields.number'), key: 'n', render: (_: unknown, i: Invoice) => <Link to={`/accounting/invoices/${i.id}`}><bdi className="keel-mono">{i.number}</bdi></Link> },
          { title: t('finance.fields.date'), dataIndex: 'date', key: 'd', render: (v: string) => format.date(v) },
          { title: t('finance.fields.dueDate'), dataIndex: 'due_date', key: 'due', render: (v: string) => format.date(v) },
          { title: t('finance.fields.total'), key: 't', align: 'end' as const, render: (_: unknown, i: Invoice) => <Amount value={i.total} currency={i.currency} /> },
          { title: t('finance.fields.residual'), key: 'r', align: 'end' as const, render: (_: unknown, i: Invoice) => <Amount value={i.residual} currency={i.currency} testId={`open-residual-${i.id}`} /> },
          {
            title: t('finance.payments.allocate'), key: 'a', width: 170,
            render: (_: unknown, i: Invoice) => (
              <Form.Item validateStatus={summary.problems[i.id] ? 'error' : undefined} help={problemText(i.id)} style={{ marginBottom: 0 }}>
                <Input
                  value={allocations[i.id] ?? ''} inputMode="decimal" dir="ltr" data-testid={`allocation-${i.id}`}
                  aria-label={t('finance.payments.allocationFor', { number: i.number ?? '' })}
                  onChange={(e) => setAllocations({ ...allocations, [i.id]: e.target.value })}
                />
              </Form.Item>
            ),
          },
          {
            title: t('finance.payments.residualAfter'), key: 'after', align: 'end' as const,
            render: (_: unknown, i: Invoice) => (summary.problems[i.id] ? '' : <Amount value={residualAfter(i.residual, allocations[i.id])} currency={i.currency} />),
          },
        ]}
      />
      <Descriptions column={1} size="small" bordered style={{ marginTop: 12, maxWidth: 440, marginInlineStart: 'auto' }}>
        <Descriptions.Item label={t('finance.fields.amount')}>{summary.amountInvalid ? '—' : <Amount value={fixDecimal(normalizeAmountInput(amount) ?? '0', currencyDecimals(currency))} currency={currency} />}</Descriptions.Item>
        <Descriptions.Item label={t('finance.payments.allocated')}><Amount value={summary.allocated} currency={currency} testId="allocated-total" /></Descriptions.Item>
        <Descriptions.Item label={t('finance.payments.unallocated')}>
          <span data-testid="unallocated"><Amount value={summary.unallocated} currency={currency} /></span>
        </Descriptions.Item>
      </Descriptions>
      {summary.overAllocated && <Alert type="error" showIcon style={{ marginTop: 8 }} message={t('finance.payments.overAllocated')} data-testid="over-allocated" />}
      {!summary.amountInvalid && compareDecimal(summary.unallocated, '0') > 0 && (
        <Alert type="info" showIcon style={{ marginTop: 8 }} message={t('finance.payments.creditKept', { amount: format.money(summary.unallocated, currency) })} data-testid="credit-kept" />
      )}
    </div>
  );
}

interface PaymentFormValues {
  partner_id?: number; direction: Direction; partner_type: PartnerType; amount?: string; date?: Dayjs | null; journal: 'bank' | 'cash'; currency?: string; reference?: string;
}

export function PaymentFormPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const { query } = useLocation();
  const { message } = App.useApp();
  const [form] = Form.useForm<PaymentFormValues>();
  const { busy, run } = useBusy();
  const keys = useRef(new ActionKeys());
  const showError = useApiError();
  const companyCurrency = user?.company?.currency ?? 'EUR';
  const direction: Direction = query.get('direction') === 'outbound' ? 'outbound' : 'inbound';
  const initialType: PartnerType = query.get('partner_type') === 'supplier' || query.get('partner_type') === 'customer'
    ? (query.get('partner_type') as PartnerType) : defaultPartnerType(direction);
  const fromInvoice = Number(query.get('invoice')) || null;
  const initial: PaymentFormValues = {
    partner_id: Number(query.get('partner')) || undefined, direction, partner_type: initialType, date: dayjs(), journal: 'bank', currency: companyCurrency,
  };
  const partnerId = Form.useWatch('partner_id', form);
  const dir = Form.useWatch('direction', form) ?? direction;
  const side = Form.useWatch('partner_type', form) ?? initialType;
  const amount = Form.useWatch('amount', form) ?? '';
  const currency = ((Form.useWatch('currency', form) as string | undefined) || companyCurrency).toUpperCase();
  const decimals = currencyDecimals(currency);
  const { docs, loading } = useOpenDocuments(partnerId, dir, side, currency);
  const [allocations, setAllocations] = useState<Record<number, string>>({});
  const summary = useMemo(() => summarizeAllocation(amount, allocations, docs, decimals), [amount, allocations, docs, decimals]);
  const names = usePartnerNames(partnerId ? [partnerId] : []);

  // Coming from an invoice: its residual is the amount, allocated to it.
  const prefilled = useRef(false);
  useEffect(() => {
    if (prefilled.current || !fromInvoice) return;
    const doc = docs.find((d) => d.id === fromInvoice);
    if (!doc) return;
    prefilled.current = true;
    if (!form.getFieldValue('amount')) form.setFieldValue('amount', doc.residual);
    setAllocations({ [doc.id]: doc.residual });
  }, [docs, fromInvoice, form]);

  const submit = () => run('pay', async () => {
    let values: PaymentFormValues;
    try { values = await form.validateFields(); } catch { return; }
    if (summary.overAllocated || Object.keys(summary.problems).length > 0) return;
    const body: Record<string, unknown> = {
      partner_id: values.partner_id, partner_type: values.partner_type, direction: values.direction,
      amount: normalizeAmountInput(values.amount) ?? values.amount, date: values.date ? toIsoDate(values.date) : undefined,
      journal: values.journal, currency: (values.currency || companyCurrency).toUpperCase(), allocations: summary.lines,
    };
    if (values.reference?.trim()) body.reference = values.reference.trim();
    try {
      const r = await api.request<Payment>('/accounting/payments', { method: 'POST', body, idempotencyKey: keys.current.keyFor('pay', body) });
      keys.current.done('pay');
      message.success(t('finance.payments.registered'));
      navigate(fromInvoice ? `/accounting/invoices/${fromInvoice}` : `/accounting/payments?partner_id=${r.data.partner_id}`);
    } catch (error) {
      keys.current.done('pay');
      showError(error, form);
    }
  });

  return (
    <div data-testid="payment-form">
      <div className="keel-page-head">
        <Typography.Title level={1}>{t('finance.payments.new')}</Typography.Title>
      </div>
      <Form<PaymentFormValues> form={form} layout="vertical" name="payment" initialValues={initial} onFinish={() => void submit()}
        onValuesChange={(changed) => {
          if ('direction' in changed) form.setFieldValue('partner_type', defaultPartnerType(changed.direction));
          if ('partner_id' in changed || 'direction' in changed || 'partner_type' in changed || 'currency' in changed) setAllocations({});
        }}>
        <Card>
          <Row gutter={16}>
            <Col xs={24} md={12} lg={8}>
              <Form.Item label={t('finance.fields.partner')} name="partner_id" rules={[{ required: true, message: t('finance.invoices.partnerRequired') }]}>
                <PartnerSelect key={initial.partner_id && names[initial.partner_id] ? 'named' : 'plain'} data-testid="field-partner" placeholder={t('finance.searchPartner')} initial={initial.partner_id && names[initial.partner_id] ? { id: initial.partner_id, name: names[initial.partner_id] } : null} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} lg={8}>
              <Form.Item label={t('finance.payments.direction')} name="direction">
                <Radio.Group optionType="button" data-testid="field-direction" options={[
                  { value: 'inbound', label: t('finance.payments.inbound') }, { value: 'outbound', label: t('finance.payments.outbound') },
                ]} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} lg={8}>
              <Form.Item label={t('finance.payments.partnerType')} name="partner_type">
                <Radio.Group optionType="button" options={[
                  { value: 'customer', label: t('finance.payments.customer') }, { value: 'supplier', label: t('finance.payments.supplier') },
                ]} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6} lg={4}>
              <Form.Item label={t('finance.fields.amount')} name="amount"
                rules={[{ validator: (_, v: string) => { const n = normalizeAmountInput(v); return n !== null && compareDecimal(n, '0') > 0 ? Promise.resolve() : Promise.reject(new Error(t('finance.payments.amountRequired'))); } }]}>
                <Input inputMode="decimal" dir="ltr" data-testid="field-amount" />
              </Form.Item>
            </Col>
            <Col xs={12} md={6} lg={4}>
              <Form.Item label={t('finance.fields.date')} name="date" rules={[{ required: true, message: t('finance.dateRequired') }]}>
                <KeelDatePicker style={{ width: '100%' }} data-testid="field-date" />
              </Form.Item>
            </Col>
            <Col xs={12} md={6} lg={5}>
              <Form.Item label={t('finance.payments.journal')} name="journal">
                <Radio.Group optionType="button" options={[{ value: 'bank', label: t('finance.payments.bank') }, { value: 'cash', label: t('finance.payments.cash') }]} />
              </Form.Item>
            </Col>
            <Col xs={6} md={3} lg={2}>
              <Form.Item label={t('finance.fields.currency')} name="currency" normalize={(v: string) => v?.toUpperCase()}>
                <Input maxLength={3} dir="ltr" />
              </Form.Item>
            </Col>
            <Col xs={24} md={9} lg={9}>
              <Form.Item label={t('finance.fields.reference')} name="reference"><Input maxLength={200} dir="auto" data-testid="field-reference" /></Form.Item>
            </Col>
          </Row>
        </Card>
        <Card title={t('finance.payments.openDocuments')} style={{ marginTop: 16 }}>
          {partnerId
            ? <AllocationTable docs={docs} loading={loading} amount={amount} currency={currency} allocations={allocations} setAllocations={setAllocations} summary={summary} />
            : <Typography.Text type="secondary">{t('finance.payments.choosePartner')}</Typography.Text>}
        </Card>
        <Space style={{ marginTop: 16 }}>
          <Button type="primary" htmlType="submit" loading={busy === 'pay'} disabled={busy !== null || summary.overAllocated || Object.keys(summary.problems).length > 0} data-testid="register">
            {t('finance.payments.register')}
          </Button>
          <Button onClick={() => navigate('/accounting/payments')}>{t('common.back')}</Button>
        </Space>
      </Form>
    </div>
  );
}

/** Allocating what is left of an existing payment: one request per document, in order. */
function AllocateModal({ payment, onClose }: { payment: Payment; onClose: (changed: boolean) => void }) {
  const { t } = useTranslation();
  const { format } = useSession();
  const { message } = App.useApp();
  const showError = useApiError();
  const { busy, run } = useBusy();
  const keys = useRef(new ActionKeys());
  const { docs, loading } = useOpenDocuments(payment.partner_id, payment.direction, payment.partner_type, payment.currency);
  const [allocations, setAllocations] = useState<Record<number, string>>({});
  const decimals = currencyDecimals(payment.currency);
  const summary = useMemo(() => summarizeAllocation(payment.unallocated, allocations, docs, decimals), [payment.unallocated, allocations, docs, decimals]);
  const [date, setDate] = useState<Dayjs | null>(dayjs());

  const submit = () => run('allocate', async () => {
    let changed = false;
    for (const line of summary.lines) {
      const body = { invoice_id: line.invoice_id, amount: line.amount, date: date ? toIsoDate(date) : undefined };
      try {
        await api.request<Payment>(`/accounting/payments/${payment.id}/allocate`, { method: 'POST', body, idempotencyKey: keys.current.keyFor(`allocate-${line.invoice_id}`, body) });
        keys.current.done(`allocate-${line.invoice_id}`);
        changed = true;
      } catch (error) {
        keys.current.done(`allocate-${line.invoice_id}`);
        showError(error);
        onClose(changed);
        return;
      }
    }
    message.success(t('finance.payments.allocatedDone'));
    onClose(changed);
  });

  return (
    <Modal open title={t('finance.payments.allocateTitle', { id: format.count(payment.id) })} width={980} onCancel={() => onClose(false)}
      okText={t('finance.payments.allocate')} cancelText={t('common.cancel')} onOk={() => void submit()}
      okButtonProps={{ disabled: busy !== null || summary.lines.length === 0 || summary.overAllocated || Object.keys(summary.problems).length > 0, loading: busy !== null, 'data-testid': 'allocate-submit' } as never}>
      <Form layout="vertical">
        <Form.Item label={t('finance.fields.date')} htmlFor="allocate-date"><KeelDatePicker id="allocate-date" value={date} onChange={setDate} /></Form.Item>
      </Form>
      <AllocationTable docs={docs} loading={loading} amount={payment.unallocated} currency={payment.currency} allocations={allocations} setAllocations={setAllocations} summary={summary} />
    </Modal>
  );
}

export function PaymentListPage() {
  const { t } = useTranslation();
  const { user, format } = useSession();
  const { query } = useLocation();
  const partnerFilter = Number(query.get('partner_id')) || undefined;
  const [payments, setPayments] = useState<Payment[]>([]);
  const [loading, setLoading] = useState(false);
  const [allocating, setAllocating] = useState<Payment | null>(null);
  const showError = useApiError();
  const mayWrite = can(user?.permissions, 'accounting.payment.write');
  const load = useCallback(async () => {
    setLoading(true);
    try {
      const page = await api.get<Page<Payment>>('/accounting/payments', { partner_id: partnerFilter });
      setPayments([...page.items].reverse());
    } catch (error) {
      showError(error);
    } finally {
      setLoading(false);
    }
  }, [partnerFilter, showError]);
  useEffect(() => { void load(); }, [load]);
  const names = usePartnerNames(payments.map((p) => p.partner_id));

  return (
    <div data-testid="payment-list">
      <div className="keel-page-head">
        <Typography.Title level={1}>{t('finance.payments.title')}</Typography.Title>
        <Space wrap>
          {mayWrite && <Button onClick={() => navigate('/accounting/payments/new?direction=outbound')} data-testid="new-payment-out">{t('finance.payments.newOutbound')}</Button>}
          {mayWrite && <Button type="primary" onClick={() => navigate('/accounting/payments/new')} data-testid="new-payment">{t('finance.payments.newInbound')}</Button>}
        </Space>
      </div>
      <Form layout="vertical" className="keel-filters">
        <Form.Item label={t('finance.fields.partner')} htmlFor="payment-filter-partner">
          <PartnerSelect id="payment-filter-partner" style={{ width: 260 }} value={partnerFilter}
            onChange={(v) => navigate('/accounting/payments' + (v ? `?partner_id=${v}` : ''), { replace: true })} />
        </Form.Item>
      </Form>
      <Table<Payment>
        rowKey="id" size="middle" loading={loading} dataSource={payments} pagination={{ pageSize: 50, hideOnSinglePage: true }} scroll={{ x: 900 }}
        locale={{ emptyText: t('common.noData') }}
        columns={[
          { title: '#', dataIndex: 'id', key: 'id', render: (v: number) => format.count(v) },
          { title: t('finance.fields.date'), dataIndex: 'date', key: 'd', render: (v: string) => format.date(v) },
          { title: t('finance.fields.partner'), key: 'p', render: (_: unknown, p: Payment) => <bdi>{names[p.partner_id] ?? ''}</bdi> },
          { title: t('finance.payments.direction'), dataIndex: 'direction', key: 'dir', render: (v: string) => t(`finance.payments.${v}`) },
          { title: t('finance.fields.amount'), key: 'a', align: 'end' as const, render: (_: unknown, p: Payment) => <Amount value={p.amount} currency={p.currency} /> },
          { title: t('finance.payments.unallocated'), key: 'u', align: 'end' as const, render: (_: unknown, p: Payment) => <Amount value={p.unallocated} currency={p.currency} testId={`payment-unallocated-${p.id}`} /> },
          { title: t('finance.fields.entry'), key: 'e', render: (_: unknown, p: Payment) => (p.entry_id ? <Link to={`/accounting/entries/${p.entry_id}`}>{t('finance.invoices.openEntry', { id: format.count(p.entry_id) })}</Link> : null) },
          {
            title: t('common.actions'), key: 'x',
            render: (_: unknown, p: Payment) => (mayWrite && compareDecimal(p.unallocated, '0') > 0
              ? <Button size="small" onClick={() => setAllocating(p)} data-testid={`allocate-payment-${p.id}`}>{t('finance.payments.allocateRest')}</Button> : null),
          },
        ]}
      />
      {allocating && <AllocateModal payment={allocating} onClose={(changed) => { setAllocating(null); if (changed) void load(); }} />}
    </div>
  );
}
