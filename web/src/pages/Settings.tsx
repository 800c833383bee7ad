import { Button, Card, Descriptions, Form, Select, Typography, App } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { KeelDatePicker } from '../components/DatePicker';
import { LANGUAGES, NUMBER_FORMATS, type Language } from '../lib/format';
import { DATE_FORMATS, dayjs, toIsoDate, type Calendar } from '../lib/dates';
import { useApiError } from '../shell/errors';
import { makeFormatters, useSession, type Settings } from '../shell/session';

const SAMPLE_MONEY = '1234567.89';

export function SettingsPage() {
  const { t } = useTranslation();
  const { settings, savePreferences, user } = useSession();
  const { message } = App.useApp();
  const [form] = Form.useForm<Settings>();
  const [saving, setSaving] = useState(false);
  const [picked, setPicked] = useState<Dayjs | null>(null);
  const showError = useApiError();
  const draft = { ...settings, ...Form.useWatch([], form) } as Settings;
  const preview = makeFormatters(draft, user?.company?.currency);
  const now = dayjs().toISOString();

  const save = async (values: Settings) => {
    setSaving(true);
    try {
      await savePreferences(values);
      message.success(t('settings.saved'));
    } catch (error) {
      showError(error, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <div data-testid="settings">
      <div className="keel-page-head"><Typography.Title level={1}>{t('settings.title')}</Typography.Title></div>
      <Card style={{ maxWidth: 720 }}>
        <Typography.Paragraph type="secondary">{t('settings.intro')}</Typography.Paragraph>
        <Form<Settings> form={form} layout="vertical" initialValues={settings} onFinish={save} name="settings"
          onValuesChange={(changed: Partial<Settings>) => {
            if (changed.language) form.setFieldValue('calendar', changed.language === 'fa' ? 'persian' : 'gregorian');
          }}>
          <Form.Item label={t('settings.language')} name="language">
            <Select<Language> options={LANGUAGES.map((l) => ({ value: l, label: t(`lang.${l}`) }))} data-testid="settings-language" />
          </Form.Item>
          <Form.Item label={t('settings.numberFormat')} name={['numberFormat']} getValueProps={(v) => ({ value: v })}>
            <Select options={NUMBER_FORMATS.map((f) => ({ value: f, label: t(`settings.numberFormats.${f}`) }))} data-testid="settings-number" />
          </Form.Item>
          <Form.Item label={t('settings.dateFormat')} name="dateFormat">
            <Select options={DATE_FORMATS.map((f) => ({ value: f, label: f === 'auto' ? t('settings.dateFormats.auto') : <bdi className="keel-ltr">{f} — {preview.date(now).length ? makeFormatters({ ...draft, dateFormat: f }).date(now) : ''}</bdi> }))} />
          </Form.Item>
          <Form.Item label={t('settings.calendar')} name="calendar">
            <Select<Calendar> options={(['gregorian', 'persian'] as const).map((c) => ({ value: c, label: t(`settings.calendars.${c}`) }))} data-testid="settings-calendar" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={saving} data-testid="settings-save">{t('common.save')}</Button>
        </Form>
      </Card>
      <Card style={{ maxWidth: 720, marginTop: 16 }} title={t('settings.preview')}>
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t('settings.sampleMoney')}><span data-testid="preview-money">{preview.money(SAMPLE_MONEY)}</span></Descriptions.Item>
          <Descriptions.Item label={t('settings.sampleDate')}><span data-testid="preview-date">{preview.date(now)}</span></Descriptions.Item>
          <Descriptions.Item label={<label htmlFor="settings-picker">{t('settings.previewDate')}</label>}>
            <KeelDatePicker id="settings-picker" value={picked} onChange={setPicked} data-testid="settings-picker" />
          </Descriptions.Item>
          {picked && (
            <Descriptions.Item label={t('settings.samplePicked')}>
              <span data-testid="picked-display">{preview.date(toIsoDate(picked))}</span>{' '}
              (<bdi className="keel-mono" data-testid="picked-iso">{toIsoDate(picked)}</bdi>)
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
    </div>
  );
}
