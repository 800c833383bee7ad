// Invoices and bills: the list with filters and keyset paging, the draft form with live exact
// line amounts, and the document with its taxes, installments, entry and payments.
import {
  Alert, App, Button, Card, Col, Descriptions, Dropdown, Empty, Form, Input, Popconfirm, Row, Select, Skeleton, Space, Table, Typography,
} from 'antd';
import { DeleteOutlined, DownOutlined, LeftOutlined, PlusOutlined, RightOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import type { Page } from '../../../api/types';
import { KeelDatePicker } from '../../../components/DatePicker';
import { dayjs, toIsoDate } from '../../../lib/dates';
import { ActionKeys } from '../../../lib/idempotency';
import { can } from '../../../lib/navigation';
import { ApiError } from '../../../lib/problem';
import { useApiError } from '../../../shell/errors';
import { Link, navigate, useLocation } from '../../../shell/router';
import { useSession } from '../../../shell/session';
import { AccountSelect, Amount, PartnerSelect, accountLabel, useAccounts } from '../common';
import {
  INVOICE_STATES, INVOICE_TYPES, currencyDecimals, isOpen, lineAmount, linesTotal, normalizeAmountInput, type InvoiceType,
} from './model';
import {
  StateTag, useBusy, usePartnerNames, usePaymentTerms, useTaxes, type Invoice, type Payment,
} from './shared';

const PAGE_SIZES = [25, 50, 100];

interface ListFilters { type: string; state: string; partner_id: string; from: string; to: string; limit: number }

function filtersFrom(query: URLSearchParams): ListFilters {
  return {
    type: query.get('type') ?? '', state: query.get('state') ?? '', partner_id: query.get('partner_id') ?? '',
    from: query.get('from') ?? '', to: query.get('to') ?? '', limit: Number(query.get('limit')) || 25,
  };
}

export function NewDocumentButton() {
  const { t } = useTranslation();
  return (
    <Dropdown
      menu={{ items: INVOICE_TYPES.map((type) => ({ key: type, label: <span data-testid={`new-${type}`}>{t(`finance.newType.${type}`)}</span>, onClick: () => navigate(`/accounting/invoices/new?kind=${type}`) })) }}
    >
      <Button type="primary" icon={<PlusOutlined />} data-testid="new-invoice-menu">{t('finance.invoices.new')} <DownOutlined /></Button>
    </Dropdown>
  );
}

export function InvoiceListPage() {
  const { t } = useTranslation();
  const { user, format } = useSession();
  const { query } = useLocation();
  const filters = useMemo(() => filtersFrom(query), [query.toString()]); // eslint-disable-line react-hooks/exhaustive-deps
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [page, setPage] = useState<Page<Invoice> | null>(null);
  const [loading, setLoading] = useState(false);
  const showError = useApiError();
  const sequence = useRef(0);
  const pageIndex = cursors.length - 1;
  const mayWrite = can(user?.permissions, 'accounting.invoice.write');

  const load = useCallback(async (cursor: string | null) => {
    const mine = ++sequence.current;
    setLoading(true);
    try {
      const result = await api.get<Page<Invoice>>('/accounting/invoices', {
        type: filters.type, state: filters.state, partner_id: filters.partner_id, from: filters.from, to: filters.to, limit: filters.limit, cursor: cursor ?? undefined,
      });
      if (mine === sequence.current) setPage(result);
    } catch (error) {
      if (mine === sequence.current) showError(error);
    } finally {
      if (mine === sequence.current) setLoading(false);
    }
  }, [filters, showError]);

  useEffect(() => { setCursors([null]); void load(null); }, [load]);

  const apply = (values: Partial<ListFilters>) => {
    const next = { ...filters, ...values };
    const qs = new URLSearchParams(Object.entries(next).filter(([, v]) => v !== '' && v !== undefined && v !== null).map(([k, v]) => [k, String(v)])).toString();
    navigate('/accounting/invoices' + (qs ? '?' + qs : ''), { replace: true });
  };

  const items = page?.items ?? [];
  const names = usePartnerNames([...items.map((i) => i.partner_id), ...(filters.partner_id ? [Number(filters.partner_id)] : [])]);
  const filterName = filters.partner_id ? names[Number(filters.partner_id)] : undefined;

  const columns = [
    {
      title: t('finance.fields.number'), key: 'number',
      render: (_: unknown, i: Invoice) => (
        <Link to={`/accounting/invoices/${i.id}`} data-testid="invoice-link"><bdi className="keel-mono">{i.number ?? t('finance.invoices.draftNumber', { id: format.count(i.id) })}</bdi></Link>
      ),
    },
    { title: t('finance.fields.type'), dataIndex: 'type', key: 'type', render: (type: string) => t(`finance.type.${type}`) },
    { title: t('finance.fields.partner'), key: 'partner', render: (_: unknown, i: Invoice) => <bdi>{names[i.partner_id] ?? ''}</bdi> },
    { title: t('finance.fields.date'), dataIndex: 'date', key: 'date', render: (d: string) => <span data-testid="invoice-date">{format.date(d)}</span> },
    { title: t('finance.fields.dueDate'), dataIndex: 'due_date', key: 'due', render: (d: string | null) => format.date(d) },
    { title: t('finance.fields.total'), key: 'total', align: 'end' as const, render: (_: unknown, i: Invoice) => <Amount value={i.total} currency={i.currency} /> },
    {
      title: t('finance.fields.residual'), key: 'residual', align: 'end' as const,
      render: (_: unknown, i: Invoice) => (isOpen(i.state) ? <Amount value={i.residual} currency={i.currency} testId="invoice-residual" /> : null),
    },
    { title: t('finance.fields.state'), dataIndex: 'state', key: 'state', render: (s: string) => <StateTag state={s} testId="invoice-state" /> },
  ];

  return (
    <div data-testid="invoice-list">
      <div className="keel-page-head">
        <Typography.Title level={1}>{t('finance.invoices.title')}</Typography.Title>
        <Space wrap>
          <Button onClick={() => navigate('/accounting/aging')} data-testid="open-aging">{t('finance.aging.title')}</Button>
          <Button onClick={() => navigate('/accounting/tax-report')} data-testid="open-tax-report">{t('finance.taxReport.title')}</Button>
          {mayWrite && <NewDocumentButton />}
        </Space>
      </div>
      <Form layout="vertical" className="keel-filters" name="invoice-filters">
        <Form.Item label={t('finance.fields.type')} htmlFor="invoice-filter-type">
          <Select id="invoice-filter-type" style={{ width: 190 }} value={filters.type} onChange={(type) => apply({ type })} data-testid="filter-type"
            options={[{ value: '', label: t('common.all') }, ...INVOICE_TYPES.map((v) => ({ value: v, label: t(`finance.type.${v}`) }))]} />
        </Form.Item>
        <Form.Item label={t('finance.fields.state')} htmlFor="invoice-filter-state">
          <Select id="invoice-filter-state" style={{ width: 170 }} value={filters.state} onChange={(state) => apply({ state })} data-testid="filter-state"
            options={[{ value: '', label: t('common.all') }, ...INVOICE_STATES.map((v) => ({ value: v, label: t(`finance.state.${v}`) }))]} />
        </Form.Item>
        <Form.Item label={t('finance.fields.partner')} htmlFor="invoice-filter-partner">
          <PartnerSelect key={filterName ? 'named' : 'plain'} initial={filterName ? { id: Number(filters.partner_id), name: filterName } : null}
            id="invoice-filter-partner" style={{ width: 240 }} value={filters.partner_id ? Number(filters.partner_id) : undefined}
            onChange={(v) => apply({ partner_id: v ? String(v) : '' })} placeholder={t('finance.fields.partner')} />
        </Form.Item>
        <Form.Item label={t('finance.fields.from')} htmlFor="invoice-filter-from">
          <KeelDatePicker id="invoice-filter-from" style={{ width: 170 }} value={filters.from ? dayjs(filters.from) : null} onChange={(d) => apply({ from: d ? toIsoDate(d) : '' })} />
        </Form.Item>
        <Form.Item label={t('finance.fields.to')} htmlFor="invoice-filter-to">
          <KeelDatePicker id="invoice-filter-to" style={{ width: 170 }} value={filters.to ? dayjs(filters.to) : null} onChange={(d) => apply({ to: d ? toIsoDate(d) : '' })} />
        </Form.Item>
      </Form>
      <Table<Invoice>
        rowKey="id" size="middle" loading={loading} columns={columns} dataSource={items} pagination={false}
        scroll={{ x: 900 }} locale={{ emptyText: t('common.noData') }}
      />
      <nav aria-label={t('common.pageSize')} style={{ display: 'flex', gap: 12, alignItems: 'center', justifyContent: 'flex-end', marginTop: 16, flexWrap: 'wrap' }}>
        <Typography.Text type="secondary">{t('common.page', { page: format.count(pageIndex + 1) })} · {t('common.shown', { n: format.count(items.length) })}</Typography.Text>
        <Button icon={<LeftOutlined className="keel-flip" />} disabled={pageIndex === 0 || loading} data-testid="prev-page"
          onClick={() => { const next = cursors.slice(0, -1); setCursors(next); void load(next[next.length - 1]); }}>{t('common.previous')}</Button>
        <Button disabled={!page?.next_cursor || loading} data-testid="next-page"
          onClick={() => { if (page?.next_cursor) { setCursors((c) => [...c, page.next_cursor]); void load(page.next_cursor); } }}>
          {t('common.next')} <RightOutlined className="keel-flip" />
        </Button>
        <Select aria-label={t('common.pageSize')} value={filters.limit} style={{ width: 90 }} onChange={(limit) => apply({ limit })}
          options={PAGE_SIZES.map((n) => ({ value: n, label: format.count(n) }))} />
      </nav>
    </div>
  );
}

interface FormLine { description?: string; account_id?: number | null; quantity?: string; unit_price?: string; discount_percent?: string; tax_ids?: number[] }
interface InvoiceFormValues {
  partner_id?: number; date?: Dayjs | null; due_date?: Dayjs | null; payment_term_id?: number | null; currency?: string; reference?: string; lines: FormLine[];
}

export function invoiceBody(type: InvoiceType, values: InvoiceFormValues): Record<string, unknown> {
  const body: Record<string, unknown> = {
    type,
    partner_id: values.partner_id,
    date: values.date ? toIsoDate(values.date) : undefined,
    lines: (values.lines ?? []).map((l) => {
      const line: Record<string, unknown> = {
        description: (l.description ?? '').trim(),
        quantity: normalizeAmountInput(l.quantity) ?? (l.quantity ?? ''),
        unit_price: normalizeAmountInput(l.unit_price) ?? (l.unit_price ?? ''),
        tax_ids: l.tax_ids ?? [],
      };
      if (l.account_id) line.account_id = l.account_id;
      if (l.discount_percent && l.discount_percent.trim()) line.discount_percent = normalizeAmountInput(l.discount_percent) ?? l.discount_percent;
      return line;
    }),
  };
  if (values.due_date) body.due_date = toIsoDate(values.due_date);
  if (values.payment_term_id) body.payment_term_id = values.payment_term_id;
  if (values.currency?.trim()) body.currency = values.currency.trim().toUpperCase();
  if (values.reference?.trim()) body.reference = values.reference.trim();
  return body;
}

export function InvoiceFormPage() {
  const { t } = useTranslation();
  const { user, settings, format } = useSession();
  const { query } = useLocation();
  const { message } = App.useApp();
  const type = (INVOICE_TYPES as string[]).includes(query.get('kind') ?? '') ? (query.get('kind') as InvoiceType) : 'out_invoice';
  const sales = type.startsWith('out_');
  const [form] = Form.useForm<InvoiceFormValues>();
  const { items: accounts } = useAccounts();
  const { items: taxes } = useTaxes();
  const { items: terms } = usePaymentTerms();
  const { busy, run } = useBusy();
  const keys = useRef(new ActionKeys());
  const showError = useApiError();
  const companyCurrency = user?.company?.currency ?? 'EUR';
  const lines = Form.useWatch('lines', form) ?? [];
  const currency = (Form.useWatch('currency', form) || companyCurrency).toUpperCase();
  const decimals = currencyDecimals(currency);
  const partnerId = Number(query.get('partner')) || undefined;
  const presetNames = usePartnerNames(partnerId ? [partnerId] : []);

  const lineAccounts = accounts.filter((a) => a.type === (sales ? 'income' : 'expense'));
  const taxOptions = taxes.filter((x) => x.scope === (sales ? 'sales' : 'purchase')).map((x) => ({ value: x.id, label: x.name }));
  const includedTax = (ids: number[] | undefined) => (ids ?? []).some((id) => taxes.find((x) => x.id === id)?.price_included);
  const untaxed = lines.some((l) => includedTax(l?.tax_ids)) ? null : linesTotal(lines.map((l) => l ?? {}), decimals);

  const save = (andPost: boolean) => run(andPost ? 'post' : 'save', async () => {
    let values: InvoiceFormValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const body = invoiceBody(type, values);
    let created: Invoice;
    try {
      created = (await api.request<Invoice>('/accounting/invoices', { method: 'POST', body, idempotencyKey: keys.current.keyFor('create', body) })).data;
      keys.current.done('create');
    } catch (error) {
      if (!(error instanceof ApiError) || error.status < 500) keys.current.done('create');
      showError(error, form);
      return;
    }
    if (andPost) {
      try {
        await api.request<Invoice>(`/accounting/invoices/${created.id}/post`, { method: 'POST', idempotencyKey: keys.current.keyFor('post', { id: created.id }) });
        keys.current.done('post');
        message.success(t('finance.invoices.posted'));
      } catch (error) {
        keys.current.done('post');
        showError(error);
      }
    } else {
      message.success(t('finance.invoices.saved'));
    }
    navigate(`/accounting/invoices/${created.id}`, { replace: true });
  });

  const initial: InvoiceFormValues = { partner_id: partnerId, date: dayjs(), currency: companyCurrency, lines: [{ quantity: '1', tax_ids: [] }] };

  return (
    <div data-testid="invoice-form">
      <div className="keel-page-head">
        <Typography.Title level={1}>{t(`finance.newType.${type}`)}</Typography.Title>
      </div>
      <Form<InvoiceFormValues> form={form} layout="vertical" name="invoice" initialValues={initial} onFinish={() => void save(false)}>
        <Card>
          <Row gutter={16}>
            <Col xs={24} md={12} lg={8}>
              <Form.Item label={t('finance.fields.partner')} name="partner_id" rules={[{ required: true, message: t('finance.invoices.partnerRequired') }]}>
                <PartnerSelect key={partnerId && presetNames[partnerId] ? 'named' : 'plain'} data-testid="field-partner" placeholder={t('finance.searchPartner')}
                  initial={partnerId && presetNames[partnerId] ? { id: partnerId, name: presetNames[partnerId] } : null} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6} lg={4}>
              <Form.Item label={t('finance.fields.date')} name="date" rules={[{ required: true, message: t('finance.dateRequired') }]}>
                <KeelDatePicker style={{ width: '100%' }} data-testid="field-date" />
              </Form.Item>
            </Col>
            <Col xs={12} md={6} lg={4}>
              <Form.Item label={t('finance.fields.dueDate')} name="due_date">
                <KeelDatePicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={12} md={8} lg={4}>
              <Form.Item label={t('finance.fields.paymentTerm')} name="payment_term_id">
                <Select allowClear options={terms.map((p) => ({ value: p.id, label: p.name }))} data-testid="field-payment-term" />
              </Form.Item>
            </Col>
            <Col xs={6} md={4} lg={2}>
              <Form.Item label={t('finance.fields.currency')} name="currency" normalize={(v: string) => v?.toUpperCase()}>
                <Input maxLength={3} dir="ltr" data-testid="field-currency" />
              </Form.Item>
            </Col>
            <Col xs={18} md={12} lg={6}>
              <Form.Item label={t('finance.fields.reference')} name="reference">
                <Input maxLength={200} dir="auto" data-testid="field-reference" />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Card title={t('finance.invoices.lines')} style={{ marginTop: 16 }}>
          <Form.List name="lines">
            {(fields, { add, remove }) => (
              <div role="group" aria-label={t('finance.invoices.lines')}>
                {fields.map((field, index) => {
                  const n = format.count(index + 1);
                  const amount = lineAmount(lines[index] ?? {}, decimals);
                  return (
                    <Row gutter={8} key={field.key} align="top" data-testid={`line-${index}`} className="keel-invoice-line">
                      <Col xs={24} lg={5}>
                        <Form.Item name={[field.name, 'description']} label={index === 0 ? t('finance.fields.description') : undefined}
                          rules={[{ required: true, whitespace: true, message: t('finance.invoices.descriptionRequired') }]}>
                          <Input aria-label={t('finance.invoices.lineField', { field: t('finance.fields.description'), n })} dir="auto" data-testid={`line-${index}-description`} />
                        </Form.Item>
                      </Col>
                      <Col xs={24} lg={5}>
                        <Form.Item name={[field.name, 'account_id']} label={index === 0 ? t('finance.fields.account') : undefined}>
                          <AccountSelect accounts={lineAccounts} allowClear placeholder={t('finance.invoices.defaultAccount')}
                            aria-label={t('finance.invoices.lineField', { field: t('finance.fields.account'), n })} data-testid={`line-${index}-account`} />
                        </Form.Item>
                      </Col>
                      <Col xs={8} lg={2}>
                        <Form.Item name={[field.name, 'quantity']} label={index === 0 ? t('finance.fields.quantity') : undefined}
                          rules={[{ validator: (_, v: string) => (normalizeAmountInput(v) !== null ? Promise.resolve() : Promise.reject(new Error(t('finance.numberInvalid')))) }]}>
                          <Input inputMode="decimal" dir="ltr" aria-label={t('finance.invoices.lineField', { field: t('finance.fields.quantity'), n })} data-testid={`line-${index}-quantity`} />
                        </Form.Item>
                      </Col>
                      <Col xs={8} lg={3}>
                        <Form.Item name={[field.name, 'unit_price']} label={index === 0 ? t('finance.fields.unitPrice') : undefined}
                          rules={[{ validator: (_, v: string) => (normalizeAmountInput(v) !== null ? Promise.resolve() : Promise.reject(new Error(t('finance.numberInvalid')))) }]}>
                          <Input inputMode="decimal" dir="ltr" aria-label={t('finance.invoices.lineField', { field: t('finance.fields.unitPrice'), n })} data-testid={`line-${index}-price`} />
                        </Form.Item>
                      </Col>
                      <Col xs={8} lg={2}>
                        <Form.Item name={[field.name, 'discount_percent']} label={index === 0 ? t('finance.fields.discount') : undefined}>
                          <Input inputMode="decimal" dir="ltr" suffix="%" aria-label={t('finance.invoices.lineField', { field: t('finance.fields.discountPercent'), n })} data-testid={`line-${index}-discount`} />
                        </Form.Item>
                      </Col>
                      <Col xs={16} lg={4}>
                        <Form.Item name={[field.name, 'tax_ids']} label={index === 0 ? t('finance.fields.taxes') : undefined}>
                          <Select mode="multiple" allowClear optionFilterProp="label" options={taxOptions} aria-label={t('finance.invoices.lineField', { field: t('finance.fields.taxes'), n })} data-testid={`line-${index}-taxes`} />
                        </Form.Item>
                      </Col>
                      <Col xs={6} lg={2}>
                        <Form.Item label={index === 0 ? t('finance.fields.lineAmount') : undefined}>
                          <div style={{ paddingBlock: 5, textAlign: 'end' }} data-testid={`line-${index}-amount`} aria-live="polite">
                            {amount !== null ? <Amount value={amount} currency={currency} /> : <Typography.Text type="secondary">—</Typography.Text>}
                          </div>
                        </Form.Item>
                      </Col>
                      <Col xs={2} lg={1}>
                        <Form.Item label={index === 0 ? ' ' : undefined}>
                          <Button icon={<DeleteOutlined />} disabled={fields.length === 1} onClick={() => remove(field.name)}
                            aria-label={t('finance.invoices.removeLine', { n })} data-testid={`line-${index}-remove`} />
                        </Form.Item>
                      </Col>
                    </Row>
                  );
                })}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ quantity: '1', tax_ids: [] })} data-testid="add-line">{t('finance.invoices.addLine')}</Button>
              </div>
            )}
          </Form.List>
          <Descriptions column={1} size="small" style={{ marginTop: 16, maxWidth: 520, marginInlineStart: 'auto' }} bordered>
            <Descriptions.Item label={t('finance.fields.untaxed')}>
              <span data-testid="live-untaxed">{untaxed !== null ? <Amount value={untaxed} currency={currency} /> : '—'}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('finance.fields.taxesAndTotal')}>
              <Typography.Text type="secondary">{t('finance.invoices.taxesOnSave')}</Typography.Text>
            </Descriptions.Item>
          </Descriptions>
        </Card>
        <Space style={{ marginTop: 16 }} wrap>
          <Button htmlType="submit" loading={busy === 'save'} disabled={busy !== null} data-testid="save-draft">{t('finance.invoices.saveDraft')}</Button>
          {can(user?.permissions, 'accounting.invoice.post') && (
            <Button type="primary" loading={busy === 'post'} disabled={busy !== null} onClick={() => void save(true)} data-testid="save-post">{t('finance.invoices.saveAndPost')}</Button>
          )}
          <Button onClick={() => navigate('/accounting/invoices')}>{t('common.back')}</Button>
        </Space>
      </Form>
      <span hidden data-testid="calendar">{settings.calendar}</span>
    </div>
  );
}

