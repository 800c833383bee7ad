import { Card, Col, Empty, Row, Skeleton, Statistic, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { PartnerStats } from '../api/types';
import { Chart, type ChartOption } from '../components/Chart';
import { countryName } from '../lib/countries';
import { can } from '../lib/navigation';
import { useApiError } from '../shell/errors';
import { useSession } from '../shell/session';

const COUNTRIES_SHOWN = 10;

export function DashboardPage() {
  const { t } = useTranslation();
  const { user, settings, format } = useSession();
  const [stats, setStats] = useState<PartnerStats | null>(null);
  const showError = useApiError();
  const mayReadPartners = can(user?.permissions, 'partners.party.read');
  const rtl = settings.language === 'fa' || settings.language === 'he';

  useEffect(() => {
    if (!mayReadPartners) return;
    api.get<PartnerStats>('/partners/stats').then(setStats).catch(showError);
  }, [mayReadPartners, showError]);

  const roleOption = useMemo<ChartOption | null>(() => {
    if (!stats) return null;
    const rows = stats.by_role;
    return {
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => format.count(v) },
      grid: { left: rtl ? 16 : 130, right: rtl ? 130 : 24, top: 16, bottom: 32 },
      xAxis: { type: 'value', inverse: rtl, minInterval: 1, axisLabel: { formatter: (v: number) => format.count(v) } },
      yAxis: {
        type: 'category', position: rtl ? 'right' : 'left',
        data: rows.map((r) => t(`partners.role.${r.role}`, { defaultValue: r.role })),
        axisLabel: { fontFamily: 'inherit' },
      },
      series: [{ type: 'bar', name: t('dashboard.count'), data: rows.map((r) => r.count), itemStyle: { color: '#1677ff' },
        label: { show: true, position: rtl ? 'left' : 'right', formatter: (p: { value: number }) => format.count(p.value) } }],
    };
  }, [stats, t, format, rtl]);

  const countryOption = useMemo<ChartOption | null>(() => {
    if (!stats) return null;
    const sorted = [...stats.by_country].sort((a, b) => b.count - a.count);
    const shown = sorted.slice(0, COUNTRIES_SHOWN);
    const rest = sorted.slice(COUNTRIES_SHOWN).reduce((sum, r) => sum + r.count, 0);
    const data = shown.map((r) => ({ name: r.country ? countryName(r.country, settings.language) : t('dashboard.noCountry'), value: r.count }));
    if (rest > 0) data.push({ name: t('dashboard.otherCountries'), value: rest });
    return {
      tooltip: { trigger: 'item', formatter: (p: { name: string; value: number; percent: number }) => `${p.name}: ${format.count(p.value)}` },
      legend: { type: 'scroll', orient: 'vertical', [rtl ? 'left' : 'right']: 8, top: 16, bottom: 16, align: rtl ? 'right' : 'left' },
      series: [{ type: 'pie', radius: ['35%', '65%'], center: [rtl ? '60%' : '40%', '50%'], data,
        label: { formatter: (p: { name: string; value: number }) => `${p.name}\n${format.count(p.value)}` } }],
    };
  }, [stats, t, format, settings.language, rtl]);

  return (
    <div data-testid="dashboard">
      <div className="keel-page-head"><Typography.Title level={1}>{t('dashboard.title')}</Typography.Title></div>
      {mayReadPartners && (
        !stats ? <Skeleton active /> : stats.total === 0 ? <Empty description={t('dashboard.empty')} /> : (
          <Row gutter={[16, 16]}>
            <Col xs={24} md={6}>
              <Card><Statistic title={t('dashboard.totalPartners')} value={stats.total} formatter={(v) => <span data-testid="total-partners">{format.count(Number(v))}</span>} /></Card>
            </Col>
            <Col xs={24} md={18}>
              <Card title={t('dashboard.byRole')}>{roleOption && <Chart option={roleOption} label={t('dashboard.byRole')} height={260} />}</Card>
            </Col>
            <Col xs={24}>
              <Card title={t('dashboard.byCountry')}>{countryOption && <Chart option={countryOption} label={t('dashboard.byCountry')} />}</Card>
            </Col>
          </Row>
        )
      )}
    </div>
  );
}
