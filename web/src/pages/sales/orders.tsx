// Sales orders: the list with states and delivery/invoice status, and the order with each
// line's availability, the customer's credit, confirm (with the credit override for those
// allowed), cancel, invoicing and down payments, and links to its deliveries, invoices and returns.
import {
  Alert, App, Button, Card, Col, Descriptions, Empty, Form, Input, Modal, Popconfirm, Radio, Row, Select, Skeleton, Space, Switch, Table, Tag, Typography,
} from 'antd';
import type { ButtonProps } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ActionKeys } from '../../lib/idempotency';
import { can } from '../../lib/navigation';
import { ApiError } from '../../lib/problem';
import { useApiError } from '../../shell/errors';
import { Link, navigate, useLocation } from '../../shell/router';
import { useSession } from '../../shell/session';
import { Amount, PartnerSelect } from '../accounting/common';
import { normalizeAmountInput } from '../accounting/finance/model';
import { useBusy, usePartnerNames, useTaxes, type Invoice } from '../accounting/finance/shared';
import type { Page } from '../../api/types';
import { SALES } from './api';
import { ORDER_STATES, availabilityOf, creditPicture, returnable, type Delivery, type Order, type OrderLine, type SalesReturn } from './model';
import { Figure, PagedTable, Qty, SalesTag, useProducts } from './shared';

export function OrderListPage() {
  const { t } = useTranslation();
  const { format } = useSession();
  const { query } = useLocation();
  const state = query.get('state') ?? '';
  const partner = query.get('partner_id') ?? '';
  const [seen, setSeen] = useState<number[]>([]);
  const names = usePartnerNames(seen);
  const apply = (next: Record<string, string>) => {
    const qs = new URLSearchParams(Object.entries({ state, partner_id: partner, ...next }).filter(([, v]) => v)).toString();
    navigate('/sales/orders' + (qs ? '?' + qs : ''), { replace: true });
  };
  return (
    <div data-testid="order-list">
      <div className="keel-page-head">
        <Typography.Title level={1}>{t('sales.orders.title')}</Typography.Title>
      </div>
      <Form layout="vertical" className="keel-filters" name="order-filters">
        <Form.Item label={t('sales.fields.state')} htmlFor="order-filter-state">
          <Select id="order-filter-state" style={{ width: 180 }} value={state} onChange={(v) => apply({ state: v })}
            options={[{ value: '', label: t('common.all') }, ...ORDER_STATES.map((s) => ({ value: s, label: t(`sales.state.${s}`) }))]} />
        </Form.Item>
        <Form.Item label={t('sales.fields.customer')} htmlFor="order-filter-partner">
          <PartnerSelect id="order-filter-partner" style={{ width: 240 }} value={partner ? Number(partner) : undefined}
            onChange={(v) => apply({ partner_id: v ? String(v) : '' })} placeholder={t('sales.fields.customer')} />
        </Form.Item>
      </Form>
      <PagedTable<Order>
        path={SALES.orders} query={{ state: state || undefined, partner_id: partner || undefined }} testId="order-table" rowTestId="order-row" onLoaded={(items) => setSeen(items.map((o) => o.partner_id))}
        columns={[
          {
            title: t('sales.fields.number'), key: 'n',
            render: (_: unknown, o) => {
              return <Link to={`/sales/orders/${o.id}`} data-testid="order-link"><bdi className="keel-mono">{o.number ?? t('sales.draftNumber', { id: format.count(o.id) })}</bdi></Link>;
            },
          },
          { title: t('sales.fields.customer'), key: 'p', render: (_: unknown, o) => <bdi>{o.partner_name ?? names[o.partner_id] ?? ''}</bdi> },
          { title: t('sales.fields.date'), dataIndex: 'date', key: 'd', render: (d: string) => format.date(d) },
          { title: t('sales.fields.state'), key: 's', render: (_: unknown, o) => <SalesTag state={o.state} testId="order-state" /> },
          { title: t('sales.fields.deliveryStatus'), key: 'ds', render: (_: unknown, o) => <SalesTag group="delivery" state={o.delivery_status} /> },
          { title: t('sales.fields.invoiceStatus'), key: 'is', render: (_: unknown, o) => <SalesTag group="invoice" state={o.invoice_status} /> },
          { title: t('sales.fields.total'), key: 't', align: 'end' as const, render: (_: unknown, o) => <Amount value={o.total} currency={o.currency} /> },
        ]}
      />
    </div>
  );
}