/** Where "Register payment" goes for a document: the payment form with partner, direction and side chosen. */
export function paymentLinkFor(invoice: Pick<Invoice, 'id' | 'type' | 'partner_id'>): string {
  const customer = invoice.type.startsWith('out_');
  const inbound = invoice.type === 'out_invoice' || invoice.type === 'in_refund';
  return `/accounting/payments/new?partner=${invoice.partner_id}&invoice=${invoice.id}&direction=${inbound ? 'inbound' : 'outbound'}&partner_type=${customer ? 'customer' : 'supplier'}`;
}

export function InvoicePage({ id }: { id: number }) {
  const { t } = useTranslation();
  const { user, settings, format } = useSession();
  const { message } = App.useApp();
  const [invoice, setInvoice] = useState<Invoice | null>(null);
  const [payments, setPayments] = useState<Payment[]>([]);
  const [notFound, setNotFound] = useState(false);
  const { items: accounts } = useAccounts();
  const { items: taxes } = useTaxes();
  const { items: terms } = usePaymentTerms();
  const { busy, run } = useBusy();
  const keys = useRef(new ActionKeys());
  const showError = useApiError();
  const names = usePartnerNames(invoice ? [invoice.partner_id] : []);
  const mayPost = can(user?.permissions, 'accounting.invoice.post');
  const mayWrite = can(user?.permissions, 'accounting.invoice.write');
  const mayPay = can(user?.permissions, 'accounting.payment.write');

  const load = useCallback(async () => {
    try {
      const loaded = await api.get<Invoice>(`/accounting/invoices/${id}`);
      setInvoice(loaded);
      if (loaded.state !== 'draft' && loaded.state !== 'cancelled') {
        api.get<Page<Payment>>('/accounting/payments', { partner_id: loaded.partner_id })
          .then((p) => setPayments(p.items.filter((x) => x.allocations.some((a) => a.invoice_id === loaded.id))))
          .catch(() => setPayments([]));
      }
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) setNotFound(true);
      else showError(error);
    }
  }, [id, showError]);
  useEffect(() => { void load(); }, [load]);

  const act = (action: 'post' | 'cancel') => run(action, async () => {
    try {
      const r = await api.request<Invoice>(`/accounting/invoices/${id}/${action}`, { method: 'POST', idempotencyKey: keys.current.keyFor(action, { id, version: invoice?.version }) });
      keys.current.done(action);
      setInvoice(r.data);
      message.success(t(action === 'post' ? 'finance.invoices.posted' : 'finance.invoices.cancelled'));
      void load();
    } catch (error) {
      keys.current.done(action);
      showError(error);
      void load();
    }
  });

  if (notFound) return <Empty description={t('finance.invoices.notFound')} />;
  if (!invoice) return <Skeleton active paragraph={{ rows: 10 }} />;
  const accountName = (accountId: number | null) => {
    const a = accounts.find((x) => x.id === accountId);
    return a ? accountLabel(a, settings.language) : '';
  };
  const taxName = (taxId: number) => taxes.find((x) => x.id === taxId)?.name ?? `#${taxId}`;
  const title = invoice.number ?? t('finance.invoices.draftNumber', { id: format.count(invoice.id) });

  return (
    <div data-testid="invoice-page" data-state={invoice.state}>
      <div className="keel-page-head">
        <Space direction="vertical" size={0}>
          <Typography.Title level={1}><bdi className="keel-mono" data-testid="invoice-number">{title}</bdi></Typography.Title>
          <Typography.Text type="secondary">{t(`finance.type.${invoice.type}`)} · <bdi>{names[invoice.partner_id] ?? ''}</bdi></Typography.Text>
        </Space>
        <Space wrap>
          <StateTag state={invoice.state} testId="invoice-state" />
          {invoice.state === 'draft' && mayPost && (
            <Button type="primary" loading={busy === 'post'} disabled={busy !== null} onClick={() => void act('post')} data-testid="post-invoice">{t('finance.invoices.post')}</Button>
          )}
          {invoice.state === 'draft' && mayWrite && (
            <Popconfirm title={t('finance.invoices.cancelConfirm')} okText={t('finance.invoices.cancelDraft')} cancelText={t('common.back')} onConfirm={() => void act('cancel')}>
              <Button danger disabled={busy !== null} data-testid="cancel-invoice">{t('finance.invoices.cancelDraft')}</Button>
            </Popconfirm>
          )}
          {isOpen(invoice.state) && mayPay && (
            <Button type="primary" onClick={() => navigate(paymentLinkFor(invoice))} data-testid="register-payment">{t('finance.invoices.registerPayment')}</Button>
          )}
          <Button onClick={() => navigate(`/accounting/statement/${invoice.partner_id}?kind=${invoice.type.startsWith('out_') ? 'receivable' : 'payable'}`)}>{t('finance.statement.title')}</Button>
        </Space>
      </div>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('finance.fields.partner')}><Link to={`/partners/${invoice.partner_id}`}><bdi>{names[invoice.partner_id] ?? ''}</bdi></Link></Descriptions.Item>
              <Descriptions.Item label={t('finance.fields.date')}><span data-testid="invoice-date">{format.date(invoice.date)}</span></Descriptions.Item>
              <Descriptions.Item label={t('finance.fields.dueDate')}>{format.date(invoice.due_date)}</Descriptions.Item>
              {invoice.payment_term_id && <Descriptions.Item label={t('finance.fields.paymentTerm')}>{terms.find((p) => p.id === invoice.payment_term_id)?.name ?? ''}</Descriptions.Item>}
              <Descriptions.Item label={t('finance.fields.currency')}><span className="keel-mono">{invoice.currency}</span>{invoice.rate ? ` · ${t('finance.fields.rate')} ${format.decimal(invoice.rate)}` : ''}</Descriptions.Item>
              {invoice.reference && <Descriptions.Item label={t('finance.fields.reference')}><bdi>{invoice.reference}</bdi></Descriptions.Item>}
              {invoice.origin && <Descriptions.Item label={t('finance.fields.origin')}><bdi className="keel-mono">{invoice.origin}</bdi></Descriptions.Item>}
              <Descriptions.Item label={t('finance.fields.entry')}>
                {invoice.entry_id ? <Link to={`/accounting/entries/${invoice.entry_id}`} data-testid="invoice-entry">{t('finance.invoices.openEntry', { id: format.count(invoice.entry_id) })}</Link> : t('finance.invoices.noEntry')}
              </Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card>
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label={t('finance.fields.untaxed')}><Amount value={invoice.untaxed} currency={invoice.currency} testId="invoice-untaxed" /></Descriptions.Item>
              {invoice.taxes.map((x) => (
                <Descriptions.Item key={x.tax_id} label={<span>{taxName(x.tax_id)} <Typography.Text type="secondary">({t('finance.fields.base')} {format.money(x.base, invoice.currency)})</Typography.Text></span>}>
                  <Amount value={x.amount} currency={invoice.currency} />
                </Descriptions.Item>
              ))}
              <Descriptions.Item label={t('finance.fields.tax')}><Amount value={invoice.tax} currency={invoice.currency} testId="invoice-tax" /></Descriptions.Item>
              <Descriptions.Item label={<strong>{t('finance.fields.total')}</strong>}><strong><Amount value={invoice.total} currency={invoice.currency} testId="invoice-total" /></strong></Descriptions.Item>
              {invoice.state !== 'draft' && invoice.state !== 'cancelled' && (
                <Descriptions.Item label={t('finance.fields.residual')}><Amount value={invoice.residual} currency={invoice.currency} testId="invoice-residual" /></Descriptions.Item>
              )}
              {invoice.discount_until && (
                <Descriptions.Item label={t('finance.fields.earlyDiscount')}>
                  {t('finance.invoices.discountUntil', { amount: format.money(invoice.discount_amount, invoice.currency), date: format.date(invoice.discount_until) })}
                </Descriptions.Item>
              )}
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24}>
          <Card title={t('finance.invoices.lines')}>
            <Table
              rowKey={(l) => String(l.line_no)} size="small" pagination={false} dataSource={invoice.lines} scroll={{ x: 800 }}
              columns={[
                { title: t('finance.fields.description'), dataIndex: 'description', key: 'd', render: (v: string) => <bdi>{v}</bdi> },
                { title: t('finance.fields.account'), dataIndex: 'account_id', key: 'a', render: (v: number) => accountName(v) },
                { title: t('finance.fields.quantity'), dataIndex: 'quantity', key: 'q', align: 'end' as const, render: (v: string) => <bdi className="keel-amount">{format.decimal(v)}</bdi> },
                { title: t('finance.fields.unitPrice'), dataIndex: 'unit_price', key: 'p', align: 'end' as const, render: (v: string) => <Amount value={v} currency={invoice.currency} /> },
                { title: t('finance.fields.discountPercent'), dataIndex: 'discount_percent', key: 'dp', align: 'end' as const, render: (v: string) => (v && v !== '0' ? format.decimal(v) : '') },
                { title: t('finance.fields.taxes'), dataIndex: 'tax_ids', key: 't', render: (v: number[]) => v.map(taxName).join(', ') },
                { title: t('finance.fields.lineAmount'), dataIndex: 'untaxed', key: 'u', align: 'end' as const, render: (v: string) => <Amount value={v} currency={invoice.currency} /> },
              ]}
            />
          </Card>
        </Col>
        {invoice.installments.length > 0 && (
          <Col xs={24} lg={12}>
            <Card title={t('finance.invoices.installments')}>
              <Table
                rowKey="seq" size="small" pagination={false} dataSource={invoice.installments}
                columns={[
                  { title: '#', dataIndex: 'seq', key: 's', render: (v: number) => format.count(v) },
                  { title: t('finance.fields.dueDate'), dataIndex: 'due_date', key: 'd', render: (v: string) => format.date(v) },
                  { title: t('finance.fields.amount'), dataIndex: 'amount', key: 'a', align: 'end' as const, render: (v: string) => <Amount value={v} currency={invoice.currency} /> },
                ]}
              />
            </Card>
          </Col>
        )}
        {invoice.state !== 'draft' && invoice.state !== 'cancelled' && (
          <Col xs={24} lg={12}>
            <Card title={t('finance.invoices.payments')}>
              <Table
                rowKey="id" size="small" pagination={false} locale={{ emptyText: t('finance.invoices.noPayments') }}
                dataSource={payments.flatMap((p) => p.allocations.filter((a) => a.invoice_id === invoice.id).map((a) => ({ ...a, payment: p })))}
                data-testid="invoice-payments"
                columns={[
                  { title: t('finance.fields.date'), dataIndex: 'date', key: 'd', render: (v: string) => format.date(v) },
                  { title: t('finance.payments.payment'), key: 'p', render: (_: unknown, a: { payment: Payment }) => (a.payment.entry_id ? <Link to={`/accounting/entries/${a.payment.entry_id}`}>{t('finance.payments.paymentNo', { id: format.count(a.payment.id) })}</Link> : t('finance.payments.paymentNo', { id: format.count(a.payment.id) })) },
                  { title: t('finance.fields.discount'), dataIndex: 'discount', key: 'x', align: 'end' as const, render: (v: string) => (v && v !== '0.00' ? <Amount value={v} currency={invoice.currency} /> : '') },
                  { title: t('finance.fields.amount'), dataIndex: 'amount', key: 'a', align: 'end' as const, render: (v: string) => <Amount value={v} currency={invoice.currency} /> },
                ]}
              />
            </Card>
          </Col>
        )}
      </Row>
      {invoice.state === 'draft' && <Alert style={{ marginTop: 16 }} type="info" showIcon message={t('finance.invoices.draftHint')} />}
      <Space style={{ marginTop: 16 }}><Button onClick={() => navigate('/accounting/invoices')}>{t('common.back')}</Button></Space>
    </div>
  );
}
