// The forecast: a month range and owners or teams; per group and month the open pipeline, the
// weighted and committed amounts, what was won, the quota and its attainment, as a table and a
// bar chart. Months are the close dates' Gregorian months (as the server groups them), named in
// the user's language.
import { Card, Form, Radio, Select, Skeleton, Table, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { Chart, type ChartOption } from '../../components/Chart';
import { DAYJS_LOCALE, dayjs } from '../../lib/dates';
import { toPersianDigits, type Language } from '../../lib/format';
import { useApiError } from '../../shell/errors';
import { useSession } from '../../shell/session';
import { CRM, useUserNames } from './api';
import { FORECAST_MEASURES, attained, forecastSeries, forecastTable, forecastTotal, type Forecast, type ForecastTableRow, type Team } from './model';

/** "2026-03" → "March 2026" in the language (Persian digits for Persian). */
function monthLabel(month: string, language: Language, persianDigits: boolean): string {
  const text = dayjs(`${month}-01`).calendar('gregory').locale(DAYJS_LOCALE[language]).format('MMMM YYYY');
  return persianDigits ? toPersianDigits(text) : text;
}

const SERIES_COLORS: Record<string, string> = { pipeline: '#91caff', weighted: '#1677ff', committed: '#722ed1', won: '#52c41a', quota: '#faad14' };

export function ForecastPage() {
  const { t } = useTranslation();
  const { user, settings, format } = useSession();
  const names = useUserNames();
  const [teams, setTeams] = useState<Team[]>([]);
  useEffect(() => { api.get<{ items: Team[] }>(CRM.teams).then((r) => setTeams(r.items)).catch(() => setTeams([])); }, []);
  const showError = useApiError();
  const now = dayjs();
  const months = useMemo(() => Array.from({ length: 36 }, (_, i) => now.subtract(12, 'month').add(i, 'month').format('YYYY-MM')), []); // eslint-disable-line react-hooks/exhaustive-deps
  const [from, setFrom] = useState(now.format('YYYY-MM'));
  const [to, setTo] = useState(now.add(5, 'month').format('YYYY-MM'));
  const [groupBy, setGroupBy] = useState<'owner' | 'team'>('owner');
  const [forecast, setForecast] = useState<Forecast | null>(null);
  const rtl = settings.language === 'fa' || settings.language === 'he';
  const label = (m: string) => monthLabel(m, settings.language, format.style.persianDigits);

  useEffect(() => {
    let live = true;
    setForecast(null);
    api.get<Forecast>(CRM.forecast, { from, to, group_by: groupBy })
      .then((f) => { if (live) setForecast(f); })
      .catch((e) => { if (live) { setForecast({ currency: '', rows: [] }); showError(e); } });
    return () => { live = false; };
  }, [from, to, groupBy, showError]);

  const table = useMemo(() => forecastTable(forecast?.rows ?? [], (id) => {
    if (groupBy === 'team') return id === 0 ? t('crm.forecast.noTeam') : teams.find((team) => team.id === id)?.name ?? `#${format.count(id)}`;
    return names[id] ?? (id === user?.id ? t('crm.me') : `#${format.count(id)}`);
  }), [forecast, groupBy, teams, names, user?.id, t, format]);
  const total = useMemo(() => forecastTotal(forecast?.rows ?? []), [forecast]);
  const cur = forecast?.currency || undefined;

  const option = useMemo<ChartOption | null>(() => {
    if (!forecast) return null;
    const { months: shown, series } = forecastSeries(forecast.rows, from, to);
    return {
      tooltip: {
        trigger: 'axis',
        formatter: (params: { dataIndex: number; seriesName: string; marker: string; seriesId: string }[]) => {
          const i = params[0]?.dataIndex ?? 0;
          // Text only: the tooltip is HTML, and every value here is a formatted number or a fixed label.
          return [label(shown[i]), ...FORECAST_MEASURES.map((m) => `${t(`crm.forecast.${m}`)}: ${format.money(series[m][i], cur)}`)].join('<br/>');
        },
      },
      legend: { top: 0, data: FORECAST_MEASURES.map((m) => t(`crm.forecast.${m}`)) },
      grid: { left: rtl ? 16 : 90, right: rtl ? 90 : 16, top: 40, bottom: 32 },
      xAxis: { type: 'category', inverse: rtl, data: shown.map(label), axisLabel: { fontFamily: 'inherit' } },
      yAxis: { type: 'value', position: rtl ? 'right' : 'left', axisLabel: { formatter: (v: number) => format.count(v) } },
      series: FORECAST_MEASURES.map((m) => ({
        type: 'bar', name: t(`crm.forecast.${m}`), data: series[m].map(Number), itemStyle: { color: SERIES_COLORS[m] },
      })),
    };
  }, [forecast, from, to, rtl, t, format, cur]); // eslint-disable-line react-hooks/exhaustive-deps

  const money = (v: string | null) => (v === null ? <Typography.Text type="secondary">—</Typography.Text> : <bdi className="keel-amount">{format.money(v, cur)}</bdi>);
  const attainment = (p: string | null) => (p === null ? <Typography.Text type="secondary">—</Typography.Text>
    : <Tag color={attained(p) ? 'green' : 'default'} data-testid="attainment">{format.decimal(p)} %</Tag>);

  return (
    <div data-testid="forecast">
      <div className="keel-page-head"><Typography.Title level={1}>{t('crm.forecast.title')}</Typography.Title></div>
      <Form layout="vertical" className="keel-filters" name="forecast-filters">
        <Form.Item label={t('crm.forecast.from')} htmlFor="forecast-from">
          <Select id="forecast-from" style={{ width: 180 }} value={from} onChange={(v) => { setFrom(v); if (v > to) setTo(v); }}
            options={months.map((m) => ({ value: m, label: label(m) }))} data-testid="forecast-from" />
        </Form.Item>
        <Form.Item label={t('crm.forecast.to')} htmlFor="forecast-to">
          <Select id="forecast-to" style={{ width: 180 }} value={to} onChange={setTo}
            options={months.filter((m) => m >= from && dayjs(`${m}-01`).diff(dayjs(`${from}-01`), 'month') < 24).map((m) => ({ value: m, label: label(m) }))} data-testid="forecast-to" />
        </Form.Item>
        <Form.Item label={t('crm.forecast.groupBy')}>
          <Radio.Group optionType="button" value={groupBy} onChange={(e) => setGroupBy(e.target.value)} data-testid="forecast-group"
            options={[{ value: 'owner', label: <span data-testid="forecast-by-owner">{t('crm.forecast.byOwner')}</span> }, { value: 'team', label: <span data-testid="forecast-by-team">{t('crm.forecast.byTeam')}</span> }]} />
        </Form.Item>
      </Form>
      {!forecast ? <Skeleton active /> : (
        <>
          <Card style={{ marginBottom: 16 }}>
            {option && <Chart option={option} label={t('crm.forecast.chart')} height={320} />}
          </Card>
          <Table<ForecastTableRow>
            rowKey="key" size="middle" dataSource={table} pagination={false} scroll={{ x: 900 }} data-testid="forecast-table"
            expandable={{ defaultExpandAllRows: true }}
            locale={{ emptyText: t('crm.forecast.empty') }}
            onRow={(r) => ({ 'data-testid': r.month ? 'forecast-month' : 'forecast-group', 'data-group': r.group_id } as object)}
            columns={[
              { title: groupBy === 'owner' ? t('crm.fields.owner') : t('crm.fields.team'), key: 'g', render: (_: unknown, r) => (r.month ? label(r.month) : <Typography.Text strong><bdi>{r.group}</bdi></Typography.Text>) },
              { title: t('crm.forecast.pipeline'), key: 'p', align: 'end' as const, render: (_: unknown, r) => money(r.pipeline) },
              { title: t('crm.forecast.weighted'), key: 'w', align: 'end' as const, render: (_: unknown, r) => money(r.weighted) },
              { title: t('crm.forecast.committed'), key: 'c', align: 'end' as const, render: (_: unknown, r) => money(r.committed) },
              { title: t('crm.forecast.won'), key: 'won', align: 'end' as const, render: (_: unknown, r) => money(r.won) },
              { title: t('crm.forecast.quota'), key: 'q', align: 'end' as const, render: (_: unknown, r) => money(r.quota) },
              { title: t('crm.forecast.attainment'), key: 'a', align: 'end' as const, render: (_: unknown, r) => attainment(r.attainment_percent) },
            ]}
            summary={() => table.length === 0 ? null : (
              <Table.Summary.Row data-testid="forecast-total">
                <Table.Summary.Cell index={0}><Typography.Text strong>{t('crm.forecast.total')}</Typography.Text></Table.Summary.Cell>
                <Table.Summary.Cell index={1} align="end">{money(total.pipeline)}</Table.Summary.Cell>
                <Table.Summary.Cell index={2} align="end">{money(total.weighted)}</Table.Summary.Cell>
                <Table.Summary.Cell index={3} align="end">{money(total.committed)}</Table.Summary.Cell>
                <Table.Summary.Cell index={4} align="end">{money(total.won)}</Table.Summary.Cell>
                <Table.Summary.Cell index={5} align="end">{money(total.quota)}</Table.Summary.Cell>
                <Table.Summary.Cell index={6} align="end">{attainment(total.attainment_percent)}</Table.Summary.Cell>
              </Table.Summary.Row>
            )}
          />
        </>
      )}
    </div>
  );
}
