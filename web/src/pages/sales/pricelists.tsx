// Price lists: the list, a new price list with its items (product, minimum quantity, fixed price
// or percent discount, date range), and one price list with its items.
import { App, Button, Card, Col, Descriptions, Empty, Form, Input, Row, Skeleton, Space, Table, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Page } from '../../api/types';
import { KeelDatePicker } from '../../components/DatePicker';
import { toIsoDate } from '../../lib/dates';
import { ActionKeys } from '../../lib/idempotency';
import { can } from '../../lib/navigation';
import { ApiError } from '../../lib/problem';
import { useApiError } from '../../shell/errors';
import { Link, navigate } from '../../shell/router';
import { useSession } from '../../shell/session';
import { Amount } from '../accounting/common';
import { normalizeAmountInput } from '../accounting/finance/model';
import { useBusy } from '../accounting/finance/shared';
import { SALES } from './api';
import type { Pricelist } from './model';
import { ProductSelect, Qty, productName, useProducts } from './shared';

export function PricelistListPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const [items, setItems] = useState<Pricelist[] | null>(null);
  const showError = useApiError();
  useEffect(() => { api.get<Page<Pricelist>>(SALES.pricelists, { limit: 200 }).then((p) => setItems(p.items)).catch((e) => { setItems([]); showError(e); }); }, [showError]);
  return (
    <div data-testid="pricelist-list">
      <div className="keel-page-head">
        <Typography.Title level={1}>{t('sales.pricelists.title')}</Typography.Title>
        {can(user?.permissions, 'sales.pricelist.write') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/sales/pricelists/new')} data-testid="new-pricelist">{t('sales.pricelists.new')}</Button>
        )}
      </div>
      <Table<Pricelist> rowKey="id" size="middle" loading={items === null} dataSource={items ?? []} pagination={false} locale={{ emptyText: t('common.noData') }}
        columns={[
          { title: t('sales.fields.name'), key: 'n', render: (_: unknown, p) => <Link to={`/sales/pricelists/${p.id}`} data-testid="pricelist-link"><bdi>{p.name}</bdi></Link> },
          { title: t('sales.fields.currency'), dataIndex: 'currency', key: 'c', render: (v: string) => <span className="keel-mono">{v}</span> },
          { title: t('sales.pricelists.group'), dataIndex: 'customer_group', key: 'g', render: (v: string | null) => (v ? <bdi>{v}</bdi> : t('sales.pricelists.everyone')) },
          { title: t('sales.pricelists.items'), key: 'i', render: (_: unknown, p) => <Qty value={String(p.items?.length ?? 0)} /> },
        ]} />
    </div>
  );
}

interface ItemForm { product_id?: number | null; min_quantity?: string; price?: string; discount_percent?: string; date_from?: Dayjs | null; date_to?: Dayjs | null }
interface PricelistForm { name?: string; currency?: string; customer_group?: string; items: ItemForm[] }

/** The body of POST /sales/pricelists from the form: decimals normalised, empty fields left out. */
export function pricelistBody(values: PricelistForm): Record<string, unknown> {
  const decimal = (v: string | undefined) => (v && v.trim() ? normalizeAmountInput(v) ?? v.trim() : undefined);
  return {
    name: (values.name ?? '').trim(),
    currency: (values.currency ?? '').trim().toUpperCase(),
    ...(values.customer_group?.trim() ? { customer_group: values.customer_group.trim() } : {}),
    items: (values.items ?? []).filter((i) => i && i.product_id).map((i) => ({
      product_id: i.product_id,
      min_quantity: decimal(i.min_quantity) ?? '0',
      ...(decimal(i.price) !== undefined ? { price: decimal(i.price) } : {}),
      ...(decimal(i.discount_percent) !== undefined ? { discount_percent: decimal(i.discount_percent) } : {}),
      ...(i.date_from ? { date_from: toIsoDate(i.date_from) } : {}),
      ...(i.date_to ? { date_to: toIsoDate(i.date_to) } : {}),
    })),
  };
}

