import { Button, Form, Input, Space, Table, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { AuditEntry, Page } from '../api/types';
import { useApiError } from '../shell/errors';
import { useSession } from '../shell/session';

function summary(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = JSON.stringify(value);
  return text.length > 160 ? text.slice(0, 157) + '…' : text;
}

export function AuditPage() {
  const { t } = useTranslation();
  const { format } = useSession();
  const [filters, setFilters] = useState<{ entity?: string; entity_id?: string }>({});
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [page, setPage] = useState<Page<AuditEntry> | null>(null);
  const [loading, setLoading] = useState(false);
  const showError = useApiError();

  const load = useCallback(async (cursor: string | null) => {
    setLoading(true);
    try {
      setPage(await api.get<Page<AuditEntry>>('/audit', { ...filters, limit: 50, cursor: cursor ?? undefined }));
    } catch (error) {
      showError(error);
    } finally {
      setLoading(false);
    }
  }, [filters, showError]);

  useEffect(() => { setCursors([null]); void load(null); }, [load]);

  return (
    <div data-testid="audit">
      <div className="keel-page-head"><Typography.Title level={1}>{t('audit.title')}</Typography.Title></div>
      <Form layout="vertical" className="keel-filters" onFinish={(v) => setFilters({ entity: v.entity?.trim() || undefined, entity_id: v.entity_id?.trim() || undefined })} name="audit-filters">
        <Form.Item label={t('audit.entity')} name="entity"><Input dir="ltr" style={{ width: 180 }} /></Form.Item>
        <Form.Item label={t('audit.entityId')} name="entity_id"><Input dir="ltr" style={{ width: 140 }} /></Form.Item>
        <Button htmlType="submit">{t('audit.filter')}</Button>
      </Form>
      <Table<AuditEntry>
        rowKey="id" size="small" loading={loading} dataSource={page?.items ?? []} pagination={false} scroll={{ x: 900 }}
        locale={{ emptyText: t('common.noData') }}
        columns={[
          { title: t('audit.at'), dataIndex: 'at', width: 170, render: (v: string) => format.dateTime(v) },
          { title: t('audit.user'), dataIndex: 'user_id', width: 90, render: (v: number | null) => (v === null ? '' : format.count(v)) },
          { title: t('audit.action'), dataIndex: 'action', width: 160, render: (v: string) => <span className="keel-mono">{v}</span> },
          { title: t('audit.entity'), key: 'entity', width: 160, render: (_: unknown, e: AuditEntry) => <span className="keel-mono">{e.entity}/{String(e.entity_id)}</span> },
          { title: t('audit.before'), dataIndex: 'before', render: (v: unknown) => <span className="keel-mono" style={{ fontSize: 12 }}>{summary(v)}</span> },
          { title: t('audit.after'), dataIndex: 'after', render: (v: unknown) => <span className="keel-mono" style={{ fontSize: 12 }}>{summary(v)}</span> },
        ]}
      />
      <Space style={{ marginTop: 16 }}>
        <Button disabled={cursors.length < 2 || loading} onClick={() => { const next = cursors.slice(0, -1); setCursors(next); void load(next[next.length - 1]); }}>{t('common.previous')}</Button>
        <Button disabled={!page?.next_cursor || loading} onClick={() => { setCursors((c) => [...c, page!.next_cursor]); void load(page!.next_cursor); }}>{t('common.next')}</Button>
      </Space>
    </div>
  );
}
