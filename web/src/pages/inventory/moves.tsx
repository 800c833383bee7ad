// Moves: the list with filters and keyset paging, and the commands that make moves: a receipt
// (product, quantity, unit cost, lots or serials with expiry), a transfer and a scrap.
import { Alert, App, Button, Card, Col, Form, Input, Row, Select, Space, Typography } from 'antd';
import { DeleteOutlined, LeftOutlined, PlusOutlined, RightOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Page } from '../../api/types';
import { KeelDatePicker } from '../../components/DatePicker';
import { dayjs, toIsoDate } from '../../lib/dates';
import { sumDecimals } from '../../lib/decimal';
import { ActionKeys } from '../../lib/idempotency';
import { ApiError } from '../../lib/problem';
import { useApiError } from '../../shell/errors';
import { navigate, useLocation } from '../../shell/router';
import { useSession } from '../../shell/session';
import { Amount, PartnerSelect } from '../accounting/common';
import { multiplyDecimal } from '../accounting/finance/model';
import { useBusy } from '../accounting/finance/shared';
import {
  MOVE_STATES, filtersQuery, moveFiltersFrom, normalizeNumber, readProductStock, receiptBody, scrapBody, transferBody,
  type Move, type MoveFilters, type Product, type ProductStock,
} from './model';
import { MovesTable } from './stock';
import { LocationSelect, ProductSelect, Qty, useLocationNames, useLocations, useProducts, useUoms } from './shared';

const PAGE_SIZES = [25, 50, 100];

export function MoveListPage() {
  const { t } = useTranslation();
  const { format } = useSession();
  const { query } = useLocation();
  const filters = useMemo(() => moveFiltersFrom(query), [query.toString()]); // eslint-disable-line react-hooks/exhaustive-deps
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [page, setPage] = useState<Page<Move> | null>(null);
  const [loading, setLoading] = useState(false);
  const showError = useApiError();
  const sequence = useRef(0);
  const locations = useLocations();
  const { name: locationName } = useLocationNames(locations.items);
  const filterProduct = useProducts(filters.product_id ? [Number(filters.product_id)] : [])[Number(filters.product_id)];
  const pageIndex = cursors.length - 1;

  const load = useCallback(async (cursor: string | null) => {
    const mine = ++sequence.current;
    setLoading(true);
    try {
      const result = await api.get<Page<Move>>('/inventory/moves', { ...filters, cursor: cursor ?? undefined });
      if (mine === sequence.current) setPage(result);
    } catch (error) {
      if (mine === sequence.current) showError(error);
    } finally {
      if (mine === sequence.current) setLoading(false);
    }
  }, [filters, showError]);
  useEffect(() => { setCursors([null]); void load(null); }, [load]);

  const apply = (values: Partial<MoveFilters>) => {
    const qs = filtersQuery({ ...filters, ...values } as unknown as Record<string, string | number>);
    navigate('/inventory/moves' + (qs ? '?' + qs : ''), { replace: true });
  };
  const items = page?.items ?? [];

  return (
    <div data-testid="move-list">
      <div className="keel-page-head">
        <Typography.Title level={1}>{t('inv.moves.title')}</Typography.Title>
        <Space wrap>
          <Button type="primary" onClick={() => navigate('/inventory/moves/receive')} data-testid="new-receipt">{t('inv.moves.receive')}</Button>
          <Button onClick={() => navigate('/inventory/moves/transfer')} data-testid="new-transfer">{t('inv.moves.transfer')}</Button>
          <Button onClick={() => navigate('/inventory/moves/scrap')} data-testid="new-scrap">{t('inv.moves.scrap')}</Button>
        </Space>
      </div>
      <Form layout="vertical" className="keel-filters" name="move-filters">
        <Form.Item label={t('inv.fields.product')} htmlFor="move-filter-product">
          <ProductSelect key={filterProduct ? 'named' : 'plain'} initial={filterProduct ?? null} id="move-filter-product" style={{ width: 280 }}
            value={filters.product_id ? Number(filters.product_id) : undefined} onChange={(v) => apply({ product_id: v ? String(v) : '' })} data-testid="filter-product" />
        </Form.Item>
        <Form.Item label={t('inv.fields.location')} htmlFor="move-filter-location">
          <LocationSelect id="move-filter-location" style={{ width: 240 }} allowClear locations={locations.items}
            usages={['internal', 'supplier', 'customer', 'loss', 'production', 'transit']}
            value={filters.location_id ? Number(filters.location_id) : undefined} onChange={(v) => apply({ location_id: v ? String(v) : '' })} data-testid="filter-location" />
        </Form.Item>
        <Form.Item label={t('inv.fields.state')} htmlFor="move-filter-state">
          <Select id="move-filter-state" style={{ width: 170 }} value={filters.state} onChange={(state) => apply({ state })} data-testid="filter-state"
            options={[{ value: '', label: t('common.all') }, ...MOVE_STATES.map((v) => ({ value: v, label: t(`inv.moveState.${v}`) }))]} />
        </Form.Item>
        <Form.Item label={t('inv.fields.origin')} htmlFor="move-filter-origin">
          <Input.Search id="move-filter-origin" allowClear style={{ width: 200 }} defaultValue={filters.origin} dir="ltr" onSearch={(origin) => apply({ origin: origin.trim() })} data-testid="filter-origin" />
        </Form.Item>
        <Form.Item label={t('inv.fields.from')} htmlFor="move-filter-from">
          <KeelDatePicker id="move-filter-from" style={{ width: 170 }} value={filters.from ? dayjs(filters.from) : null} onChange={(d) => apply({ from: d ? toIsoDate(d) : '' })} />
        </Form.Item>
        <Form.Item label={t('inv.fields.to')} htmlFor="move-filter-to">
          <KeelDatePicker id="move-filter-to" style={{ width: 170 }} value={filters.to ? dayjs(filters.to) : null} onChange={(d) => apply({ to: d ? toIsoDate(d) : '' })} />
        </Form.Item>
      </Form>
      <MovesTable moves={items} loading={loading} locationName={locationName} showProduct />
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

/** The product chosen in a form (fetched when its id changes), with its stock. */
export function useChosenProduct(productId: number | undefined): { product: Product | null; stock: ProductStock | null; reload: () => void } {
  const [product, setProduct] = useState<Product | null>(null);
  const [stock, setStock] = useState<ProductStock | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    if (!productId) { setProduct(null); setStock(null); return; }
    api.get<Product>(`/inventory/products/${productId}`).then((p) => { if (live) setProduct(p); }).catch(() => { if (live) setProduct(null); });
    api.get<Record<string, unknown>>(`/inventory/products/${productId}/stock`).then((s) => { if (live) setStock(readProductStock(s, productId)); }).catch(() => { if (live) setStock(null); });
    return () => { live = false; };
  }, [productId, tick]);
  return { product, stock, reload: useCallback(() => setTick((x) => x + 1), []) };
}