export function PricelistFormPage() {
  const { t } = useTranslation();
  const { user, format } = useSession();
  const { message } = App.useApp();
  const [form] = Form.useForm<PricelistForm>();
  const { busy, run } = useBusy();
  const keys = useRef(new ActionKeys());
  const showError = useApiError();
  const save = () => run('save', async () => {
    let values: PricelistForm;
    try { values = await form.validateFields(); } catch { return; }
    const body = pricelistBody({ ...(form.getFieldsValue(true) as PricelistForm), ...values });
    try {
      const r = await api.request<Pricelist>(SALES.pricelists, { method: 'POST', body, idempotencyKey: keys.current.keyFor('create', body) });
      keys.current.done('create');
      message.success(t('sales.pricelists.saved'));
      navigate(`/sales/pricelists/${r.data.id}`, { replace: true });
    } catch (error) {
      if (!(error instanceof ApiError) || error.status < 500) keys.current.done('create');
      showError(error, form);
    }
  });
  return (
    <div data-testid="pricelist-form">
      <div className="keel-page-head"><Typography.Title level={1}>{t('sales.pricelists.new')}</Typography.Title></div>
      <Form<PricelistForm> form={form} layout="vertical" name="pricelist" onFinish={() => void save()}
        initialValues={{ currency: user?.company?.currency ?? 'EUR', items: [{ min_quantity: '0' }] }}>
        <Card>
          <Row gutter={16}>
            <Col xs={24} md={10}><Form.Item label={t('sales.fields.name')} name="name" rules={[{ required: true, whitespace: true, message: t('sales.pricelists.nameRequired') }]}><Input maxLength={100} dir="auto" data-testid="pricelist-name" /></Form.Item></Col>
            <Col xs={8} md={4}><Form.Item label={t('sales.fields.currency')} name="currency" normalize={(v: string) => v?.toUpperCase()}><Input maxLength={3} dir="ltr" /></Form.Item></Col>
            <Col xs={16} md={10}><Form.Item label={t('sales.pricelists.group')} name="customer_group"><Input maxLength={64} dir="auto" placeholder={t('sales.pricelists.everyone')} /></Form.Item></Col>
          </Row>
        </Card>
        <Card title={t('sales.pricelists.items')} style={{ marginTop: 16 }}>
          <Form.List name="items">
            {(fields, { add, remove }) => (
              <div>
                {fields.map((field, index) => {
                  const n = format.count(index + 1);
                  const label = (f: string) => t('sales.lineField', { field: f, n });
                  return (
                    <Row gutter={8} key={field.key}>
                      <Col xs={24} lg={7}><Form.Item name={[field.name, 'product_id']} label={index === 0 ? t('sales.fields.product') : undefined}><ProductSelect aria-label={label(t('sales.fields.product'))} placeholder={t('sales.searchProduct')} /></Form.Item></Col>
                      <Col xs={8} lg={3}><Form.Item name={[field.name, 'min_quantity']} label={index === 0 ? t('sales.pricelists.minQuantity') : undefined}><Input inputMode="decimal" dir="ltr" aria-label={label(t('sales.pricelists.minQuantity'))} /></Form.Item></Col>
                      <Col xs={8} lg={3}><Form.Item name={[field.name, 'price']} label={index === 0 ? t('sales.pricelists.price') : undefined}><Input inputMode="decimal" dir="ltr" aria-label={label(t('sales.pricelists.price'))} /></Form.Item></Col>
                      <Col xs={8} lg={3}><Form.Item name={[field.name, 'discount_percent']} label={index === 0 ? t('sales.fields.discount') : undefined}><Input inputMode="decimal" dir="ltr" suffix="%" aria-label={label(t('sales.fields.discount'))} /></Form.Item></Col>
                      <Col xs={11} lg={3}><Form.Item name={[field.name, 'date_from']} label={index === 0 ? t('sales.pricelists.from') : undefined}><KeelDatePicker style={{ width: '100%' }} aria-label={label(t('sales.pricelists.from'))} /></Form.Item></Col>
                      <Col xs={11} lg={3}><Form.Item name={[field.name, 'date_to']} label={index === 0 ? t('sales.pricelists.to') : undefined}><KeelDatePicker style={{ width: '100%' }} aria-label={label(t('sales.pricelists.to'))} /></Form.Item></Col>
                      <Col xs={2} lg={1}><Form.Item label={index === 0 ? ' ' : undefined}><Button icon={<DeleteOutlined />} disabled={fields.length === 1} onClick={() => remove(field.name)} aria-label={t('sales.quotes.removeLine', { n })} /></Form.Item></Col>
                    </Row>
                  );
                })}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ min_quantity: '0' })}>{t('sales.pricelists.addItem')}</Button>
              </div>
            )}
          </Form.List>
        </Card>
        <Space style={{ marginTop: 16 }}>
          <Button type="primary" htmlType="submit" loading={busy === 'save'} disabled={busy !== null} data-testid="save-pricelist">{t('sales.pricelists.save')}</Button>
          <Button onClick={() => navigate('/sales/pricelists')}>{t('common.back')}</Button>
        </Space>
      </Form>
    </div>
  );
}

