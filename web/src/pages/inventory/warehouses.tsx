// Warehouses and the location tree: create a warehouse (it comes with its stock, input and output
// locations), add a child location (a shelf) with a barcode under an internal location.
import { App, Button, Card, Col, Form, Input, Row, Space, Switch, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ActionKeys } from '../../lib/idempotency';
import { can } from '../../lib/navigation';
import { ApiError } from '../../lib/problem';
import { useApiError } from '../../shell/errors';
import { Link } from '../../shell/router';
import { useSession } from '../../shell/session';
import { useBusy } from '../accounting/finance/shared';
import { locationTree, type Location, type LocationNode, type Warehouse } from './model';
import { LocationSelect, useLocationNames, useLocations, useWarehouses } from './shared';

interface WarehouseValues { code?: string; name?: string }
interface LocationValues { parent_id?: number; name?: string; barcode?: string }

export function WarehousesPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const { message } = App.useApp();
  const warehouses = useWarehouses();
  const locations = useLocations();
  const { name: locationName } = useLocationNames(locations.items);
  const [warehouseForm] = Form.useForm<WarehouseValues>();
  const [locationForm] = Form.useForm<LocationValues>();
  const [showAll, setShowAll] = useState(false);
  const { busy, run } = useBusy();
  const keys = useRef(new ActionKeys());
  const showError = useApiError();
  const mayWrite = can(user?.permissions, 'inventory.move.write');
  const tree = useMemo(() => locationTree(locations.items.filter((l) => showAll || l.usage === 'internal')), [locations.items, showAll]);

  const post = async <T,>(action: string, path: string, body: Record<string, unknown>, form: Parameters<typeof showError>[1]): Promise<T | null> => {
    try {
      const r = await api.request<T>(path, { method: 'POST', body, idempotencyKey: keys.current.keyFor(action, body) });
      keys.current.done(action);
      return r.data;
    } catch (error) {
      if (!(error instanceof ApiError) || error.status < 500) keys.current.done(action);
      showError(error, form);
      return null;
    }
  };

  const createWarehouse = () => run('warehouse', async () => {
    let values: WarehouseValues;
    try { values = await warehouseForm.validateFields(); } catch { return; }
    const created = await post<Warehouse>('warehouse', '/inventory/warehouses', { code: (values.code ?? '').trim(), name: (values.name ?? '').trim() }, warehouseForm);
    if (!created) return;
    message.success(t('inv.warehouses.created', { code: created.code }));
    warehouseForm.resetFields();
    warehouses.reload();
    locations.reload();
  });

  const createLocation = () => run('location', async () => {
    let values: LocationValues;
    try { values = await locationForm.validateFields(); } catch { return; }
    const body: Record<string, unknown> = { parent_id: values.parent_id, name: (values.name ?? '').trim() };
    if ((values.barcode ?? '').trim()) body.barcode = values.barcode!.trim();
    const created = await post<Location>('location', '/inventory/locations', body, locationForm);
    if (!created) return;
    message.success(t('inv.warehouses.locationCreated', { name: created.name }));
    locationForm.resetFields();
    locations.reload();
  });

  return (
    <div data-testid="warehouses">
      <div className="keel-page-head">
        <Typography.Title level={1}>{t('inv.warehouses.title')}</Typography.Title>
      </div>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card title={t('inv.warehouses.list')}>
            <Table<Warehouse>
              rowKey="id" size="small" pagination={false} loading={warehouses.loading} dataSource={warehouses.items} data-testid="warehouse-table"
              locale={{ emptyText: t('inv.warehouses.none') }} scroll={{ x: 600 }}
              onRow={(w) => ({ 'data-testid': `warehouse-row-${w.code}` } as never)}
              columns={[
                { title: t('inv.warehouses.code'), dataIndex: 'code', key: 'c', render: (v: string) => <span className="keel-mono">{v}</span> },
                { title: t('inv.warehouses.name'), dataIndex: 'name', key: 'n', render: (v: string) => <bdi>{v}</bdi> },
                { title: t('inv.warehouses.stockLocation'), dataIndex: 'stock_location_id', key: 's', render: (id: number) => <bdi>{locationName(id)}</bdi> },
                { title: t('inv.warehouses.inputOutput'), key: 'io', render: (_: unknown, w: Warehouse) => <Space size={4} wrap><bdi>{locationName(w.input_location_id)}</bdi><bdi>{locationName(w.output_location_id)}</bdi></Space> },
              ]}
            />
          </Card>
          <Card title={t('inv.warehouses.tree')} style={{ marginTop: 16 }}
            extra={<label style={{ display: 'inline-flex', gap: 8, alignItems: 'center' }}><Switch size="small" checked={showAll} onChange={setShowAll} data-testid="show-all-locations" />{t('inv.warehouses.showVirtual')}</label>}>
            <Table<LocationNode>
              rowKey="id" size="small" pagination={false} loading={locations.loading} dataSource={tree} data-testid="location-tree"
              expandable={{ defaultExpandAllRows: true }} key={`${tree.length}-${locations.items.length}-${showAll}`} scroll={{ x: 600 }}
              locale={{ emptyText: t('inv.warehouses.none') }}
              onRow={(l) => ({ 'data-testid': `location-row-${l.id}`, 'data-name': l.name } as never)}
              columns={[
                { title: t('inv.warehouses.locationName'), dataIndex: 'name', key: 'n', render: (v: string) => <bdi>{v.split('/').pop()}</bdi> },
                { title: t('inv.warehouses.fullName'), key: 'f', render: (_: unknown, l: Location) => <bdi className="keel-mono">{locationName(l.id)}</bdi> },
                { title: t('inv.fields.barcode'), dataIndex: 'barcode', key: 'b', render: (v: string) => <span className="keel-mono" data-testid="location-barcode">{v}</span> },
                { title: t('inv.warehouses.usage'), dataIndex: 'usage', key: 'u', render: (v: string) => <Tag color={v === 'internal' ? 'blue' : 'default'}>{t(`inv.usage.${v}`, { defaultValue: v })}</Tag> },
                { title: t('common.actions'), key: 'a', render: (_: unknown, l: Location) => (l.usage === 'internal' ? <Link to={`/inventory/moves?location_id=${l.id}`}>{t('inv.warehouses.moves')}</Link> : null) },
              ]}
            />
          </Card>
        </Col>
        {mayWrite && (
          <Col xs={24} xl={10}>
            <Card title={t('inv.warehouses.new')}>
              <Form<WarehouseValues> form={warehouseForm} layout="vertical" name="warehouse" onFinish={() => void createWarehouse()}>
                <Row gutter={12}>
                  <Col span={8}>
                    <Form.Item label={t('inv.warehouses.code')} name="code" rules={[{ required: true, whitespace: true, message: t('inv.warehouses.codeRequired') }]}>
                      <Input dir="ltr" maxLength={16} data-testid="warehouse-code" />
                    </Form.Item>
                  </Col>
                  <Col span={16}>
                    <Form.Item label={t('inv.warehouses.name')} name="name" rules={[{ required: true, whitespace: true, message: t('inv.warehouses.nameRequired') }]}>
                      <Input dir="auto" maxLength={200} data-testid="warehouse-name" />
                    </Form.Item>
                  </Col>
                </Row>
                <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={busy === 'warehouse'} disabled={busy !== null} data-testid="warehouse-create">{t('inv.warehouses.create')}</Button>
              </Form>
            </Card>
            <Card title={t('inv.warehouses.newLocation')} style={{ marginTop: 16 }}>
              <Form<LocationValues> form={locationForm} layout="vertical" name="location" onFinish={() => void createLocation()}>
                <Form.Item label={t('inv.warehouses.parent')} name="parent_id" rules={[{ required: true, message: t('inv.warehouses.parentRequired') }]}>
                  <LocationSelect locations={locations.items} data-testid="location-parent" />
                </Form.Item>
                <Row gutter={12}>
                  <Col span={14}>
                    <Form.Item label={t('inv.warehouses.locationName')} name="name" rules={[{ required: true, whitespace: true, message: t('inv.warehouses.nameRequired') }]}>
                      <Input dir="auto" maxLength={100} data-testid="location-name" />
                    </Form.Item>
                  </Col>
                  <Col span={10}>
                    <Form.Item label={t('inv.fields.barcode')} name="barcode">
                      <Input dir="ltr" maxLength={64} data-testid="location-barcode-input" />
                    </Form.Item>
                  </Col>
                </Row>
                <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={busy === 'location'} disabled={busy !== null} data-testid="location-create">{t('inv.warehouses.addLocation')}</Button>
              </Form>
            </Card>
          </Col>
        )}
      </Row>
    </div>
  );
}
