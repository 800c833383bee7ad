// /accounting/accounts: the chart as a tree, a new account (names in every language), archive.
// Accounts are never deleted: an account that has been posted to can only be archived.
import { App, Button, Col, Drawer, Form, Input, Popconfirm, Row, Select, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { ActionKeys } from '../../../lib/idempotency';
import { LANGUAGES, type Language } from '../../../lib/format';
import { can } from '../../../lib/navigation';
import { Link } from '../../../shell/router';
import { useSession } from '../../../shell/session';
import { accountLabel, accountName, useAccounts, type Account, type AccountType } from '../common';
import { accountTree, type AccountNode } from './model';
import { useLedgerError } from './shared';

const TYPES: AccountType[] = ['asset', 'liability', 'equity', 'income', 'expense'];
export const ROLES = [
  'cash', 'bank', 'receivable', 'payable', 'inventory', 'tax_input', 'tax_output', 'revenue', 'cost_of_goods', 'expense',
  'retained_earnings', 'fx_gain', 'fx_loss', 'unrealized_fx', 'discount_given', 'discount_taken', 'customer_advance', 'suspense',
] as const;

interface NewAccount {
  code: string;
  type: AccountType;
  role?: string;
  parent_id?: number | null;
  postable: boolean;
  currency?: string;
  names: Partial<Record<Language, string>>;
}

function NewAccountDrawer({ open, onClose, accounts, onCreated }: { open: boolean; onClose: () => void; accounts: Account[]; onCreated: (a: Account) => void }) {
  const { t } = useTranslation();
  const { settings } = useSession();
  const [form] = Form.useForm<NewAccount>();
  const [saving, setSaving] = useState(false);
  const keys = useRef(new ActionKeys());
  const showError = useLedgerError();
  const summaries = accounts.filter((a) => !a.postable && !a.archived).sort((a, b) => a.code.localeCompare(b.code));
  const languages = [settings.language, ...LANGUAGES.filter((l) => l !== settings.language)];

  const submit = async (values: NewAccount) => {
    const names = Object.fromEntries(Object.entries(values.names ?? {}).map(([l, n]) => [l, (n ?? '').trim()]).filter(([, n]) => n));
    const body: Record<string, unknown> = { code: values.code.trim(), type: values.type, names, postable: values.postable };
    if (values.role) body.role = values.role;
    if (values.parent_id) body.parent_id = values.parent_id;
    if (values.currency?.trim()) body.currency = values.currency.trim().toUpperCase();
    setSaving(true);
    try {
      const response = await api.request<Account>('/accounting/accounts', { method: 'POST', body, idempotencyKey: keys.current.keyFor('create', body) });
      keys.current.done('create');
      form.resetFields();
      onCreated(response.data);
    } catch (error) {
      keys.current.done('create');
      const placed = showError(error, form);
      // A name refusal concerns the user's own language box.
      if (placed.some((p) => p.name[0] === 'names' && p.name.length === 1)) {
        form.setFields([{ name: ['names', settings.language], errors: placed.filter((p) => p.name[0] === 'names').map((p) => p.message) }]);
      }
    } finally {
      setSaving(false);
    }
  };

  // The parent's type is the natural type of a new account below it.
  const onParent = (parentId: number | undefined) => {
    const parent = accounts.find((a) => a.id === parentId);
    if (parent) form.setFieldsValue({ type: parent.type });
  };

  return (
    <Drawer
      title={t('ledger.accounts.newTitle')} open={open} onClose={onClose} width={520} destroyOnHidden
      extra={<Space><Button onClick={onClose}>{t('common.cancel')}</Button><Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="account-save">{t('common.create')}</Button></Space>}
    >
      <Form<NewAccount> form={form} layout="vertical" name="account" onFinish={submit} initialValues={{ postable: true, type: 'asset', names: {} }} data-testid="account-form">
        <Row gutter={12}>
          <Col span={10}>
            <Form.Item label={t('ledger.accounts.code')} name="code" rules={[{ required: true, whitespace: true, message: t('ledger.accounts.codeRequired') }, { pattern: /^[A-Za-z0-9._-]{1,64}$/, message: t('ledger.errors.account_code_invalid') }]}>
              <Input dir="ltr" autoFocus maxLength={64} data-testid="account-code" />
            </Form.Item>
          </Col>
          <Col span={14}>
            <Form.Item label={t('ledger.accounts.parent')} name="parent_id">
              <Select<number> allowClear showSearch optionFilterProp="label" onChange={onParent} data-testid="account-parent"
                options={summaries.map((a) => ({ value: a.id, label: accountLabel(a, settings.language) }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label={t('ledger.accounts.type')} name="type" rules={[{ required: true }]}>
              <Select options={TYPES.map((type) => ({ value: type, label: t(`ledger.accountType.${type}`) }))} data-testid="account-type" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label={t('ledger.accounts.role')} name="role" extra={t('ledger.accounts.roleHelp')}>
              <Select allowClear showSearch optionFilterProp="label" options={ROLES.map((r) => ({ value: r, label: t(`ledger.role.${r}`) }))} data-testid="account-role" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label={t('ledger.accounts.postable')} name="postable" valuePropName="checked" extra={t('ledger.accounts.postableHelp')}>
              <Switch data-testid="account-postable" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label={t('ledger.accounts.currency')} name="currency" normalize={(v: string) => v?.toUpperCase()} extra={t('ledger.accounts.currencyHelp')}>
              <Input dir="ltr" maxLength={3} style={{ width: 100 }} data-testid="account-currency" />
            </Form.Item>
          </Col>
        </Row>
        <fieldset style={{ border: '1px solid #f0f0f0', borderRadius: 8, padding: '8px 16px' }}>
          <legend style={{ fontSize: 14, width: 'auto', padding: '0 6px', margin: 0, border: 0 }}>{t('ledger.accounts.names')}</legend>
          {languages.map((language) => (
            <Form.Item key={language} label={t(`lang.${language}`)} name={['names', language]}
              rules={language === settings.language ? [{ required: true, whitespace: true, message: t('ledger.errors.account_name_required') }] : []}>
              <Input dir="auto" lang={language} maxLength={200} data-testid={`account-name-${language}`} />
            </Form.Item>
          ))}
        </fieldset>
      </Form>
    </Drawer>
  );
}

export function AccountsPage() {
  const { t } = useTranslation();
  const { user, settings } = useSession();
  const { message } = App.useApp();
  const accounts = useAccounts();
  const [showArchived, setShowArchived] = useState(false);
  const [creating, setCreating] = useState(false);
  const keys = useRef(new ActionKeys());
  const showError = useLedgerError();
  const mayWrite = can(user?.permissions, 'accounting.account.write');
  const mayReport = can(user?.permissions, 'accounting.report.read');
  const tree = useMemo(() => accountTree(accounts.items.filter((a) => showArchived || !a.archived)), [accounts.items, showArchived]);

  const archive = async (account: Account) => {
    try {
      await api.request(`/accounting/accounts/${account.id}/archive`, { method: 'POST', idempotencyKey: keys.current.keyFor('archive', { id: account.id }) });
      keys.current.done('archive');
      message.success(t('ledger.accounts.archived', { account: accountLabel(account, settings.language) }));
      accounts.reload();
    } catch (error) {
      keys.current.done('archive');
      showError(error);
    }
  };

  const otherNames = (a: Account) => LANGUAGES.filter((l) => l !== settings.language && a.names[l]).map((l) => `${t(`lang.${l}`)}: ${a.names[l]}`).join(' · ');

  const columns = [
    { title: t('ledger.accounts.code'), dataIndex: 'code', key: 'code', width: 170, render: (code: string) => <span className="keel-mono" data-testid="account-code-cell">{code}</span> },
    {
      title: t('ledger.accounts.name'), key: 'name',
      render: (_: unknown, a: AccountNode) => (
        <Space size={6} wrap>
          <Tooltip title={otherNames(a) || undefined}>
            {a.postable && mayReport
              ? <Link to={`/accounting/reports/general-ledger?account_id=${a.id}`} data-testid="account-ledger-link"><bdi>{accountName(a, settings.language)}</bdi></Link>
              : <Typography.Text strong={!a.postable}><bdi>{accountName(a, settings.language)}</bdi></Typography.Text>}
          </Tooltip>
          {a.archived && <Tag>{t('ledger.accounts.archivedTag')}</Tag>}
        </Space>
      ),
    },
    { title: t('ledger.accounts.type'), dataIndex: 'type', key: 'type', width: 130, render: (type: string) => t(`ledger.accountType.${type}`, { defaultValue: type }) },
    { title: t('ledger.accounts.role'), dataIndex: 'role', key: 'role', width: 190, render: (role: string) => (role ? <Tag color="blue">{t(`ledger.role.${role}`, { defaultValue: role })}</Tag> : null) },
    {
      title: t('ledger.accounts.kind'), key: 'kind', width: 130,
      render: (_: unknown, a: Account) => (a.postable ? <Tag color="green">{t('ledger.accounts.postableTag')}</Tag> : <Tag>{t('ledger.accounts.summaryTag')}</Tag>),
    },
    { title: t('ledger.accounts.currency'), dataIndex: 'currency', key: 'currency', width: 90, render: (c: string) => <span className="keel-mono">{c}</span> },
    {
      title: t('ledger.accounts.actions'), key: 'actions', width: 150,
      render: (_: unknown, a: Account) => mayWrite && !a.archived && (
        <Popconfirm
          title={t('ledger.accounts.archiveConfirm', { account: accountLabel(a, settings.language) })}
          description={a.used ? t('ledger.accounts.archiveUsed') : t('ledger.accounts.archiveUnused')}
          okText={t('ledger.accounts.archive')} cancelText={t('common.cancel')} onConfirm={() => archive(a)}
        >
          <Button size="small" data-testid={`account-archive-${a.code}`}>{t('ledger.accounts.archive')}</Button>
        </Popconfirm>
      ),
    },
  ];

  return (
    <div data-testid="ledger-accounts">
      <div className="keel-page-head">
        <Typography.Title level={1}>{t('acc.sections.accounts')}</Typography.Title>
        <Space wrap>
          <label style={{ display: 'inline-flex', gap: 8, alignItems: 'center' }}>
            <Switch size="small" checked={showArchived} onChange={setShowArchived} data-testid="accounts-show-archived" />
            {t('ledger.accounts.showArchived')}
          </label>
          {mayWrite && <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="account-new">{t('ledger.accounts.new')}</Button>}
        </Space>
      </div>
      <Table<AccountNode>
        rowKey="id" size="small" loading={accounts.loading} columns={columns} dataSource={tree} pagination={false}
        expandable={{ defaultExpandAllRows: true }} key={tree.length > 0 ? 'loaded' : 'empty'}
        scroll={{ x: 980 }} locale={{ emptyText: t('common.noData') }}
        rowClassName={(a) => (a.archived ? 'keel-archived-row' : '')}
        onRow={(a) => ({ 'data-testid': `account-row-${a.code}` } as never)}
      />
      <NewAccountDrawer
        open={creating} onClose={() => setCreating(false)} accounts={accounts.items}
        onCreated={(a) => { setCreating(false); message.success(t('ledger.accounts.created', { account: accountLabel(a, settings.language) })); accounts.reload(); }}
      />
    </div>
  );
}