/** The product named by ?product_id= in the page URL (the stock page's buttons pass it). */
function useProductFromUrl(): number | undefined {
  const { query } = useLocation();
  return Number(query.get('product_id')) || undefined;
}

const numberRule = (t: (k: string) => string, required: boolean) => ({
  validator: (_: unknown, v: string) => {
    if (!v || !v.trim()) return required ? Promise.reject(new Error(t('inv.quantityRequired'))) : Promise.resolve();
    return normalizeNumber(v) !== null ? Promise.resolve() : Promise.reject(new Error(t('inv.numberInvalid')));
  },
});

interface ReceiptValues {
  product_id?: number; quantity?: string; unit_cost?: string; location_id?: number | null; partner_id?: number | null; date?: Dayjs | null;
  lots?: { name?: string; quantity?: string; expiry_date?: Dayjs | null }[];
}

/**
 * Posts a stock command with one idempotency key per attempt of the same content, shows the
 * server's field errors on the form, and returns the response (null when refused).
 */
function useCommand<T>(path: string) {
  const keys = useRef(new ActionKeys());
  const showError = useApiError();
  return useCallback(async (body: Record<string, unknown>, form: Parameters<ReturnType<typeof useApiError>>[1]): Promise<T | null> => {
    try {
      const response = await api.request<T>(path, { method: 'POST', body, idempotencyKey: keys.current.keyFor('post', body) });
      keys.current.done('post');
      return response.data;
    } catch (error) {
      if (!(error instanceof ApiError) || error.status < 500) keys.current.done('post');
      showError(error, form);
      return null;
    }
  }, [path, showError]);
}

