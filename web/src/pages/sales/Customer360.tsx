// The customer 360 shown on the partner page (GET /api/v1/partners/{id}/overview): open quotes
// and orders with their delivery status, invoices and payments, balance, overdue amount, credit
// and average days to pay, top products with their stock. The server leaves out the parts the
// user may not read; so does this panel.
import { Alert, Card, Col, Empty, Row, Skeleton, Table, Typography } from 'antd';
import { useEffect, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ApiError } from '../../lib/problem';
import { Link } from '../../shell/router';
import { useSession } from '../../shell/session';
import { Amount } from '../accounting/common';
import { Figure, Qty, SalesTag } from './shared';

export interface Overview {
  partner: { id: number; name: string; currency: string | null };
  as_of: string;
  currency: string;
  sales?: {
    open_quotes_count: number;
    open_quotes: { id: number; number: string | null; state: string; date: string; valid_until: string | null; total: string; currency: string }[];
    open_orders_count: number;
    open_orders: {
      id: number; number: string | null; date: string; state: string; delivery_status: string; invoice_status: string; total: string; currency: string;
      deliveries: { id: number; number: string | null; state: string }[];
    }[];
    open_orders_uninvoiced: string;
  };
  receivables?: {
    balance: string;
    overdue: string;
    open_invoices_count: number;
    average_days_to_pay: string | null;
    recent_invoices: { id: number; number: string | null; type: string; state: string; date: string; due_date: string | null; total: string; residual: string; currency: string; origin: string }[];
    recent_payments?: { id: number; date: string; amount: string; currency: string; unallocated: string; reference: string }[];
  };
  credit?: { limit: string | null; used: string | null; available: string | null };
  top_products?: { product_id: number; sku: string; name: string; quantity: string; revenue: string; available: string | null }[];
}

function Number_({ value, currency }: { value: string; currency: string }) {
  return <Amount value={value} currency={currency} />;
}

