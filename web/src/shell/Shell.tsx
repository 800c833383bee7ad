import { AutoComplete, Button, Dropdown, Input, Layout, Menu, Result, Select, Space, Typography } from 'antd';
import {
  AccountBookOutlined, AuditOutlined, FunnelPlotOutlined, ShoppingCartOutlined, InboxOutlined, DashboardOutlined, MenuFoldOutlined, MenuUnfoldOutlined, LogoutOutlined, SettingOutlined, TeamOutlined, UserOutlined, UsergroupAddOutlined,
} from '@ant-design/icons';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { Page, Party } from '../api/types';
import { LANGUAGES, type Language } from '../lib/format';
import { navigationFor, navKeyForPath } from '../lib/navigation';
import { navigate, useLocation } from './router';
import { useSession } from './session';
import { useApiError } from './errors';
import { DashboardPage } from '../pages/Dashboard';
import { PartnerListPage } from '../pages/PartnerList';
import { PartnerFormPage } from '../pages/PartnerForm';
import { PartnerImportPage } from '../pages/PartnerImport';
import { SettingsPage } from '../pages/Settings';
import { AuditPage } from '../pages/Audit';
import { UsersPage } from '../pages/Users';
import { AccountingRoutes } from '../pages/accounting';
import { InventoryRoutes } from '../pages/inventory';
import { SalesRoutes } from '../pages/sales';
import { CrmRoutes } from '../pages/crm';

const ICONS: Record<string, ReactNode> = {
  dashboard: <DashboardOutlined />, partners: <TeamOutlined />, accounting: <AccountBookOutlined />, sales: <ShoppingCartOutlined />, crm: <FunnelPlotOutlined />, inventory: <InboxOutlined />, audit: <AuditOutlined />, users: <UsergroupAddOutlined />, settings: <SettingOutlined />,
};

function useBusy(): boolean {
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    api.onActivity = setBusy;
    return () => { api.onActivity = null; };
  }, []);
  return busy;
}

function GlobalSearch() {
  const { t } = useTranslation();
  const [options, setOptions] = useState<{ value: string; label: ReactNode }[]>([]);
  const [text, setText] = useState('');
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const sequence = useRef(0);

  const search = (value: string) => {
    setText(value);
    clearTimeout(timer.current);
    if (value.trim().length < 1) { setOptions([]); return; }
    timer.current = setTimeout(async () => {
      const mine = ++sequence.current;
      try {
        const page = await api.get<Page<Party>>('/partners', { q: value.trim(), limit: 8, archived: 'all' });
        if (mine !== sequence.current) return;
        setOptions(page.items.map((p) => ({
          value: String(p.id),
          label: <span data-testid="search-result"><bdi>{p.name}</bdi>{p.emails?.[0] ? <Typography.Text type="secondary"> · <bdi>{p.emails[0]}</bdi></Typography.Text> : null}</span>,
        })));
      } catch {
        if (mine === sequence.current) setOptions([]);
      }
    }, 250);
  };

  return (
    <AutoComplete
      className="keel-search"
      options={options}
      value={text}
      onSearch={search}
      onChange={setText}
      onSelect={(id: string) => { setText(''); setOptions([]); navigate(`/partners/${id}`); }}
      notFoundContent={text.trim() ? t('shell.noMatches') : null}
    >
      <Input.Search
        aria-label={t('shell.globalSearch')}
        placeholder={t('shell.searchPlaceholder')}
        allowClear
        data-testid="global-search"
        onSearch={(value) => value.trim() && navigate(`/partners?q=${encodeURIComponent(value.trim())}`)}
      />
    </AutoComplete>
  );
}