export function ReceiptPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const { message } = App.useApp();
  const [form] = Form.useForm<ReceiptValues>();
  const initialProduct = useProductFromUrl();
  const productId = Form.useWatch('product_id', form) as number | undefined;
  const { product } = useChosenProduct(productId ?? initialProduct);
  const locations = useLocations();
  const uoms = useUoms();
  const { busy, run } = useBusy();
  const post = useCommand<Move>('/inventory/receipts');
  const quantity = Form.useWatch('quantity', form) as string | undefined;
  const cost = Form.useWatch('unit_cost', form) as string | undefined;
  const tracked = product && product.tracking !== 'none';
  const unit = product ? uoms.items.find((u) => u.id === product.uom_id)?.name : undefined;
  const q = normalizeNumber(quantity);
  const c = normalizeNumber(cost);
  const value = q !== null && c !== null ? multiplyDecimal(q, c) : null;

  const submit = () => run('receive', async () => {
    let values: ReceiptValues;
    try { values = await form.validateFields(); } catch { return; }
    const body = receiptBody({
      ...values, date: values.date ? toIsoDate(values.date) : null,
      lots: tracked ? (values.lots ?? []).map((l) => ({ name: l.name, quantity: product?.tracking === 'serial' ? '1' : l.quantity, expiry_date: l.expiry_date ? toIsoDate(l.expiry_date) : null })) : [],
    });
    const move = await post(body, form);
    if (!move) return;
    message.success(t('inv.moves.received'));
    navigate(`/inventory/products/${move.product_id}/stock`);
  });

  return (
    <div data-testid="receipt-form">
      <div className="keel-page-head"><Typography.Title level={1}>{t('inv.moves.receiveTitle')}</Typography.Title></div>
      <Form<ReceiptValues> form={form} layout="vertical" name="receipt" onFinish={() => void submit()}
        initialValues={{ product_id: initialProduct, date: dayjs(), lots: [{}] }}>
        <Card>
          <Row gutter={16}>
            <Col xs={24} lg={10}>
              <Form.Item label={t('inv.fields.product')} name="product_id" rules={[{ required: true, message: t('inv.productRequired') }]}>
                <ProductSelect stockOnly initial={initialProduct && product?.id === initialProduct ? product : null} key={product && initialProduct ? 'named' : 'plain'}
                  data-testid="field-product" placeholder={t('inv.searchProduct')} />
              </Form.Item>
            </Col>
            <Col xs={12} lg={4}>
              <Form.Item label={t('inv.fields.quantity')} name="quantity" rules={[numberRule(t, true)]}>
                <Input inputMode="decimal" dir="ltr" data-testid="field-quantity" suffix={unit ? <bdi>{unit}</bdi> : undefined} />
              </Form.Item>
            </Col>
            <Col xs={12} lg={4}>
              <Form.Item label={t('inv.fields.unitCost')} name="unit_cost" rules={[numberRule(t, false)]} extra={t('inv.moves.costHelp')}>
                <Input inputMode="decimal" dir="ltr" data-testid="field-unit-cost" suffix={<span className="keel-mono">{user?.company?.currency}</span>} />
              </Form.Item>
            </Col>
            <Col xs={24} lg={6}>
              <Form.Item label={t('inv.fields.value')}>
                <div style={{ paddingBlock: 5 }} data-testid="receipt-value" aria-live="polite">{value !== null ? <Amount value={value} /> : <Typography.Text type="secondary">—</Typography.Text>}</div>
              </Form.Item>
            </Col>
            <Col xs={24} lg={10}>
              <Form.Item label={t('inv.moves.destination')} name="location_id" extra={t('inv.moves.destinationHelp')}>
                <LocationSelect locations={locations.items} allowClear data-testid="field-location" />
              </Form.Item>
            </Col>
            <Col xs={24} lg={8}>
              <Form.Item label={t('inv.fields.supplier')} name="partner_id">
                <PartnerSelect data-testid="field-partner" placeholder={t('inv.searchPartner')} />
              </Form.Item>
            </Col>
            <Col xs={24} lg={6}>
              <Form.Item label={t('inv.fields.date')} name="date">
                <KeelDatePicker style={{ width: '100%' }} data-testid="field-date" />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        {tracked && (
          <Card title={t(product!.tracking === 'serial' ? 'inv.moves.serials' : 'inv.moves.lots')} style={{ marginTop: 16 }}>
            <Form.List name="lots">
              {(fields, { add, remove }) => (
                <div role="group" aria-label={t('inv.moves.lots')}>
                  {fields.map((field, index) => {
                    const n = index + 1;
                    return (
                      <Row gutter={8} key={field.key} data-testid={`lot-${index}`}>
                        <Col xs={24} md={9}>
                          <Form.Item name={[field.name, 'name']} label={index === 0 ? t(product!.tracking === 'serial' ? 'inv.fields.serial' : 'inv.fields.lot') : undefined}
                            rules={[{ required: true, whitespace: true, message: t('inv.moves.lotRequired') }]}>
                            <Input dir="ltr" maxLength={64} aria-label={t('inv.moves.lotN', { n })} data-testid={`lot-${index}-name`} />
                          </Form.Item>
                        </Col>
                        {product!.tracking === 'lot' && (
                          <Col xs={10} md={5}>
                            <Form.Item name={[field.name, 'quantity']} label={index === 0 ? t('inv.fields.quantity') : undefined} rules={[numberRule(t, true)]}>
                              <Input inputMode="decimal" dir="ltr" aria-label={t('inv.moves.lotQuantityN', { n })} data-testid={`lot-${index}-quantity`} />
                            </Form.Item>
                          </Col>
                        )}
                        <Col xs={12} md={6}>
                          <Form.Item name={[field.name, 'expiry_date']} label={index === 0 ? t('inv.fields.expiry') : undefined}>
                            <KeelDatePicker style={{ width: '100%' }} aria-label={t('inv.moves.lotExpiryN', { n })} data-testid={`lot-${index}-expiry`} />
                          </Form.Item>
                        </Col>
                        <Col xs={2} md={1}>
                          <Form.Item label={index === 0 ? ' ' : undefined}>
                            <Button icon={<DeleteOutlined />} disabled={fields.length === 1} onClick={() => remove(field.name)} aria-label={t('inv.moves.removeLot', { n })} />
                          </Form.Item>
                        </Col>
                      </Row>
                    );
                  })}
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} data-testid="add-lot">{t(product!.tracking === 'serial' ? 'inv.moves.addSerial' : 'inv.moves.addLot')}</Button>
                </div>
              )}
            </Form.List>
          </Card>
        )}
        <Space style={{ marginTop: 16 }} wrap>
          <Button type="primary" htmlType="submit" loading={busy === 'receive'} disabled={busy !== null} data-testid="submit-receipt">{t('inv.moves.receive')}</Button>
          <Button onClick={() => navigate('/inventory/moves')}>{t('common.back')}</Button>
        </Space>
      </Form>
    </div>
  );
}

