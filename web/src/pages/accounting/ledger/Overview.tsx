// /accounting: set accounting up when the company has no chart yet, otherwise the key figures
// from live balances (the trial balance of this fiscal year up to today) and the ways in.
import { App, Button, Card, Col, Empty, Row, Skeleton, Space, Statistic, Typography } from 'antd';
import {
  AccountBookOutlined, BankOutlined, BarChartOutlined, CalendarOutlined, FileTextOutlined, PlusOutlined, ProfileOutlined, WalletOutlined,
} from '@ant-design/icons';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { ActionKeys } from '../../../lib/idempotency';
import { can } from '../../../lib/navigation';
import { Link, navigate } from '../../../shell/router';
import { useSession } from '../../../shell/session';
import { useAccounts } from '../common';
import { defaultRange, keyFigures, type KeyFigures, type TrialBalanceRow } from './model';
import { todayIso, useDigits, useFiscalYears, useLedgerError } from './shared';

function Figure({ title, value, testId, help }: { title: string; value: string | null; testId: string; help?: string }) {
  const { format } = useSession();
  return (
    <Card size="small">
      <Statistic
        title={title}
        valueRender={() => (
          <span data-testid={testId} className="keel-amount" style={{ color: value?.startsWith('-') ? '#cf1322' : undefined }}>
            <bdi>{value === null ? '…' : format.money(value)}</bdi>
          </span>
        )}
      />
      {help && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{help}</Typography.Text>}
    </Card>
  );
}

export function OverviewPage() {
  const { t } = useTranslation();
  const { user, format } = useSession();
  const { message } = App.useApp();
  const accounts = useAccounts();
  const fiscal = useFiscalYears();
  const [figures, setFigures] = useState<KeyFigures | null>(null);
  const [settingUp, setSettingUp] = useState(false);
  const keys = useRef(new ActionKeys());
  const showError = useLedgerError();
  const digits = useDigits();
  const permissions = user?.permissions;
  const today = todayIso();
  const range = defaultRange(fiscal.years, today);
  const year = fiscal.years.find((y) => y.start_date <= today && today <= y.end_date);
  const hasChart = accounts.items.length > 0;

  useEffect(() => {
    if (!hasChart || fiscal.loading || !can(permissions, 'accounting.report.read')) return;
    let live = true;
    api.get<{ rows: TrialBalanceRow[] }>('/accounting/reports/trial-balance', { from: range.from, to: today })
      .then((report) => { if (live) setFigures(keyFigures(report.rows, accounts.items)); })
      .catch((e) => { if (live) showError(e); });
    return () => { live = false; };
  }, [hasChart, fiscal.loading, range.from, today, accounts.items, permissions, showError]);

  const setUp = async () => {
    setSettingUp(true);
    try {
      await api.request('/accounting/setup', { method: 'POST', idempotencyKey: keys.current.keyFor('setup', {}) });
      keys.current.done('setup');
      message.success(t('ledger.overview.setUpDone'));
      accounts.reload();
      fiscal.reload();
    } catch (error) {
      keys.current.done('setup');
      showError(error);
    } finally {
      setSettingUp(false);
    }
  };

  if (accounts.loading && !hasChart) return <Skeleton active paragraph={{ rows: 6 }} />;

  if (!hasChart) {
    return (
      <div data-testid="ledger-overview">
        <div className="keel-page-head"><Typography.Title level={1}>{t('ledger.overview.title')}</Typography.Title></div>
        <Card>
          <Empty
            image={<AccountBookOutlined style={{ fontSize: 56, color: '#1677ff' }} />}
            description={
              <Space direction="vertical" size={4} style={{ maxWidth: 560 }}>
                <Typography.Title level={3} style={{ margin: 0 }}>{t('ledger.overview.noChartTitle')}</Typography.Title>
                <Typography.Text type="secondary">{t('ledger.overview.noChartText')}</Typography.Text>
              </Space>
            }
          >
            {can(permissions, 'accounting.account.write')
              ? <Button type="primary" size="large" loading={settingUp} onClick={setUp} data-testid="ledger-setup">{t('ledger.overview.setUp')}</Button>
              : <Typography.Text type="secondary">{t('ledger.overview.askAccountant')}</Typography.Text>}
          </Empty>
        </Card>
      </div>
    );
  }

  const sections = [
    { path: '/accounting/accounts', icon: <ProfileOutlined />, key: 'accounts' },
    { path: '/accounting/entries', icon: <FileTextOutlined />, key: 'entries' },
    { path: '/accounting/reports/trial-balance', icon: <BarChartOutlined />, key: 'reports' },
    { path: '/accounting/periods', icon: <CalendarOutlined />, key: 'periods' },
    { path: '/accounting/invoices', icon: <WalletOutlined />, key: 'invoices' },
    { path: '/accounting/bank', icon: <BankOutlined />, key: 'bank' },
  ];

  return (
    <div data-testid="ledger-overview">
      <div className="keel-page-head">
        <Space direction="vertical" size={0}>
          <Typography.Title level={1}>{t('ledger.overview.title')}</Typography.Title>
          <Typography.Text type="secondary" data-testid="overview-range">
            {year ? t('ledger.overview.yearToDate', { year: digits(year.name), from: format.date(range.from), to: format.date(today) })
              : t('ledger.overview.rangeToDate', { from: format.date(range.from), to: format.date(today) })}
          </Typography.Text>
        </Space>
        {can(permissions, 'accounting.entry.post') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/accounting/entries/new')} data-testid="overview-new-entry">{t('ledger.entries.new')}</Button>
        )}
      </div>
      {can(permissions, 'accounting.report.read') && (
        <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
          <Col xs={24} sm={12} lg={6}><Figure title={t('ledger.overview.cashAndBank')} value={figures?.cashAndBank ?? null} testId="figure-cash" /></Col>
          <Col xs={24} sm={12} lg={6}><Figure title={t('ledger.overview.receivables')} value={figures?.receivables ?? null} testId="figure-receivables" /></Col>
          <Col xs={24} sm={12} lg={6}><Figure title={t('ledger.overview.payables')} value={figures?.payables ?? null} testId="figure-payables" /></Col>
          <Col xs={24} sm={12} lg={6}><Figure title={t('ledger.overview.result')} value={figures?.result ?? null} testId="figure-result" help={t('ledger.overview.resultHelp')} /></Col>
        </Row>
      )}
      <Row gutter={[16, 16]}>
        {sections.map((s) => (
          <Col xs={24} sm={12} lg={8} key={s.key}>
            <Link to={s.path} data-testid={`overview-link-${s.key}`} style={{ display: 'block' }}>
              <Card hoverable size="small">
                <Space align="start">
                  <span style={{ fontSize: 22, color: '#1677ff' }}>{s.icon}</span>
                  <Space direction="vertical" size={0}>
                    <Typography.Text strong>{t(`acc.sections.${s.key}`)}</Typography.Text>
                    <Typography.Text type="secondary">{t(`ledger.overview.about.${s.key}`)}</Typography.Text>
                  </Space>
                </Space>
              </Card>
            </Link>
          </Col>
        ))}
      </Row>
    </div>
  );
}