export function Customer360({ partnerId }: { partnerId: number }): ReactElement | null {
  const { t } = useTranslation();
  const { format } = useSession();
  const [overview, setOverview] = useState<Overview | null>(null);
  const [failed, setFailed] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setOverview(null);
    setFailed(null);
    api.get<Overview>(`/partners/${partnerId}/overview`)
      .then((o) => { if (live) setOverview(o); })
      .catch((e) => { if (live) setFailed(e instanceof ApiError ? (e.status === 403 || e.status === 404 ? 'hidden' : e.problem.message) : String(e)); });
    return () => { live = false; };
  }, [partnerId]);

  if (failed === 'hidden') return null;
  if (failed) return <Alert type="warning" showIcon style={{ marginBottom: 16 }} message={t('sales.c360.unavailable')} description={failed} />;
  if (!overview) return <Card style={{ marginBottom: 16 }}><Skeleton active paragraph={{ rows: 3 }} /></Card>;
  const { sales, receivables, credit, top_products: top } = overview;
  if (!sales && !receivables && !credit && !top) return null;
  const cur = overview.currency;

  return (
    <section aria-label={t('sales.c360.title')} data-testid="customer-360" style={{ marginBottom: 16 }}>
      <Card title={t('sales.c360.title')} extra={<Typography.Text type="secondary">{t('sales.c360.asOf', { date: format.date(overview.as_of) })}</Typography.Text>}>
        <Row gutter={[24, 12]} style={{ marginBottom: 12 }}>
          {receivables && (
            <>
              <Col><Figure label={t('sales.c360.balance')} testId="c360-balance"><Number_ value={receivables.balance} currency={cur} /></Figure></Col>
              <Col><Figure label={t('sales.c360.overdue')} testId="c360-overdue"><Number_ value={receivables.overdue} currency={cur} /></Figure></Col>
              <Col><Figure label={t('sales.c360.openInvoices')}>{format.count(receivables.open_invoices_count)}</Figure></Col>
              <Col>
                <Figure label={t('sales.c360.daysToPay')} testId="c360-days">
                  {receivables.average_days_to_pay === null ? <Typography.Text type="secondary">—</Typography.Text> : t('sales.c360.days', { n: format.decimal(receivables.average_days_to_pay) })}
                </Figure>
              </Col>
            </>
          )}
          {credit && (
            <>
              <Col><Figure label={t('sales.c360.creditLimit')} testId="c360-limit">{credit.limit === null ? t('sales.c360.noLimit') : <Number_ value={credit.limit} currency={overview.partner.currency ?? cur} />}</Figure></Col>
              {credit.available !== null && <Col><Figure label={t('sales.c360.creditAvailable')} testId="c360-available"><Number_ value={credit.available} currency={cur} /></Figure></Col>}
            </>
          )}
          {sales && <Col><Figure label={t('sales.c360.uninvoiced')}><Number_ value={sales.open_orders_uninvoiced} currency={cur} /></Figure></Col>}
        </Row>
        <Row gutter={[16, 16]}>
          {sales && (
            <Col xs={24} xl={12}>
              <Typography.Title level={5}>{t('sales.c360.openOrders', { n: format.count(sales.open_orders_count) })}</Typography.Title>
              <Table size="small" rowKey="id" pagination={false} dataSource={sales.open_orders} data-testid="c360-orders"
                locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sales.c360.none')} /> }}
                columns={[
                  { title: t('sales.fields.number'), key: 'n', render: (_: unknown, o) => <Link to={`/sales/orders/${o.id}`}><bdi className="keel-mono">{o.number ?? `#${o.id}`}</bdi></Link> },
                  { title: t('sales.fields.date'), dataIndex: 'date', key: 'd', render: (d: string) => format.date(d) },
                  { title: t('sales.fields.deliveryStatus'), key: 'ds', render: (_: unknown, o) => <SalesTag group="delivery" state={o.delivery_status} testId="c360-delivery-status" /> },
                  { title: t('sales.fields.invoiceStatus'), key: 'is', render: (_: unknown, o) => <SalesTag group="invoice" state={o.invoice_status} /> },
                  {
                    title: t('sales.sections.deliveries'), key: 'dl',
                    render: (_: unknown, o) => o.deliveries.map((d) => <Link key={d.id} to={`/sales/deliveries/${d.id}`} style={{ marginInlineEnd: 8 }}><bdi className="keel-mono">{d.number ?? `#${d.id}`}</bdi></Link>),
                  },
                  { title: t('sales.fields.total'), key: 't', align: 'end' as const, render: (_: unknown, o) => <Amount value={o.total} currency={o.currency} /> },
                ]} />
              <Typography.Title level={5} style={{ marginTop: 16 }}>{t('sales.c360.openQuotes', { n: format.count(sales.open_quotes_count) })}</Typography.Title>
              <Table size="small" rowKey="id" pagination={false} dataSource={sales.open_quotes} data-testid="c360-quotes"
                locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sales.c360.none')} /> }}
                columns={[
                  { title: t('sales.fields.number'), key: 'n', render: (_: unknown, q) => <Link to={`/sales/quotes/${q.id}`}><bdi className="keel-mono">{q.number ?? `#${q.id}`}</bdi></Link> },
                  { title: t('sales.fields.validUntil'), dataIndex: 'valid_until', key: 'v', render: (d: string | null) => format.date(d) },
                  { title: t('sales.fields.state'), key: 's', render: (_: unknown, q) => <SalesTag state={q.state} /> },
                  { title: t('sales.fields.total'), key: 't', align: 'end' as const, render: (_: unknown, q) => <Amount value={q.total} currency={q.currency} /> },
                ]} />
            </Col>
          )}
          {receivables && (
            <Col xs={24} xl={12}>
              <Typography.Title level={5}>{t('sales.c360.invoices')}</Typography.Title>
              <Table size="small" rowKey="id" pagination={false} dataSource={receivables.recent_invoices} data-testid="c360-invoices"
                locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sales.c360.none')} /> }}
                columns={[
                  { title: t('sales.fields.number'), key: 'n', render: (_: unknown, i) => <Link to={`/accounting/invoices/${i.id}`} data-testid="c360-invoice-link" data-type={i.type}><bdi className="keel-mono">{i.number ?? `#${i.id}`}</bdi></Link> },
                  { title: t('sales.fields.type'), key: 'ty', render: (_: unknown, i) => t(`finance.type.${i.type}`, { defaultValue: i.type }) },
                  { title: t('sales.fields.dueDate'), dataIndex: 'due_date', key: 'd', render: (d: string | null) => format.date(d) },
                  { title: t('sales.fields.total'), key: 't', align: 'end' as const, render: (_: unknown, i) => <Amount value={i.total} currency={i.currency} /> },
                  { title: t('sales.fields.residual'), key: 'r', align: 'end' as const, render: (_: unknown, i) => <Amount value={i.residual} currency={i.currency} /> },
                ]} />
              {receivables.recent_payments && (
                <>
                  <Typography.Title level={5} style={{ marginTop: 16 }}>{t('sales.c360.payments')}</Typography.Title>
                  <Table size="small" rowKey="id" pagination={false} dataSource={receivables.recent_payments} data-testid="c360-payments"
                    locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sales.c360.none')} /> }}
                    columns={[
                      { title: t('sales.fields.date'), dataIndex: 'date', key: 'd', render: (d: string) => format.date(d) },
                      { title: t('sales.fields.reference'), dataIndex: 'reference', key: 'r', render: (r: string) => <bdi>{r}</bdi> },
                      { title: t('sales.fields.amount'), key: 'a', align: 'end' as const, render: (_: unknown, p) => <Amount value={p.amount} currency={p.currency} /> },
                    ]} />
                </>
              )}
            </Col>
          )}
          {top && (
            <Col xs={24}>
              <Typography.Title level={5}>{t('sales.c360.topProducts')}</Typography.Title>
              <Table size="small" rowKey="product_id" pagination={false} dataSource={top} data-testid="c360-top"
                locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sales.c360.none')} /> }}
                columns={[
                  { title: t('sales.fields.product'), key: 'p', render: (_: unknown, p) => <span><bdi className="keel-mono">{p.sku}</bdi> <bdi>{p.name}</bdi></span> },
                  { title: t('sales.fields.quantity'), key: 'q', align: 'end' as const, render: (_: unknown, p) => <Qty value={p.quantity} /> },
                  { title: t('sales.c360.revenue'), key: 'rv', align: 'end' as const, render: (_: unknown, p) => <Amount value={p.revenue} currency={cur} /> },
                  { title: t('sales.fields.available'), key: 'av', align: 'end' as const, render: (_: unknown, p) => (p.available === null ? '—' : <Qty value={p.available} testId="c360-top-available" />) },
                ]} />
            </Col>
          )}
        </Row>
      </Card>
    </section>
  );
}
