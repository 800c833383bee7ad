import { Button, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, LeftOutlined, PlusOutlined, RightOutlined, UploadOutlined } from '@ant-design/icons';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { PARTY_ROLES, type Page, type Party } from '../api/types';
import { countryName } from '../lib/countries';
import { can } from '../lib/navigation';
import { useApiError } from '../shell/errors';
import { Link, navigate, useLocation } from '../shell/router';
import { useSession } from '../shell/session';

const SORTS = ['name', '-name', '-created_at', 'created_at', '-updated_at', 'updated_at'] as const;
const PAGE_SIZES = [25, 50, 100];

interface Filters {
  q: string;
  kind: string;
  role: string;
  tag: string;
  country: string;
  archived: string;
  sort: string;
  limit: number;
}

function filtersFrom(query: URLSearchParams): Filters {
  return {
    q: query.get('q') ?? '',
    kind: query.get('kind') ?? '',
    role: query.get('role') ?? '',
    tag: query.get('tag') ?? '',
    country: query.get('country') ?? '',
    archived: query.get('archived') ?? 'false',
    sort: query.get('sort') ?? 'name',
    limit: Number(query.get('limit')) || 25,
  };
}

function toQuery(filters: Filters): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(filters)) if (v !== '' && v !== undefined) out[k] = v;
  return out;
}