/** The credit state of an order's customer: balance, open orders, this order, limit, available. */
function CreditCard({ order }: { order: Order }) {
  const { t } = useTranslation();
  const credit = order.credit;
  if (!credit) return null;
  const picture = creditPicture(credit);
  const over = credit.exceeded || picture.over;
  return (
    <Card title={t('sales.credit.title')} data-testid="credit-card" data-over={over ? 'true' : 'false'}
      extra={credit.limit === null ? <Tag>{t('sales.credit.noLimit')}</Tag> : over ? <Tag color="red" data-testid="credit-over">{t('sales.credit.over')}</Tag> : <Tag color="green">{t('sales.credit.within')}</Tag>}>
      <Row gutter={[24, 12]}>
        <Col><Figure label={t('sales.credit.balance')} testId="credit-balance"><Amount value={credit.balance} currency={credit.currency} /></Figure></Col>
        <Col><Figure label={t('sales.credit.openOrders')} testId="credit-open"><Amount value={credit.open_orders} currency={credit.currency} /></Figure></Col>
        <Col><Figure label={t('sales.credit.thisOrder')} testId="credit-this"><Amount value={credit.this_order} currency={credit.currency} /></Figure></Col>
        <Col><Figure label={t('sales.credit.limit')} testId="credit-limit">{credit.limit === null ? '—' : <Amount value={credit.limit} currency={credit.currency} />}</Figure></Col>
        <Col><Figure label={t('sales.credit.available')} testId="credit-available">{credit.available === null ? '—' : <Amount value={credit.available} currency={credit.currency} />}</Figure></Col>
      </Row>
      {order.credit_override && <Alert style={{ marginTop: 12 }} type="info" showIcon message={t('sales.credit.overridden')} data-testid="credit-overridden" />}
    </Card>
  );
}

function Availability({ line, order }: { line: OrderLine; order: Order }) {
  const { t } = useTranslation();
  const { format } = useSession();
  if (order.state !== 'draft' && order.state !== 'confirmed') return null;
  const kind = availabilityOf(line);
  if (kind === 'unknown') return <Typography.Text type="secondary">—</Typography.Text>;
  const color = kind === 'full' ? 'green' : kind === 'partial' ? 'gold' : 'red';
  return (
    <span data-testid="line-availability" data-kind={kind}>
      <Tag color={color}>{t('sales.orders.availableNow', { n: format.decimal(line.promise!.available_now) })}</Tag>
      {kind !== 'full' && (
        <Typography.Text type="secondary" data-testid="line-earliest">
          {line.promise!.earliest_date ? t('sales.orders.earliest', { date: format.date(line.promise!.earliest_date) }) : t('sales.orders.noIncoming')}
        </Typography.Text>
      )}
    </span>
  );
}

const CONFIRM_PROBLEMS = ['credit_limit_exceeded', 'stock_insufficient'];

