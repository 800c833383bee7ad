// Stock: per product the levels (on hand, reserved, available, incoming, outgoing, forecast) by
// location and lot with its moves and their values; and an overview of the stock by location.
import { Button, Card, Col, Empty, Row, Select, Skeleton, Space, Statistic, Table, Tag, Tree, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Page } from '../../api/types';
import { can } from '../../lib/navigation';
import { ApiError } from '../../lib/problem';
import { useApiError } from '../../shell/errors';
import { Link, navigate, useLocation } from '../../shell/router';
import { useSession } from '../../shell/session';
import { Amount } from '../accounting/common';
import {
  locationTree, movesValue, productName, readProductStock, sumStockRows, variantLabel,
  type Location, type LocationNode, type Move, type Product, type ProductStock, type StockRow, type StockTotals,
} from './model';
import { MoveStateTag, Qty, productLabel, useLocationNames, useLocations, useProducts, useUoms, useWarehouses } from './shared';

const TOTALS: (keyof StockTotals)[] = ['on_hand', 'reserved', 'available', 'incoming', 'outgoing', 'forecast'];

/** The moves table shared by the product stock page and the move list. */
export function MovesTable({ moves, loading, locationName, showProduct, unitOf }: {
  moves: Move[]; loading: boolean; locationName: (id: number) => string; showProduct?: boolean; unitOf?: (productId: number) => string | undefined;
}) {
  const { t } = useTranslation();
  const { format, settings } = useSession();
  const products = useProducts(showProduct ? moves.map((m) => m.product_id) : []);
  const columns = [
    { title: t('inv.fields.date'), dataIndex: 'date', key: 'date', render: (d: string) => format.date(d) },
    { title: t('inv.fields.reference'), key: 'id', render: (_: unknown, m: Move) => <span className="keel-mono" data-testid="move-id">#{m.id}</span> },
    ...(showProduct ? [{
      title: t('inv.fields.product'), key: 'product',
      render: (_: unknown, m: Move) => (products[m.product_id]
        ? <Link to={`/inventory/products/${m.product_id}/stock`}><bdi>{productLabel(products[m.product_id], settings.language)}</bdi></Link> : `#${m.product_id}`),
    }] : []),
    { title: t('inv.fields.from'), dataIndex: 'from_location_id', key: 'from', render: (id: number) => <bdi data-testid="move-from">{locationName(id)}</bdi> },
    { title: t('inv.fields.to'), dataIndex: 'to_location_id', key: 'to', render: (id: number) => <bdi data-testid="move-to">{locationName(id)}</bdi> },
    {
      title: t('inv.fields.lots'), key: 'lots',
      render: (_: unknown, m: Move) => (m.lots ?? []).map((l) => <Tag key={`${l.lot_id}`}><bdi className="keel-mono">{l.lot_name}</bdi></Tag>),
    },
    {
      title: t('inv.fields.quantity'), key: 'quantity', align: 'end' as const,
      render: (_: unknown, m: Move) => <Qty value={m.state === 'done' ? m.done_quantity || m.quantity : m.quantity} unit={unitOf?.(m.product_id)} testId="move-quantity" />,
    },
    { title: t('inv.fields.value'), key: 'value', align: 'end' as const, render: (_: unknown, m: Move) => (m.state === 'done' ? <Amount value={m.value} currency={m.currency} testId="move-value" /> : null) },
    { title: t('inv.fields.origin'), dataIndex: 'origin', key: 'origin', render: (v: string) => <bdi className="keel-mono">{v}</bdi> },
    { title: t('inv.fields.state'), dataIndex: 'state', key: 'state', render: (s: string) => <MoveStateTag state={s} /> },
    {
      title: t('inv.fields.entry'), key: 'entry',
      render: (_: unknown, m: Move) => (m.entry_id ? <Link to={`/accounting/entries/${m.entry_id}`} data-testid="move-entry">{t('inv.moves.entryN', { id: format.count(m.entry_id) })}</Link> : null),
    },
  ];
  return (
    <Table<Move> rowKey="id" size="small" loading={loading} columns={columns} dataSource={moves} pagination={false} scroll={{ x: 1000 }}
      locale={{ emptyText: t('inv.moves.none') }} onRow={(m) => ({ 'data-testid': `move-row-${m.id}`, 'data-origin': m.origin } as never)} />
  );
}

export function ProductStockPage({ id }: { id: number }) {
  const { t } = useTranslation();
  const { user, settings, format } = useSession();
  const { query } = useLocation();
  const warehouseId = query.get('warehouse_id') ?? '';
  const [product, setProduct] = useState<Product | null>(null);
  const [stock, setStock] = useState<ProductStock | null>(null);
  const [moves, setMoves] = useState<Page<Move> | null>(null);
  const [notFound, setNotFound] = useState(false);
  const [loadingMoves, setLoadingMoves] = useState(true);
  const showError = useApiError();
  const warehouses = useWarehouses();
  const locations = useLocations();
  const uoms = useUoms();
  const { name: locationName } = useLocationNames(locations.items);
  const mayMove = can(user?.permissions, 'inventory.move.write');
  const mayCount = can(user?.permissions, 'inventory.count.write');

  const load = useCallback(async () => {
    try {
      const [p, s] = await Promise.all([
        api.get<Product>(`/inventory/products/${id}`),
        api.get<Record<string, unknown>>(`/inventory/products/${id}/stock`, { warehouse_id: warehouseId || undefined }),
      ]);
      setProduct(p);
      setStock(readProductStock(s, id));
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) setNotFound(true);
      else showError(error);
    }
    setLoadingMoves(true);
    try {
      setMoves(await api.get<Page<Move>>('/inventory/moves', { product_id: id, limit: 100 }));
    } catch (error) {
      showError(error);
    } finally {
      setLoadingMoves(false);
    }
  }, [id, warehouseId, showError]);
  useEffect(() => { void load(); }, [load]);

  if (notFound) return <Empty description={t('inv.products.notFound')} />;
  if (!product || !stock) return <Skeleton active paragraph={{ rows: 10 }} />;
  const unit = uoms.items.find((u) => u.id === product.uom_id)?.name;
  const rowsTotal = sumStockRows(stock.rows);
  const moveItems = moves?.items ?? [];
  const doneValue = movesValue(moveItems);
  const withProduct = (path: string) => `${path}?product_id=${id}`;

  return (
    <div data-testid="product-stock" data-product-id={id}>
      <div className="keel-page-head">
        <Space direction="vertical" size={0}>
          <Typography.Title level={1}><bdi>{productName(product, settings.language)}</bdi></Typography.Title>
          <Typography.Text type="secondary">
            <span className="keel-mono">{product.sku}</span>{variantLabel(product) ? <> · <bdi>{variantLabel(product)}</bdi></> : null}
            {' · '}<Link to={`/inventory/products/${id}`}>{t('inv.stock.productCard')}</Link>
          </Typography.Text>
        </Space>
        <Space wrap>
          <Select aria-label={t('inv.fields.warehouse')} style={{ width: 200 }} value={warehouseId} data-testid="stock-warehouse"
            onChange={(v) => navigate(`/inventory/products/${id}/stock${v ? `?warehouse_id=${v}` : ''}`, { replace: true })}
            options={[{ value: '', label: t('inv.stock.allWarehouses') }, ...warehouses.items.map((w) => ({ value: String(w.id), label: `${w.code} · ${w.name}` }))]} />
          {mayMove && <Button type="primary" onClick={() => navigate(withProduct('/inventory/moves/receive'))} data-testid="stock-receive">{t('inv.moves.receive')}</Button>}
          {mayMove && <Button onClick={() => navigate(withProduct('/inventory/moves/transfer'))} data-testid="stock-transfer">{t('inv.moves.transfer')}</Button>}
          {mayMove && <Button onClick={() => navigate(withProduct('/inventory/moves/scrap'))} data-testid="stock-scrap">{t('inv.moves.scrap')}</Button>}
          {mayCount && <Button onClick={() => navigate(withProduct('/inventory/counts'))} data-testid="stock-count">{t('inv.counts.title')}</Button>}
        </Space>
      </div>
      <Card>
        <Row gutter={[16, 16]} role="list" aria-label={t('inv.stock.levels')}>
          {TOTALS.map((key) => (
            <Col xs={12} md={8} lg={4} key={key} role="listitem">
              <Statistic title={t(`inv.stock.${key}`)} valueRender={() => <Qty value={stock[key]} unit={unit} testId={`stock-${key}`} strong={key === 'available'} />} />
            </Col>
          ))}
        </Row>
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>{t('inv.stock.explain')}</Typography.Paragraph>
      </Card>
      <Card title={t('inv.stock.byLocation')} style={{ marginTop: 16 }}>
        <Table<StockRow>
          rowKey={(r) => `${r.location_id}:${r.lot_id ?? ''}`} size="small" pagination={false} dataSource={stock.rows} data-testid="stock-rows"
          locale={{ emptyText: t('inv.stock.noStock') }} scroll={{ x: 700 }}
          onRow={(r) => ({ 'data-testid': `stock-row-${r.location_id}${r.lot_name ? `-${r.lot_name}` : ''}` } as never)}
          columns={[
            { title: t('inv.fields.location'), key: 'l', render: (_: unknown, r: StockRow) => <bdi>{r.location_name ?? locationName(r.location_id)}</bdi> },
            { title: t('inv.fields.lot'), key: 'lot', render: (_: unknown, r: StockRow) => (r.lot_name ? <bdi className="keel-mono">{r.lot_name}</bdi> : null) },
            { title: t('inv.fields.expiry'), key: 'x', render: (_: unknown, r: StockRow) => (r.expiry_date ? <span>{format.date(r.expiry_date)}</span> : null) },
            { title: t('inv.stock.on_hand'), key: 'o', align: 'end' as const, render: (_: unknown, r: StockRow) => <Qty value={r.on_hand} testId="row-on-hand" /> },
            { title: t('inv.stock.reserved'), key: 'r', align: 'end' as const, render: (_: unknown, r: StockRow) => <Qty value={r.reserved} /> },
            { title: t('inv.stock.available'), key: 'a', align: 'end' as const, render: (_: unknown, r: StockRow) => <Qty value={r.available} testId="row-available" /> },
          ]}
          summary={() => (stock.rows.length > 1 ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={3}><strong>{t('inv.total')}</strong></Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="end"><Qty value={rowsTotal.on_hand} strong /></Table.Summary.Cell>
              <Table.Summary.Cell index={2} align="end"><Qty value={rowsTotal.reserved} strong /></Table.Summary.Cell>
              <Table.Summary.Cell index={3} align="end"><Qty value={rowsTotal.available} strong /></Table.Summary.Cell>
            </Table.Summary.Row>
          ) : null)}
        />
      </Card>
      <Card title={t('inv.stock.moves')} style={{ marginTop: 16 }}
        extra={<Space wrap>
          <Typography.Text type="secondary">{t('inv.stock.movesValue')}</Typography.Text>
          <Amount value={doneValue} testId="moves-value" />
          <Link to={`/inventory/moves?product_id=${id}`}>{t('inv.stock.allMoves')}</Link>
        </Space>}>
        <MovesTable moves={moveItems} loading={loadingMoves} locationName={locationName} unitOf={() => unit} />
      </Card>
    </div>
  );
}

