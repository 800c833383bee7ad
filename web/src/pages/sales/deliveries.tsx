// Deliveries: the list, and one delivery's steps — pick with a barcode scanner (a focused field
// the scanner types a SKU or barcode into, then Enter), pack (packages, weight), ship (carrier,
// tracking number). Unknown codes and over-picking are refused with a sound and a message; a
// partial pick ships what was picked and the rest waits in a backorder.
import { Alert, App, Button, Card, Col, Descriptions, Empty, Form, Input, Progress, Row, Select, Skeleton, Space, Table, Typography } from 'antd';
import { ScanOutlined } from '@ant-design/icons';
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ActionKeys } from '../../lib/idempotency';
import { compareDecimal } from '../../lib/decimal';
import { can } from '../../lib/navigation';
import { ApiError } from '../../lib/problem';
import { useApiError } from '../../shell/errors';
import { Link, navigate, useLocation } from '../../shell/router';
import { useSession } from '../../shell/session';
import { normalizeAmountInput } from '../accounting/finance/model';
import { useBusy, usePartnerNames } from '../accounting/finance/shared';
import { SALES } from './api';
import { DELIVERY_STATES, applyScan, parseScan, percentOf, pickProgress, type Delivery, type DeliveryLine } from './model';
import { PagedTable, Qty, SalesTag, beep, productName, useProducts } from './shared';

export function DeliveryListPage() {
  const { t } = useTranslation();
  const { format } = useSession();
  const { query } = useLocation();
  const state = query.get('state') ?? '';
  const [seen, setSeen] = useState<number[]>([]);
  const names = usePartnerNames(seen);
  return (
    <div data-testid="delivery-list">
      <div className="keel-page-head"><Typography.Title level={1}>{t('sales.deliveries.title')}</Typography.Title></div>
      <Form layout="vertical" className="keel-filters" name="delivery-filters">
        <Form.Item label={t('sales.fields.state')} htmlFor="delivery-filter-state">
          <Select id="delivery-filter-state" style={{ width: 180 }} value={state}
            onChange={(v) => navigate('/sales/deliveries' + (v ? `?state=${v}` : ''), { replace: true })}
            options={[{ value: '', label: t('common.all') }, ...DELIVERY_STATES.map((s) => ({ value: s, label: t(`sales.state.${s}`) }))]} />
        </Form.Item>
      </Form>
      <PagedTable<Delivery>
        path={SALES.deliveries} query={{ state: state || undefined }} testId="delivery-table" rowTestId="delivery-row" onLoaded={(items) => setSeen(items.map((d) => d.partner_id))}
        columns={[
          {
            title: t('sales.fields.number'), key: 'n',
            render: (_: unknown, d) => {
              return <Link to={`/sales/deliveries/${d.id}`} data-testid="delivery-link"><bdi className="keel-mono">{d.number ?? `#${format.count(d.id)}`}</bdi></Link>;
            },
          },
          { title: t('sales.fields.order'), key: 'o', render: (_: unknown, d) => <Link to={`/sales/orders/${d.order_id}`}><bdi className="keel-mono">{d.order_number ?? `#${d.order_id}`}</bdi></Link> },
          { title: t('sales.fields.customer'), key: 'p', render: (_: unknown, d) => <bdi>{names[d.partner_id] ?? ''}</bdi> },
          { title: t('sales.fields.date'), dataIndex: 'date', key: 'd', render: (v: string) => format.date(v) },
          { title: t('sales.fields.state'), key: 's', render: (_: unknown, d) => <SalesTag state={d.state} testId="delivery-state" /> },
        ]}
      />
    </div>
  );
}

interface ScanMessage { kind: 'ok' | 'error'; text: string; at: number }