export function OrderPage({ id }: { id: number }) {
  const { t } = useTranslation();
  const { user, format } = useSession();
  const { message } = App.useApp();
  const [order, setOrder] = useState<Order | null>(null);
  const [notFound, setNotFound] = useState(false);
  const [problem, setProblem] = useState<ApiError | null>(null);
  const [override, setOverride] = useState(false);
  const [downPayment, setDownPayment] = useState<{ open: boolean; kind: 'percent' | 'amount'; value: string }>({ open: false, kind: 'percent', value: '' });
  const { items: taxes } = useTaxes();
  const { busy, run } = useBusy();
  const keys = useRef(new ActionKeys());
  const showError = useApiError();
  const names = usePartnerNames(order ? [order.partner_id] : []);
  const products = useProducts(order ? order.lines.map((l) => l.product_id) : []);
  const permissions = user?.permissions;
  const mayWrite = can(permissions, 'sales.order.write');
  const mayConfirm = can(permissions, 'sales.order.confirm');
  const mayOverride = can(permissions, 'sales.credit.override');
  const mayInvoice = can(permissions, 'sales.invoice.write');
  const mayReturn = can(permissions, 'sales.return.write');

  const [links, setLinks] = useState<{ deliveries: Delivery[]; returns: SalesReturn[]; invoices: Invoice[] }>({ deliveries: [], returns: [], invoices: [] });
  const load = useCallback(async () => {
    try {
      const loaded = await api.get<Order>(SALES.order(id));
      setOrder(loaded);
      if (loaded.state === 'draft') return;
      // The documents the order led to: its deliveries and returns, and the invoices whose origin is this order.
      const [deliveries, returns, invoices] = await Promise.all([
        api.get<Page<Delivery>>(SALES.deliveries, { order_id: id, limit: 200 }).then((p) => p.items).catch(() => []),
        api.get<Page<SalesReturn>>(SALES.returns, { order_id: id, limit: 200 }).then((p) => p.items).catch(() => []),
        can(permissions, 'accounting.invoice.read')
          ? api.get<Page<Invoice>>('/accounting/invoices', { partner_id: loaded.partner_id, limit: 200 })
            .then((p) => p.items.filter((i) => i.origin === `sales.order:${id}`)).catch(() => [])
          : Promise.resolve([]),
      ]);
      setLinks({ deliveries, returns, invoices });
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) setNotFound(true);
      else showError(error);
    }
  }, [id, showError, permissions]);
  useEffect(() => { void load(); }, [load]);

  const act = (action: 'confirm' | 'cancel' | 'invoice' | 'down-payment', body: Record<string, unknown> = {}) => run(action, async () => {
    setProblem(null);
    try {
      const r = await api.request<Record<string, unknown>>(SALES.orderAction(id, action), {
        method: 'POST', body, idempotencyKey: keys.current.keyFor(action, { id, version: order?.version, body }),
      });
      keys.current.done(action);
      message.success(t(`sales.orders.done.${action}`));
      const invoiceId = (r.data.invoice as { id?: number } | undefined)?.id ?? (r.data.invoice_id as number | undefined);
      if ((action === 'invoice' || action === 'down-payment') && invoiceId) message.info(t('sales.orders.invoiceCreated', { id: format.count(invoiceId) }));
      setOverride(false);
      void load();
    } catch (error) {
      keys.current.done(action);
      if (error instanceof ApiError && CONFIRM_PROBLEMS.includes(error.code)) setProblem(error);
      else showError(error);
      void load();
    }
  });

  /** Changes a draft's invoicing policy or backorder choice (PATCH with the version read). */
  const change = (fields: { invoice_policy?: string; allow_backorder?: boolean }) => run('change', async () => {
    try {
      setOrder((await api.request<Order>(SALES.order(id), { method: 'PATCH', body: { version: order?.version, ...fields } })).data);
      void load();
    } catch (error) {
      showError(error);
      void load();
    }
  });

  if (notFound) return <Empty description={t('sales.orders.notFound')} />;
  if (!order) return <Skeleton active paragraph={{ rows: 10 }} />;
  const s = order.state;
  const title = order.number ?? t('sales.draftNumber', { id: format.count(order.id) });
  const taxName = (taxId: number) => taxes.find((x) => x.id === taxId)?.name ?? `#${taxId}`;
  const over = !!order.credit && (order.credit.exceeded || creditPicture(order.credit).over);
  const canInvoice = s === 'confirmed' && order.invoice_status !== 'invoiced' && order.invoice_status !== 'nothing';
  const anyReturnable = order.lines.some((l) => !/^0(\.0+)?$/.test(returnable(l)));

  return (
    <div data-testid="order-page" data-state={s}>
      <div className="keel-page-head">
        <Space direction="vertical" size={0}>
          <Typography.Title level={1}><bdi className="keel-mono" data-testid="order-number">{title}</bdi></Typography.Title>
          <Typography.Text type="secondary"><Link to={`/partners/${order.partner_id}`} data-testid="order-partner"><bdi>{order.partner_name ?? names[order.partner_id] ?? ''}</bdi></Link></Typography.Text>
        </Space>
        <Space wrap>
          <SalesTag state={s} testId="order-state" />
          <SalesTag group="delivery" state={order.delivery_status} testId="order-delivery-status" />
          <SalesTag group="invoice" state={order.invoice_status} testId="order-invoice-status" />
          {s === 'draft' && mayConfirm && (
            <>
              {over && mayOverride && (
                <Space><Switch checked={override} onChange={setOverride} id="credit-override" data-testid="credit-override" />
                  <label htmlFor="credit-override">{t('sales.credit.override')}</label></Space>
              )}
              <Button type="primary" loading={busy === 'confirm'} disabled={busy !== null} data-testid="confirm-order"
                onClick={() => void act('confirm', override ? { override_credit: true } : {})}>{t('sales.orders.confirm')}</Button>
            </>
          )}
          {canInvoice && mayInvoice && (
            <>
              <Button type="primary" loading={busy === 'invoice'} disabled={busy !== null} onClick={() => void act('invoice')} data-testid="invoice-order">{t('sales.orders.invoice')}</Button>
              <Button disabled={busy !== null} onClick={() => setDownPayment((d) => ({ ...d, open: true }))} data-testid="down-payment">{t('sales.orders.downPayment')}</Button>
            </>
          )}
          {(s === 'confirmed' || s === 'done') && anyReturnable && mayReturn && (
            <Button onClick={() => navigate(`/sales/returns/new?order=${order.id}`)} data-testid="return-order">{t('sales.orders.return')}</Button>
          )}
          {(s === 'draft' || s === 'confirmed') && mayWrite && (
            <Popconfirm title={t('sales.orders.cancelConfirm')} okText={t('sales.orders.cancel')} cancelText={t('common.back')} onConfirm={() => void act('cancel')}>
              <Button danger disabled={busy !== null} data-testid="cancel-order">{t('sales.orders.cancel')}</Button>
            </Popconfirm>
          )}
        </Space>
      </div>
      {problem && (
        <Alert style={{ marginBottom: 16 }} type="error" showIcon closable onClose={() => setProblem(null)} data-testid="confirm-problem" data-code={problem.code}
          message={t(`sales.orders.problem.${problem.code}`)}
          description={<div><div dir="auto">{problem.problem.message}</div>
            {problem.code === 'credit_limit_exceeded' && (mayOverride ? t('sales.credit.mayOverride') : t('sales.credit.askOverride'))}
            {problem.code === 'stock_insufficient' && t('sales.orders.stockHint')}</div>} />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('sales.fields.date')}>{format.date(order.date)}</Descriptions.Item>
              {order.quote_id && <Descriptions.Item label={t('sales.fields.quote')}><Link to={`/sales/quotes/${order.quote_id}`}>{t('sales.quotes.quoteNo', { id: format.count(order.quote_id) })}</Link></Descriptions.Item>}
              <Descriptions.Item label={<label htmlFor="order-policy">{t('sales.fields.invoicePolicy')}</label>}>
                {s === 'draft' && mayWrite ? (
                  <Select id="order-policy" size="small" style={{ minWidth: 200 }} value={order.invoice_policy} disabled={busy !== null} data-testid="order-policy"
                    onChange={(v) => void change({ invoice_policy: v })}
                    options={(['ordered', 'delivered'] as const).map((p) => ({ value: p, label: t(`sales.policy.${p}`) }))} />
                ) : t(`sales.policy.${order.invoice_policy}`)}
              </Descriptions.Item>
              <Descriptions.Item label={<label htmlFor="order-backorders">{t('sales.fields.backorders')}</label>}>
                <Space>
                  {s === 'draft' && mayWrite && (
                    <Switch id="order-backorders" size="small" checked={order.allow_backorder} disabled={busy !== null} data-testid="order-backorders"
                      onChange={(v) => void change({ allow_backorder: v })} />
                  )}
                  <span data-testid="order-backorders-text">{order.allow_backorder ? t('sales.orders.backordersAllowed') : t('sales.orders.backordersRefused')}</span>
                </Space>
              </Descriptions.Item>
              <Descriptions.Item label={t('sales.sections.deliveries')}>
                <Space wrap data-testid="order-deliveries">{links.deliveries.map((d) => (
                  <Link key={d.id} to={`/sales/deliveries/${d.id}`} data-testid="order-delivery-link" data-state={d.state}><bdi className="keel-mono">{d.number ?? `#${d.id}`}</bdi> <SalesTag state={d.state} /></Link>
                ))}{links.deliveries.length === 0 && '—'}</Space>
              </Descriptions.Item>
              <Descriptions.Item label={t('sales.fields.invoices')}>
                <Space wrap data-testid="order-invoices">{links.invoices.map((i) => (
                  <Link key={i.id} to={`/accounting/invoices/${i.id}`} data-testid="order-invoice-link" data-type={i.type}>
                    <bdi className="keel-mono">{i.number ?? `#${i.id}`}</bdi> <Typography.Text type="secondary">{t(`finance.type.${i.type}`)} · {format.money(i.total, i.currency)}</Typography.Text>
                  </Link>
                ))}{links.invoices.length === 0 && '—'}</Space>
              </Descriptions.Item>
              {links.returns.length > 0 && (
                <Descriptions.Item label={t('sales.sections.returns')}>
                  <Space wrap>{links.returns.map((r) => <Link key={r.id} to={`/sales/returns/${r.id}`} data-testid="order-return-link"><bdi className="keel-mono">{r.number ?? `#${r.id}`}</bdi></Link>)}</Space>
                </Descriptions.Item>
              )}
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card>
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label={t('sales.fields.untaxed')}><Amount value={order.untaxed} currency={order.currency} testId="order-untaxed" /></Descriptions.Item>
              <Descriptions.Item label={t('sales.fields.tax')}><Amount value={order.tax} currency={order.currency} testId="order-tax" /></Descriptions.Item>
              <Descriptions.Item label={<strong>{t('sales.fields.total')}</strong>}><strong><Amount value={order.total} currency={order.currency} testId="order-total" /></strong></Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        {order.credit && <Col xs={24}><CreditCard order={order} /></Col>}
        <Col xs={24}>
          <Card title={t('sales.orders.lines')}>
            <Table<OrderLine> rowKey="id" size="small" pagination={false} dataSource={order.lines} scroll={{ x: 1000 }} data-testid="order-lines"
              onRow={() => ({ 'data-testid': 'order-line' } as object)}
              columns={[
                { title: t('sales.fields.product'), key: 'p', render: (_: unknown, l) => <span><bdi className="keel-mono">{l.sku ?? products[l.product_id]?.sku ?? ''}</bdi> <bdi>{l.description}</bdi></span> },
                { title: t('sales.fields.quantity'), dataIndex: 'quantity', key: 'q', align: 'end' as const, render: (v: string) => <Qty value={v} /> },
                { title: t('sales.fields.availability'), key: 'a', render: (_: unknown, l) => <Availability line={l} order={order} /> },
                { title: t('sales.fields.reserved'), dataIndex: 'reserved', key: 'r', align: 'end' as const, render: (v: string) => <Qty value={v} /> },
                { title: t('sales.fields.delivered'), dataIndex: 'delivered', key: 'dl', align: 'end' as const, render: (v: string) => <Qty value={v} testId="line-delivered" /> },
                { title: t('sales.fields.invoiced'), dataIndex: 'invoiced', key: 'iv', align: 'end' as const, render: (v: string) => <Qty value={v} testId="line-invoiced" /> },
                { title: t('sales.fields.returned'), dataIndex: 'returned', key: 'rt', align: 'end' as const, render: (v: string) => <Qty value={v} /> },
                { title: t('sales.fields.unitPrice'), dataIndex: 'unit_price', key: 'u', align: 'end' as const, render: (v: string) => <Amount value={v} currency={order.currency} /> },
                { title: t('sales.fields.taxes'), dataIndex: 'tax_ids', key: 't', render: (v: number[]) => (v ?? []).map(taxName).join(', ') },
                { title: t('sales.fields.subtotal'), dataIndex: 'subtotal', key: 's', align: 'end' as const, render: (v: string) => <Amount value={v} currency={order.currency} /> },
              ]} />
          </Card>
        </Col>
      </Row>
      <Space style={{ marginTop: 16 }}><Button onClick={() => navigate('/sales/orders')}>{t('common.back')}</Button></Space>
      <Modal open={downPayment.open} title={t('sales.orders.downPayment')} okText={t('sales.orders.createDownPayment')} cancelText={t('common.cancel')}
        onCancel={() => setDownPayment((d) => ({ ...d, open: false }))}
        okButtonProps={{ disabled: normalizeAmountInput(downPayment.value) === null || busy !== null, 'data-testid': 'down-payment-ok' } as ButtonProps}
        onOk={() => {
          const value = normalizeAmountInput(downPayment.value)!;
          setDownPayment((d) => ({ ...d, open: false, value: '' }));
          void act('down-payment', downPayment.kind === 'percent' ? { percent: value } : { amount: value });
        }}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Radio.Group value={downPayment.kind} onChange={(e) => setDownPayment((d) => ({ ...d, kind: e.target.value }))} optionType="button"
            options={[{ value: 'percent', label: t('sales.orders.percent') }, { value: 'amount', label: t('sales.fields.amount') }]} aria-label={t('sales.orders.downPayment')} />
          <Input inputMode="decimal" dir="ltr" value={downPayment.value} onChange={(e) => setDownPayment((d) => ({ ...d, value: e.target.value }))}
            suffix={downPayment.kind === 'percent' ? '%' : order.currency} aria-label={downPayment.kind === 'percent' ? t('sales.orders.percent') : t('sales.fields.amount')} data-testid="down-payment-value" />
        </Space>
      </Modal>
    </div>
  );
}