function Routes({ path }: { path: string }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const allowed = navigationFor(user?.permissions).map((n) => n.key);
  const key = navKeyForPath(path);
  if (!allowed.includes(key)) return <Result status="404" title={t('errors.notFound')} />;
  if (path === '/') return <DashboardPage />;
  if (path === '/partners') return <PartnerListPage />;
  if (path === '/partners/new') return <PartnerFormPage id={null} />;
  if (path === '/partners/import') return <PartnerImportPage />;
  const match = /^\/partners\/(\d+)$/.exec(path);
  if (match) return <PartnerFormPage key={match[1]} id={Number(match[1])} />;
  if (path === '/settings') return <SettingsPage />;
  if (path === '/audit') return <AuditPage />;
  if (path === '/users') return <UsersPage />;
  if (path === '/inventory' || path.startsWith('/inventory/')) {
    const page = InventoryRoutes({ path });
    if (page) return page;
  }
  if (path === '/crm' || path.startsWith('/crm/')) {
    const page = CrmRoutes({ path });
    if (page) return page;
  }
  if (path === '/sales' || path.startsWith('/sales/')) {
    const page = SalesRoutes({ path });
    if (page) return page;
  }
  if (path === '/accounting' || path.startsWith('/accounting/')) {
    const page = AccountingRoutes({ path });
    if (page) return page;
  }
  return <Result status="404" title={t('errors.notFound')} />;
}

export function Shell() {
  const { t } = useTranslation();
  const { user, logout, settings, savePreferences } = useSession();
  const { path } = useLocation();
  const busy = useBusy();
  const showError = useApiError();
  const nav = useMemo(() => navigationFor(user?.permissions), [user?.permissions]);
  const [collapsed, setCollapsed] = useState(false);

  const changeLanguage = async (language: Language) => {
    try {
      await savePreferences({ language, calendar: language === 'fa' ? 'persian' : settings.calendar === 'persian' && settings.language === 'fa' ? 'gregorian' : settings.calendar });
    } catch (error) {
      showError(error);
    }
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <a className="keel-skip" href="#keel-main">{t('shell.skipToContent')}</a>
      {busy && <div className="keel-busy-bar" role="progressbar" aria-label={t('shell.busy')} data-testid="busy" />}
      <Layout.Sider breakpoint="lg" collapsible trigger={null} collapsed={collapsed} onCollapse={setCollapsed} width={220}>
        <div className="keel-brand">{collapsed ? t('app.name').slice(0, 1) : t('app.name')}</div>
        <nav aria-label={t('nav.menu')}>
          <Menu
            theme="dark"
            mode="inline"
            selectedKeys={[navKeyForPath(path)]}
            items={nav.map((item) => ({
              key: item.key,
              icon: ICONS[item.key],
              label: <a href={item.path} onClick={(e) => { e.preventDefault(); navigate(item.path); }} data-testid={`nav-${item.key}`}>{t(item.labelKey)}</a>,
            }))}
          />
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header className="keel-header">
          <Button type="text" icon={collapsed ? <MenuUnfoldOutlined className="keel-flip" /> : <MenuFoldOutlined className="keel-flip" />}
            aria-label={t('nav.menu')} aria-expanded={!collapsed} onClick={() => setCollapsed((c) => !c)} />
          <GlobalSearch />
          <div className="keel-spacer" />
          <Space wrap size="middle">
            <Typography.Text strong aria-label={t('shell.company')} data-testid="company-name"><bdi>{user?.company?.name}</bdi></Typography.Text>
            <Select
              aria-label={t('shell.languageSwitch')}
              value={settings.language}
              onChange={changeLanguage}
              options={LANGUAGES.map((l) => ({ value: l, label: t(`lang.${l}`) }))}
              style={{ minWidth: 120 }}
              data-testid="language-switch"
            />
            <Dropdown
              trigger={['click']}
              menu={{ items: [
                { key: 'settings', icon: <SettingOutlined />, label: t('nav.settings'), onClick: () => navigate('/settings') },
                { key: 'logout', icon: <LogoutOutlined />, label: t('shell.logout'), onClick: () => void logout(), danger: true },
              ] }}
            >
              <Button icon={<UserOutlined />} data-testid="user-menu" aria-label={t('shell.user', { name: user?.name ?? '' })}>
                <bdi>{user?.name || user?.email}</bdi>
              </Button>
            </Dropdown>
          </Space>
        </Layout.Header>
        <Layout.Content className="keel-content" id="keel-main" tabIndex={-1}>
          <Routes path={path} />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