/** The scan field: keeps focus, turns each Enter into one scan. */
function Scanner({ onScan, message, disabled }: { onScan: (text: string) => void; message: ScanMessage | null; disabled: boolean }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const ref = useRef<{ focus: () => void } | null>(null);
  useEffect(() => { if (!disabled) ref.current?.focus(); }, [disabled, message?.at]);
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    const scanned = text;
    setText('');
    onScan(scanned);
  };
  return (
    <div>
      <label htmlFor="scan-input" style={{ display: 'block', fontWeight: 600, marginBottom: 4 }}>{t('sales.deliveries.scanLabel')}</label>
      <Input id="scan-input" ref={ref as never} size="large" prefix={<ScanOutlined />} dir="ltr" autoComplete="off" spellCheck={false}
        value={text} onChange={(e) => setText(e.target.value)} onKeyDown={onKeyDown} disabled={disabled}
        status={message?.kind === 'error' ? 'error' : undefined} placeholder={t('sales.deliveries.scanPlaceholder')} data-testid="scan-input" />
      <div aria-live="assertive" role="status" style={{ minHeight: 40, marginTop: 8 }}>
        {message && (
          <Alert key={message.at} type={message.kind === 'ok' ? 'success' : 'error'} showIcon message={message.text}
            data-testid={message.kind === 'ok' ? 'scan-ok' : 'scan-error'} />
        )}
      </div>
    </div>
  );
}