interface TransferValues { product_id?: number; quantity?: string; from_location_id?: number; to_location_id?: number; lot_id?: number | null; date?: Dayjs | null; reason?: string; location_id?: number }

/** The lots of the product with stock at a location, for a select. */
function lotOptions(stock: ProductStock | null, locationId: number | undefined) {
  return (stock?.rows ?? [])
    .filter((r) => r.lot_id && (locationId === undefined || r.location_id === locationId))
    .map((r) => ({ value: r.lot_id!, label: `${r.lot_name}` }));
}

/** What is available at a location of the chosen product (all lots): shown below the location. */
function AvailableHint({ stock, locationId, unit }: { stock: ProductStock | null; locationId: number | undefined; unit?: string }) {
  const { t } = useTranslation();
  if (!stock || !locationId) return null;
  const available = sumDecimals(stock.rows.filter((r) => r.location_id === locationId).map((r) => r.available));
  return (
    <Typography.Text type="secondary" data-testid="available-here">
      {t('inv.moves.availableHere')} <Qty value={available} unit={unit} />
    </Typography.Text>
  );
}

export function TransferPage({ kind }: { kind: 'transfer' | 'scrap' }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<TransferValues>();
  const initialProduct = useProductFromUrl();
  const productId = Form.useWatch('product_id', form) as number | undefined;
  const from = Form.useWatch(kind === 'scrap' ? 'location_id' : 'from_location_id', form) as number | undefined;
  const { product, stock } = useChosenProduct(productId ?? initialProduct);
  const locations = useLocations();
  const uoms = useUoms();
  const { busy, run } = useBusy();
  const post = useCommand<Move | { moves: Move[] }>(kind === 'scrap' ? '/inventory/scrap' : '/inventory/transfers');
  const unit = product ? uoms.items.find((u) => u.id === product.uom_id)?.name : undefined;
  const tracked = product && product.tracking !== 'none';
  const fromName = kind === 'scrap' ? 'location_id' : 'from_location_id';

  const submit = () => run(kind, async () => {
    let values: TransferValues;
    try { values = await form.validateFields(); } catch { return; }
    const date = values.date ? toIsoDate(values.date) : null;
    const body = kind === 'scrap' ? scrapBody({ ...values, date }) : transferBody({ ...values, date });
    const done = await post(body, form);
    if (!done) return;
    message.success(t(kind === 'scrap' ? 'inv.moves.scrapped' : 'inv.moves.transferred'));
    navigate(`/inventory/products/${values.product_id}/stock`);
  });

  return (
    <div data-testid={`${kind}-form`}>
      <div className="keel-page-head"><Typography.Title level={1}>{t(kind === 'scrap' ? 'inv.moves.scrapTitle' : 'inv.moves.transferTitle')}</Typography.Title></div>
      {kind === 'scrap' && <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('inv.moves.scrapHint')} />}
      <Form<TransferValues> form={form} layout="vertical" name={kind} onFinish={() => void submit()} initialValues={{ product_id: initialProduct, date: dayjs() }}>
        <Card>
          <Row gutter={16}>
            <Col xs={24} lg={10}>
              <Form.Item label={t('inv.fields.product')} name="product_id" rules={[{ required: true, message: t('inv.productRequired') }]}>
                <ProductSelect stockOnly initial={initialProduct && product?.id === initialProduct ? product : null} key={product && initialProduct ? 'named' : 'plain'}
                  data-testid="field-product" placeholder={t('inv.searchProduct')} onChange={() => form.setFieldsValue({ lot_id: null })} />
              </Form.Item>
            </Col>
            <Col xs={24} lg={7}>
              <Form.Item label={t(kind === 'scrap' ? 'inv.fields.location' : 'inv.fields.from')} name={fromName} rules={[{ required: true, message: t('inv.locationRequired') }]}
                extra={<AvailableHint stock={stock} locationId={from} unit={unit} />}>
                <LocationSelect locations={locations.items} data-testid="field-from" onChange={() => form.setFieldsValue({ lot_id: null })} />
              </Form.Item>
            </Col>
            {kind === 'transfer' && (
              <Col xs={24} lg={7}>
                <Form.Item label={t('inv.fields.to')} name="to_location_id" rules={[{ required: true, message: t('inv.locationRequired') }]}>
                  <LocationSelect locations={locations.items} data-testid="field-to" />
                </Form.Item>
              </Col>
            )}
            {tracked && (
              <Col xs={24} lg={6}>
                <Form.Item label={t('inv.fields.lot')} name="lot_id" rules={[{ required: true, message: t('inv.moves.lotRequired') }]}>
                  <Select allowClear options={lotOptions(stock, from)} data-testid="field-lot" />
                </Form.Item>
              </Col>
            )}
            <Col xs={12} lg={4}>
              <Form.Item label={t('inv.fields.quantity')} name="quantity" rules={[numberRule(t, true)]}>
                <Input inputMode="decimal" dir="ltr" data-testid="field-quantity" suffix={unit ? <bdi>{unit}</bdi> : undefined} />
              </Form.Item>
            </Col>
            <Col xs={12} lg={5}>
              <Form.Item label={t('inv.fields.date')} name="date">
                <KeelDatePicker style={{ width: '100%' }} data-testid="field-date" />
              </Form.Item>
            </Col>
            {kind === 'scrap' && (
              <Col xs={24} lg={9}>
                <Form.Item label={t('inv.fields.reason')} name="reason">
                  <Input dir="auto" maxLength={200} data-testid="field-reason" />
                </Form.Item>
              </Col>
            )}
          </Row>
        </Card>
        <Space style={{ marginTop: 16 }} wrap>
          <Button type="primary" htmlType="submit" danger={kind === 'scrap'} loading={busy === kind} disabled={busy !== null} data-testid={`submit-${kind}`}>
            {t(kind === 'scrap' ? 'inv.moves.scrap' : 'inv.moves.transfer')}
          </Button>
          <Button onClick={() => navigate('/inventory/moves')}>{t('common.back')}</Button>
        </Space>
      </Form>
    </div>
  );
}