export function PricelistPage({ id }: { id: number }) {
  const { t } = useTranslation();
  const { settings, format } = useSession();
  const [list, setList] = useState<Pricelist | null>(null);
  const [notFound, setNotFound] = useState(false);
  const showError = useApiError();
  const products = useProducts(list ? list.items.map((i) => i.product_id ?? 0) : []);
  useEffect(() => {
    api.get<Pricelist>(SALES.pricelist(id)).then(setList).catch((e) => { if (e instanceof ApiError && e.status === 404) setNotFound(true); else showError(e); });
  }, [id, showError]);
  if (notFound) return <Empty description={t('sales.pricelists.notFound')} />;
  if (!list) return <Skeleton active />;
  return (
    <div data-testid="pricelist-page">
      <div className="keel-page-head"><Typography.Title level={1}><bdi>{list.name}</bdi></Typography.Title></div>
      <Card>
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={t('sales.fields.currency')}><span className="keel-mono">{list.currency}</span></Descriptions.Item>
          <Descriptions.Item label={t('sales.pricelists.group')}>{list.customer_group ? <bdi>{list.customer_group}</bdi> : t('sales.pricelists.everyone')}</Descriptions.Item>
        </Descriptions>
        <Table rowKey={(i) => String(i.id ?? `${i.product_id}-${i.min_quantity}`)} size="small" pagination={false} dataSource={list.items} style={{ marginTop: 16 }} data-testid="pricelist-items"
          columns={[
            { title: t('sales.fields.product'), key: 'p', render: (_: unknown, i) => (i.product_id && products[i.product_id] ? <span><bdi className="keel-mono">{products[i.product_id].sku}</bdi> <bdi>{productName(products[i.product_id], settings.language)}</bdi></span> : t('sales.pricelists.allProducts')) },
            { title: t('sales.pricelists.minQuantity'), dataIndex: 'min_quantity', key: 'm', align: 'end' as const, render: (v: string) => <Qty value={v} /> },
            { title: t('sales.pricelists.price'), dataIndex: 'price', key: 'pr', align: 'end' as const, render: (v: string | null) => (v ? <Amount value={v} currency={list.currency} /> : '') },
            { title: t('sales.fields.discount'), dataIndex: 'discount_percent', key: 'd', align: 'end' as const, render: (v: string | null) => (v ? `${format.decimal(v)} %` : '') },
            { title: t('sales.pricelists.from'), dataIndex: 'date_from', key: 'f', render: (v: string | null) => format.date(v) },
            { title: t('sales.pricelists.to'), dataIndex: 'date_to', key: 't', render: (v: string | null) => format.date(v) },
          ]} />
      </Card>
      <Space style={{ marginTop: 16 }}><Button onClick={() => navigate('/sales/pricelists')}>{t('common.back')}</Button></Space>
    </div>
  );
}