export function PartnerListPage() {
  const { t } = useTranslation();
  const { user, settings, format } = useSession();
  const { query } = useLocation();
  const filters = useMemo(() => filtersFrom(query), [query.toString()]); // eslint-disable-line react-hooks/exhaustive-deps
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [page, setPage] = useState<Page<Party> | null>(null);
  const [loading, setLoading] = useState(false);
  const [form] = Form.useForm<Filters>();
  const showError = useApiError();
  const sequence = useRef(0);
  const mayWrite = can(user?.permissions, 'partners.party.write');
  const mayImport = can(user?.permissions, 'partners.party.import');
  const mayExport = can(user?.permissions, 'partners.party.export');
  const pageIndex = cursors.length - 1;

  const load = useCallback(async (cursor: string | null) => {
    const mine = ++sequence.current;
    setLoading(true);
    try {
      const result = await api.get<Page<Party>>('/partners', { ...toQuery(filters), cursor: cursor ?? undefined });
      if (mine === sequence.current) setPage(result);
    } catch (error) {
      if (mine === sequence.current) showError(error);
    } finally {
      if (mine === sequence.current) setLoading(false);
    }
  }, [filters, showError]);

  useEffect(() => {
    form.setFieldsValue(filters);
    setCursors([null]);
    void load(null);
  }, [filters, form, load]);

  const apply = (values: Partial<Filters>) => {
    const next = { ...filters, ...values };
    const qs = new URLSearchParams(Object.entries(toQuery(next)).map(([k, v]) => [k, String(v)])).toString();
    navigate('/partners' + (qs ? '?' + qs : ''), { replace: true });
  };

  const goNext = () => {
    if (!page?.next_cursor) return;
    setCursors((c) => [...c, page.next_cursor]);
    void load(page.next_cursor);
  };
  const goPrevious = () => {
    if (cursors.length < 2) return;
    const next = cursors.slice(0, -1);
    setCursors(next);
    void load(next[next.length - 1]);
  };

  const exportUrl = api.url('/partners/export', { ...toQuery(filters), limit: undefined });

  const columns = [
    {
      title: t('partners.columns.name'), dataIndex: 'name', key: 'name',
      render: (name: string, party: Party) => (
        <Space size={4} wrap>
          <Link to={`/partners/${party.id}`} data-testid="partner-link"><bdi>{name}</bdi></Link>
          {party.archived && <Tag>{t('partners.archived')}</Tag>}
        </Space>
      ),
    },
    { title: t('partners.columns.kind'), dataIndex: 'kind', key: 'kind', render: (kind: string) => t(`partners.kind.${kind}`) },
    {
      title: t('partners.columns.roles'), dataIndex: 'roles', key: 'roles',
      render: (roles: string[]) => <Space size={[0, 4]} wrap>{roles?.map((r) => <Tag key={r} color="blue">{t(`partners.role.${r}`, { defaultValue: r })}</Tag>)}</Space>,
    },
    { title: t('partners.columns.email'), key: 'email', render: (_: unknown, p: Party) => <bdi className="keel-ltr">{p.emails?.[0]}</bdi> },
    { title: t('partners.columns.country'), key: 'country', render: (_: unknown, p: Party) => countryName(p.addresses?.[0]?.country, settings.language) },
    {
      title: t('partners.columns.tags'), dataIndex: 'tags', key: 'tags',
      render: (tags: string[]) => <Space size={[0, 4]} wrap>{tags?.map((tag) => <Tag key={tag}><bdi>{tag}</bdi></Tag>)}</Space>,
    },
    { title: t('partners.columns.updated'), dataIndex: 'updated_at', key: 'updated', render: (v: string) => <span data-testid="updated-date">{format.date(v)}</span> },
  ];

  return (
    <div data-testid="partner-list">
      <div className="keel-page-head">
        <Typography.Title level={1}>{t('partners.title')}</Typography.Title>
        <Space wrap>
          {mayWrite && <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/partners/new')} data-testid="new-partner">{t('partners.new')}</Button>}
          {mayImport && <Button icon={<UploadOutlined />} onClick={() => navigate('/partners/import')} data-testid="import-partners">{t('partners.import')}</Button>}
          {mayExport && <Button icon={<DownloadOutlined />} href={exportUrl} download="partners.csv" data-testid="export-partners">{t('partners.export')}</Button>}
        </Space>
      </div>
      <Form form={form} layout="vertical" className="keel-filters" onFinish={(v) => apply({ ...v })} initialValues={filters} name="partner-filters">
        <Form.Item label={t('partners.searchLabel')} name="q" style={{ minWidth: 240, flex: '1 1 240px' }}>
          <Input.Search allowClear placeholder={t('partners.searchPlaceholder')} onSearch={(q) => apply({ q })} data-testid="list-search" />
        </Form.Item>
        <Form.Item label={t('partners.kindFilter')} name="kind">
          <Select style={{ width: 150 }} onChange={(kind) => apply({ kind })}
            options={[{ value: '', label: t('common.all') }, { value: 'organization', label: t('partners.kind.organization') }, { value: 'person', label: t('partners.kind.person') }]} />
        </Form.Item>
        <Form.Item label={t('partners.roleFilter')} name="role">
          <Select style={{ width: 170 }} onChange={(role) => apply({ role })}
            options={[{ value: '', label: t('common.all') }, ...PARTY_ROLES.map((r) => ({ value: r, label: t(`partners.role.${r}`) }))]} />
        </Form.Item>
        <Form.Item label={t('partners.tagFilter')} name="tag">
          <Input style={{ width: 130 }} allowClear onPressEnter={(e) => apply({ tag: (e.target as HTMLInputElement).value })} onBlur={(e) => e.target.value !== filters.tag && apply({ tag: e.target.value })} />
        </Form.Item>
        <Form.Item label={t('partners.countryFilter')} name="country">
          <Input style={{ width: 90 }} maxLength={2} allowClear dir="ltr" onPressEnter={(e) => apply({ country: (e.target as HTMLInputElement).value.toUpperCase() })} onBlur={(e) => e.target.value.toUpperCase() !== filters.country && apply({ country: e.target.value.toUpperCase() })} />
        </Form.Item>
        <Form.Item label={t('partners.archivedFilter')} name="archived">
          <Select style={{ width: 190 }} onChange={(archived) => apply({ archived })}
            options={[{ value: 'false', label: t('partners.active') }, { value: 'true', label: t('partners.archivedOnly') }, { value: 'all', label: t('partners.allStatuses') }]} />
        </Form.Item>
        <Form.Item label={t('partners.sort')} name="sort">
          <Select style={{ width: 200 }} onChange={(sort) => apply({ sort })} data-testid="list-sort"
            options={SORTS.map((s) => ({ value: s, label: t(`partners.sortOptions.${s}`) }))} />
        </Form.Item>
      </Form>
      <Table<Party>
        rowKey="id"
        size="middle"
        loading={loading}
        columns={columns}
        dataSource={page?.items ?? []}
        pagination={false}
        scroll={{ x: 900 }}
        locale={{ emptyText: t('common.noData') }}
      />
      <nav aria-label={t('common.pageSize')} style={{ display: 'flex', gap: 12, alignItems: 'center', justifyContent: 'flex-end', marginTop: 16, flexWrap: 'wrap' }}>
        <Typography.Text type="secondary">{t('common.page', { page: format.count(pageIndex + 1) })} · {t('common.shown', { n: format.count(page?.items.length ?? 0) })}</Typography.Text>
        <Button icon={<LeftOutlined className="keel-flip" />} onClick={goPrevious} disabled={pageIndex === 0 || loading} data-testid="prev-page">{t('common.previous')}</Button>
        <Button onClick={goNext} disabled={!page?.next_cursor || loading} data-testid="next-page">{t('common.next')} <RightOutlined className="keel-flip" /></Button>
        <Select aria-label={t('common.pageSize')} value={filters.limit} style={{ width: 90 }} onChange={(limit) => apply({ limit })}
          options={PAGE_SIZES.map((n) => ({ value: n, label: format.count(n) }))} />
      </nav>
    </div>
  );
}