interface StockLine extends StockRow {
  product_id: number;
}

/** Runs `task` over `items` with at most `limit` at a time. */
async function inBatches<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += limit) out.push(...(await Promise.all(items.slice(i, i + limit).map(task))));
  return out;
}

/** Every location as a tree; selecting one shows the stock in it and below it, per product and lot. */
export function StockOverviewPage() {
  const { t } = useTranslation();
  const { user, settings } = useSession();
  const locations = useLocations();
  const { byId, name: locationName } = useLocationNames(locations.items);
  const [lines, setLines] = useState<StockLine[] | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const showError = useApiError();
  const products = useProducts((lines ?? []).map((l) => l.product_id));
  const mayValue = can(user?.permissions, 'inventory.valuation.read');

  useEffect(() => {
    let live = true;
    (async () => {
      try {
        // The products that have stock: the valuation lists them; without that permission, the stockable products.
        let ids: number[];
        if (mayValue) {
          const valuation = await api.get<{ items: { product_id: number; quantity: string }[] }>('/inventory/valuation');
          ids = valuation.items.filter((i) => i.quantity !== '0').map((i) => i.product_id);
        } else {
          const page = await api.get<Page<Product>>('/inventory/products', { type: 'stockable', limit: 100 });
          ids = page.items.filter((p) => !p.is_template).map((p) => p.id);
        }
        const stocks = await inBatches(ids.slice(0, 200), 8, (pid) => api.get<Record<string, unknown>>(`/inventory/products/${pid}/stock`).then((s) => readProductStock(s, pid)));
        if (live) setLines(stocks.flatMap((s) => s.rows.map((r) => ({ ...r, product_id: s.product_id }))));
      } catch (error) {
        if (live) { setLines([]); showError(error); }
      }
    })();
    return () => { live = false; };
  }, [mayValue, showError]);

  const internal = useMemo(() => locations.items.filter((l) => l.usage === 'internal'), [locations.items]);
  const tree = useMemo(() => locationTree(internal), [internal]);
  // Which locations are the selected one or below it.
  const within = useCallback((locationId: number, ancestor: number) => {
    const seen = new Set<number>();
    let at: Location | undefined = byId.get(locationId);
    while (at && !seen.has(at.id)) {
      if (at.id === ancestor) return true;
      seen.add(at.id);
      at = at.parent_id !== null ? byId.get(at.parent_id) : undefined;
    }
    return false;
  }, [byId]);
  const productsBelow = useCallback((locationId: number) => new Set((lines ?? []).filter((l) => within(l.location_id, locationId)).map((l) => l.product_id)).size, [lines, within]);

  const treeData = useMemo(() => {
    const toNode = (n: LocationNode): { key: number; title: React.ReactNode; children?: unknown[] } => ({
      key: n.id,
      title: (
        <span data-testid={`location-node-${n.id}`}>
          <bdi>{n.name.split('/').pop()}</bdi>
          {n.barcode ? <Typography.Text type="secondary" className="keel-mono"> {n.barcode}</Typography.Text> : null}
          {lines ? <Tag style={{ marginInlineStart: 8 }}>{t('inv.stock.productsN', { n: productsBelow(n.id) })}</Tag> : null}
        </span>
      ),
      children: n.children?.map(toNode),
    });
    return tree.map(toNode);
  }, [tree, lines, productsBelow, t]);

  const shown = (lines ?? []).filter((l) => selected === null || within(l.location_id, selected));
  return (
    <div data-testid="stock-overview">
      <div className="keel-page-head">
        <Typography.Title level={1}>{t('inv.stock.title')}</Typography.Title>
      </div>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={8}>
          <Card title={t('inv.stock.locations')} size="small">
            {locations.loading ? <Skeleton active /> : treeData.length === 0 ? <Empty description={t('inv.warehouses.none')} /> : (
              <Tree blockNode defaultExpandAll treeData={treeData as never} selectedKeys={selected !== null ? [selected] : []} data-testid="stock-tree"
                onSelect={(keys) => setSelected(keys.length ? Number(keys[0]) : null)} />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={16}>
          <Card size="small" title={selected !== null ? <bdi>{locationName(selected)}</bdi> : t('inv.stock.everywhere')}
            extra={selected !== null ? <Button size="small" onClick={() => setSelected(null)}>{t('inv.stock.everywhere')}</Button> : null}>
            <Table<StockLine>
              rowKey={(r) => `${r.product_id}:${r.location_id}:${r.lot_id ?? ''}`} size="small" loading={lines === null} dataSource={shown}
              pagination={{ pageSize: 50, hideOnSinglePage: true }} locale={{ emptyText: t('inv.stock.noStock') }} scroll={{ x: 700 }} data-testid="overview-rows"
              columns={[
                {
                  title: t('inv.fields.product'), key: 'p',
                  render: (_: unknown, r: StockLine) => <Link to={`/inventory/products/${r.product_id}/stock`}><bdi>{products[r.product_id] ? productLabel(products[r.product_id], settings.language) : `#${r.product_id}`}</bdi></Link>,
                },
                { title: t('inv.fields.location'), key: 'l', render: (_: unknown, r: StockLine) => <bdi>{r.location_name ?? locationName(r.location_id)}</bdi> },
                { title: t('inv.fields.lot'), key: 'lot', render: (_: unknown, r: StockLine) => (r.lot_name ? <bdi className="keel-mono">{r.lot_name}</bdi> : null) },
                { title: t('inv.stock.on_hand'), key: 'o', align: 'end' as const, render: (_: unknown, r: StockLine) => <Qty value={r.on_hand} /> },
                { title: t('inv.stock.reserved'), key: 'r', align: 'end' as const, render: (_: unknown, r: StockLine) => <Qty value={r.reserved} /> },
                { title: t('inv.stock.available'), key: 'a', align: 'end' as const, render: (_: unknown, r: StockLine) => <Qty value={r.available} /> },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
