// Replenishment: the reorder rules (min and max per product and warehouse) and what they propose
// now: for each rule whose forecast is below min, the quantity that brings it to max.
import { App, Button, Card, Col, Form, Input, Popconfirm, Row, Select, Space, Table, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ActionKeys } from '../../lib/idempotency';
import { can } from '../../lib/navigation';
import { ApiError } from '../../lib/problem';
import { useApiError } from '../../shell/errors';
import { Link, navigate } from '../../shell/router';
import { useSession } from '../../shell/session';
import { useBusy } from '../accounting/finance/shared';
import { normalizeNumber, ruleBody, type Proposal, type ReorderRule, type RuleFormValues } from './model';
import { ProductSelect, Qty, productLabel, useInventoryList, useProducts, useWarehouses } from './shared';

export function ReplenishmentPage() {
  const { t } = useTranslation();
  const { user, settings } = useSession();
  const { message } = App.useApp();
  const [warehouseId, setWarehouseId] = useState<string>('');
  const rules = useInventoryList<ReorderRule>('/inventory/reorder-rules', { warehouse_id: warehouseId || undefined });
  const warehouses = useWarehouses();
  const [proposals, setProposals] = useState<Proposal[] | null>(null);
  const [form] = Form.useForm<RuleFormValues>();
  const { busy, run } = useBusy();
  const keys = useRef(new ActionKeys());
  const showError = useApiError();
  const products = useProducts([...rules.items.map((r) => r.product_id), ...(proposals ?? []).map((p) => p.product_id)]);
  const mayWrite = can(user?.permissions, 'inventory.product.write');
  const mayMove = can(user?.permissions, 'inventory.move.write');

  const loadProposals = useCallback(async () => {
    try {
      const r = await api.get<{ items: Proposal[] }>('/inventory/replenishment', { warehouse_id: warehouseId || undefined });
      setProposals(r.items);
    } catch (error) {
      setProposals([]);
      showError(error);
    }
  }, [warehouseId, showError]);
  useEffect(() => { void loadProposals(); }, [loadProposals]);

  const warehouseName = (id: number) => {
    const w = warehouses.items.find((x) => x.id === id);
    return w ? `${w.code} · ${w.name}` : `#${id}`;
  };
  const productText = (id: number, fallback?: string) => (products[id] ? productLabel(products[id], settings.language) : fallback ?? `#${id}`);

  const create = () => run('create', async () => {
    let values: RuleFormValues;
    try { values = await form.validateFields(); } catch { return; }
    const body = ruleBody(values);
    try {
      await api.request<ReorderRule>('/inventory/reorder-rules', { method: 'POST', body, idempotencyKey: keys.current.keyFor('create', body) });
      keys.current.done('create');
      message.success(t('inv.replenishment.ruleCreated'));
      form.resetFields();
      rules.reload();
      void loadProposals();
    } catch (error) {
      if (!(error instanceof ApiError) || error.status < 500) keys.current.done('create');
      showError(error, form);
    }
  });

  const remove = (rule: ReorderRule) => run('delete', async () => {
    try {
      await api.request(`/inventory/reorder-rules/${rule.id}/delete`, { method: 'POST', idempotencyKey: keys.current.keyFor('delete', { id: rule.id }) });
      keys.current.done('delete');
      message.success(t('inv.replenishment.ruleDeleted'));
      rules.reload();
      void loadProposals();
    } catch (error) {
      keys.current.done('delete');
      showError(error);
    }
  });

  const numberRule = { validator: (_: unknown, v: string) => (!v || !v.trim() ? Promise.reject(new Error(t('inv.quantityRequired'))) : normalizeNumber(v) !== null ? Promise.resolve() : Promise.reject(new Error(t('inv.numberInvalid')))) };

  return (
    <div data-testid="replenishment">
      <div className="keel-page-head">
        <Typography.Title level={1}>{t('inv.replenishment.title')}</Typography.Title>
        <Select aria-label={t('inv.fields.warehouse')} style={{ width: 220 }} value={warehouseId} onChange={setWarehouseId} data-testid="replenishment-warehouse"
          options={[{ value: '', label: t('inv.stock.allWarehouses') }, ...warehouses.items.map((w) => ({ value: String(w.id), label: `${w.code} · ${w.name}` }))]} />
      </div>
      <Card title={t('inv.replenishment.proposals')}>
        <Typography.Paragraph type="secondary">{t('inv.replenishment.explain')}</Typography.Paragraph>
        <Table<Proposal>
          rowKey="rule_id" size="small" pagination={false} loading={proposals === null} dataSource={proposals ?? []} data-testid="proposals"
          locale={{ emptyText: t('inv.replenishment.nothing') }} scroll={{ x: 800 }}
          onRow={(p) => ({ 'data-testid': `proposal-${p.sku ?? p.product_id}` } as never)}
          columns={[
            { title: t('inv.fields.product'), key: 'p', render: (_: unknown, p: Proposal) => <Link to={`/inventory/products/${p.product_id}/stock`}><bdi>{productText(p.product_id, p.name)}</bdi></Link> },
            { title: t('inv.fields.warehouse'), key: 'w', render: (_: unknown, p: Proposal) => <bdi>{warehouseName(p.warehouse_id)}</bdi> },
            { title: t('inv.replenishment.min'), dataIndex: 'min', key: 'min', align: 'end' as const, render: (v: string) => <Qty value={v} /> },
            { title: t('inv.replenishment.max'), dataIndex: 'max', key: 'max', align: 'end' as const, render: (v: string) => <Qty value={v} /> },
            { title: t('inv.stock.forecast'), dataIndex: 'forecast', key: 'f', align: 'end' as const, render: (v: string) => <Qty value={v} /> },
            { title: t('inv.replenishment.propose'), key: 'q', align: 'end' as const, render: (_: unknown, p: Proposal) => <Qty value={p.quantity} unit={p.uom} strong testId="proposal-quantity" /> },
            {
              title: t('common.actions'), key: 'a',
              render: (_: unknown, p: Proposal) => (mayMove ? <Button size="small" onClick={() => navigate(`/inventory/moves/receive?product_id=${p.product_id}`)}>{t('inv.moves.receive')}</Button> : null),
            },
          ]}
        />
      </Card>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} xl={mayWrite ? 15 : 24}>
          <Card title={t('inv.replenishment.rules')}>
            <Table<ReorderRule>
              rowKey="id" size="small" pagination={false} loading={rules.loading} dataSource={rules.items} data-testid="reorder-rules"
              locale={{ emptyText: t('inv.replenishment.noRules') }} scroll={{ x: 600 }}
              columns={[
                { title: t('inv.fields.product'), key: 'p', render: (_: unknown, r: ReorderRule) => <bdi>{productText(r.product_id, r.sku)}</bdi> },
                { title: t('inv.fields.warehouse'), key: 'w', render: (_: unknown, r: ReorderRule) => <bdi>{warehouseName(r.warehouse_id)}</bdi> },
                { title: t('inv.replenishment.min'), dataIndex: 'min', key: 'min', align: 'end' as const, render: (v: string) => <Qty value={v} /> },
                { title: t('inv.replenishment.max'), dataIndex: 'max', key: 'max', align: 'end' as const, render: (v: string) => <Qty value={v} /> },
                {
                  title: t('common.actions'), key: 'a',
                  render: (_: unknown, r: ReorderRule) => (mayWrite ? (
                    <Popconfirm title={t('inv.replenishment.deleteConfirm')} okText={t('common.delete')} cancelText={t('common.cancel')} onConfirm={() => void remove(r)}>
                      <Button size="small" danger disabled={busy !== null}>{t('common.delete')}</Button>
                    </Popconfirm>
                  ) : null),
                },
              ]}
            />
          </Card>
        </Col>
        {mayWrite && (
          <Col xs={24} xl={9}>
            <Card title={t('inv.replenishment.newRule')}>
              <Form<RuleFormValues> form={form} layout="vertical" name="reorder-rule" onFinish={() => void create()}>
                <Form.Item label={t('inv.fields.product')} name="product_id" rules={[{ required: true, message: t('inv.productRequired') }]}>
                  <ProductSelect stockOnly data-testid="rule-product" placeholder={t('inv.searchProduct')} />
                </Form.Item>
                <Form.Item label={t('inv.fields.warehouse')} name="warehouse_id">
                  <Select allowClear data-testid="rule-warehouse" placeholder={t('inv.replenishment.defaultWarehouse')}
                    options={warehouses.items.map((w) => ({ value: w.id, label: `${w.code} · ${w.name}` }))} />
                </Form.Item>
                <Space wrap>
                  <Form.Item label={t('inv.replenishment.min')} name="min" rules={[numberRule]}>
                    <Input inputMode="decimal" dir="ltr" style={{ width: 140 }} data-testid="rule-min" />
                  </Form.Item>
                  <Form.Item label={t('inv.replenishment.max')} name="max" rules={[numberRule]}>
                    <Input inputMode="decimal" dir="ltr" style={{ width: 140 }} data-testid="rule-max" />
                  </Form.Item>
                </Space>
                <div>
                  <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={busy === 'create'} disabled={busy !== null} data-testid="rule-create">{t('inv.replenishment.addRule')}</Button>
                </div>
              </Form>
            </Card>
          </Col>
        )}
      </Row>
    </div>
  );
}
