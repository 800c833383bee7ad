// Counts: what was counted at a location (of a lot) against what is recorded there; the
// difference becomes an adjustment move to or from the loss location, shown with its value.
import { Alert, App, Button, Card, Col, Descriptions, Form, Input, Row, Select, Space, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Page } from '../../api/types';
import { KeelDatePicker } from '../../components/DatePicker';
import { dayjs, toIsoDate } from '../../lib/dates';
import { sumDecimals } from '../../lib/decimal';
import { ActionKeys } from '../../lib/idempotency';
import { can } from '../../lib/navigation';
import { ApiError } from '../../lib/problem';
import { useApiError } from '../../shell/errors';
import { Link, useLocation } from '../../shell/router';
import { useSession } from '../../shell/session';
import { Amount } from '../accounting/common';
import { useBusy } from '../accounting/finance/shared';
import { countBody, countDifference, normalizeNumber, type Count, type Move } from './model';
import { useChosenProduct } from './moves';
import { LocationSelect, ProductSelect, Qty, productLabel, useLocationNames, useLocations, useProducts } from './shared';

interface CountValues { product_id?: number; location_id?: number; lot_id?: number | null; counted?: string; date?: Dayjs | null }

export function CountPage() {
  const { t } = useTranslation();
  const { user, settings, format } = useSession();
  const { message } = App.useApp();
  const { query } = useLocation();
  const initialProduct = Number(query.get('product_id')) || undefined;
  const [form] = Form.useForm<CountValues>();
  const productId = Form.useWatch('product_id', form) as number | undefined;
  const locationId = Form.useWatch('location_id', form) as number | undefined;
  const lotId = Form.useWatch('lot_id', form) as number | null | undefined;
  const counted = Form.useWatch('counted', form) as string | undefined;
  const { product, stock, reload } = useChosenProduct(productId ?? initialProduct);
  const locations = useLocations();
  const { name: locationName } = useLocationNames(locations.items);
  const [result, setResult] = useState<{ count: Count; move: Move | null } | null>(null);
  const [history, setHistory] = useState<Count[]>([]);
  const [historyTick, setHistoryTick] = useState(0);
  const products = useProducts(history.map((c) => c.product_id));
  const { busy, run } = useBusy();
  const keys = useRef(new ActionKeys());
  const showError = useApiError();
  const mayCount = can(user?.permissions, 'inventory.count.write');
  const tracked = !!product && product.tracking !== 'none';
  const unit = product?.uom;

  useEffect(() => {
    let live = true;
    api.get<Page<Count>>('/inventory/counts', { limit: 20 }).then((p) => { if (live) setHistory(p.items); }).catch(() => { if (live) setHistory([]); });
    return () => { live = false; };
  }, [historyTick]);

  // What is recorded where the count is made (of the lot, when one is chosen).
  const recorded = stock && locationId
    ? sumDecimals(stock.rows.filter((r) => r.location_id === locationId && (!tracked || !lotId || r.lot_id === lotId)).map((r) => r.on_hand))
    : null;
  const difference = recorded !== null ? countDifference(counted, recorded) : null;
  const lots = (stock?.rows ?? []).filter((r) => r.lot_id && (!locationId || r.location_id === locationId));

  const submit = useCallback(() => run('count', async () => {
    let values: CountValues;
    try { values = await form.validateFields(); } catch { return; }
    const body = countBody({ ...values, date: values.date ? toIsoDate(values.date) : null });
    try {
      const response = await api.request<Count>('/inventory/counts', { method: 'POST', body, idempotencyKey: keys.current.keyFor('count', body) });
      keys.current.done('count');
      const count = response.data;
      const move = count.move_id ? await api.get<Move>(`/inventory/moves/${count.move_id}`).catch(() => null) : null;
      setResult({ count, move });
      message.success(t('inv.counts.recorded'));
      form.setFieldsValue({ counted: '' });
      reload();
      setHistoryTick((x) => x + 1);
    } catch (error) {
      if (!(error instanceof ApiError) || error.status < 500) keys.current.done('count');
      showError(error, form);
    }
  }), [form, run, message, t, reload, showError]);

  return (
    <div data-testid="count-page">
      <div className="keel-page-head"><Typography.Title level={1}>{t('inv.counts.title')}</Typography.Title></div>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card>
            <Form<CountValues> form={form} layout="vertical" name="count" onFinish={() => void submit()} disabled={!mayCount}
              initialValues={{ product_id: initialProduct, date: dayjs() }}>
              <Row gutter={16}>
                <Col xs={24} md={12}>
                  <Form.Item label={t('inv.fields.product')} name="product_id" rules={[{ required: true, message: t('inv.productRequired') }]}>
                    <ProductSelect stockOnly initial={initialProduct && product?.id === initialProduct ? product : null} key={product && initialProduct ? 'named' : 'plain'}
                      data-testid="field-product" placeholder={t('inv.searchProduct')} onChange={() => { form.setFieldsValue({ lot_id: null }); setResult(null); }} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item label={t('inv.fields.location')} name="location_id" rules={[{ required: true, message: t('inv.locationRequired') }]}>
                    <LocationSelect locations={locations.items} data-testid="field-location" onChange={() => form.setFieldsValue({ lot_id: null })} />
                  </Form.Item>
                </Col>
                {tracked && (
                  <Col xs={24} md={8}>
                    <Form.Item label={t('inv.fields.lot')} name="lot_id" rules={[{ required: true, message: t('inv.moves.lotRequired') }]}>
                      <Select allowClear data-testid="field-lot" options={lots.map((r) => ({ value: r.lot_id!, label: r.lot_name ?? `#${r.lot_id}` }))} />
                    </Form.Item>
                  </Col>
                )}
                <Col xs={12} md={8}>
                  <Form.Item label={t('inv.counts.counted')} name="counted"
                    rules={[{ validator: (_, v: string) => (!v || !v.trim() ? Promise.reject(new Error(t('inv.quantityRequired'))) : normalizeNumber(v) !== null ? Promise.resolve() : Promise.reject(new Error(t('inv.numberInvalid')))) }]}>
                    <Input inputMode="decimal" dir="ltr" data-testid="field-counted" suffix={unit ? <bdi>{unit}</bdi> : undefined} />
                  </Form.Item>
                </Col>
                <Col xs={12} md={8}>
                  <Form.Item label={t('inv.fields.date')} name="date">
                    <KeelDatePicker style={{ width: '100%' }} data-testid="field-date" />
                  </Form.Item>
                </Col>
              </Row>
              <Descriptions size="small" bordered column={1} style={{ maxWidth: 480 }}>
                <Descriptions.Item label={t('inv.counts.recordedHere')}><span data-testid="count-recorded">{recorded !== null ? <Qty value={recorded} unit={unit} /> : '—'}</span></Descriptions.Item>
                <Descriptions.Item label={t('inv.counts.difference')}>
                  <span data-testid="count-difference" aria-live="polite">{difference !== null ? <Qty value={difference} unit={unit} strong /> : '—'}</span>
                </Descriptions.Item>
              </Descriptions>
              {mayCount && (
                <Space style={{ marginTop: 16 }}>
                  <Button type="primary" htmlType="submit" loading={busy === 'count'} disabled={busy !== null} data-testid="submit-count">{t('inv.counts.apply')}</Button>
                </Space>
              )}
            </Form>
          </Card>
          {result && (
            <Alert style={{ marginTop: 16 }} showIcon type={result.count.move_id ? 'warning' : 'success'} data-testid="count-result"
              message={result.count.move_id ? t('inv.counts.adjusted') : t('inv.counts.noDifference')}
              description={(
                <Descriptions size="small" column={1}>
                  <Descriptions.Item label={t('inv.counts.counted')}><Qty value={result.count.counted} unit={unit} /></Descriptions.Item>
                  <Descriptions.Item label={t('inv.counts.recordedBefore')}><Qty value={result.count.on_hand} unit={unit} /></Descriptions.Item>
                  <Descriptions.Item label={t('inv.counts.adjustment')}><Qty value={result.count.difference} unit={unit} testId="adjustment-quantity" strong /></Descriptions.Item>
                  {result.move && (
                    <Descriptions.Item label={t('inv.fields.value')}>
                      <Space wrap>
                        <Amount value={result.move.value} currency={result.move.currency} testId="adjustment-value" />
                        <span>{t('inv.counts.moveBetween', { from: locationName(result.move.from_location_id), to: locationName(result.move.to_location_id) })}</span>
                        {result.move.entry_id ? <Link to={`/accounting/entries/${result.move.entry_id}`} data-testid="adjustment-entry">{t('inv.moves.entryN', { id: format.count(result.move.entry_id) })}</Link> : null}
                      </Space>
                    </Descriptions.Item>
                  )}
                </Descriptions>
              )}
            />
          )}
        </Col>
        <Col xs={24} xl={10}>
          <Card title={t('inv.counts.recent')} size="small">
            <Table<Count>
              rowKey="id" size="small" pagination={false} dataSource={history} data-testid="count-history" locale={{ emptyText: t('inv.counts.none') }} scroll={{ x: 500 }}
              columns={[
                { title: t('inv.fields.date'), dataIndex: 'date', key: 'd', render: (v: string) => format.date(v) },
                { title: t('inv.fields.product'), key: 'p', render: (_: unknown, c: Count) => <bdi>{products[c.product_id] ? productLabel(products[c.product_id], settings.language) : `#${c.product_id}`}</bdi> },
                { title: t('inv.fields.location'), key: 'l', render: (_: unknown, c: Count) => <bdi>{locationName(c.location_id)}</bdi> },
                { title: t('inv.counts.counted'), dataIndex: 'counted', key: 'c', align: 'end' as const, render: (v: string) => <Qty value={v} /> },
                { title: t('inv.counts.difference'), dataIndex: 'difference', key: 'x', align: 'end' as const, render: (v: string) => <Qty value={v} /> },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
