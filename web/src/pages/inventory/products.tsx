// Products: the list (search by name, SKU or barcode; type and category filters; keyset paging),
// the form (create and edit, names in every language), variants from attributes with their price
// extras, and archive.
import {
  Alert, App, Button, Card, Col, Empty, Form, Input, Popconfirm, Row, Select, Skeleton, Space, Switch, Table, Tag, Typography,
} from 'antd';
import { DeleteOutlined, LeftOutlined, PlusOutlined, RightOutlined } from '@ant-design/icons';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, versionFromEtag } from '../../api/client';
import type { Page } from '../../api/types';
import { ActionKeys } from '../../lib/idempotency';
import { LANGUAGES } from '../../lib/format';
import { can } from '../../lib/navigation';
import { ApiError } from '../../lib/problem';
import { useApiError } from '../../shell/errors';
import { Link, navigate, useLocation } from '../../shell/router';
import { useSession } from '../../shell/session';
import { Amount } from '../accounting/common';
import { useBusy, useTaxes } from '../accounting/finance/shared';
import {
  PRODUCT_TYPES, TRACKINGS, attributeLines, filtersQuery, normalizeNumber, productBody, productName, variantCount, variantLabel,
  variantPreview, type AttributeFormLine, type Product, type ProductFormValues,
} from './model';
import { forgetProduct, useCategories, useUoms } from './shared';

const PAGE_SIZES = [25, 50, 100];
const VARIANTS_MAX = 200;

interface ProductFilters { q: string; type: string; category: string; archived: string; limit: number }

function productFiltersFrom(query: URLSearchParams): ProductFilters {
  return {
    q: query.get('q') ?? '', type: query.get('type') ?? '', category: query.get('category') ?? '', archived: query.get('archived') ?? '',
    limit: Number(query.get('limit')) || 25,
  };
}

