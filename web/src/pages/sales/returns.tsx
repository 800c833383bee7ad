// Returns: the list, the form that takes goods back from a shipped order (lines, quantities up to
// what was delivered and not yet returned, back to stock or to scrap, with or without a credit
// note), and a return with its credit note.
import { Alert, App, Button, Card, Checkbox, Descriptions, Empty, Input, Radio, Skeleton, Space, Table, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ActionKeys } from '../../lib/idempotency';
import { ApiError } from '../../lib/problem';
import { useApiError } from '../../shell/errors';
import { Link, navigate } from '../../shell/router';
import { useSession } from '../../shell/session';
import { useBusy, usePartnerNames } from '../accounting/finance/shared';
import { SALES } from './api';
import { returnBody, returnQuantityProblem, returnable, type Disposition, type Order, type OrderLine, type SalesReturn } from './model';
import { PagedTable, Qty, useProducts } from './shared';

export function ReturnListPage() {
  const { t } = useTranslation();
  const { format } = useSession();
  const [seen, setSeen] = useState<number[]>([]);
  const names = usePartnerNames(seen);
  return (
    <div data-testid="return-list">
      <div className="keel-page-head">
        <Typography.Title level={1}>{t('sales.returns.title')}</Typography.Title>
        <Typography.Text type="secondary">{t('sales.returns.fromOrder')}</Typography.Text>
      </div>
      <PagedTable<SalesReturn>
        path={SALES.returns} query={{}} testId="return-table" rowTestId="return-row" onLoaded={(items) => setSeen(items.map((r) => r.partner_id))}
        columns={[
          {
            title: t('sales.fields.number'), key: 'n',
            render: (_: unknown, r) => {
              return <Link to={`/sales/returns/${r.id}`} data-testid="return-link"><bdi className="keel-mono">{r.number ?? `#${format.count(r.id)}`}</bdi></Link>;
            },
          },
          { title: t('sales.fields.order'), key: 'o', render: (_: unknown, r) => <Link to={`/sales/orders/${r.order_id}`}>#{format.count(r.order_id)}</Link> },
          { title: t('sales.fields.customer'), key: 'p', render: (_: unknown, r) => <bdi>{names[r.partner_id] ?? ''}</bdi> },
          { title: t('sales.fields.date'), dataIndex: 'date', key: 'd', render: (v: string) => format.date(v) },
          { title: t('sales.fields.creditNote'), key: 'c', render: (_: unknown, r) => (r.credit_note_id ? <Link to={`/accounting/invoices/${r.credit_note_id}`}>#{format.count(r.credit_note_id)}</Link> : '—') },
        ]}
      />
    </div>
  );
}

interface Row { line: OrderLine; max: string; quantity: string; disposition: Disposition }

export function ReturnFormPage({ orderId }: { orderId: number | null }) {
  const { t } = useTranslation();
  const { format } = useSession();
  const { message } = App.useApp();
  const [order, setOrder] = useState<Order | null>(null);
  const [rows, setRows] = useState<Row[]>([]);
  const [refund, setRefund] = useState(true);
  const [missing, setMissing] = useState(orderId === null);
  const { busy, run } = useBusy();
  const keys = useRef(new ActionKeys());
  const showError = useApiError();
  const products = useProducts(order ? order.lines.map((l) => l.product_id) : []);

  useEffect(() => {
    if (orderId === null) return;
    api.get<Order>(SALES.order(orderId)).then((o) => {
      setOrder(o);
      setRows(o.lines.map((line) => ({ line, max: returnable(line), quantity: '', disposition: 'stock' as Disposition })).filter((r) => !/^0(\.0+)?$/.test(r.max)));
    }).catch((e) => { if (e instanceof ApiError && e.status === 404) setMissing(true); else showError(e); });
  }, [orderId, showError]);

  const problems = rows.map((r) => returnQuantityProblem(r.quantity, r.max));
  const chosen = rows.filter((r, i) => r.quantity.trim() !== '' && problems[i] === null);
  const submit = () => run('return', async () => {
    if (!order) return;
    const body = returnBody(order.id, rows.map((r) => ({ order_line_id: r.line.id, quantity: r.quantity, disposition: r.disposition })), refund);
    try {
      const r = await api.request<SalesReturn>(SALES.returns, { method: 'POST', body, idempotencyKey: keys.current.keyFor('return', body) });
      keys.current.done('return');
      message.success(t('sales.returns.created'));
      navigate(`/sales/returns/${r.data.id}`, { replace: true });
    } catch (error) {
      if (!(error instanceof ApiError) || error.status < 500) keys.current.done('return');
      showError(error);
    }
  });

  if (missing) return <Empty description={t('sales.returns.chooseOrder')}><Button onClick={() => navigate('/sales/orders?state=confirmed')}>{t('sales.sections.orders')}</Button></Empty>;
  if (!order) return <Skeleton active paragraph={{ rows: 6 }} />;
  const set = (index: number, change: Partial<Row>) => setRows((all) => all.map((r, i) => (i === index ? { ...r, ...change } : r)));

  return (
    <div data-testid="return-form">
      <div className="keel-page-head">
        <Typography.Title level={1}>{t('sales.returns.new', { number: order.number ?? `#${order.id}` })}</Typography.Title>
      </div>
      {rows.length === 0 ? <Alert type="info" showIcon message={t('sales.returns.nothing')} /> : (
        <Card>
          <Table rowKey={(r) => String(r.line.id)} size="small" pagination={false} dataSource={rows} data-testid="return-lines" scroll={{ x: 700 }}
            columns={[
              { title: t('sales.fields.product'), key: 'p', render: (_: unknown, r) => <span><bdi className="keel-mono">{r.line.sku ?? products[r.line.product_id]?.sku ?? ''}</bdi> <bdi>{r.line.description}</bdi></span> },
              { title: t('sales.fields.delivered'), key: 'd', align: 'end' as const, render: (_: unknown, r) => <Qty value={r.line.delivered} /> },
              { title: t('sales.returns.returnable'), key: 'm', align: 'end' as const, render: (_: unknown, r) => <Qty value={r.max} /> },
              {
                title: t('sales.returns.quantity'), key: 'q',
                render: (_: unknown, r, index) => (
                  <div>
                    <Input inputMode="decimal" dir="ltr" style={{ width: 110 }} value={r.quantity} onChange={(e) => set(index, { quantity: e.target.value })}
                      status={problems[index] ? 'error' : undefined} aria-label={t('sales.returns.quantityFor', { name: r.line.description })} data-testid={`return-qty-${r.line.id}`} />
                    {problems[index] && <div><Typography.Text type="danger">{t(`sales.returns.problem.${problems[index]}`, { n: format.decimal(r.max) })}</Typography.Text></div>}
                  </div>
                ),
              },
              {
                title: t('sales.returns.disposition'), key: 'dp',
                render: (_: unknown, r, index) => (
                  <Radio.Group value={r.disposition} onChange={(e) => set(index, { disposition: e.target.value })} optionType="button" size="small"
                    aria-label={t('sales.returns.dispositionFor', { name: r.line.description })} data-testid={`return-disposition-${r.line.id}`}
                    options={[{ value: 'stock', label: t('sales.returns.toStock') }, { value: 'scrap', label: t('sales.returns.toScrap') }]} />
                ),
              },
            ]} />
          <Space direction="vertical" style={{ marginTop: 16 }}>
            <Checkbox checked={refund} onChange={(e) => setRefund(e.target.checked)} data-testid="return-refund">{t('sales.returns.refund')}</Checkbox>
            <Button type="primary" disabled={chosen.length === 0 || problems.some((p) => p !== null) || busy !== null} loading={busy === 'return'} onClick={() => void submit()} data-testid="confirm-return">
              {t('sales.returns.confirm')}</Button>
          </Space>
        </Card>
      )}
      <Space style={{ marginTop: 16 }}><Button onClick={() => navigate(`/sales/orders/${order.id}`)}>{t('common.back')}</Button></Space>
    </div>
  );
}

export function ReturnPage({ id }: { id: number }) {
  const { t } = useTranslation();
  const { format } = useSession();
  const [ret, setRet] = useState<SalesReturn | null>(null);
  const [order, setOrder] = useState<Order | null>(null);
  const [notFound, setNotFound] = useState(false);
  const showError = useApiError();
  const names = usePartnerNames(ret ? [ret.partner_id] : []);
  const load = useCallback(async () => {
    try {
      const r = await api.get<SalesReturn>(SALES.return_(id));
      setRet(r);
      api.get<Order>(SALES.order(r.order_id)).then(setOrder).catch(() => setOrder(null));
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) setNotFound(true);
      else showError(error);
    }
  }, [id, showError]);
  useEffect(() => { void load(); }, [load]);
  if (notFound) return <Empty description={t('sales.returns.notFound')} />;
  if (!ret) return <Skeleton active paragraph={{ rows: 6 }} />;
  const lineOf = (lineId: number) => order?.lines.find((l) => l.id === lineId);
  return (
    <div data-testid="return-page">
      <div className="keel-page-head">
        <Typography.Title level={1}><bdi className="keel-mono" data-testid="return-number">{ret.number ?? `#${format.count(ret.id)}`}</bdi></Typography.Title>
      </div>
      <Card>
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t('sales.fields.customer')}><Link to={`/partners/${ret.partner_id}`}><bdi>{names[ret.partner_id] ?? ''}</bdi></Link></Descriptions.Item>
          <Descriptions.Item label={t('sales.fields.order')}><Link to={`/sales/orders/${ret.order_id}`}><bdi className="keel-mono">{order?.number ?? `#${ret.order_id}`}</bdi></Link></Descriptions.Item>
          <Descriptions.Item label={t('sales.fields.date')}>{format.date(ret.date)}</Descriptions.Item>
          <Descriptions.Item label={t('sales.fields.creditNote')}>
            {ret.credit_note_id ? <Link to={`/accounting/invoices/${ret.credit_note_id}`} data-testid="return-credit-note">{t('sales.returns.openCreditNote', { id: format.count(ret.credit_note_id) })}</Link> : t('sales.returns.noCreditNote')}
          </Descriptions.Item>
        </Descriptions>
        <Table rowKey={(l) => String(l.order_line_id)} size="small" pagination={false} dataSource={ret.lines} style={{ marginTop: 16 }} data-testid="return-page-lines"
          columns={[
            { title: t('sales.fields.product'), key: 'p', render: (_: unknown, l) => <bdi>{lineOf(l.order_line_id)?.description ?? `#${l.order_line_id}`}</bdi> },
            { title: t('sales.fields.quantity'), dataIndex: 'quantity', key: 'q', align: 'end' as const, render: (v: string) => <Qty value={v} /> },
            { title: t('sales.returns.disposition'), dataIndex: 'disposition', key: 'd', render: (v: string) => (v === 'scrap' ? t('sales.returns.toScrap') : t('sales.returns.toStock')) },
          ]} />
      </Card>
      <Space style={{ marginTop: 16 }}><Button onClick={() => navigate('/sales/returns')}>{t('common.back')}</Button></Space>
    </div>
  );
}
