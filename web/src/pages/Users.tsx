import { Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { Page } from '../api/types';
import { useApiError } from '../shell/errors';

interface UserRow { id: number; name: string; email: string; roles: string[]; language?: string; disabled?: boolean }

export function UsersPage() {
  const { t } = useTranslation();
  const [rows, setRows] = useState<UserRow[] | null>(null);
  const showError = useApiError();
  useEffect(() => {
    api.get<Page<UserRow>>('/auth/users', { limit: 100 }).then((p) => setRows(p.items)).catch((e) => { setRows([]); showError(e); });
  }, [showError]);
  return (
    <div data-testid="users">
      <div className="keel-page-head"><Typography.Title level={1}>{t('users.title')}</Typography.Title></div>
      <Table<UserRow> rowKey="id" loading={rows === null} dataSource={rows ?? []} pagination={false} locale={{ emptyText: t('common.noData') }}
        columns={[
          { title: t('users.name'), dataIndex: 'name', render: (v: string) => <bdi>{v}</bdi> },
          { title: t('users.email'), dataIndex: 'email', render: (v: string) => <bdi className="keel-ltr">{v}</bdi> },
          { title: t('users.roles'), dataIndex: 'roles', render: (r: string[]) => r?.map((x) => <Tag key={x}>{x}</Tag>) },
          { title: t('users.language'), dataIndex: 'language', render: (l: string) => (l ? t(`lang.${l}`, { defaultValue: l }) : '') },
          { title: t('users.disabled'), dataIndex: 'disabled', render: (d: boolean) => (d ? t('common.yes') : t('common.no')) },
        ]} />
    </div>
  );
}