export function ProductListPage() {
  const { t } = useTranslation();
  const { user, settings, format } = useSession();
  const { query } = useLocation();
  const filters = useMemo(() => productFiltersFrom(query), [query.toString()]); // eslint-disable-line react-hooks/exhaustive-deps
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [page, setPage] = useState<Page<Product> | null>(null);
  const [loading, setLoading] = useState(false);
  const [search, setSearch] = useState(filters.q);
  const showError = useApiError();
  const sequence = useRef(0);
  const categories = useCategories();
  const pageIndex = cursors.length - 1;
  const mayWrite = can(user?.permissions, 'inventory.product.write');

  const load = useCallback(async (cursor: string | null) => {
    const mine = ++sequence.current;
    setLoading(true);
    try {
      const result = await api.get<Page<Product>>('/inventory/products', {
        q: filters.q, type: filters.type, category_id: filters.category, archived: filters.archived, limit: filters.limit, cursor: cursor ?? undefined,
      });
      if (mine === sequence.current) setPage(result);
    } catch (error) {
      if (mine === sequence.current) showError(error);
    } finally {
      if (mine === sequence.current) setLoading(false);
    }
  }, [filters, showError]);

  useEffect(() => { setCursors([null]); void load(null); }, [load]);

  const apply = (values: Partial<ProductFilters>) => {
    const qs = filtersQuery({ ...filters, ...values } as unknown as Record<string, string | number>);
    navigate('/inventory/products' + (qs ? '?' + qs : ''), { replace: true });
  };

  const categoryName = (p: Product) => p.category_name ?? categories.items.find((c) => c.id === p.category_id)?.name ?? '';
  const items = page?.items ?? [];
  const columns = [
    {
      title: t('inv.fields.name'), key: 'name',
      render: (_: unknown, p: Product) => (
        <Space size={6} wrap>
          <Link to={`/inventory/products/${p.id}`} data-testid="product-link"><bdi>{productName(p, settings.language)}</bdi></Link>
          {variantLabel(p) && <Typography.Text type="secondary"><bdi>{variantLabel(p)}</bdi></Typography.Text>}
          {p.is_template && <Tag color="purple">{t('inv.products.templateTag')}</Tag>}
          {p.archived && <Tag>{t('inv.products.archivedTag')}</Tag>}
        </Space>
      ),
    },
    { title: t('inv.fields.sku'), dataIndex: 'sku', key: 'sku', render: (v: string) => <span className="keel-mono" data-testid="product-sku">{v}</span> },
    { title: t('inv.fields.barcode'), dataIndex: 'barcode', key: 'barcode', render: (v: string) => <span className="keel-mono">{v}</span> },
    { title: t('inv.fields.type'), dataIndex: 'type', key: 'type', render: (v: string) => t(`inv.productType.${v}`, { defaultValue: v }) },
    { title: t('inv.fields.category'), key: 'category', render: (_: unknown, p: Product) => <bdi>{categoryName(p)}</bdi> },
    { title: t('inv.products.variantCount'), key: 'variants', align: 'end' as const, render: (_: unknown, p: Product) => (p.is_template ? format.count(p.variant_count ?? 0) : null) },
    { title: t('inv.fields.listPrice'), dataIndex: 'list_price', key: 'price', align: 'end' as const, render: (v: string) => <Amount value={v} /> },
    {
      title: t('common.actions'), key: 'actions',
      render: (_: unknown, p: Product) => (!p.is_template && p.type !== 'service'
        ? <Link to={`/inventory/products/${p.id}/stock`} data-testid="product-stock-link">{t('inv.products.stockLink')}</Link> : null),
    },
  ];

  return (
    <div data-testid="product-list">
      <div className="keel-page-head">
        <Typography.Title level={1}>{t('inv.products.title')}</Typography.Title>
        {mayWrite && <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/inventory/products/new')} data-testid="new-product">{t('inv.products.new')}</Button>}
      </div>
      <Form layout="vertical" className="keel-filters" name="product-filters" onFinish={() => apply({ q: search.trim() })}>
        <Form.Item label={t('inv.products.search')} htmlFor="product-filter-q">
          <Input.Search id="product-filter-q" allowClear style={{ width: 300 }} value={search} placeholder={t('inv.products.searchPlaceholder')}
            onChange={(e) => setSearch(e.target.value)} onSearch={(v) => apply({ q: v.trim() })} data-testid="product-search" dir="auto" enterButton />
        </Form.Item>
        <Form.Item label={t('inv.fields.type')} htmlFor="product-filter-type">
          <Select id="product-filter-type" style={{ width: 170 }} value={filters.type} onChange={(type) => apply({ type })} data-testid="filter-product-type"
            options={[{ value: '', label: t('common.all') }, ...PRODUCT_TYPES.map((v) => ({ value: v, label: t(`inv.productType.${v}`) }))]} />
        </Form.Item>
        <Form.Item label={t('inv.fields.category')} htmlFor="product-filter-category">
          <Select id="product-filter-category" style={{ width: 200 }} value={filters.category} onChange={(category) => apply({ category })} data-testid="filter-category"
            options={[{ value: '', label: t('common.all') }, ...categories.items.map((c) => ({ value: String(c.id), label: c.name }))]} />
        </Form.Item>
        <Form.Item label={t('inv.products.status')} htmlFor="product-filter-archived">
          <Select id="product-filter-archived" style={{ width: 170 }} value={filters.archived} onChange={(archived) => apply({ archived })}
            options={[{ value: '', label: t('inv.products.active') }, { value: 'only', label: t('inv.products.archivedTag') }, { value: 'include', label: t('common.all') }]} />
        </Form.Item>
      </Form>
      <Table<Product>
        rowKey="id" size="middle" loading={loading} columns={columns} dataSource={items} pagination={false}
        scroll={{ x: 900 }} locale={{ emptyText: t('common.noData') }}
      />
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

/** The form values of a product read from the API. */
function valuesOf(product: Product): ProductFormValues {
  return {
    type: product.type, sku: product.sku, barcode: product.barcode, names: { ...product.names }, category_id: product.category_id,
    uom_id: product.uom_id, tracking: product.tracking, list_price: product.list_price, price_extra: product.price_extra,
    standard_cost: product.standard_cost, taxes: product.taxes,
  };
}

/** Attribute lines with a value list and a price extra per value (create only). */
function AttributeEditor({ disabled }: { disabled: boolean }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance<ProductFormValues>();
  const lines = (Form.useWatch('attributes', form) ?? []) as AttributeFormLine[];
  return (
    <Form.List name="attributes">
      {(fields, { add, remove }) => (
        <div role="group" aria-label={t('inv.products.attributes')}>
          {fields.map((field, index) => {
            const line = lines[index] ?? {};
            const n = index + 1;
            return (
              <Card size="small" key={field.key} style={{ marginBottom: 12 }} data-testid={`attribute-${index}`}>
                <Row gutter={8} align="top">
                  <Col xs={24} md={8}>
                    <Form.Item name={[field.name, 'name']} label={t('inv.products.attributeName')}
                      rules={[{ required: true, whitespace: true, message: t('inv.products.attributeNameRequired') }]}>
                      <Input dir="auto" maxLength={60} disabled={disabled} placeholder={t('inv.products.attributeExample')}
                        aria-label={t('inv.products.attributeNameN', { n })} data-testid={`attribute-${index}-name`} />
                    </Form.Item>
                  </Col>
                  <Col xs={22} md={15}>
                    <Form.Item name={[field.name, 'values']} label={t('inv.products.attributeValues')} extra={t('inv.products.valuesHelp')}
                      rules={[{ required: true, type: 'array', min: 1, message: t('inv.products.valuesRequired') }]}>
                      <Select mode="tags" tokenSeparators={[',']} open={false} disabled={disabled}
                        aria-label={t('inv.products.attributeValuesN', { n })} data-testid={`attribute-${index}-values`} />
                    </Form.Item>
                  </Col>
                  <Col xs={2} md={1}>
                    <Form.Item label=" ">
                      <Button icon={<DeleteOutlined />} onClick={() => remove(field.name)} disabled={disabled}
                        aria-label={t('inv.products.removeAttribute', { n })} data-testid={`attribute-${index}-remove`} />
                    </Form.Item>
                  </Col>
                </Row>
                {(line.values ?? []).length > 0 && (
                  <Space wrap size={[12, 0]}>
                    {(line.values ?? []).map((value) => (
                      <Form.Item key={value} name={[field.name, 'extras', value]} label={t('inv.products.extraFor', { value })}
                        rules={[{ validator: (_, v: string) => (!v || normalizeNumber(v) !== null ? Promise.resolve() : Promise.reject(new Error(t('inv.numberInvalid')))) }]}>
                        <Input inputMode="decimal" dir="ltr" style={{ width: 120 }} disabled={disabled} placeholder="0"
                          data-testid={`attribute-${index}-extra-${value}`} />
                      </Form.Item>
                    ))}
                  </Space>
                )}
              </Card>
            );
          })}
          {!disabled && (
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', values: [] })} data-testid="add-attribute">{t('inv.products.addAttribute')}</Button>
          )}
        </div>
      )}
    </Form.List>
  );
}

/** The variants the attributes will make, before saving. */
function VariantPreviewTable() {
  const { t } = useTranslation();
  const { format } = useSession();
  const form = Form.useFormInstance<ProductFormValues>();
  const lines = Form.useWatch('attributes', form) as AttributeFormLine[] | undefined;
  const sku = (Form.useWatch('sku', form) as string | undefined) ?? '';
  const price = Form.useWatch('list_price', form) as string | undefined;
  const count = variantCount(lines);
  if (count === 0) return null;
  if (count > VARIANTS_MAX) return <Alert type="warning" showIcon message={t('inv.products.tooMany', { n: format.count(count), max: format.count(VARIANTS_MAX) })} data-testid="variants-too-many" />;
  const rows = variantPreview(sku, price, lines);
  return (
    <Table
      size="small" pagination={false} rowKey={(r) => r.sku + JSON.stringify(r.values)} dataSource={rows} data-testid="variant-preview"
      title={() => t('inv.products.previewTitle', { n: format.count(rows.length) })}
      columns={[
        { title: t('inv.products.variant'), key: 'v', render: (_: unknown, r) => <bdi>{Object.values(r.values).join(' · ')}</bdi> },
        { title: t('inv.fields.sku'), dataIndex: 'sku', key: 's', render: (v: string) => <span className="keel-mono">{v}</span> },
        { title: t('inv.fields.priceExtra'), dataIndex: 'price_extra', key: 'e', align: 'end' as const, render: (v: string) => <Amount value={v} /> },
        { title: t('inv.fields.listPrice'), dataIndex: 'list_price', key: 'p', align: 'end' as const, render: (v: string | null) => (v === null ? '—' : <Amount value={v} />) },
      ]}
    />
  );
}

/** Create (id absent) or edit a product; a template's variants are listed below the form. */
export function ProductFormPage({ id }: { id?: number }) {
  const { t } = useTranslation();
  const { user, settings } = useSession();
  const { message } = App.useApp();
  const [form] = Form.useForm<ProductFormValues>();
  const [product, setProduct] = useState<Product | null>(null);
  const [variants, setVariants] = useState<Product[]>([]);
  const [notFound, setNotFound] = useState(false);
  const { busy, run } = useBusy();
  const keys = useRef(new ActionKeys());
  const showError = useApiError();
  const uoms = useUoms();
  const categories = useCategories();
  const { items: taxes } = useTaxes();
  const mayWrite = can(user?.permissions, 'inventory.product.write');
  const type = Form.useWatch('type', form) ?? 'stockable';
  const languages = [settings.language, ...LANGUAGES.filter((l) => l !== settings.language)];
  const editing = id !== undefined;

  const load = useCallback(async () => {
    if (id === undefined) return;
    try {
      const response = await api.request<Product>(`/inventory/products/${id}`);
      const loaded = { ...response.data, version: response.data.version ?? versionFromEtag(response.etag) ?? 1 };
      setProduct(loaded);
      form.setFieldsValue(valuesOf(loaded));
      if (loaded.is_template) {
        api.get<Page<Product> | { items: Product[] }>(`/inventory/products/${id}/variants`, { limit: 500 })
          .then((r) => setVariants(r.items)).catch(() => setVariants([]));
      }
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) setNotFound(true);
      else showError(error);
    }
  }, [id, form, showError]);
  useEffect(() => { void load(); }, [load]);

  const save = () => run('save', async () => {
    let values: ProductFormValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const body = productBody(values, product ? { version: product.version, variant: !!product.template_id } : undefined);
    try {
      const response = product
        ? await api.request<Product>(`/inventory/products/${product.id}`, { method: 'PATCH', body })
        : await api.request<Product>('/inventory/products', { method: 'POST', body, idempotencyKey: keys.current.keyFor('create', body) });
      keys.current.done('create');
      message.success(t(product ? 'inv.products.saved' : 'inv.products.created'));
      forgetProduct(response.data.id);
      if (product) void load();
      else navigate(`/inventory/products/${response.data.id}`, { replace: true });
    } catch (error) {
      if (!(error instanceof ApiError) || error.status < 500) keys.current.done('create');
      showError(error, form);
    }
  });

  const archive = (action: 'archive' | 'unarchive') => run(action, async () => {
    if (!product) return;
    try {
      await api.request<Product>(`/inventory/products/${product.id}/${action}`, { method: 'POST', idempotencyKey: keys.current.keyFor(action, { id: product.id }) });
      keys.current.done(action);
      message.success(t(action === 'archive' ? 'inv.products.archived' : 'inv.products.unarchived'));
      forgetProduct(product.id);
      void load();
    } catch (error) {
      keys.current.done(action);
      showError(error);
    }
  });

  if (notFound) return <Empty description={t('inv.products.notFound')} />;
  if (editing && !product) return <Skeleton active paragraph={{ rows: 10 }} />;
  const readOnly = !mayWrite || !!product?.archived;
  const isVariant = !!product?.template_id;
  const initial: ProductFormValues = { type: 'stockable', tracking: 'none', names: {}, taxes: [], attributes: [] };
  const title = product ? productName(product, settings.language) : t('inv.products.new');

  return (
    <div data-testid="product-form" data-product-id={product?.id}>
      <div className="keel-page-head">
        <Space direction="vertical" size={0}>
          <Typography.Title level={1}><bdi data-testid="product-title">{title}</bdi></Typography.Title>
          {product && (
            <Typography.Text type="secondary">
              <span className="keel-mono">{product.sku}</span>
              {isVariant && <> · <bdi>{variantLabel(product)}</bdi> · <Link to={`/inventory/products/${product.template_id}`} data-testid="template-link">{t('inv.products.template')}</Link></>}
            </Typography.Text>
          )}
        </Space>
        <Space wrap>
          {product?.is_template && <Tag color="purple">{t('inv.products.templateTag')}</Tag>}
          {product?.archived && <Tag data-testid="product-archived">{t('inv.products.archivedTag')}</Tag>}
          {product && !product.is_template && product.type !== 'service' && (
            <Button onClick={() => navigate(`/inventory/products/${product.id}/stock`)} data-testid="open-stock">{t('inv.products.stockLink')}</Button>
          )}
          {product && mayWrite && !product.archived && (
            <Popconfirm title={t('inv.products.archiveConfirm')} okText={t('inv.products.archive')} cancelText={t('common.cancel')} onConfirm={() => void archive('archive')}>
              <Button danger disabled={busy !== null} data-testid="archive-product">{t('inv.products.archive')}</Button>
            </Popconfirm>
          )}
          {product && mayWrite && product.archived && (
            <Button disabled={busy !== null} onClick={() => void archive('unarchive')} data-testid="unarchive-product">{t('inv.products.unarchive')}</Button>
          )}
        </Space>
      </div>
      <Form<ProductFormValues> form={form} layout="vertical" name="product" initialValues={initial} onFinish={() => void save()} disabled={readOnly}>
        <Card title={t('inv.products.general')}>
          <Row gutter={16}>
            <Col xs={24} md={8} lg={6}>
              <Form.Item label={t('inv.fields.type')} name="type" rules={[{ required: true }]}>
                <Select data-testid="field-type" options={PRODUCT_TYPES.map((v) => ({ value: v, label: t(`inv.productType.${v}`) }))} disabled={readOnly || editing} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8} lg={6}>
              <Form.Item label={t('inv.fields.sku')} name="sku" rules={[{ required: true, whitespace: true, message: t('inv.products.skuRequired') }]}>
                <Input dir="ltr" maxLength={64} data-testid="field-sku" autoFocus={!editing} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8} lg={6}>
              <Form.Item label={t('inv.fields.barcode')} name="barcode" extra={t('inv.products.barcodeHelp')}>
                <Input dir="ltr" maxLength={64} data-testid="field-barcode" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8} lg={6}>
              <Form.Item label={t('inv.fields.tracking')} name="tracking">
                <Select data-testid="field-tracking" disabled={readOnly || type === 'service'} options={TRACKINGS.map((v) => ({ value: v, label: t(`inv.tracking.${v}`) }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8} lg={6}>
              <Form.Item label={t('inv.fields.category')} name="category_id">
                <Select allowClear showSearch optionFilterProp="label" data-testid="field-category" placeholder={t('inv.products.defaultCategory')}
                  options={categories.items.map((c) => ({ value: c.id, label: `${c.name} · ${t(`inv.costMethod.${c.cost_method}`, { defaultValue: c.cost_method })}` }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8} lg={6}>
              <Form.Item label={t('inv.fields.uom')} name="uom_id">
                <Select allowClear showSearch optionFilterProp="label" data-testid="field-uom" placeholder={t('inv.products.defaultUom')} disabled={readOnly || editing}
                  options={uoms.items.map((u) => ({ value: u.id, label: `${u.name} (${t(`inv.uomCategory.${u.category}`, { defaultValue: u.category })})` }))} />
              </Form.Item>
            </Col>
            {isVariant && (
              <Col xs={12} md={8} lg={6}>
                <Form.Item label={t('inv.fields.priceExtra')} name="price_extra" rules={[{ validator: (_, v: string) => (!v || normalizeNumber(v) !== null ? Promise.resolve() : Promise.reject(new Error(t('inv.numberInvalid')))) }]}>
                  <Input inputMode="decimal" dir="ltr" data-testid="field-price-extra" suffix={<span className="keel-mono">{user?.company?.currency}</span>} />
                </Form.Item>
              </Col>
            )}
            <Col xs={12} md={8} lg={6}>
              <Form.Item label={t('inv.fields.listPrice')} name="list_price" rules={[{ validator: (_, v: string) => (!v || normalizeNumber(v) !== null ? Promise.resolve() : Promise.reject(new Error(t('inv.numberInvalid')))) }]}>
                <Input inputMode="decimal" dir="ltr" data-testid="field-list-price" disabled={readOnly || isVariant} suffix={<span className="keel-mono">{user?.company?.currency}</span>} />
              </Form.Item>
            </Col>
            <Col xs={12} md={8} lg={6}>
              <Form.Item label={t('inv.fields.standardCost')} name="standard_cost" extra={t('inv.products.costHelp')}
                rules={[{ validator: (_, v: string) => (!v || normalizeNumber(v) !== null ? Promise.resolve() : Promise.reject(new Error(t('inv.numberInvalid')))) }]}>
                <Input inputMode="decimal" dir="ltr" data-testid="field-standard-cost" suffix={<span className="keel-mono">{user?.company?.currency}</span>} />
              </Form.Item>
            </Col>
            <Col xs={24} lg={12}>
              <Form.Item label={t('inv.fields.taxes')} name="taxes">
                <Select mode="multiple" allowClear optionFilterProp="label" data-testid="field-taxes"
                  options={taxes.filter((x) => x.scope === 'sales').map((x) => ({ value: x.name, label: x.name }))} />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Card title={t('inv.products.names')} style={{ marginTop: 16 }}>
          <Row gutter={16}>
            {languages.map((language, index) => (
              <Col xs={24} md={12} lg={8} key={language}>
                <Form.Item label={t(`lang.${language}`)} name={['names', language]}
                  rules={index === 0 ? [{ required: true, whitespace: true, message: t('inv.products.nameRequired') }] : []}>
                  <Input dir="auto" lang={language} maxLength={200} data-testid={`field-name-${language}`} />
                </Form.Item>
              </Col>
            ))}
          </Row>
        </Card>
        {!editing && type !== 'service' && (
          <Card title={t('inv.products.attributes')} style={{ marginTop: 16 }} extra={<Typography.Text type="secondary">{t('inv.products.attributesHelp')}</Typography.Text>}>
            <AttributeEditor disabled={readOnly} />
            <div style={{ marginTop: 12 }}><VariantPreviewTable /></div>
          </Card>
        )}
        {!readOnly && (
          <Space style={{ marginTop: 16 }} wrap>
            <Button type="primary" htmlType="submit" loading={busy === 'save'} disabled={busy !== null} data-testid="save-product">{editing ? t('common.save') : t('common.create')}</Button>
            <Button onClick={() => navigate('/inventory/products')} disabled={false}>{t('common.back')}</Button>
          </Space>
        )}
      </Form>
      {product?.is_template && <VariantList template={product} variants={variants} />}
      {readOnly && <Space style={{ marginTop: 16 }}><Button onClick={() => navigate('/inventory/products')}>{t('common.back')}</Button></Space>}
    </div>
  );
}

/** A template's attribute lines and generated variants with their SKUs and prices. */
function VariantList({ template, variants }: { template: Product; variants: Product[] }) {
  const { t } = useTranslation();
  const { format } = useSession();
  const lines = attributeLines(template);
  const [showArchived, setShowArchived] = useState(false);
  const shown = variants.filter((v) => showArchived || !v.archived);
  return (
    <Card title={t('inv.products.variants', { n: format.count(variants.length) })} style={{ marginTop: 16 }} data-testid="variant-list"
      extra={<label style={{ display: 'inline-flex', gap: 8, alignItems: 'center' }}><Switch size="small" checked={showArchived} onChange={setShowArchived} />{t('inv.products.showArchived')}</label>}>
      {lines.length > 0 && (
        <Space wrap style={{ marginBottom: 12 }}>
          {lines.map((l) => (
            <span key={l.name} data-testid={`attribute-line-${l.name}`}>
              <Typography.Text strong><bdi>{l.name}</bdi>:</Typography.Text>{' '}
              {l.values.map((v) => (
                <Tag key={v.value}><bdi>{v.value}</bdi>{v.price_extra && !/^0(\.0*)?$/.test(v.price_extra) ? <> +<Amount value={v.price_extra} /></> : null}</Tag>
              ))}
            </span>
          ))}
        </Space>
      )}
      <Table<Product>
        rowKey="id" size="small" pagination={false} dataSource={shown} scroll={{ x: 700 }}
        onRow={(v) => ({ 'data-testid': `variant-row-${v.sku}` } as never)}
        columns={[
          { title: t('inv.products.variant'), key: 'v', render: (_: unknown, v: Product) => <Link to={`/inventory/products/${v.id}`} data-testid="variant-link"><bdi>{variantLabel(v)}</bdi></Link> },
          { title: t('inv.fields.sku'), dataIndex: 'sku', key: 's', render: (v: string) => <span className="keel-mono" data-testid="variant-sku">{v}</span> },
          { title: t('inv.fields.barcode'), dataIndex: 'barcode', key: 'b', render: (v: string) => <span className="keel-mono">{v}</span> },
          { title: t('inv.fields.priceExtra'), dataIndex: 'price_extra', key: 'e', align: 'end' as const, render: (v: string) => <Amount value={v} /> },
          { title: t('inv.fields.listPrice'), dataIndex: 'list_price', key: 'p', align: 'end' as const, render: (v: string) => <Amount value={v} testId="variant-price" /> },
          { title: t('inv.products.status'), key: 'a', render: (_: unknown, v: Product) => (v.archived ? <Tag>{t('inv.products.archivedTag')}</Tag> : null) },
          { title: t('common.actions'), key: 'stock', render: (_: unknown, v: Product) => <Link to={`/inventory/products/${v.id}/stock`}>{t('inv.products.stockLink')}</Link> },
        ]}
      />
    </Card>
  );
}