export function DeliveryPage({ id }: { id: number }) {
  const { t } = useTranslation();
  const { user, settings, format } = useSession();
  const { message } = App.useApp();
  const [delivery, setDelivery] = useState<Delivery | null>(null);
  const [notFound, setNotFound] = useState(false);
  const [scanMessage, setScanMessage] = useState<ScanMessage | null>(null);
  // The lot or serial number the next scans are picked from (kept until changed: a picker
  // takes several units of one lot); empty for untracked goods.
  const [lot, setLot] = useState('');
  const lotRef = useRef('');
  const [pack, setPack] = useState({ packages: '1', weight: '' });
  const [ship, setShip] = useState({ carrier: '', tracking_number: '' });
  const { busy, run } = useBusy();
  const keys = useRef(new ActionKeys());
  const queue = useRef<Promise<void>>(Promise.resolve());
  const current = useRef<Delivery | null>(null);
  const showError = useApiError();
  const names = usePartnerNames(delivery ? [delivery.partner_id] : []);
  const products = useProducts(delivery ? delivery.lines.map((l) => l.product_id) : []);
  const mayWrite = can(user?.permissions, 'sales.delivery.write');

  const adopt = (d: Delivery) => { current.current = d; setDelivery(d); };
  const load = useCallback(async () => {
    try {
      adopt(await api.get<Delivery>(SALES.delivery(id)));
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) setNotFound(true);
      else showError(error);
    }
  }, [id, showError]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => { void load(); }, [load]);

  const lineName = (l: DeliveryLine) => l.product_name || (products[l.product_id] ? productName(products[l.product_id], settings.language) : l.sku);
  const refuse = (text: string) => { beep(); setScanMessage({ kind: 'error', text, at: Date.now() }); };

  /** One scan: checked here first when every line's product is known, then picked by the server (which adds it to the line). */
  const scanOne = async (text: string) => {
    const d = current.current;
    if (!d) return;
    const scan = parseScan(text);
    if (!scan) { refuse(t('sales.deliveries.scanUnreadable')); return; }
    const known = d.lines.every((l) => products[l.product_id]);
    if (known) {
      const lines = d.lines.map((l) => ({ ...l, barcode: products[l.product_id]?.barcode ?? '' }));
      const result = applyScan(lines, scan.code, scan.quantity);
      if (!result.ok) {
        const line = result.index !== undefined ? d.lines[result.index] : null;
        refuse(result.code === 'delivery_code_unknown'
          ? t('sales.deliveries.codeUnknown', { code: scan.code })
          : t('sales.deliveries.overPick', { name: line ? lineName(line) : scan.code, n: format.decimal(line?.quantity ?? '') }));
        return;
      }
    }
    const pickLot = lotRef.current.trim();
    const body = { lines: [{ code: scan.code, quantity: scan.quantity, ...(pickLot ? { lot: pickLot } : {}) }] };
    try {
      const r = await api.request<Delivery>(SALES.deliveryAction(id, 'pick'), { method: 'POST', body });
      adopt(r.data);
      const line = r.data.lines.find((l) => l.sku === scan.code || products[l.product_id]?.barcode === scan.code);
      setScanMessage({ kind: 'ok', at: Date.now(), text: line ? t('sales.deliveries.scanned', { name: lineName(line), picked: format.decimal(line.picked), n: format.decimal(line.quantity) }) : scan.code });
    } catch (error) {
      if (error instanceof ApiError && ['delivery_code_unknown', 'delivery_product_not_in_delivery'].includes(error.code)) refuse(t('sales.deliveries.codeUnknown', { code: scan.code }));
      else if (error instanceof ApiError && error.code === 'delivery_quantity_exceeded') refuse(t('sales.deliveries.overPickShort', { code: scan.code }));
      else { beep(); showError(error); void load(); }
    }
  };
  // Scans are handled one after another, in the order the scanner typed them.
  const onScan = (text: string) => { queue.current = queue.current.then(() => scanOne(text)); };

  const act = (action: 'pack' | 'ship', body: Record<string, unknown>) => run(action, async () => {
    try {
      const r = await api.request<Delivery>(SALES.deliveryAction(id, action), { method: 'POST', body, idempotencyKey: keys.current.keyFor(action, { id, body }) });
      keys.current.done(action);
      adopt(r.data);
      message.success(t(`sales.deliveries.done.${action}`));
      setScanMessage(null);
    } catch (error) {
      keys.current.done(action);
      showError(error);
      void load();
    }
  });

  if (notFound) return <Empty description={t('sales.deliveries.notFound')} />;
  if (!delivery) return <Skeleton active paragraph={{ rows: 8 }} />;
  const s = delivery.state;
  const lines = delivery.lines.map((l) => ({ ...l, barcode: products[l.product_id]?.barcode ?? '' }));
  const progress = pickProgress(lines);
  const percent = percentOf(progress.picked, progress.wanted);
  const partial = !progress.complete;
  const weight = pack.weight.trim() === '' ? null : normalizeAmountInput(pack.weight);
  const packages = /^\d{1,4}$/.test(pack.packages.trim()) ? Number(pack.packages.trim()) : null;

  return (
    <div data-testid="delivery-page" data-state={s}>
      <div className="keel-page-head">
        <Space direction="vertical" size={0}>
          <Typography.Title level={1}><bdi className="keel-mono" data-testid="delivery-number">{delivery.number ?? `#${format.count(delivery.id)}`}</bdi></Typography.Title>
          <Typography.Text type="secondary">
            <Link to={`/sales/orders/${delivery.order_id}`} data-testid="delivery-order"><bdi className="keel-mono">{delivery.order_number ?? `#${delivery.order_id}`}</bdi></Link>
            {' · '}<bdi>{names[delivery.partner_id] ?? ''}</bdi>
          </Typography.Text>
        </Space>
        <Space wrap>
          <SalesTag state={s} testId="delivery-state" />
          <ol aria-label={t('sales.deliveries.steps')} style={{ display: 'flex', gap: 12, listStyle: 'none', margin: 0, padding: 0 }}>
            {(['ready', 'picked', 'packed', 'shipped'] as const).map((step) => (
              <li key={step} aria-current={step === s ? 'step' : undefined} style={{ fontWeight: step === s ? 600 : 400, opacity: step === s ? 1 : 0.6 }}>{t(`sales.state.${step}`)}</li>
            ))}
          </ol>
        </Space>
      </div>
      {delivery.backorder_of && (
        <Alert style={{ marginBottom: 16 }} type="info" showIcon message={<span>{t('sales.deliveries.isBackorder')} <Link to={`/sales/deliveries/${delivery.backorder_of}`}>#{format.count(delivery.backorder_of)}</Link></span>} />
      )}
      {delivery.backorder_id && (
        <Alert style={{ marginBottom: 16 }} type="warning" showIcon data-testid="backorder"
          message={<span>{t('sales.deliveries.backorder')} <Link to={`/sales/deliveries/${delivery.backorder_id}`} data-testid="backorder-link">{t('sales.deliveries.openBackorder')}</Link></span>} />
      )}
      <Row gutter={[16, 16]}>
        {(s === 'ready' || s === 'picked') && mayWrite && (
          <Col xs={24} lg={10}>
            <Card title={t('sales.deliveries.pick')}>
              <Scanner onScan={onScan} message={scanMessage} disabled={busy !== null} />
              <label htmlFor="scan-lot" style={{ display: 'block', marginTop: 4 }}>{t('sales.deliveries.lotLabel')}</label>
              <Input id="scan-lot" dir="ltr" autoComplete="off" spellCheck={false} maxLength={128} value={lot} allowClear
                placeholder={t('sales.deliveries.lotPlaceholder')} data-testid="scan-lot"
                onChange={(e) => { setLot(e.target.value); lotRef.current = e.target.value; }} />
              <Progress percent={percent} showInfo={false} style={{ marginTop: 8 }} />
              <Typography.Paragraph type="secondary" data-testid="pick-progress">
                {t('sales.deliveries.progress', { picked: format.decimal(progress.picked), n: format.decimal(progress.wanted) })}
              </Typography.Paragraph>
              {partial && s === 'picked' && <Alert type="warning" showIcon message={t('sales.deliveries.partialHint')} data-testid="partial-hint" />}
            </Card>
          </Col>
        )}
        {s === 'picked' && mayWrite && (
          <Col xs={24} lg={10}>
            <Card title={t('sales.deliveries.pack')}>
              <Form layout="vertical" onFinish={() => void act('pack', { package_count: packages, ...(weight ? { weight } : {}) })}>
                <Form.Item label={t('sales.fields.packages')} htmlFor="pack-packages" validateStatus={packages === null ? 'error' : undefined}>
                  <Input id="pack-packages" inputMode="numeric" dir="ltr" value={pack.packages} onChange={(e) => setPack((p) => ({ ...p, packages: e.target.value }))} data-testid="pack-packages" autoFocus />
                </Form.Item>
                <Form.Item label={t('sales.fields.weight')} htmlFor="pack-weight" validateStatus={pack.weight.trim() !== '' && weight === null ? 'error' : undefined}>
                  <Input id="pack-weight" inputMode="decimal" dir="ltr" suffix="kg" value={pack.weight} onChange={(e) => setPack((p) => ({ ...p, weight: e.target.value }))} data-testid="pack-weight" />
                </Form.Item>
                <Button type="primary" htmlType="submit" disabled={packages === null || (pack.weight.trim() !== '' && weight === null) || busy !== null} loading={busy === 'pack'} data-testid="confirm-pack">{t('sales.deliveries.confirmPack')}</Button>
              </Form>
            </Card>
          </Col>
        )}
        {s === 'packed' && mayWrite && (
          <Col xs={24} lg={10}>
            <Card title={t('sales.deliveries.ship')}>
              <Form layout="vertical" onFinish={() => void act('ship', { carrier: ship.carrier.trim(), tracking_number: ship.tracking_number.trim() })}>
                <Form.Item label={t('sales.fields.carrier')} htmlFor="ship-carrier">
                  <Input id="ship-carrier" value={ship.carrier} onChange={(e) => setShip((p) => ({ ...p, carrier: e.target.value }))} data-testid="ship-carrier" autoFocus maxLength={100} dir="auto" />
                </Form.Item>
                <Form.Item label={t('sales.fields.trackingNumber')} htmlFor="ship-tracking">
                  <Input id="ship-tracking" dir="ltr" value={ship.tracking_number} onChange={(e) => setShip((p) => ({ ...p, tracking_number: e.target.value }))} data-testid="ship-tracking" maxLength={100} />
                </Form.Item>
                <Button type="primary" htmlType="submit" disabled={busy !== null} loading={busy === 'ship'} data-testid="confirm-ship">{t('sales.deliveries.confirmShip')}</Button>
              </Form>
            </Card>
          </Col>
        )}
        <Col xs={24} lg={s === 'shipped' || s === 'cancelled' || !mayWrite ? 24 : 14}>
          <Card title={t('sales.deliveries.lines')}>
            <Table rowKey="move_id" size="small" pagination={false} dataSource={lines} data-testid="delivery-lines" scroll={{ x: 600 }}
              onRow={(l) => ({ 'data-testid': `dline-${l.sku}`, 'data-done': compareDecimal(l.picked || '0', l.quantity) >= 0 ? 'true' : 'false' } as object)}
              columns={[
                { title: t('sales.fields.sku'), dataIndex: 'sku', key: 'sku', render: (v: string) => <bdi className="keel-mono">{v}</bdi> },
                { title: t('sales.fields.barcode'), dataIndex: 'barcode', key: 'bc', render: (v: string) => <bdi className="keel-mono">{v}</bdi> },
                { title: t('sales.fields.product'), key: 'p', render: (_: unknown, l) => <bdi>{lineName(l)}</bdi> },
                { title: t('sales.fields.quantity'), dataIndex: 'quantity', key: 'q', align: 'end' as const, render: (v: string) => <Qty value={v} /> },
                { title: t('sales.fields.picked'), dataIndex: 'picked', key: 'pk', align: 'end' as const, render: (v: string) => <Qty value={v} testId="dline-picked" /> },
                { title: t('sales.deliveries.lots'), key: 'lots', render: (_: unknown, l) => (
                  <span data-testid="dline-lots">{(l.picks ?? []).filter((p) => p.lot).map((p) => (
                    <div key={p.lot!}><bdi className="keel-mono">{p.lot}</bdi> × <Qty value={p.quantity} /></div>))}</span>) },
                ...(s === 'shipped' ? [{ title: t('sales.fields.shipped'), dataIndex: 'shipped', key: 'sh', align: 'end' as const, render: (v: string) => <Qty value={v} testId="dline-shipped" /> }] : []),
              ]} />
          </Card>
          {(s === 'packed' || s === 'shipped') && (
            <Card style={{ marginTop: 16 }}>
              <Descriptions column={1} size="small">
                <Descriptions.Item label={t('sales.fields.packages')}><span data-testid="delivery-packages">{format.count(delivery.package_count)}</span></Descriptions.Item>
                <Descriptions.Item label={t('sales.fields.weight')}>{delivery.weight && !/^0(\.0+)?$/.test(delivery.weight) ? `${format.decimal(delivery.weight)} kg` : '—'}</Descriptions.Item>
                {s === 'shipped' && <Descriptions.Item label={t('sales.fields.carrier')}><bdi data-testid="delivery-carrier">{delivery.carrier}</bdi></Descriptions.Item>}
                {s === 'shipped' && <Descriptions.Item label={t('sales.fields.trackingNumber')}><bdi className="keel-mono" data-testid="delivery-tracking">{delivery.tracking_number}</bdi></Descriptions.Item>}
                {delivery.shipped_date && <Descriptions.Item label={t('sales.fields.date')}>{format.date(delivery.shipped_date)}</Descriptions.Item>}
              </Descriptions>
            </Card>
          )}
        </Col>
      </Row>
      <Space style={{ marginTop: 16 }}><Button onClick={() => navigate('/sales/deliveries')}>{t('common.back')}</Button></Space>
    </div>
  );
}
